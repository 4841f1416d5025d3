package docmeta

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// xent is one cross-reference entry: an object at an offset in the file
// (inObjStm false) or the idx-th object of object stream stm.
type xent struct {
	inObjStm bool
	off      int64
	stm      int64
	idx      int
}

// pdfDoc is a PDF opened for reading: its cross-reference table and trailer.
// Objects are read from r when asked for, so a large file is never held in
// memory; only the object streams' decoded bytes are kept, once each.
type pdfDoc struct {
	r       io.ReaderAt
	size    int64
	xref    map[int64]xent
	trailer *pdfDict
	objstms map[int64]*objStm
	decoded int64 // bytes inflated so far, against maxDecoded
	nesting int   // object streams being decoded to find a length
	scan    *scan // the raw scan, once a file needs it
	free    []*lexer
}

// lexer reuses a released lexer's buffer: a file has an object for every
// font, page and annotation, and a fresh buffer for each would cost more
// than reading them.
func (d *pdfDoc) lexer(r io.Reader, pos int64) *lexer {
	n := len(d.free)
	if n == 0 {
		return newLexer(r, pos)
	}
	lx := d.free[n-1]
	d.free = d.free[:n-1]
	lx.r.Reset(r)
	lx.pos, lx.back = pos, lx.back[:0]
	return lx
}

func (d *pdfDoc) release(lx *lexer) { d.free = append(d.free, lx) }

// objStm is a decoded object stream: object numbers and where each starts.
type objStm struct {
	data []byte
	nums []int64
	offs []int64
	err  error
}

// maxDecoded bounds the bytes inflated from cross-reference and object
// streams in one document (a flate bomb stops here). Those streams hold only
// the small objects of a file, never page contents or images.
const maxDecoded = 64 << 20

// stream locates a stream's data in the file.
type stream struct {
	off, n int64
}

var errNotFound = errors.New("object not found")

// openPDF reads the cross-reference sections from the end of the file; when
// they are missing or wrong it rebuilds the table by scanning for objects,
// as PDF readers do.
func openPDF(r io.ReaderAt, size int64) (*pdfDoc, error) {
	d := &pdfDoc{r: r, size: size, objstms: map[int64]*objStm{}}
	if err := d.readXref(); err == nil {
		if _, ok := d.trailer.get("Root").(pdfRef); ok {
			return d, nil
		}
	}
	d.xref, d.trailer, d.objstms, d.decoded = nil, nil, map[int64]*objStm{}, 0
	if err := d.reconstruct(); err != nil {
		return nil, err
	}
	return d, nil
}

// streamAfter finds the data of the stream whose dictionary lx just read:
// after the keyword "stream" and one end of line, /Length bytes long. When
// /Length is wrong the data runs to the next "endstream", as readers accept.
func (d *pdfDoc) streamAfter(lx *lexer, dict *pdfDict) (stream, error) {
	t, err := lx.next()
	if err != nil {
		return stream{}, err
	}
	if t.kind != tWord || t.s != "stream" {
		return stream{}, fmt.Errorf("%w: no stream keyword", errSyntax)
	}
	if b, err := lx.readByte(); err == nil {
		switch b {
		case '\r':
			if c, err := lx.readByte(); err == nil && c != '\n' {
				lx.unreadByte()
			}
		case '\n':
		default:
			lx.unreadByte()
		}
	}
	start := lx.pos
	n := int64(-1)
	switch v := dict.get("Length").(type) {
	case pdfInt:
		n = int64(v)
	case pdfRef:
		if i, ok := d.lengthOf(v.num); ok {
			n = i
		}
	}
	if n >= 0 && start+n <= d.size && d.endsStream(start+n) {
		return stream{start, n}, nil
	}
	return d.findEnd(start)
}

// lengthOf reads an indirect /Length. A direct object is read without
// looking for a stream after it, and object streams nest at most a few deep,
// so lengths that refer to each other cannot recurse without end.
func (d *pdfDoc) lengthOf(num int64) (int64, bool) {
	e, ok := d.xref[num]
	if !ok || (!e.inObjStm && (e.off < 0 || e.off >= d.size)) {
		return 0, false
	}
	var obj pdfObj
	var err error
	if e.inObjStm {
		if d.nesting >= 4 {
			return 0, false
		}
		d.nesting++
		obj, _, err = d.load(num)
		d.nesting--
	} else {
		lx := d.section(e.off)
		if _, _, err = lx.header(); err == nil {
			obj, err = lx.object(0)
		}
		d.release(lx)
	}
	i, ok := obj.(pdfInt)
	return int64(i), err == nil && ok && i >= 0
}

// endsStream reports whether "endstream" follows at off, after white space.
func (d *pdfDoc) endsStream(off int64) bool {
	buf := make([]byte, 32)
	n, _ := d.r.ReadAt(buf, off)
	b := bytes.TrimLeft(buf[:n], " \r\n\t\f\x00")
	return bytes.HasPrefix(b, []byte("endstream"))
}

// findEnd takes the data to run to the next "endstream", less the end of
// line before it. The positions come from one scan of the file, so many
// streams with wrong lengths cost one pass, not one each.
func (d *pdfDoc) findEnd(start int64) (stream, error) {
	end, ok := d.nextEndstream(start)
	if !ok {
		return stream{}, fmt.Errorf("%w: stream without endstream", errSyntax)
	}
	if end > start && d.byteAt(end-1) == '\n' {
		end--
	}
	if end > start && d.byteAt(end-1) == '\r' {
		end--
	}
	return stream{start, end - start}, nil
}

func (d *pdfDoc) byteAt(off int64) byte {
	var b [1]byte
	d.r.ReadAt(b[:], off)
	return b[0]
}

// load returns object num and, for a stream, where its data is. An object
// the table does not list is an error the caller turns into null.
func (d *pdfDoc) load(num int64) (pdfObj, *stream, error) {
	e, ok := d.xref[num]
	if !ok || (!e.inObjStm && e.off < 0) {
		return nil, nil, errNotFound
	}
	if !e.inObjStm {
		return d.loadDirect(num)
	}
	os, err := d.objStm(e.stm)
	if err != nil {
		return nil, nil, err
	}
	if e.idx < 0 || e.idx >= len(os.nums) || os.nums[e.idx] != num {
		// Some writers get the index wrong; the header names the object.
		e.idx = -1
		for i, n := range os.nums {
			if n == num {
				e.idx = i
			}
		}
		if e.idx < 0 {
			return nil, nil, errNotFound
		}
	}
	lx := d.lexer(bytes.NewReader(os.data[os.offs[e.idx]:]), 0)
	defer d.release(lx)
	obj, err := lx.object(0)
	if err != nil {
		return nil, nil, err
	}
	if _, ok := obj.(keyword); ok {
		return nil, nil, fmt.Errorf("%w: keyword in an object stream", errSyntax)
	}
	return obj, nil, nil
}

// loadDirect reads an object that stands in the file itself. When the
// table's offset does not hold that object, the scan's offset is tried.
func (d *pdfDoc) loadDirect(num int64) (pdfObj, *stream, error) {
	e, ok := d.xref[num]
	if !ok || e.inObjStm || e.off < 0 || e.off >= d.size {
		return nil, nil, errNotFound
	}
	obj, st, err := d.loadAt(num, e.off)
	if err != nil {
		if off, ok := d.scanned().objs[num]; ok && off != e.off {
			return d.loadAt(num, off)
		}
	}
	return obj, st, err
}

func (d *pdfDoc) loadAt(num, off int64) (pdfObj, *stream, error) {
	lx := d.section(off)
	defer d.release(lx)
	n, _, err := lx.header()
	if err != nil {
		return nil, nil, err
	}
	if n != num {
		return nil, nil, fmt.Errorf("%w: object %d found where %d should be", errSyntax, n, num)
	}
	obj, err := lx.object(0)
	if err != nil {
		return nil, nil, err
	}
	if _, ok := obj.(keyword); ok {
		return nil, nil, fmt.Errorf("%w: keyword where an object should be", errSyntax)
	}
	t, err := lx.next()
	if err != nil {
		return nil, nil, err
	}
	if t.kind == tWord && t.s == "stream" {
		dict, ok := obj.(*pdfDict)
		if !ok {
			return nil, nil, fmt.Errorf("%w: stream without a dictionary", errSyntax)
		}
		lx.unread(t)
		st, err := d.streamAfter(lx, dict)
		if err != nil {
			return nil, nil, err
		}
		return dict, &st, nil
	}
	return obj, nil, nil
}

// objStm decodes object stream num once and keeps it for its other objects.
func (d *pdfDoc) objStm(num int64) (*objStm, error) {
	if os, ok := d.objstms[num]; ok {
		return os, os.err
	}
	os := &objStm{}
	d.objstms[num] = os
	os.err = func() error {
		obj, st, err := d.loadDirect(num)
		if err != nil {
			return err
		}
		dict, _ := obj.(*pdfDict)
		if st == nil || dict.name("Type") != "ObjStm" {
			return fmt.Errorf("%w: %d is not an object stream", errSyntax, num)
		}
		n, _ := dict.get("N").(pdfInt)
		first, _ := dict.get("First").(pdfInt)
		data, err := d.decode(dict, *st)
		if err != nil {
			return err
		}
		if n < 0 || first < 0 || int64(first) > int64(len(data)) || int64(n) > int64(len(data)) {
			return fmt.Errorf("%w: bad object stream header", errSyntax)
		}
		lx := newLexer(bytes.NewReader(data[:first]), 0)
		for i := int64(0); i < int64(n); i++ {
			a, err1 := lx.next()
			b, err2 := lx.next()
			if err1 != nil || err2 != nil || a.kind != tInt || b.kind != tInt || b.i < 0 || int64(first)+b.i > int64(len(data)) {
				return fmt.Errorf("%w: bad object stream header", errSyntax)
			}
			os.nums = append(os.nums, a.i)
			os.offs = append(os.offs, int64(first)+b.i)
		}
		os.data = data
		return nil
	}()
	return os, os.err
}

// itoa is strconv.FormatInt for the writer's hot path.
func itoa(n int64) string { return strconv.FormatInt(n, 10) }
