// Package blob stores uploaded files. The interface is small enough for an
// S3-compatible backend: an upload is written under a temporary name and
// committed in one step, so a reader never sees half a file and an aborted
// upload leaves nothing behind.
package blob

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// ErrNotFound is a key with no blob.
var ErrNotFound = errors.New("blob not found")

// Store keeps blobs by key.
type Store interface {
	// Create starts an upload that becomes key on Commit.
	Create(ctx context.Context, key string) (Upload, error)
	// Open returns the blob for reading with seeking (for Range requests).
	Open(ctx context.Context, key string) (Object, error)
	// Delete removes key; deleting a missing key is not an error.
	Delete(ctx context.Context, key string) error
}

// Upload is a blob being written.
type Upload interface {
	io.Writer
	// Commit makes the bytes visible under the key, durably.
	Commit() error
	// Abort throws the bytes away; it is safe after Commit (then it does nothing).
	Abort() error
}

// Object is a stored blob opened for reading.
type Object interface {
	io.ReadSeekCloser
	Size() int64
	ModTime() time.Time
}

// NewKey makes a server-side key under prefix; client names never reach it.
func NewKey(prefix string) string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return prefix + "/" + hex.EncodeToString(b)
}

// Local keeps blobs as files under a directory.
type Local struct {
	Dir string
}

// NewLocal returns a local store rooted at dir, creating it.
func NewLocal(dir string) (*Local, error) {
	if err := os.MkdirAll(filepath.Join(dir, ".tmp"), 0o750); err != nil {
		return nil, fmt.Errorf("blob directory: %w", err)
	}
	return &Local{Dir: dir}, nil
}

// path maps a key to a file, refusing keys that could leave the directory.
func (l *Local) path(key string) (string, error) {
	if key == "" || strings.Contains(key, "..") || strings.HasPrefix(key, "/") || strings.ContainsAny(key, "\\\x00") {
		return "", fmt.Errorf("invalid blob key %q", key)
	}
	return filepath.Join(l.Dir, filepath.FromSlash(key)), nil
}

// Create writes into a temporary file beside the blobs (same file system, so
// the final rename is atomic).
func (l *Local) Create(_ context.Context, key string) (Upload, error) {
	dst, err := l.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(filepath.Join(l.Dir, ".tmp"), "upload-*")
	if err != nil {
		return nil, err
	}
	return &localUpload{f: f, dst: dst}, nil
}

type localUpload struct {
	f    *os.File
	dst  string
	done bool
}

func (u *localUpload) Write(p []byte) (int, error) { return u.f.Write(p) }

func (u *localUpload) Commit() error {
	if u.done {
		return errors.New("upload already finished")
	}
	if err := u.f.Sync(); err != nil {
		u.Abort()
		return err
	}
	if err := u.f.Close(); err != nil {
		u.Abort()
		return err
	}
	if err := os.MkdirAll(filepath.Dir(u.dst), 0o750); err != nil {
		os.Remove(u.f.Name())
		return err
	}
	if err := os.Rename(u.f.Name(), u.dst); err != nil {
		os.Remove(u.f.Name())
		return err
	}
	u.done = true
	return nil
}

func (u *localUpload) Abort() error {
	if u.done {
		return nil
	}
	u.done = true
	u.f.Close()
	return os.Remove(u.f.Name())
}

// Open opens the blob's file.
func (l *Local) Open(_ context.Context, key string) (Object, error) {
	p, err := l.path(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	return &localObject{File: f, size: st.Size(), mod: st.ModTime()}, nil
}

type localObject struct {
	*os.File
	size int64
	mod  time.Time
}

func (o *localObject) Size() int64        { return o.size }
func (o *localObject) ModTime() time.Time { return o.mod }

// Delete removes the blob's file.
func (l *Local) Delete(_ context.Context, key string) error {
	p, err := l.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// CleanTemp removes temporary files older than age, left by a process that
// died in the middle of an upload.
func (l *Local) CleanTemp(age time.Duration) (int, error) {
	dir := filepath.Join(l.Dir, ".tmp")
	ents, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range ents {
		info, err := e.Info()
		if err == nil && time.Since(info.ModTime()) > age {
			if os.Remove(filepath.Join(dir, e.Name())) == nil {
				n++
			}
		}
	}
	return n, nil
}
