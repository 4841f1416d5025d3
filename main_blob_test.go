package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/juri-id/juri/blob"
	"github.com/juri-id/juri/config"
	"github.com/juri-id/juri/internal/fakes3"
)

// TestBlobStoreFromURL wires JURI_BLOB_URL to the store it names: an s3://
// URL to a bucket on a real S3 protocol server, file:// to a directory, and a
// bucket that is not there stops start-up naming the variable.
func TestBlobStoreFromURL(t *testing.T) {
	srv := fakes3.Start(t, "juri-main")
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	s3Vars := func(bucket string) map[string]string {
		return map[string]string{
			"JURI_DATA_DIR":      t.TempDir(),
			"JURI_BLOB_URL":      "s3://" + bucket + "?endpoint=" + srv.Endpoint + "&secure=false&region=us-east-1&prefix=kab",
			"JURI_S3_ACCESS_KEY": fakes3.AccessKey, "JURI_S3_SECRET_KEY": fakes3.SecretKey,
		}
	}

	cfg, err := config.Load(envOf(s3Vars("juri-main")))
	if err != nil {
		t.Fatal(err)
	}
	blobs, err := openBlobs(cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := blobs.(*blob.S3); !ok {
		t.Fatalf("an s3:// URL opened a %T", blobs)
	}
	up, _ := blobs.Create(context.Background(), "entries/1/k")
	up.Write([]byte("%PDF-1.4"))
	if err := up.Commit(); err != nil {
		t.Fatal(err)
	}
	// The object is in the bucket, under the prefix.
	obj, err := srv.Backend.GetObject("juri-main", "kab/entries/1/k", nil)
	if err != nil {
		t.Fatalf("object not in the bucket under the prefix: %v", err)
	}
	got, _ := io.ReadAll(obj.Contents)
	if string(got) != "%PDF-1.4" {
		t.Fatalf("bucket holds %q", got)
	}

	dir := t.TempDir()
	cfg, err = config.Load(envOf(map[string]string{"JURI_DATA_DIR": t.TempDir(), "JURI_BLOB_URL": "file://" + dir}))
	if err != nil {
		t.Fatal(err)
	}
	if blobs, err = openBlobs(cfg, log); err != nil {
		t.Fatal(err)
	}
	if l, ok := blobs.(*blob.Local); !ok || l.Dir != dir {
		t.Fatalf("a file:// URL opened %#v", blobs)
	}

	var out bytes.Buffer
	err = run(nil, envOf(s3Vars("no-such-bucket")), nil, &out, &out)
	if err == nil || !strings.HasPrefix(err.Error(), "JURI_BLOB_URL") || !strings.Contains(err.Error(), "no-such-bucket") {
		t.Fatalf("start-up on a missing bucket: %v", err)
	}
	if strings.Contains(out.String(), "listening") {
		t.Fatalf("the server started on a missing bucket: %s", out.String())
	}
}
