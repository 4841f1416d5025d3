package docmeta

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"sort"
)

// scan is what one pass over the raw bytes finds: where each "n g obj"
// starts (the last one of a number wins, as in an incremental update),
// every "trailer" keyword and every "endstream". It is made at most once per
// document, only for a file whose cross-reference table is missing or wrong.
type scan struct {
	objs       map[int64]int64
	trailers   []int64
	endstreams []int64
}

const scanChunk = 1 << 20

func (d *pdfDoc) scanned() *scan {
	if d.scan != nil {
		return d.scan
	}
	s := &scan{objs: map[int64]int64{}}
	d.scan = s
	const overlap = 64
	buf := make([]byte, scanChunk+overlap)
	for base := int64(0); base < d.size; base += scanChunk {
		from := max(base-overlap, 0)
		n, err := d.r.ReadAt(buf[:min(int64(len(buf)), d.size-from)], from)
		if err != nil && err != io.EOF {
			break
		}
		b := buf[:n]
		lo := int(base - from) // matches starting before lo were seen in the last chunk
		for _, kw := range []string{"obj", "trailer", "endstream"} {
			for i := lo; ; {
				j := bytes.Index(b[i:], []byte(kw))
				if j < 0 || i+j >= lo+scanChunk {
					break
				}
				at := i + j
				i = at + 1
				if end := at + len(kw); end < len(b) && !isSpace(b[end]) && !isDelim(b[end]) {
					continue
				}
				switch kw {
				case "obj":
					if num, start, ok := objHeaderBefore(b, at); ok {
						s.objs[num] = from + int64(start)
					}
				case "trailer":
					s.trailers = append(s.trailers, from+int64(at+len(kw)))
				case "endstream":
					s.endstreams = append(s.endstreams, from+int64(at))
				}
			}
		}
	}
	return s
}

// objHeaderBefore reads "n g " backwards from the "obj" at b[at:].
func objHeaderBefore(b []byte, at int) (int64, int, bool) {
	i := at
	skipSpace := func() int {
		k := 0
		for i > 0 && isSpace(b[i-1]) {
			i--
			k++
		}
		return k
	}
	digits := func() (int64, bool) {
		end := i
		for i > 0 && b[i-1] >= '0' && b[i-1] <= '9' && end-i < 10 {
			i--
		}
		if i == end {
			return 0, false
		}
		var v int64
		for _, c := range b[i:end] {
			v = v*10 + int64(c-'0')
		}
		return v, true
	}
	skipSpace()
	if _, ok := digits(); !ok {
		return 0, 0, false
	}
	if skipSpace() == 0 {
		return 0, 0, false
	}
	num, ok := digits()
	if !ok || (i > 0 && !isSpace(b[i-1]) && !isDelim(b[i-1])) {
		return 0, 0, false
	}
	return num, i, true
}

// reconstruct builds the cross-reference table from a scan: every object
// standing in the file, the objects of every object stream, and the trailer
// (the last one naming a catalog, or a cross-reference stream's dictionary,
// or failing both the last catalog found).
func (d *pdfDoc) reconstruct() error {
	s := d.scanned()
	d.xref = map[int64]xent{}
	for num, off := range s.objs {
		d.xref[num] = xent{off: off}
	}
	for i := len(s.trailers) - 1; i >= 0 && d.trailer == nil; i-- {
		lx := d.section(s.trailers[i])
		if obj, err := lx.object(0); err == nil {
			if t, ok := obj.(*pdfDict); ok {
				if _, ok := t.get("Root").(pdfRef); ok {
					d.trailer = t
				}
			}
		}
	}
	nums := make([]int64, 0, len(s.objs))
	for num := range s.objs {
		nums = append(nums, num)
	}
	// Later in the file is newer: visit objects in file order.
	sort.Slice(nums, func(a, b int) bool { return s.objs[nums[a]] < s.objs[nums[b]] })
	var catalog int64 = -1
	var xrefDict *pdfDict
	for _, num := range nums {
		obj, st, err := d.loadDirect(num)
		dict, ok := obj.(*pdfDict)
		if err != nil || !ok {
			continue
		}
		switch dict.name("Type") {
		case "Catalog":
			catalog = num
		case "XRef":
			if _, ok := dict.get("Root").(pdfRef); ok && st != nil {
				xrefDict = dict
			}
		case "ObjStm":
			if st == nil {
				continue
			}
			os, err := d.objStm(num)
			if err != nil {
				continue
			}
			for i, n := range os.nums {
				if _, direct := s.objs[n]; !direct {
					d.xref[n] = xent{inObjStm: true, stm: num, idx: i}
				}
			}
		}
	}
	switch {
	case d.trailer != nil:
	case xrefDict != nil:
		d.trailer = xrefDict
	case catalog >= 0:
		d.trailer = &pdfDict{keys: []pdfName{"Root"}, vals: []pdfObj{pdfRef{catalog, 0}}}
	default:
		return fmt.Errorf("%w: no catalog found", errSyntax)
	}
	return nil
}

// nextEndstream is the first "endstream" at or after off, from the scan.
func (d *pdfDoc) nextEndstream(off int64) (int64, bool) {
	es := d.scanned().endstreams
	i, _ := slices.BinarySearch(es, off)
	if i == len(es) {
		return 0, false
	}
	return es[i], true
}
