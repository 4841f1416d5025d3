package load

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// server answers the shapes the client must read: a body with a length, a
// chunked body, a 304 without a body, and an answer that closes the
// connection.
func server(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/len", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v1"`)
		_, _ = w.Write([]byte(`{"version":3}`))
	})
	mux.HandleFunc("/chunked", func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i < 3; i++ {
			_, _ = w.Write([]byte(strings.Repeat("x", 5000)))
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/304", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		_, _ = w.Write([]byte("full"))
	})
	mux.HandleFunc("/close", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Connection", "close")
		_, _ = w.Write([]byte("bye"))
	})
	mux.HandleFunc("/post", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != "PUT" || r.Header.Get("Content-Type") != "application/json" {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		w.WriteHeader(http.StatusConflict)
	})
	s := httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func TestClientReadsEveryShape(t *testing.T) {
	s := server(t)
	addr := strings.TrimPrefix(s.URL, "http://")
	c := &Client{Addr: addr}
	defer c.Close()
	for i := 0; i < 2; i++ { // twice: the connection is reused
		st, err := c.Do(Request("GET", addr, "/len", nil), true)
		if err != nil || st != 200 || string(c.Body) != `{"version":3}` || c.HeaderValue("etag") != `"v1"` {
			t.Fatalf("/len: %d %q %q %v", st, c.Body, c.HeaderValue("etag"), err)
		}
		st, err = c.Do(Request("GET", addr, "/chunked", nil), true)
		if err != nil || st != 200 || len(c.Body) != 15000 {
			t.Fatalf("/chunked: %d, %d bytes, %v", st, len(c.Body), err)
		}
		st, err = c.Do(Request("GET", addr, "/304", nil, "If-None-Match", `"v1"`), true)
		if err != nil || st != 304 || len(c.Body) != 0 {
			t.Fatalf("/304: %d %q %v", st, c.Body, err)
		}
		st, err = c.Do(Request("PUT", addr, "/post", []byte(`{}`)), false)
		if err != nil || st != 409 {
			t.Fatalf("/post: %d %v", st, err)
		}
		st, err = c.Do(Request("GET", addr, "/close", nil), true)
		if err != nil || st != 200 || string(c.Body) != "bye" || c.conn != nil {
			t.Fatalf("/close: %d %q, connection kept: %v, %v", st, c.Body, c.conn != nil, err)
		}
	}
}

func TestRunCountsAndMeasures(t *testing.T) {
	s := server(t)
	addr := strings.TrimPrefix(s.URL, "http://")
	req := Request("GET", addr, "/304", nil, "If-None-Match", `"v1"`)
	r, err := Run(context.Background(), Scenario{Name: "t", Clients: 4, Duration: 200 * time.Millisecond, Addr: addr, Min: 2,
		Do: func(i int, c *Client) (int, error) { return c.Do(req, false) }})
	if err != nil {
		t.Fatal(err)
	}
	if r.Requests < 8 || r.Status[304] != r.Requests || r.OK() != r.Requests || r.Errors != 0 {
		t.Fatalf("%d requests, statuses %v, %d errors", r.Requests, r.Status, r.Errors)
	}
	if r.RPS() <= 0 || r.Quantile(0.5) <= 0 || r.Quantile(0.5) > r.Quantile(0.99) || r.Quantile(0.99) > r.Quantile(1) {
		t.Fatalf("rps %.1f, p50 %v, p99 %v, max %v", r.RPS(), r.Quantile(0.5), r.Quantile(0.99), r.Quantile(1))
	}
}

func TestMedian(t *testing.T) {
	if m := Median([]float64{3, 1, 2}); m != 2 {
		t.Fatalf("median of 3 1 2 = %v", m)
	}
	if m := Median([]float64{4, 1, 2, 3}); m != 2.5 {
		t.Fatalf("median of 4 1 2 3 = %v", m)
	}
}
