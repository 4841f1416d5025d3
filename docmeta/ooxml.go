package docmeta

import (
	"archive/zip"
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Namespaces whose names the rules match.
const (
	nsW       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsW15     = "http://schemas.microsoft.com/office/word/2012/wordml"
	nsS       = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsXPerson = "http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"
	nsP       = "http://schemas.openxmlformats.org/presentationml/2006/main"
	nsP188    = "http://schemas.microsoft.com/office/powerpoint/2018/8/main"
	nsRels    = "http://schemas.openxmlformats.org/package/2006/relationships"
	nsCT      = "http://schemas.openxmlformats.org/package/2006/content-types"
)

// The property parts are replaced whole by empty ones: whatever a producer
// put in them (creator, last modified by, company, manager, template, custom
// keys) is gone, and Office reads an empty part as "no properties".
const (
	blankCore = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"></cp:coreProperties>`
	blankApp = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"></Properties>`
)

// maxInflated bounds the bytes unpacked from one Office file over all its
// passes, so a ZIP bomb costs seconds, not hours.
const maxInflated = 512 << 20

var errTooLarge = errors.New("the document unpacks to too much data")

func isPart(name, want string) bool { return strings.EqualFold(strings.TrimPrefix(name, "/"), want) }

// isCustomProps names the custom properties part in a relationship target
// or a content-type override (both may be absolute or relative).
func isCustomProps(target string) bool {
	t := strings.TrimPrefix(strings.ReplaceAll(target, `\`, "/"), "/")
	return strings.EqualFold(t, "docProps/custom.xml")
}

// ooxmlRules blank every author name Office writes into a document's parts:
// comment and revision authors (Word's w:author and w:initials on comments,
// insertions, deletions and format changes in every part), the people
// lists of Word, Excel and PowerPoint, Excel's legacy comment authors and
// shared-workbook user names. They drop the custom properties' relationship
// and content type, and the path of the attached template (which holds the
// Windows user name).
var ooxmlRules = xmlRules{
	drop: func(el xname, attrs []xattr) bool {
		switch el {
		case xname{nsRels, "Relationship"}:
			return isCustomProps(attrValue(attrs, "Target"))
		case xname{nsCT, "Override"}:
			return isCustomProps(attrValue(attrs, "PartName"))
		}
		return false
	},
	attr: func(el xname, a xattr, attrs []xattr) (string, bool) {
		switch {
		case a.name == xname{nsW, "author"}, a.name == xname{nsW15, "author"}, a.name == xname{nsW15, "userId"}:
			return NeutralAuthor, true
		case a.name == xname{nsW, "initials"}:
			return "A", true
		case a.name == xname{nsW15, "providerId"}:
			return "None", true
		case el == xname{nsXPerson, "person"} || el == xname{nsP188, "author"}:
			switch a.name.local {
			case "displayName", "name", "userId":
				return NeutralAuthor, true
			case "providerId":
				return "None", true
			case "initials":
				return "A", true
			}
		case el == xname{nsP, "cmAuthor"}:
			switch a.name.local {
			case "name":
				return NeutralAuthor, true
			case "initials":
				return "A", true
			}
		case el.space == nsS && a.name.space == "" && a.name.local == "userName":
			return NeutralAuthor, true
		case el == xname{nsS, "userInfo"} && a.name.local == "name":
			return NeutralAuthor, true
		case el == xname{nsRels, "Relationship"} && a.name.local == "Target" &&
			strings.HasSuffix(attrValue(attrs, "Type"), "/attachedTemplate"):
			return "Normal.dotm", true
		}
		return "", false
	},
	text: func(el xname) (string, bool) {
		if el == (xname{nsS, "author"}) {
			return NeutralAuthor, true
		}
		return "", false
	},
}

func attrValue(attrs []xattr, local string) string {
	for _, a := range attrs {
		if a.name.space == "" && a.name.local == local {
			return a.value
		}
	}
	return ""
}

// cleanOOXML writes a new ZIP: the property parts blanked, the custom
// properties dropped, XML parts with author names edited, embedded images
// cleaned, and every other part copied as it is stored (not even
// recompressed). A part is edited only when a first pass finds something to
// change, so an untouched part keeps its exact bytes.
func cleanOOXML(r io.ReaderAt, size int64, w io.Writer) error {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	zw := zip.NewWriter(bw)
	budget := int64(maxInflated)
	sc := newScratch()
	for _, f := range zr.File {
		if err := sc.copyPart(zw, f, &budget); err != nil {
			if errors.Is(err, errXML) || errors.Is(err, errTooLarge) || errors.Is(err, zip.ErrFormat) ||
				errors.Is(err, zip.ErrAlgorithm) || errors.Is(err, zip.ErrChecksum) || errors.Is(err, errSyntax) {
				return fmt.Errorf("%w: %s: %v", ErrDamaged, f.Name, err)
			}
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return bw.Flush()
}

// transform is how one part is cleaned: it copies r to w and reports
// whether it changed anything.
type transform func(r io.Reader, w io.Writer) (bool, error)

func (sc *scratch) partTransform(name string) transform {
	lower := strings.ToLower(name)
	if strings.HasSuffix(lower, ".xml") || strings.HasSuffix(lower, ".rels") {
		return func(r io.Reader, w io.Writer) (bool, error) { return sc.rewriteXML(r, w, ooxmlRules) }
	}
	return sc.cleanImage
}

// cleanImage cleans a part whose bytes are a JPEG or PNG, whatever its name
// says, and leaves any other part alone. An image cleaner only ever drops
// bytes, so a copy as long as what was read changed nothing.
func (sc *scratch) cleanImage(r io.Reader, w io.Writer) (bool, error) {
	cr := &countReader{r: r}
	br := sc.reader(cr)
	head, _ := br.Peek(8)
	var clean func(*bufio.Reader, *bufio.Writer) error
	switch {
	case len(head) >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF:
		clean = sc.jpeg
	case string(head) == pngSignature:
		clean = sc.png
	default:
		return false, nil
	}
	cw := &countWriter{w: w}
	err := clean(br, sc.writer(cw))
	if errors.Is(err, ErrDamaged) {
		return false, fmt.Errorf("%w: an embedded image: %v", errSyntax, err)
	}
	return cw.n != cr.n, err
}

func (sc *scratch) copyPart(zw *zip.Writer, f *zip.File, budget *int64) error {
	switch {
	case isPart(f.Name, "docProps/custom.xml"):
		return nil
	case isPart(f.Name, "docProps/core.xml"):
		return writePart(zw, f, blankCore)
	case isPart(f.Name, "docProps/app.xml"):
		return writePart(zw, f, blankApp)
	}
	tf := sc.partTransform(f.Name)
	if tf == nil || f.FileInfo().IsDir() {
		return zw.Copy(f)
	}
	changed, err := runPart(f, tf, io.Discard, budget)
	if err != nil {
		return err
	}
	if !changed {
		return zw.Copy(f)
	}
	pw, err := zw.CreateHeader(newHeader(f))
	if err != nil {
		return err
	}
	_, err = runPart(f, tf, pw, budget)
	return err
}

func runPart(f *zip.File, tf transform, w io.Writer, budget *int64) (bool, error) {
	rc, err := f.Open()
	if err != nil {
		return false, err
	}
	defer rc.Close()
	br := &budgetReader{r: rc, left: budget}
	return tf(br, w)
}

func newHeader(f *zip.File) *zip.FileHeader {
	return &zip.FileHeader{Name: f.Name, Method: f.Method, Modified: f.Modified}
}

func writePart(zw *zip.Writer, f *zip.File, content string) error {
	h := newHeader(f)
	if h.Method != zip.Store {
		h.Method = zip.Deflate
	}
	pw, err := zw.CreateHeader(h)
	if err != nil {
		return err
	}
	_, err = io.WriteString(pw, content)
	return err
}

// budgetReader fails once the document's unpacking budget is spent.
type budgetReader struct {
	r    io.Reader
	left *int64
}

func (b *budgetReader) Read(p []byte) (int, error) {
	if *b.left <= 0 {
		return 0, errTooLarge
	}
	if int64(len(p)) > *b.left {
		p = p[:*b.left]
	}
	n, err := b.r.Read(p)
	*b.left -= int64(n)
	return n, err
}

type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
