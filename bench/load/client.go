// Package load drives HTTP load from Go, without any outside tool: a lean
// HTTP/1.1 keep-alive client (one connection per simulated client, requests
// written from prepared bytes, bodies read into a reused buffer), a
// closed-loop runner that keeps N clients busy for a fixed time, and the
// statistics the benchmarks report (requests per second, p50, p95, p99,
// answers by status).
//
// The client is deliberately small, so that on a 2-core machine the load
// generator takes as little CPU as possible from the server it measures;
// net/http's client costs several times more per request. It speaks just
// enough HTTP/1.1 for Juri and the baselines: Content-Length and chunked
// bodies, keep-alive, "Connection: close".
package load

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"time"
)

// Client is one keep-alive connection to Addr, dialled lazily from Local
// (nil: any). After Do, Body holds the answer's body when it was kept, and
// Header the raw header block.
type Client struct {
	Addr   string
	Local  net.IP
	conn   net.Conn
	br     *bufio.Reader
	Body   []byte
	Header []byte
}

// Close drops the connection; the next Do dials again.
func (c *Client) Close() {
	if c.conn != nil {
		c.conn.Close()
		c.conn, c.br = nil, nil
	}
}

func (c *Client) dial() error {
	d := net.Dialer{Timeout: 5 * time.Second}
	if c.Local != nil {
		d.LocalAddr = &net.TCPAddr{IP: c.Local}
	}
	conn, err := d.Dial("tcp", c.Addr)
	if err != nil {
		return err
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetNoDelay(true)
	}
	c.conn, c.br = conn, bufio.NewReaderSize(conn, 64<<10)
	return nil
}

// Do sends the prepared request and reads the answer. keep says whether to
// keep the body in c.Body (otherwise it is read and dropped). A transport
// error closes the connection.
func (c *Client) Do(req []byte, keep bool) (int, error) {
	if c.conn == nil {
		if err := c.dial(); err != nil {
			return 0, err
		}
	}
	status, err := c.roundTrip(req, keep)
	if err != nil {
		c.Close()
	}
	return status, err
}

var errMalformed = errors.New("malformed HTTP answer")

func (c *Client) roundTrip(req []byte, keep bool) (int, error) {
	if err := c.conn.SetDeadline(time.Now().Add(60 * time.Second)); err != nil {
		return 0, err
	}
	if _, err := c.conn.Write(req); err != nil {
		return 0, err
	}
	line, err := c.br.ReadSlice('\n')
	if err != nil {
		return 0, err
	}
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) {
		return 0, errMalformed
	}
	status, err := strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, errMalformed
	}
	length, chunked, closing := -1, false, false
	c.Header = c.Header[:0]
	for {
		h, err := c.br.ReadSlice('\n')
		if err != nil {
			return 0, err
		}
		if len(h) <= 2 {
			break
		}
		c.Header = append(c.Header, h...)
		name, value, ok := bytes.Cut(h, []byte(":"))
		if !ok {
			return 0, errMalformed
		}
		value = bytes.TrimSpace(value)
		switch {
		case asciiEqualFold(name, "Content-Length"):
			if length, err = strconv.Atoi(string(value)); err != nil {
				return 0, errMalformed
			}
		case asciiEqualFold(name, "Transfer-Encoding"):
			chunked = asciiEqualFold(value, "chunked")
		case asciiEqualFold(name, "Connection"):
			closing = asciiEqualFold(value, "close")
		}
	}
	c.Body = c.Body[:0]
	switch {
	case status == 304 || status == 204 || status < 200:
	case chunked:
		err = c.readChunked(keep)
	case length >= 0:
		err = c.readN(length, keep)
	default:
		return 0, errMalformed // reading to EOF is not needed for Juri
	}
	if err != nil {
		return 0, err
	}
	if closing {
		c.Close()
	}
	return status, nil
}

func (c *Client) readN(n int, keep bool) error {
	if !keep {
		_, err := c.br.Discard(n)
		return err
	}
	start := len(c.Body)
	c.Body = append(c.Body, make([]byte, n)...)
	_, err := io.ReadFull(c.br, c.Body[start:])
	return err
}

func (c *Client) readChunked(keep bool) error {
	for {
		line, err := c.br.ReadSlice('\n')
		if err != nil {
			return err
		}
		sizeText, _, _ := bytes.Cut(bytes.TrimSpace(line), []byte(";"))
		size, err := strconv.ParseInt(string(sizeText), 16, 64)
		if err != nil {
			return errMalformed
		}
		if size == 0 {
			for { // trailers, then the empty line
				t, err := c.br.ReadSlice('\n')
				if err != nil {
					return err
				}
				if len(t) <= 2 {
					return nil
				}
			}
		}
		if err := c.readN(int(size), keep); err != nil {
			return err
		}
		if _, err := c.br.Discard(2); err != nil {
			return err
		}
	}
}

func asciiEqualFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range len(b) {
		x, y := b[i], s[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// HeaderValue returns the value of header name in the last answer.
func (c *Client) HeaderValue(name string) string {
	for _, h := range bytes.Split(c.Header, []byte("\r\n")) {
		if n, v, ok := bytes.Cut(h, []byte(":")); ok && asciiEqualFold(n, name) {
			return string(bytes.TrimSpace(v))
		}
	}
	return ""
}

// Request builds the bytes of one request. headers come in pairs (name,
// value); a body gets a Content-Length and a JSON Content-Type.
func Request(method, host, path string, body []byte, headers ...string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: juri-bench\r\nAccept: */*\r\n", method, path, host)
	for i := 0; i+1 < len(headers); i += 2 {
		fmt.Fprintf(&b, "%s: %s\r\n", headers[i], headers[i+1])
	}
	if body != nil {
		fmt.Fprintf(&b, "Content-Type: application/json\r\nContent-Length: %d\r\n", len(body))
	}
	b.WriteString("\r\n")
	b.Write(body)
	return b.Bytes()
}
