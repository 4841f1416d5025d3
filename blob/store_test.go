package blob

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// This file is the one suite every Store passes: TestStore runs each case
// against the local directory and against the S3 backend talking to a real S3
// protocol server (s3_test.go).

// backend makes fresh, empty stores of one kind.
type backend struct {
	name string
	open func(t *testing.T) Store
}

func backends() []backend {
	return []backend{
		{"local", func(t *testing.T) Store {
			l, err := NewLocal(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			return l
		}},
		{"s3", func(t *testing.T) Store { return newTestS3(t, nil) }},
	}
}

// big is past two S3 parts of the test size, so an S3 upload of it has a
// multipart upload in progress before it is committed.
const big = 2*MinPartSize + 12345

var storeCases = []struct {
	name string
	run  func(t *testing.T, s Store)
}{
	{"commit makes the bytes visible", testCommit},
	{"sizes", testSizes},
	{"ranges", testRanges},
	{"ranges through http.ServeContent", testServeContent},
	{"abort leaves nothing", testAbort},
	{"a failing reader leaves nothing", testFailingReader},
	{"a cancelled upload leaves nothing", testCancelled},
	{"delete", testDelete},
	{"concurrent uploads", testConcurrent},
	{"large upload in bounded memory", testLarge},
	{"unfinished uploads are listed and swept", testTemps},
	{"keys are checked", testBadKeys},
	{"ready", func(t *testing.T, s Store) {
		if err := s.Ready(context.Background()); err != nil {
			t.Fatal(err)
		}
	}},
}

func TestStore(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			for _, c := range storeCases {
				t.Run(c.name, func(t *testing.T) { c.run(t, b.open(t)) })
			}
		})
	}
}

// random returns n reproducible pseudo-random bytes.
func random(n int, seed uint64) []byte {
	b := make([]byte, n)
	_, _ = gen(seed).Read(b)
	return b
}

// gen is an endless reader of pseudo-random bytes.
func gen(seed uint64) io.Reader {
	var s [32]byte
	binary.LittleEndian.PutUint64(s[:], seed)
	return rand.NewChaCha8(s)
}

// put uploads data in writes of 64 KiB, as the upload handler does, and commits.
func put(t *testing.T, s Store, key string, data []byte) {
	t.Helper()
	up, err := s.Create(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	for rest := data; len(rest) > 0; {
		n := min(len(rest), 64<<10)
		if _, err := up.Write(rest[:n]); err != nil {
			t.Fatalf("write: %v", err)
		}
		rest = rest[n:]
	}
	if err := up.Commit(); err != nil {
		t.Fatalf("commit %s: %v", key, err)
	}
}

// get reads a blob whole.
func get(t *testing.T, s Store, key string) []byte {
	t.Helper()
	o, err := s.Open(context.Background(), key)
	if err != nil {
		t.Fatalf("open %s: %v", key, err)
	}
	defer o.Close()
	b, err := io.ReadAll(o)
	if err != nil {
		t.Fatalf("read %s: %v", key, err)
	}
	if o.Size() != int64(len(b)) {
		t.Fatalf("Size() %d, read %d bytes", o.Size(), len(b))
	}
	return b
}

// empty fails unless the store holds no blob and no unfinished upload.
func empty(t *testing.T, s Store, what string) {
	t.Helper()
	ctx := context.Background()
	keys, err := s.Keys(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	temps, err := s.Temps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 0 || len(temps) != 0 {
		t.Errorf("%s left blobs %v and unfinished uploads %v", what, keys, temps)
	}
}

func testCommit(t *testing.T, s Store) {
	ctx := context.Background()
	key := NewKey("entries/7")
	data := random(300<<10, 1)
	up, err := s.Create(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	for _, chunk := range [][]byte{data[:1], data[1 : 100<<10], data[100<<10:]} {
		if n, err := up.Write(chunk); err != nil || n != len(chunk) {
			t.Fatalf("write: %d, %v", n, err)
		}
	}
	if _, err := s.Open(ctx, key); !errors.Is(err, ErrNotFound) {
		t.Fatalf("an uncommitted upload is visible: %v", err)
	}
	if keys, _ := s.Keys(ctx, ""); len(keys) != 0 {
		t.Fatalf("an uncommitted upload is listed: %v", keys)
	}
	before := time.Now()
	if err := up.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := up.Abort(); err != nil {
		t.Fatalf("abort after commit: %v", err)
	}
	if _, err := up.Write([]byte("x")); err == nil {
		t.Error("a write after commit was accepted")
	}
	if err := up.Commit(); err == nil {
		t.Error("a second commit was accepted")
	}
	o, err := s.Open(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(o)
	o.Close()
	if sha256.Sum256(got) != sha256.Sum256(data) || o.Size() != int64(len(data)) {
		t.Fatalf("read back %d bytes, size %d; want the %d bytes written", len(got), o.Size(), len(data))
	}
	if m := o.ModTime(); m.Before(before.Add(-time.Minute)) || m.After(time.Now().Add(time.Minute)) {
		t.Errorf("ModTime %v, committed at %v", m, before)
	}
	if keys, _ := s.Keys(ctx, "entries/"); !slices.Equal(keys, []string{key}) {
		t.Errorf("Keys(entries/) = %v, want [%s]", keys, key)
	}
	if keys, _ := s.Keys(ctx, "entries/8"); len(keys) != 0 {
		t.Errorf("Keys(entries/8) = %v", keys)
	}
	if temps, _ := s.Temps(ctx); len(temps) != 0 {
		t.Errorf("a committed upload is still listed as unfinished: %v", temps)
	}
}

// testSizes writes sizes around the S3 backend's edges: the small buffer, one
// part (a single PUT) and a part and a byte (a multipart upload).
func testSizes(t *testing.T, s Store) {
	for i, n := range []int{0, 1, smallBuffer - 1, smallBuffer, smallBuffer + 1, MinPartSize, MinPartSize + 1, big} {
		key := fmt.Sprintf("sizes/%d", n)
		data := random(n, uint64(i))
		put(t, s, key, data)
		if got := get(t, s, key); !bytes.Equal(got, data) {
			t.Errorf("size %d: read back %d bytes that differ", n, len(got))
		}
	}
}

func testRanges(t *testing.T, s Store) {
	data := random(3<<20+17, 2)
	put(t, s, "r/k", data)
	o, err := s.Open(context.Background(), "r/k")
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	size := int64(len(data))
	for _, tc := range []struct {
		name   string
		off    int64
		whence int
		n      int
		want   []byte
	}{
		{"start", 0, io.SeekStart, 10, data[:10]},
		{"middle", 1<<20 + 500<<10, io.SeekStart, 100, data[1<<20+500<<10 : 1<<20+500<<10+100]},
		{"across a read window", 1<<20 - 5, io.SeekStart, 10, data[1<<20-5 : 1<<20+5]},
		{"back to an earlier point", 3, io.SeekStart, 4, data[3:7]},
		{"relative to the current position", 100, io.SeekCurrent, 5, data[107:112]},
		{"suffix", -6, io.SeekEnd, 6, data[size-6:]},
		{"suffix asked too long", -6, io.SeekEnd, 100, data[size-6:]},
		{"a large span", 17, io.SeekStart, 2<<20 + 3, data[17 : 17+2<<20+3]},
	} {
		pos, err := o.Seek(tc.off, tc.whence)
		if err != nil {
			t.Fatalf("%s: seek: %v", tc.name, err)
		}
		got, err := io.ReadAll(io.LimitReader(o, int64(tc.n)))
		if err != nil || !bytes.Equal(got, tc.want) {
			t.Errorf("%s: at %d read %d bytes (%v), want %d", tc.name, pos, len(got), err, len(tc.want))
		}
	}
	if pos, err := o.Seek(0, io.SeekEnd); err != nil || pos != size {
		t.Errorf("seek to the end: %d, %v", pos, err)
	}
	for _, past := range []int64{size, size + 10} {
		if _, err := o.Seek(past, io.SeekStart); err != nil {
			t.Fatal(err)
		}
		if n, err := o.Read(make([]byte, 10)); n != 0 || err != io.EOF {
			t.Errorf("read at %d (size %d): %d, %v; want 0, EOF", past, size, n, err)
		}
	}
	if _, err := o.Seek(-1, io.SeekStart); err == nil {
		t.Error("a negative position was accepted")
	}
}

// testServeContent sends Range requests through http.ServeContent, as the
// download handler does.
func testServeContent(t *testing.T, s Store) {
	data := random(2<<20+5, 3)
	put(t, s, "r/served", data)
	n := len(data)
	for _, tc := range []struct {
		rng    string
		status int
		want   []byte
	}{
		{"", 200, data},
		{"bytes=0-9", 206, data[:10]},
		{"bytes=1048570-1048580", 206, data[1048570:1048581]},
		{"bytes=-6", 206, data[n-6:]},
		{fmt.Sprintf("bytes=%d-", n-3), 206, data[n-3:]},
		{fmt.Sprintf("bytes=%d-%d", n-3, n+100), 206, data[n-3:]},
		{fmt.Sprintf("bytes=%d-", n+5), 416, nil},
	} {
		o, err := s.Open(context.Background(), "r/served")
		if err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest("GET", "/content", nil)
		if tc.rng != "" {
			req.Header.Set("Range", tc.rng)
		}
		w := httptest.NewRecorder()
		w.Header().Set("Content-Type", "application/pdf") // as the download handler does
		http.ServeContent(w, req, "", o.ModTime(), o)
		o.Close()
		if w.Code != tc.status || (tc.want != nil && !bytes.Equal(w.Body.Bytes(), tc.want)) {
			t.Errorf("Range %q: %d with %d bytes, want %d with %d", tc.rng, w.Code, w.Body.Len(), tc.status, len(tc.want))
		}
	}
	// Two ranges come back as multipart/byteranges.
	o, _ := s.Open(context.Background(), "r/served")
	defer o.Close()
	req := httptest.NewRequest("GET", "/content", nil)
	req.Header.Set("Range", "bytes=0-1,2000000-2000002")
	w := httptest.NewRecorder()
	http.ServeContent(w, req, "", o.ModTime(), o)
	body := w.Body.String()
	if w.Code != 206 || !strings.Contains(body, string(data[:2])) || !strings.Contains(body, string(data[2000000:2000003])) {
		t.Errorf("two ranges: %d, %d bytes", w.Code, len(body))
	}
}

func testAbort(t *testing.T, s Store) {
	ctx := context.Background()
	for i, n := range []int{10, big} {
		key := NewKey("entries/1")
		up, err := s.Create(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := up.Write(random(n, uint64(i))); err != nil {
			t.Fatal(err)
		}
		if err := up.Abort(); err != nil {
			t.Fatalf("abort after %d bytes: %v", n, err)
		}
		if err := up.Abort(); err != nil {
			t.Fatalf("second abort: %v", err)
		}
		if err := up.Commit(); err == nil {
			t.Fatal("commit after abort succeeded")
		}
		if _, err := s.Open(ctx, key); !errors.Is(err, ErrNotFound) {
			t.Fatalf("aborted blob opens: %v", err)
		}
		empty(t, s, fmt.Sprintf("an aborted upload of %d bytes", n))
	}
}

// failAfter gives n bytes, then fails as a dropped connection does.
type failAfter struct {
	r io.Reader
	n int64
}

var errDropped = errors.New("connection reset by peer")

func (f *failAfter) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errDropped
	}
	n, err := f.r.Read(p[:min(int64(len(p)), f.n)])
	f.n -= int64(n)
	return n, err
}

// testFailingReader copies from a body that breaks after parts were sent,
// then aborts as the upload handler does on any error.
func testFailingReader(t *testing.T, s Store) {
	up, err := s.Create(context.Background(), NewKey("entries/2"))
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.CopyBuffer(up, &failAfter{r: gen(4), n: big}, make([]byte, 64<<10))
	if !errors.Is(err, errDropped) || n != big {
		t.Fatalf("copy: %d, %v", n, err)
	}
	if err := up.Abort(); err != nil {
		t.Fatal(err)
	}
	empty(t, s, "an upload whose body broke")
}

// testCancelled ends the upload's context half way, as a client that goes
// away does; the abort must still clean up.
func testCancelled(t *testing.T, s Store) {
	ctx, cancel := context.WithCancel(context.Background())
	up, err := s.Create(ctx, NewKey("entries/3"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := up.Write(random(big, 5)); err != nil {
		t.Fatal(err)
	}
	cancel()
	// A backend may notice the cancellation at once or only at Commit.
	up.Write(random(MinPartSize, 6))
	if err := up.Commit(); err == nil {
		// Local files do not watch the context; then the blob is simply there.
		if _, ok := s.(*Local); !ok {
			t.Fatal("commit succeeded after the context ended")
		}
		return
	}
	if err := up.Abort(); err != nil {
		t.Fatal(err)
	}
	empty(t, s, "a cancelled upload")
}

func testDelete(t *testing.T, s Store) {
	ctx := context.Background()
	put(t, s, "entries/4/a", []byte("one"))
	put(t, s, "entries/4/b", []byte("two"))
	if err := s.Delete(ctx, "entries/4/a"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Open(ctx, "entries/4/a"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleted blob opens: %v", err)
	}
	if err := s.Delete(ctx, "entries/4/a"); err != nil {
		t.Fatalf("deleting a missing key: %v", err)
	}
	if keys, _ := s.Keys(ctx, ""); !slices.Equal(keys, []string{"entries/4/b"}) {
		t.Fatalf("keys after delete: %v", keys)
	}
	if string(get(t, s, "entries/4/b")) != "two" {
		t.Fatal("the other blob changed")
	}
}

func testConcurrent(t *testing.T, s Store) {
	const n = 8
	want := map[string][32]byte{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			key := fmt.Sprintf("c/%d", i)
			data := random(i*(MinPartSize/3)+1, uint64(100+i))
			up, err := s.Create(context.Background(), key)
			if err != nil {
				errs <- err
				return
			}
			for rest := data; len(rest) > 0; {
				k := min(len(rest), 64<<10)
				if _, err := up.Write(rest[:k]); err != nil {
					errs <- err
					return
				}
				rest = rest[k:]
			}
			if i%3 == 2 {
				if err := up.Abort(); err != nil {
					errs <- err
				}
				return
			}
			if err := up.Commit(); err != nil {
				errs <- err
				return
			}
			mu.Lock()
			want[key] = sha256.Sum256(data)
			mu.Unlock()
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	keys, err := s.Keys(context.Background(), "c/")
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != len(want) {
		t.Fatalf("keys %v, want %d committed", keys, len(want))
	}
	for _, k := range keys {
		if sum, ok := want[k]; !ok || sha256.Sum256(get(t, s, k)) != sum {
			t.Errorf("%s: not one of the committed blobs, or other bytes", k)
		}
	}
	if temps, _ := s.Temps(context.Background()); len(temps) != 0 {
		t.Errorf("unfinished uploads after concurrent ones: %v", temps)
	}
}

// testLarge streams 40 MiB from a generator and counts what the process
// allocates meanwhile: far less than the file, so it was never held whole.
// The S3 server runs in another process (s3_test.go), so only the client's
// allocations are counted.
func testLarge(t *testing.T, s Store) {
	const size = 40 << 20
	const bound = 16 << 20
	buf := make([]byte, 64<<10)
	sum := sha256.New()
	src := io.TeeReader(io.LimitReader(gen(7), size), sum)

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	up, err := s.Create(context.Background(), "large/k")
	if err != nil {
		t.Fatal(err)
	}
	if n, err := io.CopyBuffer(up, src, buf); err != nil || n != size {
		t.Fatalf("copy: %d, %v", n, err)
	}
	if err := up.Commit(); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if a := after.TotalAlloc - before.TotalAlloc; a > bound {
		t.Errorf("a %d MiB upload allocated %.1f MiB, want under %d MiB", size>>20, float64(a)/(1<<20), bound>>20)
	} else {
		t.Logf("a %d MiB upload allocated %.1f MiB", size>>20, float64(a)/(1<<20))
	}

	runtime.GC()
	runtime.ReadMemStats(&before)
	o, err := s.Open(context.Background(), "large/k")
	if err != nil {
		t.Fatal(err)
	}
	back := sha256.New()
	n, err := io.CopyBuffer(back, o, buf)
	o.Close()
	runtime.ReadMemStats(&after)
	if err != nil || n != size || !bytes.Equal(back.Sum(nil), sum.Sum(nil)) {
		t.Fatalf("read back %d bytes (%v), SHA-256 equal: %v", n, err, bytes.Equal(back.Sum(nil), sum.Sum(nil)))
	}
	if a := after.TotalAlloc - before.TotalAlloc; a > bound {
		t.Errorf("reading %d MiB allocated %.1f MiB, want under %d MiB", size>>20, float64(a)/(1<<20), bound>>20)
	} else {
		t.Logf("reading it back allocated %.1f MiB", float64(a)/(1<<20))
	}
}

func testTemps(t *testing.T, s Store) {
	ctx := context.Background()
	key := NewKey("entries/9")
	started := time.Now()
	up, err := s.Create(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := up.Write(random(big, 8)); err != nil {
		t.Fatal(err)
	}
	put(t, s, "entries/9/done", []byte("committed"))
	temps, err := s.Temps(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(temps) != 1 || temps[0].ID == "" || temps[0].Started.Before(started.Add(-time.Minute)) || temps[0].Started.After(time.Now().Add(time.Minute)) {
		t.Fatalf("temps %+v, want the one upload started at %v", temps, started)
	}
	if temps[0].Key != "" && temps[0].Key != key {
		t.Errorf("temp key %q, want %q or none", temps[0].Key, key)
	}
	// Within the grace period the upload may be running: it stays.
	if n, err := SweepTemps(ctx, s, time.Hour, time.Now()); n != 0 || err != nil {
		t.Fatalf("sweep within the grace period removed %d (%v)", n, err)
	}
	if got, _ := s.Temps(ctx); len(got) != 1 {
		t.Fatalf("temps after a sweep that should keep them: %v", got)
	}
	// Two hours on, it is a leftover.
	if n, err := SweepTemps(ctx, s, time.Hour, time.Now().Add(2*time.Hour)); n != 1 || err != nil {
		t.Fatalf("sweep after the grace period removed %d (%v)", n, err)
	}
	if got, _ := s.Temps(ctx); len(got) != 0 {
		t.Fatalf("temps after the sweep: %v", got)
	}
	if err := s.RemoveTemp(ctx, temps[0]); err != nil {
		t.Errorf("removing a temp already gone: %v", err)
	}
	// A swept upload cannot be committed after all.
	if err := up.Commit(); err == nil {
		t.Error("a swept upload was committed")
	}
	up.Abort()
	if _, err := s.Open(ctx, key); !errors.Is(err, ErrNotFound) {
		t.Errorf("swept upload opens: %v", err)
	}
	if keys, _ := s.Keys(ctx, ""); !slices.Equal(keys, []string{"entries/9/done"}) {
		t.Errorf("the sweep touched committed blobs: %v", keys)
	}
}

func testBadKeys(t *testing.T, s Store) {
	ctx := context.Background()
	for _, bad := range []string{"../x", "/etc/passwd", "a/../../b", "", "a\\b", "a\x00b"} {
		if _, err := s.Create(ctx, bad); err == nil {
			t.Errorf("Create(%q) accepted", bad)
		}
		if _, err := s.Open(ctx, bad); err == nil || errors.Is(err, ErrNotFound) {
			t.Errorf("Open(%q): %v", bad, err)
		}
		if err := s.Delete(ctx, bad); err == nil {
			t.Errorf("Delete(%q) accepted", bad)
		}
	}
	if err := s.RemoveTemp(ctx, Temp{ID: "../../etc", Key: "../x"}); err == nil {
		t.Error("RemoveTemp of a path outside the store accepted")
	}
}
