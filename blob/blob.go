// Package blob stores uploaded files, in a local directory (Local) or in an
// S3-compatible bucket (S3). The interface is what both can promise: an upload
// is written under a temporary name and committed in one step, so a reader
// never sees half a file and an aborted upload leaves nothing behind; an upload
// a crashed process left unfinished can be listed and removed later.
package blob

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// ErrNotFound is a key with no blob.
var ErrNotFound = errors.New("blob not found")

// Store keeps blobs by key.
type Store interface {
	// Create starts an upload that becomes key on Commit. ctx bounds the
	// writes and the commit; an abort is carried out even after ctx ends.
	Create(ctx context.Context, key string) (Upload, error)
	// Open returns the blob for reading with seeking (for Range requests).
	Open(ctx context.Context, key string) (Object, error)
	// Delete removes key; deleting a missing key is not an error.
	Delete(ctx context.Context, key string) error
	// Keys lists the committed blobs whose keys begin with prefix, in no
	// particular order: an inventory to compare with the files table.
	Keys(ctx context.Context, prefix string) ([]string, error)
	// Temps lists uploads that were started and neither committed nor
	// aborted. Uploads in progress right now (in this process or another) are
	// among them: only those older than a grace period are leftovers.
	Temps(ctx context.Context) ([]Temp, error)
	// RemoveTemp throws an unfinished upload away; one already gone is not
	// an error.
	RemoveTemp(ctx context.Context, t Temp) error
	// Ready checks cheaply that the storage answers, for readiness probes.
	Ready(ctx context.Context) error
}

// Upload is a blob being written, by one goroutine.
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

// Temp is an unfinished upload as Temps lists it.
type Temp struct {
	// ID names the upload to its backend (a temporary file, a multipart
	// upload id).
	ID string
	// Key is the key it would have become, where the backend knows it.
	Key string
	// Started is when the upload began (S3) or was last written to (Local):
	// either way a running upload is younger than the grace period.
	Started time.Time
}

// SweepTemps removes the unfinished uploads that started more than grace
// before now: those of a process that died in the middle of an upload. grace
// must exceed the longest an upload may run (the server's read timeout), since
// other processes' uploads in progress are listed too. It returns how many it
// removed; it goes on past a failed removal and reports the first error.
func SweepTemps(ctx context.Context, s Store, grace time.Duration, now time.Time) (int, error) {
	temps, err := s.Temps(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	var first error
	for _, t := range temps {
		if now.Sub(t.Started) <= grace {
			continue
		}
		if err := s.RemoveTemp(ctx, t); err != nil {
			if first == nil {
				first = err
			}
			continue
		}
		n++
	}
	return n, first
}

// NewKey makes a server-side key under prefix; client names never reach it.
func NewKey(prefix string) string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return prefix + "/" + hex.EncodeToString(b)
}

// checkKey refuses keys that could leave the store's directory or prefix, the
// same on every backend so a key valid on one is valid on all.
func checkKey(key string) error {
	if key == "" || strings.Contains(key, "..") || strings.HasPrefix(key, "/") || strings.ContainsAny(key, "\\\x00") {
		return fmt.Errorf("invalid blob key %q", key)
	}
	return nil
}
