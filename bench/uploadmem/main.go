// Command uploadmem measures the resident memory of the real juri binary
// while it receives one large upload: it starts the server on a fresh data
// directory (SQLite, demo off), creates an admin with `juri admin create`,
// creates an OPD, a participant, an open competition and a draft entry
// through the API, then samples VmRSS of the server from /proc/<pid>/status
// every 20 ms before and during `curl -F file=@big -F kind=proposal`.
//
// Usage:
//
//	go build -o /tmp/juri . && go run ./bench/uploadmem [-bin /tmp/juri] [-mb 200] [-runs 3] [-login]
//
// Each run uses a new server process and data directory. Baseline RSS is the
// median of the samples of the last second before the upload starts; peak is
// the largest sample from the start of curl until 300 ms after it ends;
// growth = peak - baseline. VmHWM (the kernel's own high-water mark) is
// printed beside it as a cross-check of the 20 ms sampling. The big file is
// created once in the temporary directory and removed at the end.
//
// Tokens: by default the program signs access tokens itself with the JWT
// secret it gave the server, so the server never runs argon2 (19 MiB per
// hash), which would otherwise leave the heap inflated before the upload and
// hide growth. With -login the admin signs in through POST /auth/login
// instead.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/juri-id/juri/auth"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/store"
)

const (
	secret        = "bench-secret-0123456789abcdef0123456789abcdef"
	adminEmail    = "admin@bench.juri.local"
	adminPassword = "Bench-Admin-Password-7431-panjang"
)

func main() {
	bin := flag.String("bin", "/tmp/juri", "the built juri binary")
	mb := flag.Int("mb", 200, "size of the uploaded file in MiB")
	runs := flag.Int("runs", 3, "server processes to measure, one upload each")
	every := flag.Duration("every", 20*time.Millisecond, "RSS sampling interval")
	login := flag.Bool("login", false, "sign the admin in through the API (runs argon2 in the server)")
	flag.Parse()

	tmp, err := os.MkdirTemp("", "juri-uploadmem-")
	check(err)
	atExit(func() { os.RemoveAll(tmp) })
	big := filepath.Join(tmp, "bigfile.pdf")
	check(writePDFLike(big, int64(*mb)<<20))
	fmt.Printf("file %s: %d MiB; %d runs; sampling every %v; tokens: %s\n", big, *mb, *runs, *every, map[bool]string{false: "signed by the bench", true: "POST /auth/login"}[*login])

	var growths []float64
	for i := 1; i <= *runs; i++ {
		r := runOnce(*bin, tmp, big, *mb, *every, *login, i)
		growths = append(growths, r)
	}
	runCleanups()
	fmt.Printf("median growth over %d runs: %.1f MiB (limit 32 MiB)\n", len(growths), median(growths))
}

func runOnce(bin, tmp, big string, mb int, every time.Duration, login bool, run int) float64 {
	data := filepath.Join(tmp, fmt.Sprintf("data%d", run))
	web := filepath.Join(tmp, "web")
	check(os.MkdirAll(web, 0o750))
	defer os.RemoveAll(data)
	port := freePort()
	env := append(os.Environ(), "JURI_DATA_DIR="+data, "JURI_ADDR=127.0.0.1:"+strconv.Itoa(port), "JURI_MAX_UPLOAD_MB=250",
		"JURI_DEMO=0", "JURI_JWT_SECRET="+secret, "JURI_LOG_LEVEL=warn", "JURI_WEB_DIR="+web, "JURI_DATABASE_URL=",
		"JURI_ADMIN_PASSWORD="+adminPassword)

	// The admin, through the binary.
	out, err := cmd(bin, env, "admin", "create", "--email", adminEmail, "--name", "Admin Bench").CombinedOutput()
	if err != nil {
		fail("admin create: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`\(id (\d+)\)`).FindSubmatch(out)
	if m == nil {
		fail("admin create said %q", out)
	}
	adminID, _ := strconv.ParseInt(string(m[1]), 10, 64)

	srv := cmd(bin, env)
	srv.Stdout, srv.Stderr = io.Discard, os.Stderr
	check(srv.Start())
	stopServer := func() {
		_ = srv.Process.Signal(syscall.SIGTERM)
		_ = srv.Wait()
	}
	atExit(stopServer)
	defer func() { stopServer(); cleanups = cleanups[:len(cleanups)-1] }()
	pid := srv.Process.Pid
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	waitReady(base + "/healthz")

	tokens := auth.NewTokens([]byte(secret), nil)
	// Tokens the bench signs itself still need a live session row, written
	// beside the server into its SQLite file (WAL lets both in).
	var st *store.Store
	issue := func(id int64, role models.Role) string {
		if st == nil {
			st, err = store.Open(store.Options{SQLitePath: filepath.Join(data, "juri.db")})
			check(err)
		}
		family, err := auth.NewFamilyID()
		check(err)
		_, hash, err := auth.NewRefreshToken()
		check(err)
		check(st.StartSession(context.Background(), id, family, hash, auth.RefreshTTL))
		tok, _, err := tokens.Issue(id, role, family)
		check(err)
		return tok
	}
	defer func() {
		if st != nil {
			st.Close()
		}
	}()
	var adminTok string
	if login {
		var res struct {
			AccessToken string `json:"access_token"`
		}
		call(base, "", "POST", "/api/v1/auth/login", map[string]any{"email": adminEmail, "password": adminPassword}, 200, &res)
		adminTok = res.AccessToken
	} else {
		adminTok = issue(adminID, models.RoleAdmin)
	}
	var org, user, comp, entry struct {
		ID int64 `json:"id"`
	}
	call(base, adminTok, "POST", "/api/v1/organizations", map[string]any{"code": "BENCH1", "name": "Dinas Bench", "kind": "dinas"}, 201, &org)
	call(base, adminTok, "POST", "/api/v1/users", map[string]any{"email": "peserta@bench.juri.local", "name": "Peserta Bench",
		"role": "participant", "organization_id": org.ID}, 201, &user)
	now := time.Now().UTC()
	call(base, adminTok, "POST", "/api/v1/competitions", map[string]any{"name": "Kompetisi Bench", "year": now.Year(),
		"template": "kipp", "submission_opens_at": now.Add(-24 * time.Hour), "submission_closes_at": now.Add(30 * 24 * time.Hour),
		"max_entries_per_organization": 0}, 201, &comp)
	call(base, adminTok, "PATCH", fmt.Sprintf("/api/v1/competitions/%d", comp.ID), map[string]any{"status": "open"}, 200, nil)
	partTok := issue(user.ID, models.RoleParticipant)
	call(base, partTok, "POST", fmt.Sprintf("/api/v1/competitions/%d/entries", comp.ID), map[string]any{"title": "Inovasi Bench"}, 201, &entry)

	// Let the setup settle, then sample.
	time.Sleep(2 * time.Second)
	type sample struct {
		at  time.Time
		rss int64
	}
	var (
		mu      sync.Mutex
		samples []sample
		stop    = make(chan struct{})
		done    = make(chan struct{})
	)
	go func() {
		defer close(done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			if v, ok := status(pid, "VmRSS"); ok {
				mu.Lock()
				samples = append(samples, sample{time.Now(), v})
				mu.Unlock()
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	time.Sleep(1200 * time.Millisecond)
	hwmBefore, _ := status(pid, "VmHWM")
	start := time.Now()
	curl := exec.Command("curl", "-sS", "-o", filepath.Join(tmp, "response.json"), "-w", "%{http_code} %{size_upload} %{time_total}",
		"-H", "Authorization: Bearer "+partTok, "-F", "file=@"+big, "-F", "kind=proposal",
		fmt.Sprintf("%s/api/v1/entries/%d/files", base, entry.ID))
	cout, err := curl.Output()
	end := time.Now()
	if err != nil {
		fail("curl: %v %s", err, cout)
	}
	time.Sleep(300 * time.Millisecond)
	close(stop)
	<-done
	hwmAfter, _ := status(pid, "VmHWM")

	fields := strings.Fields(string(cout))
	if len(fields) != 3 || fields[0] != "201" {
		body, _ := os.ReadFile(filepath.Join(tmp, "response.json"))
		fail("upload answered %s: %s", cout, body)
	}
	var f struct {
		Size        int64  `json:"size"`
		ContentType string `json:"content_type"`
	}
	body, _ := os.ReadFile(filepath.Join(tmp, "response.json"))
	check(json.Unmarshal(body, &f))
	if f.Size != int64(mb)<<20 || f.ContentType != "application/pdf" {
		fail("stored %d bytes as %q", f.Size, f.ContentType)
	}

	var pre []float64
	var peak int64
	n := 0
	for _, s := range samples {
		switch {
		case s.at.Before(start) && s.at.After(start.Add(-time.Second)):
			pre = append(pre, float64(s.rss))
		case !s.at.Before(start):
			peak = max(peak, s.rss)
			n++
		}
	}
	baseline := median(pre)
	growth := (float64(peak) - baseline) / 1024
	secs, _ := strconv.ParseFloat(fields[2], 64)
	fmt.Printf("run %d: pid %d, upload %s bytes in %.2f s (%.0f MB/s, curl), %d samples during upload; "+
		"baseline RSS %.1f MiB, peak RSS %.1f MiB, growth %.1f MiB; VmHWM %.1f -> %.1f MiB; wall %.2f s\n",
		run, pid, fields[1], secs, float64(int64(mb)<<20)/secs/1e6, n, baseline/1024, float64(peak)/1024, growth,
		float64(hwmBefore)/1024, float64(hwmAfter)/1024, end.Sub(start).Seconds())
	return growth
}

// writePDFLike writes size bytes starting "%PDF-1.4" and ending "%%EOF".
func writePDFLike(path string, size int64) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	head, tail := "%PDF-1.4\n%", "\n%%EOF\n"
	w.WriteString(head)
	line := []byte(strings.Repeat("0123456789abcdefghijklmnopqrstuvwxyz", 114)[:4095] + "\n")
	left := size - int64(len(head)) - int64(len(tail))
	for left > 0 {
		k := min(left, int64(len(line)))
		w.Write(line[:k])
		left -= k
	}
	w.WriteString(tail)
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// status reads a kB field of /proc/<pid>/status.
func status(pid int, field string) (int64, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			v, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return v, err == nil
		}
	}
	return 0, false
}

func call(base, tok, method, path string, body any, want int, out any) {
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, base+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	res, err := http.DefaultClient.Do(req)
	check(err)
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		fail("%s %s: %d %s", method, path, res.StatusCode, data)
	}
	if out != nil {
		check(json.Unmarshal(data, out))
	}
}

func cmd(bin string, env []string, args ...string) *exec.Cmd {
	c := exec.Command(bin, args...)
	c.Env = env
	return c
}

func waitReady(url string) {
	for range 200 {
		if res, err := http.Get(url); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	fail("server did not answer %s", url)
}

func freePort() int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func check(err error) {
	if err != nil {
		fail("%v", err)
	}
}

// cleanups run on a failure too: the server is stopped and the big file
// and data directories are removed.
var cleanups []func()

func atExit(f func()) { cleanups = append(cleanups, f) }

func runCleanups() {
	for i := len(cleanups) - 1; i >= 0; i-- {
		cleanups[i]()
	}
	cleanups = nil
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "uploadmem: "+format+"\n", args...)
	runCleanups()
	os.Exit(1)
}
