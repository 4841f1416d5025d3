package blob

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func files(t *testing.T, dir string) []string {
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return nil
	})
	return out
}

func TestLocalCommitAbortOpenDelete(t *testing.T) {
	dir := t.TempDir()
	l, err := NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	key := NewKey("entries/7")
	up, _ := l.Create(ctx, key)
	io.WriteString(up, "half")
	if _, err := l.Open(ctx, key); err != ErrNotFound {
		t.Fatal("an uncommitted upload is visible")
	}
	if err := up.Commit(); err != nil {
		t.Fatal(err)
	}
	up.Abort() // after commit: nothing happens
	o, err := l.Open(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(o)
	o.Close()
	if string(b) != "half" || o.Size() != 4 {
		t.Fatalf("read %q", b)
	}

	aborted, _ := l.Create(ctx, NewKey("entries/7"))
	io.WriteString(aborted, "never")
	aborted.Abort()
	if got := files(t, dir); len(got) != 1 {
		t.Fatalf("files after abort: %v", got)
	}
	if err := l.Delete(ctx, key); err != nil || len(files(t, dir)) != 0 {
		t.Fatal("delete")
	}
	if err := l.Delete(ctx, key); err != nil {
		t.Fatal("deleting a missing key")
	}
	for _, bad := range []string{"../x", "/etc/passwd", "a/../../b", "", "a\\b"} {
		if _, err := l.Create(ctx, bad); err == nil {
			t.Errorf("key %q accepted", bad)
		}
	}
	stale, _ := l.Create(ctx, NewKey("entries/8"))
	io.WriteString(stale, "x")
	old := time.Now().Add(-2 * time.Hour)
	os.Chtimes(stale.(*localUpload).f.Name(), old, old)
	if n, _ := l.CleanTemp(time.Hour); n != 1 {
		t.Fatalf("CleanTemp removed %d", n)
	}
}
