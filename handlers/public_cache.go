package handlers

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// PublicRecheck is how long a process serves its copy of a publication
// before it looks at the database's public_version counter again: a change
// committed through another process shows here within this bound (plus the
// one short query that looks). A change committed through this process
// shows at once (store.PublicChanges).
const PublicRecheck = 500 * time.Millisecond

// publicCacheSize bounds how many rendered publications a process keeps; a
// full cache is emptied and refills with what is read.
const publicCacheSize = 512

// publicCache holds rendered publications: the exact bytes of the 200, the
// ETag, and the counter they were rendered under. A copy is good while the
// counter is unchanged and, for a publication whose objection window is
// open, until the window closes (then objections_open and the ETag change).
type publicCache struct {
	mu       sync.RWMutex
	entries  map[int64]*renderedPublication
	version  int64     // public_version as last read
	changes  uint64    // store.PublicChanges when it was read
	readAt   time.Time // when it was read (monotonic clock)
	loaded   bool
	checking atomic.Bool
}

type renderedPublication struct {
	version int64
	body    []byte
	etag    string
	until   time.Time // zero: no window to close
}

type publicVersioner interface {
	PublicVersion(ctx context.Context) (int64, error)
	PublicChanges() uint64
}

// current is the public_version to serve under. It reads the database when
// this process committed a change since the last read (every caller waits
// for that read), or when the last read is older than PublicRecheck (one
// caller reads, the others go on with the previous value, which is at most
// PublicRecheck plus one query old).
func (pc *publicCache) current(ctx context.Context, st publicVersioner) (int64, error) {
	changes := st.PublicChanges()
	pc.mu.RLock()
	v, loaded, stale := pc.version, pc.loaded, time.Since(pc.readAt) >= PublicRecheck
	local := changes != pc.changes
	pc.mu.RUnlock()
	if loaded && !local {
		if !stale || !pc.checking.CompareAndSwap(false, true) {
			return v, nil // fresh, or another request is reading it
		}
		defer pc.checking.Store(false)
	}
	readAt := time.Now()
	nv, err := st.PublicVersion(ctx)
	if err != nil {
		return 0, err
	}
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if !pc.loaded || readAt.After(pc.readAt) {
		if nv != pc.version {
			clear(pc.entries)
		}
		pc.version, pc.changes, pc.readAt, pc.loaded = nv, changes, readAt, true
	}
	return nv, nil
}

// get is the copy of publication id rendered under version v, if it is
// still good at now.
func (pc *publicCache) get(id, v int64, now time.Time) *renderedPublication {
	pc.mu.RLock()
	defer pc.mu.RUnlock()
	r := pc.entries[id]
	if r == nil || r.version != v || (!r.until.IsZero() && !now.Before(r.until)) {
		return nil
	}
	return r
}

// put keeps r, rendered from rows read after public_version was r.version:
// a change committed after that read bumps the counter past r.version, so
// the copy is dropped at the next look.
func (pc *publicCache) put(id int64, r *renderedPublication) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	if r.version != pc.version {
		return // the counter moved while it was rendered
	}
	if pc.entries == nil || len(pc.entries) >= publicCacheSize {
		pc.entries = map[int64]*renderedPublication{}
	}
	pc.entries[id] = r
}
