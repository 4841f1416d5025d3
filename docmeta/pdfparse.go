package docmeta

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// maxDepth bounds nesting of arrays and dictionaries, so a hostile file
// cannot exhaust the stack.
const maxDepth = 64

var errSyntax = errors.New("pdf syntax")

type tokKind int

const (
	tEOF tokKind = iota
	tInt
	tReal
	tName
	tString
	tWord
	tArrOpen
	tArrClose
	tDictOpen
	tDictClose
)

type token struct {
	kind tokKind
	s    string // name, word or real text
	b    []byte // string bytes
	i    int64  // integer value
}

// lexer splits PDF syntax into tokens, counting the absolute position so a
// stream's data can be located after its dictionary.
type lexer struct {
	r    *bufio.Reader
	pos  int64
	back []token
}

func newLexer(r io.Reader, pos int64) *lexer {
	return &lexer{r: bufio.NewReaderSize(r, 16<<10), pos: pos}
}

func isSpace(b byte) bool {
	return b == ' ' || b == '\n' || b == '\r' || b == '\t' || b == '\f' || b == 0
}

func isDelim(b byte) bool {
	switch b {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func (l *lexer) readByte() (byte, error) {
	b, err := l.r.ReadByte()
	if err == nil {
		l.pos++
	}
	return b, err
}

func (l *lexer) unreadByte() {
	if l.r.UnreadByte() == nil {
		l.pos--
	}
}

func (l *lexer) unread(t token) { l.back = append(l.back, t) }

// next returns the next token; at the end of input it returns tEOF.
func (l *lexer) next() (token, error) {
	if n := len(l.back); n > 0 {
		t := l.back[n-1]
		l.back = l.back[:n-1]
		return t, nil
	}
	for {
		b, err := l.readByte()
		if err == io.EOF {
			return token{kind: tEOF}, nil
		}
		if err != nil {
			return token{}, err
		}
		switch {
		case isSpace(b):
			continue
		case b == '%':
			if err := l.skipLine(); err != nil {
				return token{}, err
			}
			continue
		case b == '[':
			return token{kind: tArrOpen}, nil
		case b == ']':
			return token{kind: tArrClose}, nil
		case b == '/':
			return l.name()
		case b == '(':
			return l.literal()
		case b == '<':
			c, err := l.readByte()
			if err == nil && c == '<' {
				return token{kind: tDictOpen}, nil
			}
			if err == nil {
				l.unreadByte()
			}
			return l.hex()
		case b == '>':
			c, err := l.readByte()
			if err == nil && c == '>' {
				return token{kind: tDictClose}, nil
			}
			return token{}, fmt.Errorf("%w: stray '>'", errSyntax)
		case b == ')':
			return token{}, fmt.Errorf("%w: stray ')'", errSyntax)
		case b == '{' || b == '}':
			return token{kind: tWord, s: string(b)}, nil
		default:
			return l.word(b)
		}
	}
}

func (l *lexer) skipLine() error {
	for {
		b, err := l.readByte()
		if err == io.EOF || (err == nil && (b == '\n' || b == '\r')) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// word reads a run of regular characters: a number or a keyword.
func (l *lexer) word(first byte) (token, error) {
	buf := []byte{first}
	for {
		b, err := l.readByte()
		if err == io.EOF {
			break
		}
		if err != nil {
			return token{}, err
		}
		if isSpace(b) || isDelim(b) {
			l.unreadByte()
			break
		}
		buf = append(buf, b)
	}
	s := string(buf)
	numeric := true
	for _, c := range buf {
		if (c < '0' || c > '9') && c != '+' && c != '-' && c != '.' {
			numeric = false
			break
		}
	}
	if numeric {
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return token{kind: tInt, i: i, s: s}, nil
		}
		return token{kind: tReal, s: s}, nil
	}
	return token{kind: tWord, s: s}, nil
}

func unhex(b byte) (byte, bool) {
	switch {
	case b >= '0' && b <= '9':
		return b - '0', true
	case b >= 'a' && b <= 'f':
		return b - 'a' + 10, true
	case b >= 'A' && b <= 'F':
		return b - 'A' + 10, true
	}
	return 0, false
}

func (l *lexer) name() (token, error) {
	var buf []byte
	for {
		b, err := l.readByte()
		if err == io.EOF {
			break
		}
		if err != nil {
			return token{}, err
		}
		if isSpace(b) || isDelim(b) {
			l.unreadByte()
			break
		}
		if b == '#' {
			h, err1 := l.readByte()
			lo, err2 := l.readByte()
			hv, ok1 := unhex(h)
			lv, ok2 := unhex(lo)
			if err1 == nil && err2 == nil && ok1 && ok2 {
				buf = append(buf, hv<<4|lv)
				continue
			}
			return token{}, fmt.Errorf("%w: bad #escape in a name", errSyntax)
		}
		buf = append(buf, b)
	}
	return token{kind: tName, s: string(buf)}, nil
}

func (l *lexer) literal() (token, error) {
	var buf []byte
	depth := 1
	for {
		b, err := l.readByte()
		if err != nil {
			return token{}, fmt.Errorf("%w: unterminated string", errSyntax)
		}
		switch b {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return token{kind: tString, b: buf}, nil
			}
		case '\r':
			// An end of line inside a string reads as one line feed.
			if c, err := l.readByte(); err == nil && c != '\n' {
				l.unreadByte()
			}
			b = '\n'
		case '\\':
			c, err := l.readByte()
			if err != nil {
				return token{}, fmt.Errorf("%w: unterminated string", errSyntax)
			}
			switch c {
			case 'n':
				b = '\n'
			case 'r':
				b = '\r'
			case 't':
				b = '\t'
			case 'b':
				b = '\b'
			case 'f':
				b = '\f'
			case '\r':
				if d, err := l.readByte(); err == nil && d != '\n' {
					l.unreadByte()
				}
				continue
			case '\n':
				continue
			default:
				if c >= '0' && c <= '7' {
					v := c - '0'
					for k := 0; k < 2; k++ {
						d, err := l.readByte()
						if err != nil {
							break
						}
						if d < '0' || d > '7' {
							l.unreadByte()
							break
						}
						v = v<<3 | (d - '0')
					}
					b = v
				} else {
					b = c
				}
			}
		}
		buf = append(buf, b)
	}
}

func (l *lexer) hex() (token, error) {
	var buf []byte
	var hi byte
	half := false
	for {
		b, err := l.readByte()
		if err != nil {
			return token{}, fmt.Errorf("%w: unterminated hex string", errSyntax)
		}
		if b == '>' {
			break
		}
		if isSpace(b) {
			continue
		}
		v, ok := unhex(b)
		if !ok {
			return token{}, fmt.Errorf("%w: bad hex string", errSyntax)
		}
		if half {
			buf = append(buf, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	if half {
		buf = append(buf, hi<<4)
	}
	return token{kind: tString, b: buf}, nil
}
