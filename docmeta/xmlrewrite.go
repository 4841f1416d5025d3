package docmeta

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// The XML of an Office part is edited in place, never decoded and encoded
// again: Go's XML encoder rewrites namespace prefixes in ways Office refuses.
// The rewriter streams the part, copies every byte it does not change, and
// parses only start tags (attributes, namespaces) to decide. It holds one tag
// and the stack of open elements in memory, whatever the part's size.

// xname is a name resolved against the namespaces in scope.
type xname struct{ space, local string }

type xattr struct {
	name       xname
	value      string // with the five predefined entities decoded
	start, end int    // the value's bytes inside the raw tag, quotes excluded
}

// xmlRules say what to change. Each may be nil.
type xmlRules struct {
	// drop removes an element and all it holds.
	drop func(el xname, attrs []xattr) bool
	// attr returns a new value for attribute a of el.
	attr func(el xname, a xattr, attrs []xattr) (string, bool)
	// text returns what replaces all that el holds.
	text func(el xname) (string, bool)
}

const (
	maxTag      = 1 << 20
	maxXMLDepth = 4096
)

var errXML = errors.New("xml syntax")

type xmlFrame struct {
	ns map[string]string // prefixes this element declares
	el xname
}

type xmlRewriter struct {
	r       *bufio.Reader
	w       *bufio.Writer
	rules   xmlRules
	stack   []xmlFrame
	changed bool
	// While skip > 0 nothing is written until the element open at depth
	// skip closes; keepEnd writes its end tag (a replaced text), otherwise
	// the element vanishes whole.
	skip    int
	keepEnd bool
}

// rewriteXML copies the XML in r to w with rules applied, and reports
// whether anything changed.
func rewriteXML(r io.Reader, w io.Writer, rules xmlRules) (bool, error) {
	return newScratch().rewriteXML(r, w, rules)
}

func (sc *scratch) rewriteXML(r io.Reader, w io.Writer, rules xmlRules) (bool, error) {
	x := &xmlRewriter{r: sc.reader(r), w: sc.writer(w), rules: rules}
	if head, _ := x.r.Peek(2); bytes.Equal(head, []byte{0xFF, 0xFE}) || bytes.Equal(head, []byte{0xFE, 0xFF}) {
		return false, fmt.Errorf("%w: UTF-16 parts are not supported", errXML)
	}
	if err := x.run(); err != nil {
		return false, err
	}
	if len(x.stack) != 0 {
		return false, fmt.Errorf("%w: unclosed element", errXML)
	}
	return x.changed, x.w.Flush()
}

func (x *xmlRewriter) out(p []byte) {
	if x.skip == 0 {
		x.w.Write(p)
	}
}

func (x *xmlRewriter) run() error {
	for {
		text, err := x.r.ReadSlice('<')
		if len(text) > 0 && text[len(text)-1] == '<' {
			x.out(text[:len(text)-1])
		} else {
			x.out(text)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := x.markup(); err != nil {
			return err
		}
	}
}

// markup handles what follows a '<'.
func (x *xmlRewriter) markup() error {
	b, err := x.r.Peek(1)
	if err != nil {
		return fmt.Errorf("%w: '<' at the end", errXML)
	}
	switch b[0] {
	case '?':
		return x.copyUntil("<", "?>")
	case '!':
		if p, _ := x.r.Peek(3); string(p) == "!--" {
			return x.copyUntil("<", "-->")
		}
		if p, _ := x.r.Peek(8); string(p) == "![CDATA[" {
			return x.copyUntil("<", "]]>")
		}
		return fmt.Errorf("%w: document type declarations are not supported", errXML)
	case '/':
		tag, err := x.readTag()
		if err != nil {
			return err
		}
		return x.endTag(tag)
	}
	tag, err := x.readTag()
	if err != nil {
		return err
	}
	return x.startTag(tag)
}

// copyUntil copies up to and including end, after writing prefix.
func (x *xmlRewriter) copyUntil(prefix, end string) error {
	x.out([]byte(prefix))
	var tail []byte
	for {
		c, err := x.r.ReadByte()
		if err != nil {
			return fmt.Errorf("%w: unterminated %q", errXML, end)
		}
		x.out([]byte{c})
		tail = append(tail, c)
		if len(tail) > len(end) {
			tail = tail[1:]
		}
		if string(tail) == end {
			return nil
		}
	}
}

// readTag reads a tag after its '<' up to its '>', minding quoted values.
func (x *xmlRewriter) readTag() ([]byte, error) {
	tag := []byte{'<'}
	var quote byte
	for {
		c, err := x.r.ReadByte()
		if err != nil {
			return nil, fmt.Errorf("%w: unterminated tag", errXML)
		}
		tag = append(tag, c)
		if len(tag) > maxTag {
			return nil, fmt.Errorf("%w: tag too long", errXML)
		}
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else if c == '<' {
				return nil, fmt.Errorf("%w: '<' in an attribute value", errXML)
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return tag, nil
		}
	}
}

func (x *xmlRewriter) endTag(tag []byte) error {
	if len(x.stack) == 0 {
		return fmt.Errorf("%w: end tag without a start", errXML)
	}
	name := strings.TrimSpace(string(tag[2 : len(tag)-1]))
	top := x.stack[len(x.stack)-1]
	if name != top.el.local && !strings.HasSuffix(name, ":"+top.el.local) {
		return fmt.Errorf("%w: end tag %q does not match", errXML, name)
	}
	depth := len(x.stack)
	x.stack = x.stack[:depth-1]
	if x.skip == depth {
		x.skip = 0
		if x.keepEnd {
			x.out(tag)
		}
		return nil
	}
	x.out(tag)
	return nil
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// parseTag splits a start tag into its qualified name, attributes (names
// still qualified) and whether it closes itself.
func parseTag(tag []byte) (string, []xattr, []string, bool, error) {
	i := 1
	for i < len(tag) && !isXMLSpace(tag[i]) && tag[i] != '/' && tag[i] != '>' {
		i++
	}
	name := string(tag[1:i])
	if name == "" {
		return "", nil, nil, false, fmt.Errorf("%w: empty tag name", errXML)
	}
	var attrs []xattr
	var qnames []string
	for {
		for i < len(tag) && isXMLSpace(tag[i]) {
			i++
		}
		if i >= len(tag) {
			return "", nil, nil, false, fmt.Errorf("%w: bad tag", errXML)
		}
		switch tag[i] {
		case '>':
			return name, attrs, qnames, false, nil
		case '/':
			if i+1 < len(tag) && tag[i+1] == '>' {
				return name, attrs, qnames, true, nil
			}
			return "", nil, nil, false, fmt.Errorf("%w: bad tag", errXML)
		}
		s := i
		for i < len(tag) && !isXMLSpace(tag[i]) && tag[i] != '=' && tag[i] != '>' && tag[i] != '/' {
			i++
		}
		qn := string(tag[s:i])
		for i < len(tag) && isXMLSpace(tag[i]) {
			i++
		}
		if qn == "" || i >= len(tag) || tag[i] != '=' {
			return "", nil, nil, false, fmt.Errorf("%w: attribute without a value", errXML)
		}
		i++
		for i < len(tag) && isXMLSpace(tag[i]) {
			i++
		}
		if i >= len(tag) || (tag[i] != '"' && tag[i] != '\'') {
			return "", nil, nil, false, fmt.Errorf("%w: unquoted attribute", errXML)
		}
		q := tag[i]
		i++
		vs := i
		for i < len(tag) && tag[i] != q {
			i++
		}
		if i >= len(tag) {
			return "", nil, nil, false, fmt.Errorf("%w: unterminated attribute", errXML)
		}
		attrs = append(attrs, xattr{value: unescapeXML(string(tag[vs:i])), start: vs, end: i})
		qnames = append(qnames, qn)
		i++
	}
}

func (x *xmlRewriter) resolve(prefix string, frame map[string]string) string {
	if v, ok := frame[prefix]; ok {
		return v
	}
	for i := len(x.stack) - 1; i >= 0; i-- {
		if v, ok := x.stack[i].ns[prefix]; ok {
			return v
		}
	}
	return ""
}

func splitQName(qn string) (string, string) {
	if i := strings.IndexByte(qn, ':'); i >= 0 {
		return qn[:i], qn[i+1:]
	}
	return "", qn
}

func (x *xmlRewriter) startTag(tag []byte) error {
	if len(x.stack) >= maxXMLDepth {
		return fmt.Errorf("%w: nested too deep", errXML)
	}
	qname, attrs, qnames, selfClosing, err := parseTag(tag)
	if err != nil {
		return err
	}
	ns := map[string]string{}
	for i, qn := range qnames {
		if qn == "xmlns" {
			ns[""] = attrs[i].value
		} else if p, l := splitQName(qn); p == "xmlns" {
			ns[l] = attrs[i].value
		}
	}
	for i, qn := range qnames {
		// Unprefixed attributes are in no namespace.
		if p, l := splitQName(qn); p != "" {
			attrs[i].name = xname{x.resolve(p, ns), l}
		} else {
			attrs[i].name = xname{"", l}
		}
	}
	p, l := splitQName(qname)
	el := xname{x.resolve(p, ns), l}
	frame := xmlFrame{ns: ns, el: el}
	if x.skip > 0 {
		if !selfClosing {
			x.stack = append(x.stack, frame)
		}
		return nil
	}
	if x.rules.drop != nil && x.rules.drop(el, attrs) {
		x.changed = true
		if !selfClosing {
			x.stack = append(x.stack, frame)
			x.skip, x.keepEnd = len(x.stack), false
		}
		return nil
	}
	if x.rules.attr != nil {
		tag = x.editAttrs(tag, el, attrs)
	}
	x.out(tag)
	if selfClosing {
		return nil
	}
	x.stack = append(x.stack, frame)
	if x.rules.text != nil {
		if s, ok := x.rules.text(el); ok {
			x.changed = true
			x.out([]byte(escapeXML(s)))
			x.skip, x.keepEnd = len(x.stack), true
		}
	}
	return nil
}

// editAttrs splices new values into the raw tag, leaving every other byte.
func (x *xmlRewriter) editAttrs(tag []byte, el xname, attrs []xattr) []byte {
	var out []byte
	last := 0
	for _, a := range attrs {
		v, ok := x.rules.attr(el, a, attrs)
		if !ok || v == a.value {
			continue
		}
		x.changed = true
		out = append(out, tag[last:a.start]...)
		out = append(out, escapeXML(v)...)
		last = a.end
	}
	if out == nil {
		return tag
	}
	return append(out, tag[last:]...)
}

var (
	xmlUnescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&quot;", `"`, "&apos;", "'", "&amp;", "&")
	xmlEscaper   = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")
)

func unescapeXML(s string) string { return xmlUnescaper.Replace(s) }
func escapeXML(s string) string   { return xmlEscaper.Replace(s) }
