// Package docmeta makes copies of uploaded documents without the metadata
// that names their author. In a blind competition the judges must not learn
// which OPD wrote a proposal, and the files people upload say it in places
// nobody sees on screen: a PDF's information dictionary and XMP packet
// (Author, Creator, Producer and custom keys), an Office file's
// docProps/core.xml and app.xml (creator, last modified by, company,
// manager), comment and revision authors, and a photo's EXIF or XMP.
//
// Clean rewrites a document rather than patching it: a PDF is written anew
// from the objects its pages reach (an incremental update would leave the old
// bytes readable), an Office file is a new ZIP whose untouched parts are
// copied compressed as they were, and an image keeps every segment or chunk
// but the metadata ones.
//
// What a document shows on its pages (a letterhead, a signature's picture)
// is content, not metadata, and stays: removing that is the participant's
// duty under the competition's rules.
//
// The package imports nothing of Juri, so it can be tested and fuzzed alone.
// Work is bounded by the input's size: every object, part or segment is read
// once, and what is inflated to be read (PDF object streams, Office XML
// parts) is capped.
package docmeta

import (
	"errors"
	"fmt"
	"io"
)

// The types Clean takes, as Juri's sniffer names them.
const (
	PDF  = "application/pdf"
	PNG  = "image/png"
	JPEG = "image/jpeg"
	DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
)

// NeutralAuthor replaces the names of comment, annotation and revision
// authors, where a document needs some name to stay well-formed.
const NeutralAuthor = "Anonim"

var (
	// ErrUnsupported is a type Clean does not know.
	ErrUnsupported = errors.New("docmeta: unsupported type")
	// ErrEncrypted is a password-protected document: its metadata cannot be
	// removed without its key, so no clean copy can be made.
	ErrEncrypted = errors.New("docmeta: the document is encrypted")
	// ErrDamaged is a document that cannot be read well enough to rewrite.
	ErrDamaged = errors.New("docmeta: the document cannot be read")
)

// Supported reports whether Clean takes contentType.
func Supported(contentType string) bool {
	switch contentType {
	case PDF, PNG, JPEG, DOCX, XLSX, PPTX:
		return true
	}
	return false
}

// Clean writes to w a copy of the document of contentType in r (size bytes)
// without identifying metadata. On error w may hold part of a copy, which the
// caller must throw away. The error wraps ErrUnsupported, ErrEncrypted or
// ErrDamaged when it is about the document, or is the writer's error.
func Clean(contentType string, r io.ReaderAt, size int64, w io.Writer) (err error) {
	// The parsers are written not to panic, and fuzzed for it; should one
	// still do so on a hostile file, the upload fails instead of the server.
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %v", ErrDamaged, p)
		}
	}()
	return clean(contentType, r, size, w)
}

// clean is Clean without the safety net, for the fuzz tests to see panics.
// Whatever goes wrong that is neither the writer's nor the reader's own error
// is the document's fault: the parsers of the standard library (flate, ZIP)
// have errors of their own, and they all mean the same to the caller.
func clean(contentType string, r io.ReaderAt, size int64, w io.Writer) error {
	if !Supported(contentType) {
		return fmt.Errorf("%w: %q", ErrUnsupported, contentType)
	}
	er, ew := &errReaderAt{r: r}, &errWriter{w: w}
	err := cleanType(contentType, er, size, ew)
	switch {
	case err == nil:
		return nil
	case ew.err != nil:
		return ew.err
	case er.err != nil:
		return er.err
	case errors.Is(err, ErrDamaged) || errors.Is(err, ErrEncrypted):
		return err
	}
	return fmt.Errorf("%w: %v", ErrDamaged, err)
}

// errWriter and errReaderAt remember the first error of the caller's writer
// and reader, to tell it from the document's.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	n, err := e.w.Write(p)
	if err != nil && e.err == nil {
		e.err = err
	}
	return n, err
}

type errReaderAt struct {
	r   io.ReaderAt
	err error
}

func (e *errReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := e.r.ReadAt(p, off)
	// A read before the start comes from an offset in the document (the ZIP
	// reader follows them): the document's fault, not the reader's.
	if err != nil && err != io.EOF && off >= 0 && e.err == nil {
		e.err = err
	}
	return n, err
}

func cleanType(contentType string, r io.ReaderAt, size int64, w io.Writer) error {
	switch contentType {
	case PDF:
		return cleanPDF(r, size, w)
	case PNG:
		return cleanPNG(io.NewSectionReader(r, 0, size), w)
	case JPEG:
		return cleanJPEG(io.NewSectionReader(r, 0, size), w)
	case DOCX, XLSX, PPTX:
		return cleanOOXML(r, size, w)
	}
	return fmt.Errorf("%w: %q", ErrUnsupported, contentType)
}
