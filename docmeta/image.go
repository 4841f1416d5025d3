package docmeta

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
)

const pngSignature = "\x89PNG\r\n\x1a\n"

// scratch holds the buffers one cleaning reuses for every part of a
// document: an Office file may hold thousands of small images and XML parts,
// and fresh buffers for each would cost more than the work.
type scratch struct {
	br  *bufio.Reader
	bw  *bufio.Writer
	seg []byte // one JPEG segment
}

func newScratch() *scratch {
	return &scratch{br: bufio.NewReaderSize(nil, 32<<10), bw: bufio.NewWriterSize(nil, 32<<10), seg: make([]byte, 0, 64<<10)}
}

func (sc *scratch) reader(r io.Reader) *bufio.Reader {
	sc.br.Reset(r)
	return sc.br
}

func (sc *scratch) writer(w io.Writer) *bufio.Writer {
	sc.bw.Reset(w)
	return sc.bw
}

// cleanPNG copies a PNG chunk by chunk without its text chunks (tEXt, zTXt,
// iTXt: Author, Comment, XMP), its EXIF chunk (eXIf) and its modification
// time (tIME), and stops at IEND: bytes appended after the image go too.
// Chunks are streamed, never held whole.
func cleanPNG(r io.Reader, w io.Writer) error {
	sc := newScratch()
	return sc.png(sc.reader(r), sc.writer(w))
}

func (sc *scratch) png(br *bufio.Reader, bw *bufio.Writer) error {
	sig := make([]byte, 8)
	if _, err := io.ReadFull(br, sig); err != nil || string(sig) != pngSignature {
		return fmt.Errorf("%w: not a PNG", ErrDamaged)
	}
	if _, err := bw.Write(sig); err != nil {
		return err
	}
	var hdr [8]byte
	for {
		if _, err := io.ReadFull(br, hdr[:]); err != nil {
			return fmt.Errorf("%w: the PNG ends before IEND", ErrDamaged)
		}
		n := binary.BigEndian.Uint32(hdr[:4])
		typ := string(hdr[4:])
		if n > 1<<31-1 || !chunkType(hdr[4:]) {
			return fmt.Errorf("%w: bad PNG chunk", ErrDamaged)
		}
		rest := int64(n) + 4 // data and CRC
		switch typ {
		case "tEXt", "zTXt", "iTXt", "eXIf", "tIME":
			if _, err := io.CopyN(io.Discard, br, rest); err != nil {
				return fmt.Errorf("%w: a PNG chunk is cut off", ErrDamaged)
			}
			continue
		}
		if _, err := bw.Write(hdr[:]); err != nil {
			return err
		}
		if _, err := io.CopyN(bw, br, rest); err != nil {
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				return fmt.Errorf("%w: a PNG chunk is cut off", ErrDamaged)
			}
			return err
		}
		if typ == "IEND" {
			return bw.Flush()
		}
	}
}

func chunkType(b []byte) bool {
	for _, c := range b {
		if (c < 'A' || c > 'Z') && (c < 'a' || c > 'z') {
			return false
		}
	}
	return true
}

// keepJPEGSegment says which segments before the image data stay: the
// tables and frame headers an image needs, JFIF (APP0), ICC colour profiles
// (APP2 "ICC_PROFILE") and Adobe's colour transform (APP14). Everything else
// with a name in it goes: EXIF and XMP (APP1, with the camera owner, the
// software's user and GPS position), Photoshop's IPTC by-line (APP13),
// comments (COM), and the other application segments, none of which a
// decoder needs.
func keepJPEGSegment(marker byte, data []byte) bool {
	switch {
	case marker == 0xE0, marker == 0xEE:
		return true
	case marker == 0xE2:
		return len(data) >= 12 && string(data[:12]) == "ICC_PROFILE\x00"
	case marker >= 0xE1 && marker <= 0xEF, marker == 0xFE:
		return false
	}
	return true
}

// cleanJPEG copies a JPEG segment by segment without its metadata
// segments, and stops at EOI: bytes appended after the image (a second
// picture, a video of a "motion photo") go too. Entropy-coded data is
// streamed through; only one segment (at most 64 KiB) is held at a time.
func cleanJPEG(r io.Reader, w io.Writer) error {
	sc := newScratch()
	return sc.jpeg(sc.reader(r), sc.writer(w))
}

func (sc *scratch) jpeg(br *bufio.Reader, bw *bufio.Writer) error {
	var soi [2]byte
	if _, err := io.ReadFull(br, soi[:]); err != nil || soi != [2]byte{0xFF, 0xD8} {
		return fmt.Errorf("%w: not a JPEG", ErrDamaged)
	}
	bw.Write(soi[:])
	seg := sc.seg[:0]
	for {
		marker, err := nextMarker(br)
		if err != nil {
			return err
		}
		switch {
		case marker == 0xD9: // EOI
			bw.Write([]byte{0xFF, 0xD9})
			return bw.Flush()
		case marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7):
			// Markers without a length.
			bw.Write([]byte{0xFF, marker})
			continue
		}
		var lb [2]byte
		if _, err := io.ReadFull(br, lb[:]); err != nil {
			return fmt.Errorf("%w: a JPEG segment is cut off", ErrDamaged)
		}
		n := int(binary.BigEndian.Uint16(lb[:]))
		if n < 2 {
			return fmt.Errorf("%w: bad JPEG segment length", ErrDamaged)
		}
		seg = seg[:n-2]
		if _, err := io.ReadFull(br, seg); err != nil {
			return fmt.Errorf("%w: a JPEG segment is cut off", ErrDamaged)
		}
		if !keepJPEGSegment(marker, seg) {
			continue
		}
		bw.Write([]byte{0xFF, marker})
		bw.Write(lb[:])
		if _, err := bw.Write(seg); err != nil {
			return err
		}
		if marker == 0xDA { // SOS: entropy-coded data follows
			if err := copyScan(br, bw); err != nil {
				return err
			}
		}
	}
}

// nextMarker reads the next marker byte after 0xFF (and fill bytes).
func nextMarker(br *bufio.Reader) (byte, error) {
	b, err := br.ReadByte()
	if err != nil || b != 0xFF {
		return 0, fmt.Errorf("%w: no JPEG marker where one should be", ErrDamaged)
	}
	for {
		b, err = br.ReadByte()
		if err != nil {
			return 0, fmt.Errorf("%w: the JPEG ends before EOI", ErrDamaged)
		}
		if b != 0xFF {
			return b, nil
		}
	}
}

// copyScan copies entropy-coded data up to the next marker that is not a
// stuffed 0xFF00 or a restart marker, and leaves that marker unread. It
// copies whole runs between 0xFF bytes from the reader's buffer.
func copyScan(br *bufio.Reader, bw *bufio.Writer) error {
	cut := fmt.Errorf("%w: the JPEG ends inside its image data", ErrDamaged)
	for {
		if br.Buffered() == 0 {
			if _, err := br.Peek(1); err != nil {
				return cut
			}
		}
		buf, _ := br.Peek(br.Buffered())
		i := bytes.IndexByte(buf, 0xFF)
		if i < 0 {
			i = len(buf)
		}
		if _, err := bw.Write(buf[:i]); err != nil {
			return err
		}
		br.Discard(i)
		if i == len(buf) {
			continue
		}
		p, err := br.Peek(2)
		if err != nil {
			return cut
		}
		switch c := p[1]; {
		case c == 0x00 || (c >= 0xD0 && c <= 0xD7):
			bw.Write(p)
			br.Discard(2)
		case c == 0xFF:
			br.Discard(1) // a fill byte before a marker
		default:
			return nil
		}
	}
}
