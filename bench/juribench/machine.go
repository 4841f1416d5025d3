package main

import (
	"bufio"
	"database/sql"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// machine is what the figures were measured on.
type machine struct {
	cores    int
	cpu      string
	memory   string
	kernel   string
	goVer    string
	pg       string
	pgConfig string
	loadAvg  string
	when     time.Time
	commit   string
}

func readMachine(pgAdmin string) machine {
	m := machine{cores: runtime.NumCPU(), goVer: runtime.Version(), when: time.Now().UTC()}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				m.cpu = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	if f, err := os.Open("/proc/meminfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "MemTotal:") {
				m.memory = strings.TrimSpace(strings.TrimPrefix(sc.Text(), "MemTotal:"))
			}
		}
		f.Close()
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.kernel = strings.TrimSpace(string(b))
	}
	m.loadAvg = loadAvg()
	if out, err := exec.Command("go", "version").Output(); err == nil {
		m.goVer = strings.TrimSpace(string(out))
	}
	if out, err := exec.Command("git", "log", "-1", "--format=%h %s").Output(); err == nil {
		m.commit = strings.TrimSpace(string(out))
	}
	if db, err := sql.Open("pgx", pgAdmin); err == nil {
		_ = db.QueryRow("SHOW server_version").Scan(&m.pg)
		rows, err := db.Query(`SELECT name, setting FROM pg_settings WHERE name IN
			('shared_buffers', 'fsync', 'synchronous_commit', 'max_connections', 'wal_sync_method') ORDER BY name`)
		if err == nil {
			var parts []string
			for rows.Next() {
				var n, v string
				if rows.Scan(&n, &v) == nil {
					parts = append(parts, n+"="+v)
				}
			}
			rows.Close()
			m.pgConfig = strings.Join(parts, ", ")
		}
		db.Close()
	}
	return m
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}
