package docmeta

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
)

// readXref follows startxref and every /Prev and /XRefStm from there. Newer
// sections come first, so the first entry seen for an object wins.
func (d *pdfDoc) readXref() error {
	tailLen := min(d.size, 2048)
	tail := make([]byte, tailLen)
	if _, err := d.r.ReadAt(tail, d.size-tailLen); err != nil && err != io.EOF {
		return err
	}
	i := bytes.LastIndex(tail, []byte("startxref"))
	if i < 0 {
		return fmt.Errorf("%w: no startxref", errSyntax)
	}
	lx := newLexer(bytes.NewReader(tail[i+9:]), 0)
	t, err := lx.next()
	if err != nil || t.kind != tInt {
		return fmt.Errorf("%w: bad startxref", errSyntax)
	}
	d.xref = map[int64]xent{}
	seen := map[int64]bool{}
	todo := []int64{t.i}
	for len(todo) > 0 {
		off := todo[0]
		todo = todo[1:]
		if seen[off] || off < 0 || off >= d.size || len(seen) > 4096 {
			if len(seen) > 4096 {
				return fmt.Errorf("%w: too many cross-reference sections", errSyntax)
			}
			continue
		}
		seen[off] = true
		trailer, err := d.readSection(off)
		if err != nil {
			return err
		}
		if d.trailer == nil {
			d.trailer = trailer
		}
		// A hybrid file's /XRefStm holds entries of the same revision, so it
		// is read before the older sections.
		var next []int64
		if x, ok := trailer.get("XRefStm").(pdfInt); ok {
			next = append(next, int64(x))
		}
		if p, ok := trailer.get("Prev").(pdfInt); ok {
			next = append(next, int64(p))
		}
		todo = append(next, todo...)
	}
	if d.trailer == nil {
		return fmt.Errorf("%w: no trailer", errSyntax)
	}
	return nil
}

func (d *pdfDoc) section(off int64) *lexer {
	return d.lexer(io.NewSectionReader(d.r, off, d.size-off), off)
}

// readSection reads one classic table with its trailer, or one
// cross-reference stream, and returns the trailer dictionary.
func (d *pdfDoc) readSection(off int64) (*pdfDict, error) {
	lx := d.section(off)
	t, err := lx.next()
	if err != nil {
		return nil, err
	}
	if t.kind == tWord && t.s == "xref" {
		return d.readTable(lx)
	}
	lx.unread(t)
	if _, _, err := lx.header(); err != nil {
		return nil, err
	}
	obj, err := lx.object(0)
	if err != nil {
		return nil, err
	}
	dict, ok := obj.(*pdfDict)
	if !ok || dict.name("Type") != "XRef" {
		return nil, fmt.Errorf("%w: startxref points at no cross-reference", errSyntax)
	}
	st, err := d.streamAfter(lx, dict)
	if err != nil {
		return nil, err
	}
	return dict, d.readXrefStream(dict, st)
}

func (d *pdfDoc) readTable(lx *lexer) (*pdfDict, error) {
	for {
		t, err := lx.next()
		if err != nil {
			return nil, err
		}
		if t.kind == tWord && t.s == "trailer" {
			obj, err := lx.object(0)
			if err != nil {
				return nil, err
			}
			dict, ok := obj.(*pdfDict)
			if !ok {
				return nil, fmt.Errorf("%w: trailer is not a dictionary", errSyntax)
			}
			return dict, nil
		}
		t2, err := lx.next()
		if err != nil {
			return nil, err
		}
		if t.kind != tInt || t2.kind != tInt || t.i < 0 || t2.i < 0 || t2.i > (d.size-lx.pos)/18+1 {
			return nil, fmt.Errorf("%w: bad cross-reference subsection", errSyntax)
		}
		for k := int64(0); k < t2.i; k++ {
			var e [3]token
			for j := range e {
				if e[j], err = lx.next(); err != nil {
					return nil, err
				}
			}
			if e[0].kind != tInt || e[1].kind != tInt || e[2].kind != tWord {
				return nil, fmt.Errorf("%w: bad cross-reference entry", errSyntax)
			}
			num := t.i + k
			if _, dup := d.xref[num]; !dup && e[2].s == "n" && e[0].i > 0 {
				d.xref[num] = xent{off: e[0].i}
			} else if !dup && e[2].s == "f" {
				d.xref[num] = xent{off: -1}
			}
		}
	}
}

// readXrefStream decodes a cross-reference stream's entries.
func (d *pdfDoc) readXrefStream(dict *pdfDict, st stream) error {
	data, err := d.decode(dict, st)
	if err != nil {
		return err
	}
	wArr, _ := dict.get("W").(pdfArray)
	if len(wArr) != 3 {
		return fmt.Errorf("%w: bad /W", errSyntax)
	}
	var w [3]int
	for i, v := range wArr {
		n, ok := v.(pdfInt)
		if !ok || n < 0 || n > 8 {
			return fmt.Errorf("%w: bad /W", errSyntax)
		}
		w[i] = int(n)
	}
	rowLen := w[0] + w[1] + w[2]
	if rowLen == 0 {
		return fmt.Errorf("%w: bad /W", errSyntax)
	}
	index := pdfArray{pdfInt(0), dict.get("Size")}
	if ix, ok := dict.get("Index").(pdfArray); ok {
		index = ix
	}
	pos := 0
	for i := 0; i+1 < len(index); i += 2 {
		start, ok1 := index[i].(pdfInt)
		count, ok2 := index[i+1].(pdfInt)
		if !ok1 || !ok2 || start < 0 || count < 0 {
			return fmt.Errorf("%w: bad /Index", errSyntax)
		}
		for k := int64(0); k < int64(count); k++ {
			if pos+rowLen > len(data) {
				return nil // a short stream lists fewer objects; keep what it has
			}
			row := data[pos : pos+rowLen]
			pos += rowLen
			f := [3]int64{1, 0, 0}
			for j, p := 0, 0; j < 3; j++ {
				if w[j] > 0 {
					f[j] = 0
				}
				for b := 0; b < w[j]; b++ {
					f[j] = f[j]<<8 | int64(row[p])
					p++
				}
			}
			num := int64(start) + k
			if _, dup := d.xref[num]; dup {
				continue
			}
			switch f[0] {
			case 0:
				d.xref[num] = xent{off: -1}
			case 1:
				d.xref[num] = xent{off: f[1]}
			case 2:
				d.xref[num] = xent{inObjStm: true, stm: f[1], idx: int(f[2])}
			}
		}
	}
	return nil
}

// decode inflates a stream that must be read (cross-reference and object
// streams), within the document's budget.
func (d *pdfDoc) decode(dict *pdfDict, st stream) ([]byte, error) {
	filter := dict.get("Filter")
	if arr, ok := filter.(pdfArray); ok && len(arr) == 1 {
		filter = arr[0]
	}
	var parms *pdfDict
	switch p := dict.get("DecodeParms").(type) {
	case *pdfDict:
		parms = p
	case pdfArray:
		if len(p) == 1 {
			parms, _ = p[0].(*pdfDict)
		}
	}
	raw := io.NewSectionReader(d.r, st.off, st.n)
	budget := maxDecoded - d.decoded
	var data []byte
	switch filter {
	case nil:
		if st.n > budget {
			return nil, fmt.Errorf("%w: object streams too large", errSyntax)
		}
		data = make([]byte, st.n)
		if _, err := io.ReadFull(raw, data); err != nil {
			return nil, err
		}
	case pdfName("FlateDecode"):
		zr, err := zlib.NewReader(raw)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", errSyntax, err)
		}
		data, err = io.ReadAll(io.LimitReader(zr, budget+1))
		if int64(len(data)) > budget {
			return nil, fmt.Errorf("%w: object streams too large", errSyntax)
		}
		// A stream cut short still yields what it inflated, as readers allow.
		if err != nil && len(data) == 0 {
			return nil, fmt.Errorf("%w: %v", errSyntax, err)
		}
	default:
		return nil, fmt.Errorf("%w: unsupported filter %v", errSyntax, filter)
	}
	d.decoded += int64(len(data))
	if parms != nil {
		if p, _ := parms.get("Predictor").(pdfInt); p >= 10 {
			cols := 1
			if c, ok := parms.get("Columns").(pdfInt); ok && c > 0 && c < 1<<20 {
				cols = int(c)
			}
			return unpredictPNG(data, cols)
		} else if p > 1 {
			return nil, fmt.Errorf("%w: unsupported predictor %d", errSyntax, p)
		}
	}
	return data, nil
}

// unpredictPNG undoes PNG row filters (one filter byte before every row of
// cols bytes; one byte per pixel, as cross-reference streams use them).
func unpredictPNG(data []byte, cols int) ([]byte, error) {
	rowLen := cols + 1
	out := make([]byte, 0, len(data)/rowLen*cols)
	prev := make([]byte, cols)
	for i := 0; i+rowLen <= len(data); i += rowLen {
		f, row := data[i], data[i+1:i+rowLen]
		cur := make([]byte, cols)
		for j := range row {
			var left, upLeft byte
			if j > 0 {
				left, upLeft = cur[j-1], prev[j-1]
			}
			up := prev[j]
			switch f {
			case 0:
				cur[j] = row[j]
			case 1:
				cur[j] = row[j] + left
			case 2:
				cur[j] = row[j] + up
			case 3:
				cur[j] = row[j] + byte((int(left)+int(up))/2)
			case 4:
				cur[j] = row[j] + paeth(left, up, upLeft)
			default:
				return nil, fmt.Errorf("%w: bad PNG predictor row", errSyntax)
			}
		}
		out = append(out, cur...)
		prev = cur
	}
	return out, nil
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	switch {
	case pa <= pb && pa <= pc:
		return a
	case pb <= pc:
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
