package blob

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Local keeps blobs as files under a directory; unfinished uploads live in
// its .tmp directory.
type Local struct {
	Dir string
}

// localTemp is the directory of unfinished uploads, inside Dir so the final
// rename stays on one file system and is atomic.
const localTemp = ".tmp"

// NewLocal returns a local store rooted at dir, creating it.
func NewLocal(dir string) (*Local, error) {
	if err := os.MkdirAll(filepath.Join(dir, localTemp), 0o750); err != nil {
		return nil, fmt.Errorf("blob directory: %w", err)
	}
	return &Local{Dir: dir}, nil
}

// path maps a key to a file, refusing keys that could leave the directory.
func (l *Local) path(key string) (string, error) {
	if err := checkKey(key); err != nil {
		return "", err
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
	f, err := os.CreateTemp(filepath.Join(l.Dir, localTemp), "upload-*")
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

func (u *localUpload) Write(p []byte) (int, error) {
	if u.done {
		return 0, errors.New("upload already finished")
	}
	return u.f.Write(p)
}

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
	u.done = true
	if err := os.MkdirAll(filepath.Dir(u.dst), 0o750); err != nil {
		os.Remove(u.f.Name())
		return err
	}
	if err := os.Rename(u.f.Name(), u.dst); err != nil {
		os.Remove(u.f.Name())
		return err
	}
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

// Keys walks the directory, leaving out unfinished uploads.
func (l *Local) Keys(ctx context.Context, prefix string) ([]string, error) {
	var keys []string
	err := filepath.WalkDir(l.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, _ := filepath.Rel(l.Dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel == localTemp {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(rel, prefix) {
			keys = append(keys, rel)
		}
		return nil
	})
	return keys, err
}

// Temps lists the files in the temporary directory, aged by their last write.
func (l *Local) Temps(_ context.Context) ([]Temp, error) {
	ents, err := os.ReadDir(filepath.Join(l.Dir, localTemp))
	if err != nil {
		return nil, err
	}
	var out []Temp
	for _, e := range ents {
		info, err := e.Info()
		if err != nil {
			continue // removed since the listing: not a leftover
		}
		out = append(out, Temp{ID: e.Name(), Started: info.ModTime()})
	}
	return out, nil
}

// RemoveTemp removes one temporary file.
func (l *Local) RemoveTemp(_ context.Context, t Temp) error {
	if t.ID == "" || t.ID != filepath.Base(t.ID) || strings.ContainsAny(t.ID, `/\`) || t.ID == ".." {
		return fmt.Errorf("invalid temporary upload %q", t.ID)
	}
	err := os.Remove(filepath.Join(l.Dir, localTemp, t.ID))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// Ready checks that the directory of unfinished uploads is still there.
func (l *Local) Ready(_ context.Context) error {
	st, err := os.Stat(filepath.Join(l.Dir, localTemp))
	if err != nil {
		return fmt.Errorf("blob directory: %w", err)
	}
	if !st.IsDir() {
		return fmt.Errorf("blob directory: %s is not a directory", filepath.Join(l.Dir, localTemp))
	}
	return nil
}
