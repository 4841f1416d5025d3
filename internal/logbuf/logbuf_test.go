package logbuf_test

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/juri-id/juri/internal/logbuf"
)

// lockedBuffer is what the Writer writes to; it counts the writes it gets.
type lockedBuffer struct {
	mu     sync.Mutex
	b      bytes.Buffer
	writes int
	fail   error
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.writes++
	if l.fail != nil {
		return 0, l.fail
	}
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestLinesKeepTheirOrderAndNoneIsLost(t *testing.T) {
	out := &lockedBuffer{}
	w := logbuf.New(out, time.Millisecond, 512) // small: many flushes race the writers
	const writers, lines = 8, 500
	var wg sync.WaitGroup
	for g := range writers {
		wg.Go(func() {
			for i := range lines {
				fmt.Fprintf(w, "g%d %d\n", g, i)
			}
		})
	}
	wg.Wait()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	next := make([]int, writers)
	got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(got) != writers*lines {
		t.Fatalf("%d lines written, want %d", len(got), writers*lines)
	}
	for _, l := range got {
		var g, i int
		if _, err := fmt.Sscanf(l, "g%d %d", &g, &i); err != nil {
			t.Fatalf("a torn line %q: %v", l, err)
		}
		if i != next[g] {
			t.Fatalf("writer %d: line %d came after line %d", g, i, next[g]-1)
		}
		next[g]++
	}
	if out.writes >= writers*lines {
		t.Fatalf("%d writes for %d lines: nothing was batched", out.writes, writers*lines)
	}
}

func TestFlushedWithinTheInterval(t *testing.T) {
	out := &lockedBuffer{}
	w := logbuf.New(out, 20*time.Millisecond, 1<<16)
	defer w.Close()
	fmt.Fprintln(w, "one line")
	if s := out.String(); s != "" {
		t.Fatalf("written before any flush: %q", s)
	}
	deadline := time.Now().Add(5 * time.Second)
	for out.String() != "one line\n" {
		if time.Now().After(deadline) {
			t.Fatal("the line never reached the output")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestAFullBufferIsWrittenAtOnce(t *testing.T) {
	out := &lockedBuffer{}
	w := logbuf.New(out, time.Hour, 10)
	defer w.Close()
	fmt.Fprintln(w, "0123456789")
	if out.String() != "0123456789\n" {
		t.Fatalf("a full buffer waited: %q", out.String())
	}
}

func TestErrorLinesAreFlushedAtOnce(t *testing.T) {
	out := &lockedBuffer{}
	w := logbuf.New(out, time.Hour, 1<<16)
	defer w.Close()
	log := slog.New(logbuf.Handler(slog.NewTextHandler(w, nil), w)).With("service", "juri").WithGroup("req")
	log.Info("request", "status", 200)
	if out.String() != "" {
		t.Fatalf("an info line was written at once: %q", out.String())
	}
	log.Error("request", "status", 500)
	s := out.String()
	if !strings.Contains(s, "status=200") || !strings.Contains(s, "req.status=500") || !strings.Contains(s, "service=juri") {
		t.Fatalf("after an error line the output holds %q", s)
	}
}

func TestCloseFlushesAndLaterWritesGoThrough(t *testing.T) {
	out := &lockedBuffer{}
	w := logbuf.New(out, time.Hour, 1<<16)
	fmt.Fprintln(w, "before")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal("a second Close:", err)
	}
	fmt.Fprintln(w, "after")
	if out.String() != "before\nafter\n" {
		t.Fatalf("got %q", out.String())
	}
}

// Lines written while Close runs come after the lines it flushes: the
// shutdown's last lines are the ones read after an incident.
func TestLinesWrittenDuringCloseKeepTheirOrder(t *testing.T) {
	for range 100 {
		out := &lockedBuffer{}
		w := logbuf.New(out, time.Hour, 1<<20)
		started, done := make(chan struct{}), make(chan struct{})
		go func() {
			defer close(done)
			for i := range 5000 {
				if i == 100 {
					close(started)
				}
				fmt.Fprintf(w, "%d\n", i)
			}
		}()
		<-started // Close lands while lines are still being written
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		<-done
		for i, l := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
			if l != fmt.Sprint(i) {
				t.Fatalf("line %d is %q: a line written during Close passed the buffered ones", i, l)
			}
		}
	}
}

func TestWriteErrorsAreReported(t *testing.T) {
	out := &lockedBuffer{fail: errors.New("disk full")}
	w := logbuf.New(out, time.Hour, 1<<16)
	fmt.Fprintln(w, "lost")
	if err := w.Close(); err == nil || err.Error() != "disk full" {
		t.Fatalf("Close answered %v", err)
	}
}

// BenchmarkRequestLine is one request's log line from many goroutines at
// once, straight to a file and through the Writer: what differs is one
// system call per line, made while the handler holds its lock.
func BenchmarkRequestLine(b *testing.B) {
	f, err := os.Create(b.TempDir() + "/juri.log")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	line := func(log *slog.Logger) {
		log.Info("request", "request_id", "01JZ8Q4K2M", "method", "GET", "path", "/api/v1/public/publications/7",
			"status", 304, "duration_ms", 0.21, "bytes", 0, "ip", "10.1.2.3")
	}
	b.Run("direct", func(b *testing.B) {
		log := slog.New(slog.NewJSONHandler(f, nil))
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				line(log)
			}
		})
	})
	b.Run("buffered", func(b *testing.B) {
		w := logbuf.New(f, 200*time.Millisecond, 64<<10)
		defer w.Close()
		log := slog.New(logbuf.Handler(slog.NewJSONHandler(w, nil), w))
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				line(log)
			}
		})
	})
}
