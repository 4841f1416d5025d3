// Package sniff decides a file's type from its bytes while they stream past,
// never from its name or the client's Content-Type. It recognises what
// participants may upload: PDF, PNG, JPEG and the Office Open XML documents
// (DOCX, XLSX, PPTX), which are ZIP archives told apart by the names of the
// parts inside.
package sniff

import (
	"bytes"
	"encoding/binary"
)

// Types a Detector can report.
const (
	PDF     = "application/pdf"
	PNG     = "image/png"
	JPEG    = "image/jpeg"
	DOCX    = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	XLSX    = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	PPTX    = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
	Unknown = ""
)

// Extensions maps each type to the extension its display name should carry.
var Extensions = map[string]string{PDF: ".pdf", PNG: ".png", JPEG: ".jpg", DOCX: ".docx", XLSX: ".xlsx", PPTX: ".pptx"}

const (
	headSize = 1024 // a PDF header may sit anywhere in the first 1024 bytes
	tailSize = 2048 // and its %%EOF marker in the last few
	zipCarry = 300  // enough of a local file header and its name to span writes
)

// Detector is an io.Writer that watches the bytes of one file go by.
type Detector struct {
	head  []byte
	tail  []byte
	carry []byte // the end of the previous write, to find headers across writes
	n     int64

	contentTypes  bool // [Content_Types].xml seen in a ZIP local header
	word, xl, ppt bool
}

// Write records p; it never fails.
func (d *Detector) Write(p []byte) (int, error) {
	if len(d.head) < headSize {
		d.head = append(d.head, p[:min(len(p), headSize-len(d.head))]...)
	}
	d.tail = append(d.tail, p...)
	if len(d.tail) > tailSize {
		d.tail = append(d.tail[:0], d.tail[len(d.tail)-tailSize:]...)
	}
	// Until four bytes have arrived nobody knows whether this is a ZIP, so the
	// scan runs (and carries bytes) until the head says it is not one.
	if len(d.head) < 4 || bytes.HasPrefix(d.head, []byte("PK\x03\x04")) {
		d.scanZip(p)
	}
	d.n += int64(len(p))
	return len(p), nil
}

// scanZip finds ZIP local file headers and notes the part names that tell the
// Office formats apart. Headers that straddle two writes are found through
// the carried end of the previous write.
func (d *Detector) scanZip(p []byte) {
	buf := append(d.carry, p...)
	for i := 0; ; {
		j := bytes.Index(buf[i:], []byte("PK\x03\x04"))
		if j < 0 {
			break
		}
		at := i + j
		if at+30 > len(buf) {
			break
		}
		nameLen := int(binary.LittleEndian.Uint16(buf[at+26:]))
		if at+30+nameLen > len(buf) {
			break
		}
		d.note(string(buf[at+30 : at+30+nameLen]))
		i = at + 4
	}
	if len(buf) > zipCarry {
		buf = buf[len(buf)-zipCarry:]
	}
	d.carry = append(d.carry[:0], buf...)
}

func (d *Detector) note(name string) {
	switch {
	case name == "[Content_Types].xml":
		d.contentTypes = true
	case len(name) > 5 && name[:5] == "word/":
		d.word = true
	case len(name) > 3 && name[:3] == "xl/":
		d.xl = true
	case len(name) > 4 && name[:4] == "ppt/":
		d.ppt = true
	}
}

// Size is the number of bytes seen.
func (d *Detector) Size() int64 { return d.n }

// Type is the detected type once every byte has been written, or Unknown.
// A PDF needs its header near the start and its end-of-file marker near the
// end, so a file cut short is not taken for a PDF.
func (d *Detector) Type() string {
	h := d.head
	switch {
	case bytes.Contains(h, []byte("%PDF-")) && bytes.Contains(d.tail, []byte("%%EOF")):
		return PDF
	case bytes.HasPrefix(h, []byte("\x89PNG\r\n\x1a\n")):
		return PNG
	case bytes.HasPrefix(h, []byte{0xFF, 0xD8, 0xFF}):
		return JPEG
	case bytes.HasPrefix(h, []byte("PK\x03\x04")) && d.contentTypes:
		// Exactly one Office family must be present; a ZIP with parts of two is
		// something else.
		switch {
		case d.word && !d.xl && !d.ppt:
			return DOCX
		case d.xl && !d.word && !d.ppt:
			return XLSX
		case d.ppt && !d.word && !d.xl:
			return PPTX
		}
	}
	return Unknown
}
