package api_test

import (
	"os"
	"testing"

	"github.com/juri-id/juri/internal/testenv"
)

// TestReadinessChecksFileStorage: a server whose file storage is gone is not
// ready, even with its database up.
func TestReadinessChecksFileStorage(t *testing.T) {
	s := testenv.NewServer(t)
	s.Must(200, "GET", "/readyz", "", nil)
	if s.BlobDir == "" {
		t.Skip("the blobs are in S3 for this run")
	}
	if err := os.RemoveAll(s.BlobDir); err != nil {
		t.Fatal(err)
	}
	r := s.Do("GET", "/readyz", "", nil)
	if r.Code != 503 || r.ErrorCode() != "unavailable" {
		t.Fatalf("readyz without the blob directory: %d %s", r.Code, r.Body)
	}
	s.Must(200, "GET", "/healthz", "", nil)
}
