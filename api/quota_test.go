package api_test

import (
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/store"
)

// pdfOfSize is a PDF (to the sniffer) of exactly n bytes.
func pdfOfSize(n int) []byte {
	head, tail := "%PDF-1.4\n", "\n%%EOF\n"
	return []byte(head + strings.Repeat("x", n-len(head)-len(tail)) + tail)
}

func withQuota(q store.FileQuota) testenv.Option { return func(d *apiDeps) { d.Quota = q } }

// TestParallelUploadsStayWithinTheQuota: a hundred parallel uploads to one
// draft were all accepted. Now the bytes of an entry, checked again under a
// lock where each file's row is written, never pass the quota; refused files
// leave no blob behind.
func TestParallelUploadsStayWithinTheQuota(t *testing.T) {
	s := testenv.NewServer(t, withQuota(store.FileQuota{FilesPerEntry: 100, BytesPerEntry: 5 << 20}))
	r, _, entry := fileSetup(t, s)
	data := pdfOfSize(1 << 20)
	codes := make(chan int, 30)
	var wg sync.WaitGroup
	for range 30 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes <- upload(s, r.ParticipantTok, entry, "supporting", "lampiran.pdf", data).Code
		}()
	}
	wg.Wait()
	close(codes)
	count := map[int]int{}
	for c := range codes {
		count[c]++
	}
	if count[201] != 5 || count[413] != 25 {
		t.Fatalf("30 parallel 1 MB uploads under a 5 MB quota: %v, want 5 x 201 and 25 x 413", count)
	}
	if n := fileRows(t, s); n != 5 {
		t.Fatalf("%d file rows", n)
	}
	if blobs := blobFiles(t, s); len(blobs) != 5 {
		t.Fatalf("%d blobs left for 5 files: %v", len(blobs), blobs)
	}
	res := upload(s, r.ParticipantTok, entry, "supporting", "kecil.pdf", pdfOfSize(1000))
	expect(t, res, 413, "payload_too_large", "one more byte than the quota")
	if !strings.Contains(res.ErrorCode()+string(res.Body), "5.0 MB") {
		t.Fatalf("the answer does not state the limit: %s", res.Body)
	}
}

// TestUploadQuotas: the count of files per entry, the bytes of an OPD and
// the bytes of an account nobody has verified are bounded, each with the
// limit in the answer; /settings tells them beforehand.
func TestUploadQuotas(t *testing.T) {
	q := store.FileQuota{FilesPerEntry: 3, BytesPerEntry: 50 << 20, BytesPerOrganization: 3 << 20, BytesPerUnverified: 2 << 20}
	s := testenv.NewServer(t, withQuota(q))
	r, comp, entry := fileSetup(t, s)
	mb := pdfOfSize(1 << 20)
	for i := range 2 {
		expect(t, upload(s, r.ParticipantTok, entry, "supporting", "a.pdf", mb), 201, "", "upload "+itoa(int64(i)))
	}
	expect(t, upload(s, r.ParticipantTok, entry, "supporting", "kecil.pdf", pdfOfSize(2000)), 201, "", "a third, small file")
	res := upload(s, r.ParticipantTok, entry, "supporting", "keempat.pdf", pdfOfSize(2000))
	expect(t, res, 409, "conflict", "a fourth file")
	if !strings.Contains(string(res.Body), "3 files") {
		t.Fatalf("the answer does not state the count: %s", res.Body)
	}
	// Another entry of the same OPD shares the OPD's 3 MB.
	other := testenv.ID(t, createEntry(t, s, r.ParticipantTok, comp, map[string]any{"title": "Lain"})["id"])
	expect(t, upload(s, r.ParticipantTok, other, "supporting", "b.pdf", mb), 413, "payload_too_large", "over the OPD's bytes")

	// An unverified stranger has 2 MB of their own, and does not use the OPD's.
	_, stranger := unverified(t, s, r.OPD.ID, "asing@example.com")
	mine := testenv.ID(t, createEntry(t, s, stranger, comp, map[string]any{"title": "Draf asing"})["id"])
	for i := range 2 {
		expect(t, upload(s, stranger, mine, "supporting", "c.pdf", mb), 201, "", "the stranger's upload "+itoa(int64(i)))
	}
	expect(t, upload(s, stranger, mine, "supporting", "d.pdf", pdfOfSize(2000)), 413, "payload_too_large", "over an unverified account's bytes")

	var got struct {
		Upload struct {
			Files        int   `json:"max_files_per_entry"`
			PerEntry     int64 `json:"max_bytes_per_entry"`
			PerOPD       int64 `json:"max_bytes_per_organization"`
			PerUnverfied int64 `json:"max_bytes_per_unverified"`
		} `json:"upload"`
	}
	s.Must(200, "GET", "/api/v1/settings", "", nil).JSON(t, &got)
	if u := got.Upload; u.Files != 3 || u.PerOPD != 3<<20 || u.PerUnverfied != 2<<20 || u.PerEntry != 50<<20 {
		t.Fatalf("settings %+v", u)
	}
}

// TestUploadsAreRateLimitedPerAccount: one account may run a few uploads at
// once and a bounded number a minute; past either it gets 429 with
// Retry-After, and other accounts are not slowed.
func TestUploadsAreRateLimitedPerAccount(t *testing.T) {
	s := testenv.NewServer(t, func(d *apiDeps) { d.UploadsPerMinute, d.UploadsAtOnce = 2, 1 })
	r, comp, entry := fileSetup(t, s)
	// One slow upload holds the account's only slot.
	ct, body := multipartBody(part{name: "kind", data: []byte("supporting")}, part{name: "file", filename: "lambat.pdf", data: testPDF("lambat")})
	pr, pw := io.Pipe()
	done := make(chan *testenv.Response)
	go func() { done <- s.Request("POST", entryPath(entry, "files"), r.ParticipantTok, ct, pr) }()
	if _, err := pw.Write(body[:len(body)/2]); err != nil {
		t.Fatal(err)
	}
	res := upload(s, r.ParticipantTok, entry, "supporting", "kedua.pdf", testPDF("kedua"))
	wantRefused(t, res, "a second upload at once")
	pw.Write(body[len(body)/2:])
	pw.Close()
	expect(t, <-done, 201, "", "the slow upload")
	// The bucket holds ten (the burst), then one every 30 seconds.
	n := 1
	for ; n < 20; n++ {
		if res = upload(s, r.ParticipantTok, entry, "supporting", "lagi.pdf", testPDF("lagi")); res.Code != 201 {
			break
		}
	}
	if n > 10 {
		t.Fatalf("%d uploads before the limit", n)
	}
	wantRefused(t, res, "an upload past the account's rate")
	_, colleague := s.User("participant", &r.OPD.ID)
	theirs := testenv.ID(t, createEntry(t, s, colleague, comp, map[string]any{"title": "Milik rekan"})["id"])
	expect(t, upload(s, colleague, theirs, "supporting", "rekan.pdf", testPDF("rekan")), 201, "", "another account meanwhile")
}
