// Package fakes3 runs a real S3 protocol server for tests: gofakes3 with its
// in-memory backend, served over HTTP on a free loopback port, so the S3 blob
// backend is tested through minio-go's wire protocol (signing, multipart
// uploads, ranged GETs, listings), not against a stub.
package fakes3

import (
	"fmt"
	"io"
	"log"
	"net/http/httptest"
	"testing"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// Credentials the server is addressed with. gofakes3 does not check
// signatures, but the client signs every request all the same.
const (
	AccessKey = "juri-test-access-key"
	SecretKey = "juri-test-secret-key-0123456789"
)

// Server is one fake S3 endpoint.
type Server struct {
	// Endpoint is host:port, as JURI_BLOB_URL's endpoint parameter takes it.
	Endpoint string
	// Backend holds the buckets; tests may create buckets in it directly.
	Backend *s3mem.Backend
	http    *httptest.Server
}

// New starts a server with one bucket per name given.
func New(buckets ...string) (*Server, error) {
	s := &Server{Backend: s3mem.New()}
	for _, b := range buckets {
		if err := s.Backend.CreateBucket(b); err != nil {
			return nil, fmt.Errorf("create bucket %s: %w", b, err)
		}
	}
	s.http = httptest.NewUnstartedServer(gofakes3.New(s.Backend).Server())
	// gofakes3 writes some error headers twice; net/http's complaint about
	// it is noise in test output.
	s.http.Config.ErrorLog = log.New(io.Discard, "", 0)
	s.http.Start()
	s.Endpoint = s.http.Listener.Addr().String()
	return s, nil
}

// Start starts a server with the given buckets that stops when the test ends.
func Start(tb testing.TB, buckets ...string) *Server {
	tb.Helper()
	s, err := New(buckets...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(s.Close)
	return s
}

// Close stops the server.
func (s *Server) Close() { s.http.Close() }
