package testenv

import (
	"testing"

	"github.com/juri-id/juri/api"
	"github.com/juri-id/juri/blob"
	"github.com/juri-id/juri/internal/fakes3"
)

// S3Blobs makes the server keep uploaded files in a bucket of a real S3
// protocol server started for the test (gofakes3 over HTTP on a free port),
// with the smallest part size S3 allows so that files over 5 MiB go as
// multipart uploads. Server.BlobDir is then empty: ask Deps.Blobs what it
// holds (Keys, Temps).
func S3Blobs(t testing.TB) Option {
	t.Helper()
	srv := fakes3.Start(t, "juri-test")
	s3, err := blob.NewS3(blob.S3Config{Endpoint: srv.Endpoint, Bucket: "juri-test", Region: "us-east-1", Prefix: "juri/",
		AccessKey: fakes3.AccessKey, SecretKey: fakes3.SecretKey, PartSize: blob.MinPartSize})
	if err != nil {
		t.Fatalf("s3 blobs: %v", err)
	}
	return func(d *api.Deps) { d.Blobs = s3 }
}
