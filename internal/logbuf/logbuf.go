// Package logbuf batches log lines in memory and writes them out together, so
// that a request's log line costs a copy instead of a write system call made
// while every other request waits on the logger's lock (the public read's
// profile showed most request goroutines blocked there, see
// docs/benchmarks.md).
//
// Lines reach the underlying writer within the flush interval, at once when
// the buffer fills, at once after a line at error level or above (Handler),
// and on Close. A process killed with SIGKILL loses at most one interval of
// lines; a panic's stack still goes straight to standard error.
package logbuf

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"time"
)

// Writer is an io.Writer that keeps what it is given until the next flush.
// It is safe for concurrent use; lines come out in the order they went in.
type Writer struct {
	out   io.Writer
	limit int

	mu  sync.Mutex // guards buf and closed
	buf []byte
	// flushing serializes writes to out, so batches keep their order; it is
	// never held while a caller appends.
	flushing sync.Mutex
	closed   bool
	err      error // the last write error of out, reported by Flush

	stop     chan struct{}
	stopOnce sync.Once
	done     chan struct{}
}

// New starts a Writer over out that flushes every interval, or as soon as
// limit bytes are waiting.
func New(out io.Writer, interval time.Duration, limit int) *Writer {
	w := &Writer{out: out, limit: limit, buf: make([]byte, 0, limit), stop: make(chan struct{}), done: make(chan struct{})}
	go w.loop(interval)
	return w
}

func (w *Writer) loop(interval time.Duration) {
	defer close(w.done)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			w.Flush()
		case <-w.stop:
			return
		}
	}
}

// Write copies p into the buffer; after Close it writes p through at once,
// after whatever Close flushed.
func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		w.flushing.Lock()
		defer w.flushing.Unlock()
		return w.out.Write(p)
	}
	w.buf = append(w.buf, p...)
	full := len(w.buf) >= w.limit
	w.mu.Unlock()
	if full {
		w.Flush()
	}
	return len(p), nil
}

// Flush writes out what is waiting and reports the last write error.
func (w *Writer) Flush() error {
	w.flushing.Lock()
	defer w.flushing.Unlock()
	w.flushLocked(false)
	return w.err
}

// flushLocked takes the waiting lines (and, when closing, marks the Writer
// closed in the same step, so no line can pass them) and writes them. The
// caller holds flushing.
func (w *Writer) flushLocked(closing bool) {
	w.mu.Lock()
	batch := w.buf
	if len(batch) > 0 {
		w.buf = make([]byte, 0, max(w.limit, len(batch)))
	}
	if closing {
		w.closed = true
	}
	w.mu.Unlock()
	if len(batch) > 0 {
		if _, err := w.out.Write(batch); err != nil {
			w.err = err
		}
	}
}

// Close stops the timer and flushes; later writes go straight through, in
// order after the flushed lines.
func (w *Writer) Close() error {
	w.mu.Lock()
	closed := w.closed
	w.mu.Unlock()
	if closed {
		return nil
	}
	w.stopOnce.Do(func() { close(w.stop) })
	<-w.done
	w.flushing.Lock()
	defer w.flushing.Unlock()
	w.flushLocked(true)
	return w.err
}

// Handler wraps a slog.Handler that writes to w: after a record at error
// level or above it flushes, so an error is on disk before anything else
// can go wrong.
func Handler(h slog.Handler, w *Writer) slog.Handler { return flushing{h, w} }

type flushing struct {
	slog.Handler
	w *Writer
}

func (f flushing) Handle(ctx context.Context, r slog.Record) error {
	err := f.Handler.Handle(ctx, r)
	if r.Level >= slog.LevelError {
		f.w.Flush()
	}
	return err
}

func (f flushing) WithAttrs(as []slog.Attr) slog.Handler {
	return flushing{f.Handler.WithAttrs(as), f.w}
}
func (f flushing) WithGroup(name string) slog.Handler {
	return flushing{f.Handler.WithGroup(name), f.w}
}
