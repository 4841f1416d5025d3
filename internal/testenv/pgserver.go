package testenv

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// PGServer is a private PostgreSQL server for one test, in its own data
// directory on its own port, that the test may stop, kill and start again: a
// fault test never touches the shared server JURI_TEST_DATABASE_URL names.
type PGServer struct {
	t    testing.TB
	bin  string
	dir  string // data directory
	log  string
	Port int
	// URL connects to its database "postgres" as the superuser, over TCP.
	URL  string
	cred *syscall.Credential // PostgreSQL refuses to run as root: it runs as user postgres then
}

// PGBinDir is where the PostgreSQL server programs are: JURI_TEST_PG_BIN, or
// the Debian location of PostgreSQL 15.
func PGBinDir() string {
	if d := os.Getenv("JURI_TEST_PG_BIN"); d != "" {
		return d
	}
	return "/usr/lib/postgresql/15/bin"
}

// StartPG initializes and starts a private server. It skips the test when
// initdb is not installed, or when running as root without a "postgres"
// user to run the server as.
func StartPG(t testing.TB) *PGServer {
	t.Helper()
	bin := PGBinDir()
	if _, err := os.Stat(filepath.Join(bin, "initdb")); err != nil {
		t.Skipf("no PostgreSQL server programs at %s (set JURI_TEST_PG_BIN): %v", bin, err)
	}
	p := &PGServer{t: t, bin: bin}
	// The directory must be reachable by the user the server runs as;
	// t.TempDir's parents are private to this user.
	root, err := os.MkdirTemp("", "juri-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(root) })
	p.dir, p.log = filepath.Join(root, "data"), filepath.Join(root, "server.log")
	if err := os.Mkdir(p.dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Skipf("running as root and there is no user postgres to run a private PostgreSQL as: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		p.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		for _, d := range []string{root, p.dir} {
			if err := os.Chown(d, uid, gid); err != nil {
				t.Fatal(err)
			}
		}
	}
	if out, err := p.cmd("initdb", "-D", p.dir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync").CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.Port = l.Addr().(*net.TCPAddr).Port
	l.Close()
	p.URL = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", p.Port)
	p.Start()
	t.Cleanup(func() { _ = p.cmd("pg_ctl", "-D", p.dir, "-m", "immediate", "-w", "stop").Run() })
	return p
}

func (p *PGServer) cmd(name string, args ...string) *exec.Cmd {
	c := exec.Command(filepath.Join(p.bin, name), args...)
	c.Env = append(os.Environ(), "LC_ALL=C")
	if p.cred != nil {
		c.SysProcAttr = &syscall.SysProcAttr{Credential: p.cred}
	}
	return c
}

// Start starts the server and waits until it accepts connections.
func (p *PGServer) Start() {
	p.t.Helper()
	opts := fmt.Sprintf("-p %d -c listen_addresses=127.0.0.1 -k %s -c fsync=off -c max_connections=60", p.Port, filepath.Dir(p.dir))
	if out, err := p.cmd("pg_ctl", "-D", p.dir, "-l", p.log, "-o", opts, "-w", "-t", "60", "start").CombinedOutput(); err != nil {
		log, _ := os.ReadFile(p.log)
		p.t.Fatalf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
}

// Stop shuts the server down: "fast" rolls back the sessions and ends them,
// "immediate" kills every process like a crash (recovery runs at the next
// start).
func (p *PGServer) Stop(mode string) {
	p.t.Helper()
	if out, err := p.cmd("pg_ctl", "-D", p.dir, "-m", mode, "-w", "-t", "60", "stop").CombinedOutput(); err != nil {
		p.t.Fatalf("pg_ctl stop: %v\n%s", err, out)
	}
}

// Psql runs one SQL command as the superuser and returns its output.
func (p *PGServer) Psql(sql string) string {
	p.t.Helper()
	c := exec.Command(filepath.Join(p.bin, "psql"), "-X", "-At", "-h", "127.0.0.1", "-p", strconv.Itoa(p.Port), "-U", "postgres", "-d", "postgres", "-c", sql)
	if _, err := os.Stat(c.Path); err != nil {
		c.Path = "psql"
		if lp, err := exec.LookPath("psql"); err == nil {
			c.Path = lp
		}
	}
	out, err := c.CombinedOutput()
	if err != nil {
		p.t.Fatalf("psql %q: %v\n%s", sql, err, out)
	}
	return strings.TrimSpace(string(out))
}

// WaitDown waits until the port refuses connections.
func (p *PGServer) WaitDown() {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", p.Port), 200*time.Millisecond)
		if err != nil {
			return
		}
		c.Close()
		time.Sleep(50 * time.Millisecond)
	}
}
