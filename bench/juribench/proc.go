package main

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// server is a process the benchmark started: juri or baregin.
type server struct {
	name        string
	cmd         *exec.Cmd
	addr        string // host:port
	log         string // where its output goes
	bin, health string
	env, args   []string
}

func (s *server) pid() int { return s.cmd.Process.Pid }

// stop ends the process with SIGTERM (the way juri expects to be stopped)
// and waits for it; after 15 s it is killed.
func (s *server) stop() {
	if s == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		_ = s.cmd.Process.Kill()
		<-done
	}
}

// build compiles the juri binary and the bare Gin baseline into dir.
func build(root, dir string) (juri, baregin string, err error) {
	juri, baregin = filepath.Join(dir, "juri"), filepath.Join(dir, "baregin")
	for _, b := range [][2]string{{juri, "."}, {baregin, "./bench/baregin"}} {
		cmd := exec.Command("go", "build", "-o", b[0], b[1])
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			return "", "", fmt.Errorf("go build %s: %v\n%s", b[1], err, out)
		}
	}
	return juri, baregin, nil
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// start runs bin with env and args, its output into logFile, and waits until
// GET health answers 200.
func start(name, bin, logFile, health string, env []string, args ...string) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	f, err := os.Create(logFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	orig := args
	args = slices.Clone(args)
	for i := range args {
		args[i] = strings.ReplaceAll(args[i], "{addr}", addr)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(append(os.Environ(), env...), "JURI_ADDR="+addr)
	cmd.Stdout, cmd.Stderr = f, f
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{name: name, cmd: cmd, addr: addr, log: logFile, bin: bin, health: health, env: env, args: orig}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get("http://" + addr + health)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return s, nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.stop()
	out, _ := os.ReadFile(logFile)
	return nil, fmt.Errorf("%s did not become ready at %s; its log:\n%s", name, addr, tail(string(out), 2000))
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// memKiB reads VmRSS and VmHWM (peak resident size) of pid, in KiB.
func memKiB(pid int) (rss, hwm int64, err error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		v, _ := strconv.ParseInt(fields[1], 10, 64)
		switch fields[0] {
		case "VmRSS:":
			rss = v
		case "VmHWM:":
			hwm = v
		}
	}
	return rss, hwm, sc.Err()
}

// resetPeak sets VmHWM back to the current resident size (Linux 4.0+:
// writing 5 to clear_refs), so the next reading is the peak of what follows.
func resetPeak(pid int) error {
	return os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0)
}

// sampleRSS samples VmRSS of pid every interval until ctx ends and returns
// the largest sample in KiB.
func sampleRSS(ctx context.Context, pid int, every time.Duration) <-chan int64 {
	out := make(chan int64, 1)
	go func() {
		var peak int64
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			if rss, _, err := memKiB(pid); err == nil && rss > peak {
				peak = rss
			}
			select {
			case <-ctx.Done():
				out <- peak
				return
			case <-t.C:
			}
		}
	}()
	return out
}

// restart stops the server and starts it again as before, on a new port,
// with a new log file: a fresh process, e.g. for a memory measurement.
func (s *server) restart() (*server, error) {
	s.stop()
	return start(s.name, s.bin, s.log+".restart", s.health, s.env, s.args...)
}

// cpuTime is the CPU time (user and system) pid has used so far.
func cpuTime(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The fields after the command name, which is in parentheses.
	s := string(b)
	if i := strings.LastIndexByte(s, ')'); i >= 0 {
		s = s[i+1:]
	}
	f := strings.Fields(s)
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	// Linux reports clock ticks of USER_HZ, 100 per second everywhere.
	return time.Duration(utime+stime) * 10 * time.Millisecond
}
