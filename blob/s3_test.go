package blob

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/juri-id/juri/internal/fakes3"
)

// The S3 tests talk to gofakes3 over HTTP. It runs in a child process (this
// test binary again, started by TestMain's caller with childEnv set) so that
// the memory the server spends holding objects does not count against the
// client's allocations that testLarge measures.
const childEnv = "JURI_BLOB_TEST_FAKES3"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		serveChild()
		return
	}
	code := m.Run()
	stopChild()
	os.Exit(code)
}

// serveChild runs the fake server until its parent closes standard input.
func serveChild() {
	srv, err := fakes3.New()
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	fmt.Println(srv.Endpoint)
	_, _ = io.Copy(io.Discard, os.Stdin)
	srv.Close()
	os.Exit(0)
}

var child struct {
	once     sync.Once
	cmd      *exec.Cmd
	stdin    io.WriteCloser
	endpoint string
	err      error
}

func childEndpoint(t *testing.T) string {
	child.once.Do(func() {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childEnv+"=1")
		cmd.Stderr = os.Stderr
		stdin, err := cmd.StdinPipe()
		if err != nil {
			child.err = err
			return
		}
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			child.err = err
			return
		}
		if child.err = cmd.Start(); child.err != nil {
			return
		}
		child.cmd, child.stdin = cmd, stdin
		line, err := bufio.NewReader(stdout).ReadString('\n')
		line = strings.TrimSpace(line)
		if err != nil || strings.HasPrefix(line, "error:") || line == "" {
			child.err = fmt.Errorf("fake S3 server did not start: %q %v", line, err)
			return
		}
		child.endpoint = line
	})
	if child.err != nil {
		t.Fatal(child.err)
	}
	return child.endpoint
}

func stopChild() {
	if child.cmd != nil {
		child.stdin.Close()
		_ = child.cmd.Wait()
	}
}

// newTestS3 makes a store on a fresh bucket of the child's server, with the
// smallest part size S3 allows and a prefix given without its slash.
func newTestS3(t *testing.T, transport http.RoundTripper) *S3 {
	t.Helper()
	return newTestS3Prefix(t, transport, makeBucket(t, childEndpoint(t)), "juri")
}

func newTestS3Prefix(t *testing.T, transport http.RoundTripper, bucket, prefix string) *S3 {
	t.Helper()
	s, err := NewS3(S3Config{Endpoint: childEndpoint(t), Bucket: bucket, Prefix: prefix, Region: "us-east-1",
		AccessKey: fakes3.AccessKey, SecretKey: fakes3.SecretKey, PartSize: MinPartSize, Transport: transport})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func makeBucket(t *testing.T, endpoint string) string {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "juri-test-" + hex.EncodeToString(b)
	c, err := minio.New(endpoint, &minio.Options{Creds: credentials.NewStaticV4(fakes3.AccessKey, fakes3.SecretKey, ""), Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.MakeBucket(context.Background(), name, minio.MakeBucketOptions{}); err != nil {
		t.Fatalf("make bucket: %v", err)
	}
	return name
}

// counter records the GET requests a store sends and the body bytes their
// answers declare.
type counter struct {
	base        http.RoundTripper
	gets, bytes atomic.Int64
	// fail, when set, decides to lose the answer to a request after the
	// server has carried it out.
	fail func(*http.Request) bool
}

func (c *counter) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := c.base.RoundTrip(r)
	if err == nil && c.fail != nil && c.fail(r) {
		resp.Body.Close()
		return nil, errors.New("connection reset by peer")
	}
	if err == nil && r.Method == http.MethodGet && r.URL.Query().Get("uploads") == "" && resp.ContentLength > 0 {
		c.gets.Add(1)
		c.bytes.Add(resp.ContentLength)
	}
	return resp, err
}

func newCounter() *counter { return &counter{base: http.DefaultTransport.(*http.Transport).Clone()} }

// TestS3RangeFetchesOnlyAWindow: a Range request for a few bytes of a large
// object transfers one read window, not the object.
func TestS3RangeFetchesOnlyAWindow(t *testing.T) {
	cnt := newCounter()
	s := newTestS3(t, cnt)
	data := random(12<<20, 11)
	put(t, s, "big/k", data)

	o, err := s.Open(context.Background(), "big/k")
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Range", "bytes=6000000-6000099")
	w := httptest.NewRecorder()
	w.Header().Set("Content-Type", "application/pdf") // as the handler does: no sniffing read
	http.ServeContent(w, req, "", o.ModTime(), o)
	o.Close()
	if w.Code != 206 || w.Body.String() != string(data[6000000:6000100]) {
		t.Fatalf("range: %d, %d bytes", w.Code, w.Body.Len())
	}
	if got := cnt.bytes.Load(); got > firstWindow {
		t.Errorf("a 100-byte range of a 12 MiB object fetched %d bytes", got)
	}

	// A whole download takes a few growing windows.
	cnt.gets.Store(0)
	cnt.bytes.Store(0)
	if got := get(t, s, "big/k"); string(got) != string(data) {
		t.Fatal("whole read differs")
	}
	if g, b := cnt.gets.Load(), cnt.bytes.Load(); b != int64(len(data)) || g > 5 {
		t.Errorf("a whole read took %d GETs for %d bytes; want at most 5 for %d", g, b, len(data))
	}
}

// TestS3LostCommitAnswer: CompleteMultipartUpload succeeds on the server but
// its answer is lost. Commit reports the failure, and no object is left that
// no row will ever name.
func TestS3LostCommitAnswer(t *testing.T) {
	for _, tc := range []struct {
		name string
		size int
		lose func(*http.Request) bool
	}{
		{"single PUT", 1000, func(r *http.Request) bool { return r.Method == http.MethodPut && r.URL.Query().Get("partNumber") == "" }},
		{"multipart", big, func(r *http.Request) bool { return r.Method == http.MethodPost && r.URL.Query().Get("uploadId") != "" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cnt := newCounter()
			s := newTestS3(t, cnt)
			var lost atomic.Bool
			cnt.fail = func(r *http.Request) bool { return tc.lose(r) && lost.CompareAndSwap(false, true) }
			up, _ := s.Create(context.Background(), "entries/1/k")
			if _, err := up.Write(random(tc.size, 12)); err != nil {
				t.Fatal(err)
			}
			err := up.Commit()
			if !lost.Load() {
				t.Fatal("the answer was never lost: the test did not test")
			}
			if err == nil {
				// minio-go retried and the retry succeeded: then the blob
				// must be whole.
				if got := get(t, s, "entries/1/k"); len(got) != tc.size {
					t.Fatalf("committed after a retry with %d bytes", len(got))
				}
				t.Log("minio-go's retry committed the blob")
				return
			}
			t.Logf("commit failed: %v", err)
			up.Abort()
			empty(t, s, "a commit whose answer was lost")
		})
	}
}

// TestS3Prefixes: stores on one bucket with different prefixes do not see
// each other's blobs or unfinished uploads; an empty prefix sees all.
func TestS3Prefixes(t *testing.T) {
	bucket := makeBucket(t, childEndpoint(t))
	a := newTestS3Prefix(t, nil, bucket, "/a")
	b := newTestS3Prefix(t, nil, bucket, "b/")
	all := newTestS3Prefix(t, nil, bucket, "")
	put(t, a, "entries/1/x", []byte("a"))
	put(t, b, "entries/1/x", []byte("b"))
	up, _ := a.Create(context.Background(), "entries/2/y")
	up.Write(random(big, 13))
	defer up.Abort()
	if string(get(t, a, "entries/1/x")) != "a" || string(get(t, b, "entries/1/x")) != "b" {
		t.Fatal("prefixes mixed up")
	}
	ka, _ := a.Keys(context.Background(), "")
	kall, _ := all.Keys(context.Background(), "")
	slices.Sort(kall)
	if !slices.Equal(ka, []string{"entries/1/x"}) || !slices.Equal(kall, []string{"a/entries/1/x", "b/entries/1/x"}) {
		t.Fatalf("keys: a %v, all %v", ka, kall)
	}
	ta, _ := a.Temps(context.Background())
	tb, _ := b.Temps(context.Background())
	if len(ta) != 1 || ta[0].Key != "entries/2/y" || len(tb) != 0 {
		t.Fatalf("temps: a %v, b %v", ta, tb)
	}
}

func TestS3ReadyAndConfig(t *testing.T) {
	s := newTestS3Prefix(t, nil, "no-such-bucket", "")
	if err := s.Ready(context.Background()); err == nil || !strings.Contains(err.Error(), "no-such-bucket") {
		t.Errorf("Ready on a missing bucket: %v", err)
	}
	for _, cfg := range []S3Config{
		{Endpoint: "localhost:9000"},
		{Bucket: "b"},
		{Endpoint: "localhost:9000", Bucket: "b", PartSize: MinPartSize - 1},
		{Endpoint: "http://localhost:9000", Bucket: "b"},
	} {
		if _, err := NewS3(cfg); err == nil {
			t.Errorf("NewS3(%+v) accepted", cfg)
		}
	}
}
