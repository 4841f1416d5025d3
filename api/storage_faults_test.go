package api_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/juri-id/juri/api"
	"github.com/juri-id/juri/blob"
	"github.com/juri-id/juri/internal/testenv"
)

// faultyBlobs is a blob store that fails the way a disk or a bucket does:
// creating an upload (the directory cannot be written), writing its bytes
// (the disk fills up half-way) or committing it (fsync finds no room).
// Everything else passes through to the store beneath, whose state the test
// then inspects.
type faultyBlobs struct {
	blob.Store
	mu   sync.Mutex
	op   string // "create", "write", "commit" or "" for none
	errn syscall.Errno
}

func (f *faultyBlobs) set(op string, errn syscall.Errno) {
	f.mu.Lock()
	f.op, f.errn = op, errn
	f.mu.Unlock()
}

func (f *faultyBlobs) fault() (string, syscall.Errno) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.op, f.errn
}

func (f *faultyBlobs) Create(ctx context.Context, key string) (blob.Upload, error) {
	op, errn := f.fault()
	if op == "create" {
		return nil, &os.PathError{Op: "open", Path: ".tmp/upload-1", Err: errn}
	}
	up, err := f.Store.Create(ctx, key)
	if err != nil {
		return nil, err
	}
	return &faultyUpload{Upload: up, op: op, errn: errn}, nil
}

type faultyUpload struct {
	blob.Upload
	op      string
	errn    syscall.Errno
	written int
}

// Write lets the first 4 KiB through, as a disk with a little room left does.
func (u *faultyUpload) Write(p []byte) (int, error) {
	if u.op == "write" && u.written+len(p) > 4096 {
		n, _ := u.Upload.Write(p[:4096-u.written])
		u.written += n
		return n, &os.PathError{Op: "write", Path: ".tmp/upload-1", Err: u.errn}
	}
	n, err := u.Upload.Write(p)
	u.written += n
	return n, err
}

// Commit fails as blob.Local's does when fsync fails: the temporary file is
// removed and the error returned.
func (u *faultyUpload) Commit() error {
	if u.op == "commit" {
		u.Upload.Abort()
		return &os.PathError{Op: "sync", Path: ".tmp/upload-1", Err: u.errn}
	}
	return u.Upload.Commit()
}

// TestUploadWhenStorageFails: a disk that fills up, a directory that cannot
// be written or a storage that fails otherwise never turns an upload into a
// 500 nor blames the client: the answer is 507 insufficient_storage for a
// full disk and 503 unavailable otherwise, in the contract's shape with
// Retry-After, and no row, no blob and no temporary file is left. Once the
// fault is gone the same upload lands, without a restart.
func TestUploadWhenStorageFails(t *testing.T) {
	onEachBackend(t, testUploadWhenStorageFails)
}

func testUploadWhenStorageFails(t *testing.T, backend ...testenv.Option) {
	faulty := &faultyBlobs{}
	wrap := func(d *api.Deps) { faulty.Store = d.Blobs; d.Blobs = faulty }
	s := testenv.NewServer(t, append(backend, wrap)...)
	r, _, entry := fileSetup(t, s)
	pdf := paddedPDF(300 << 10)
	cases := []struct {
		op     string
		errn   syscall.Errno
		status int
		code   string
	}{
		{"write", syscall.ENOSPC, 507, "insufficient_storage"},
		{"commit", syscall.ENOSPC, 507, "insufficient_storage"},
		{"write", syscall.EDQUOT, 507, "insufficient_storage"},
		{"create", syscall.ENOSPC, 507, "insufficient_storage"},
		{"create", syscall.EACCES, 503, "unavailable"},
		{"create", syscall.EROFS, 503, "unavailable"},
		{"write", syscall.EIO, 503, "unavailable"},
		{"commit", syscall.EIO, 503, "unavailable"},
	}
	before, rows := blobFiles(t, s), fileRows(t, s)
	for _, tc := range cases {
		what := fmt.Sprintf("%s failing with %v", tc.op, tc.errn)
		faulty.set(tc.op, tc.errn)
		res := upload(s, r.ParticipantTok, entry, "proposal", "proposal.pdf", pdf)
		if res.Code != tc.status || res.ErrorCode() != tc.code || res.Header.Get("Retry-After") == "" {
			t.Errorf("%s: answered %d %s (Retry-After %q), want %d %s", what, res.Code, res.Body, res.Header.Get("Retry-After"), tc.status, tc.code)
		}
		noTrace(t, s, what, before, rows)
	}
	faulty.set("", 0)
	res := upload(s, r.ParticipantTok, entry, "proposal", "proposal.pdf", pdf)
	if res.Code != 201 {
		t.Fatalf("upload once the storage is back: %d %s", res.Code, res.Body)
	}
	got := s.Request("GET", "/api/v1/files/"+itoa(testenv.ID(t, res.Map(t)["id"]))+"/content", r.ParticipantTok, "", nil)
	if got.Code != 200 || !bytes.Equal(got.Body, pdf) {
		t.Fatalf("the file uploaded after the fault reads back %d, %d bytes", got.Code, len(got.Body))
	}
}

// mountTmpfs mounts a tmpfs of size (e.g. "1m") at a new directory, and
// unmounts it when the test ends. It skips the test where mounting is not
// allowed (not root, or no CAP_SYS_ADMIN in the container).
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput()
	if err != nil {
		t.Skipf("cannot mount a small tmpfs here to fill a real disk (needs root with CAP_SYS_ADMIN): %v %s", err, strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	return dir
}

func remount(t *testing.T, dir, opts string) {
	t.Helper()
	if out, err := exec.Command("mount", "-o", "remount,"+opts, dir).CombinedOutput(); err != nil {
		t.Fatalf("remount %s %s: %v %s", dir, opts, err, out)
	}
}

// TestUploadOntoAFullDisk fills a real file system: the blob directory is a
// 1 MiB tmpfs and the upload 1.5 MiB, so the kernel answers ENOSPC half-way.
// Then the file system turns read-only (EROFS at the first write). Each
// answer is in the contract's shape, nothing is left on the disk or in the
// database, and once there is room the upload lands.
func TestUploadOntoAFullDisk(t *testing.T) {
	dir := mountTmpfs(t, "1m")
	local, err := blob.NewLocal(filepath.Join(dir, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	s := testenv.NewServer(t, func(d *api.Deps) { d.Blobs = local })
	r, _, entry := fileSetup(t, s)
	pdf := paddedPDF(1536 << 10)
	before, rows := blobFiles(t, s), fileRows(t, s)

	res := upload(s, r.ParticipantTok, entry, "proposal", "proposal.pdf", pdf)
	if res.Code != 507 || res.ErrorCode() != "insufficient_storage" {
		t.Errorf("upload onto a full disk: %d %s", res.Code, res.Body)
	}
	noTrace(t, s, "the full disk", before, rows)
	if ents, _ := os.ReadDir(filepath.Join(dir, "blobs", ".tmp")); len(ents) != 0 {
		t.Errorf("the full disk kept %d temporary files", len(ents))
	}
	if r := s.Do("GET", "/readyz", "", nil); r.Code != 200 {
		t.Errorf("a full disk is still a ready server (reads work): /readyz %d", r.Code)
	}

	remount(t, dir, "ro")
	res = upload(s, r.ParticipantTok, entry, "proposal", "proposal.pdf", testPDF("kecil"))
	if res.Code != 503 || res.ErrorCode() != "unavailable" {
		t.Errorf("upload onto a read-only file system: %d %s", res.Code, res.Body)
	}
	noTrace(t, s, "the read-only disk", before, rows)

	remount(t, dir, "rw,size=4m")
	res = upload(s, r.ParticipantTok, entry, "proposal", "proposal.pdf", pdf)
	if res.Code != 201 {
		t.Fatalf("upload once there is room: %d %s", res.Code, res.Body)
	}
	if _, err := os.Stat(filepath.Join(dir, "blobs", ".tmp")); errors.Is(err, os.ErrNotExist) {
		t.Fatal("the temporary directory vanished")
	}
}
