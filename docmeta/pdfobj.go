package docmeta

import (
	"fmt"
	"strconv"
)

// The PDF object model, just rich enough to read every object of a file and
// write it out again. Strings and names are kept decoded; numbers keep their
// text so a real is written back exactly as it was read.
type (
	pdfObj    = any
	pdfName   string
	pdfString []byte
	pdfInt    int64
	pdfReal   string
	pdfBool   bool
	pdfArray  []pdfObj
	pdfRef    struct{ num, gen int64 }
	pdfNull   struct{}
	keyword   string // a bare word that is not an object (obj, endobj, stream, R)
)

// pdfDict keeps its keys in file order, so a rewritten dictionary reads like
// the original.
type pdfDict struct {
	keys []pdfName
	vals []pdfObj
}

func (d *pdfDict) get(k pdfName) pdfObj {
	for i, key := range d.keys {
		if key == k {
			return d.vals[i]
		}
	}
	return nil
}

func (d *pdfDict) name(k pdfName) pdfName {
	n, _ := d.get(k).(pdfName)
	return n
}

// set replaces every value under k, or appends k.
func (d *pdfDict) set(k pdfName, v pdfObj) {
	d.del(k)
	d.keys, d.vals = append(d.keys, k), append(d.vals, v)
}

// del drops every entry under k (a damaged file may repeat a key).
func (d *pdfDict) del(k pdfName) {
	j := 0
	for i, key := range d.keys {
		if key != k {
			d.keys[j], d.vals[j] = key, d.vals[i]
			j++
		}
	}
	d.keys, d.vals = d.keys[:j], d.vals[:j]
}

// object reads one object; a bare keyword comes back as a keyword value for
// the caller to judge.
func (l *lexer) object(depth int) (pdfObj, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("%w: nested too deep", errSyntax)
	}
	t, err := l.next()
	if err != nil {
		return nil, err
	}
	switch t.kind {
	case tEOF:
		return nil, fmt.Errorf("%w: unexpected end", errSyntax)
	case tInt:
		return l.maybeRef(t)
	case tReal:
		if _, err := strconv.ParseFloat(t.s, 64); err != nil {
			return pdfInt(0), nil
		}
		return pdfReal(t.s), nil
	case tName:
		return pdfName(t.s), nil
	case tString:
		return pdfString(t.b), nil
	case tArrOpen:
		arr := pdfArray{}
		for {
			t, err := l.next()
			if err != nil {
				return nil, err
			}
			if t.kind == tArrClose {
				return arr, nil
			}
			l.unread(t)
			v, err := l.object(depth + 1)
			if err != nil {
				return nil, err
			}
			if _, ok := v.(keyword); ok {
				return nil, fmt.Errorf("%w: keyword %q in an array", errSyntax, v)
			}
			arr = append(arr, v)
		}
	case tDictOpen:
		d := &pdfDict{}
		for {
			t, err := l.next()
			if err != nil {
				return nil, err
			}
			if t.kind == tDictClose {
				return d, nil
			}
			if t.kind != tName {
				return nil, fmt.Errorf("%w: dictionary key is not a name", errSyntax)
			}
			v, err := l.object(depth + 1)
			if err != nil {
				return nil, err
			}
			if _, ok := v.(keyword); ok {
				return nil, fmt.Errorf("%w: keyword %q in a dictionary", errSyntax, v)
			}
			d.keys, d.vals = append(d.keys, pdfName(t.s)), append(d.vals, v)
		}
	case tWord:
		switch t.s {
		case "true":
			return pdfBool(true), nil
		case "false":
			return pdfBool(false), nil
		case "null":
			return pdfNull{}, nil
		}
		return keyword(t.s), nil
	}
	return nil, fmt.Errorf("%w: unexpected token", errSyntax)
}

// maybeRef turns "n g R" into a reference and leaves any other integer alone.
func (l *lexer) maybeRef(first token) (pdfObj, error) {
	t2, err := l.next()
	if err != nil {
		return nil, err
	}
	if t2.kind != tInt {
		l.unread(t2)
		return pdfInt(first.i), nil
	}
	t3, err := l.next()
	if err != nil {
		return nil, err
	}
	if t3.kind == tWord && t3.s == "R" && first.i >= 0 && t2.i >= 0 {
		return pdfRef{first.i, t2.i}, nil
	}
	l.unread(t3)
	l.unread(t2)
	return pdfInt(first.i), nil
}

// header reads "n g obj" and returns n.
func (l *lexer) header() (int64, int64, error) {
	var v [2]int64
	for i := range v {
		t, err := l.next()
		if err != nil {
			return 0, 0, err
		}
		if t.kind != tInt {
			return 0, 0, fmt.Errorf("%w: no object header", errSyntax)
		}
		v[i] = t.i
	}
	t, err := l.next()
	if err != nil {
		return 0, 0, err
	}
	if t.kind != tWord || t.s != "obj" {
		return 0, 0, fmt.Errorf("%w: no object header", errSyntax)
	}
	return v[0], v[1], nil
}
