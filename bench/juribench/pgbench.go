package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/juri-id/juri/bench/load"
)

// saveSQL is, statement for statement, what one PUT
// /assignments/:id/scorecard runs on PostgreSQL (read off GORM's log of a
// real save and store/scorecards.go, store/audit.go): the seven reads of
// the request (the caller in its session, the assignment, its round, competition,
// membership, entry and rubric), the transaction (the round's share lock,
// the conflict check, the scorecard, its version bump, the scores replaced
// in one INSERT, the claim of the scorecard's own audit chain head in
// audit_heads, the new row and the new head), and the two reads of the
// answer. The audit rows go to copies of audit_log and audit_heads (same
// columns, indexes and rows) so the benchmark leaves the real chains intact;
// the hash is computed in SQL as Juri computes it in Go. {{lock}} is the
// competition-wide advisory lock every save took before chains per object
// (issue 13), for the variant that measures what it cost, or nothing.
const saveSQL = `\set k random(0, :targets - 1)
SELECT assignment_id AS aid, judge_id AS jid, entry_id AS eid, session_id AS sid, organization_id AS oid FROM bench_save_targets WHERE client = :client_id AND k = :k \gset
SELECT users.* FROM users JOIN sessions ON sessions.user_id = users.id AND sessions.id = :sid AND sessions.revoked_at IS NULL WHERE users.id = :jid LIMIT 1;
SELECT * FROM assignments WHERE id = :aid LIMIT 1;
SELECT * FROM rounds WHERE id = :rid LIMIT 1;
SELECT * FROM competitions WHERE ((competitions.status <> 'draft' OR EXISTS (SELECT 1 FROM competition_members m WHERE m.competition_id = competitions.id AND m.user_id = :jid))) AND competitions.id = :cid LIMIT 1;
SELECT * FROM competition_members WHERE competition_id = :cid AND user_id = :jid LIMIT 1;
SELECT * FROM entries WHERE id = :eid LIMIT 1;
SELECT * FROM criteria WHERE round_id = :rid ORDER BY position, id;
BEGIN;
SELECT * FROM rounds WHERE id = :rid LIMIT 1 FOR SHARE;
SELECT (SELECT COUNT(*) FROM users WHERE id = :jid AND organization_id = :oid) + (SELECT COUNT(*) FROM conflicts WHERE competition_id = :cid AND judge_id = :jid AND (entry_id = :eid OR (organization_id = :oid AND (source <> 'declared' OR true))));
SELECT * FROM scorecards WHERE assignment_id = :aid LIMIT 1 \gset sc_
UPDATE scorecards SET comment = 'Proposal cukup lengkap; data dampak perlu diperjelas pada bagian signifikansi.', updated_at = now(), version = :sc_version + 1 WHERE id = :sc_id AND version = :sc_version;
DELETE FROM scores WHERE scorecard_id = :sc_id;
{{inserts}}{{lock}}INSERT INTO bench_audit_heads (scope, chain, entries, head) VALUES (CAST(:scope AS text), 'assignment:' || CAST(:aid AS text), 0, encode(sha256(convert_to(CAST(:scope AS text) || '/assignment:' || CAST(:aid AS text), 'UTF8')), 'hex')) ON CONFLICT (scope, chain) DO UPDATE SET entries = bench_audit_heads.entries RETURNING entries, head \gset head_
INSERT INTO bench_audit_log (scope, chain, at, actor_id, actor_email, action, object_type, object_id, details, prev_hash, hash) SELECT CAST(:scope AS text), 'assignment:' || CAST(:aid AS text), now(), :jid::bigint, 'juri@bench.juri.local', 'scorecard.save', 'assignment', :aid::bigint, json_build_object('values', json_build_object({{values}}), 'version', :sc_version::int + 1)::text, :head_head::text, encode(sha256(convert_to(concat_ws(E'\n', :head_head::text, CAST(:scope AS text) || '/assignment:' || CAST(:aid AS text), now()::text, :jid::text, 'scorecard.save', 'assignment', :aid::text, (:sc_version::int + 1)::text), 'UTF8')), 'hex') RETURNING hash \gset new_
UPDATE bench_audit_heads SET entries = CAST(:head_entries AS bigint) + 1, head = CAST(:new_hash AS text) WHERE scope = CAST(:scope AS text) AND chain = 'assignment:' || CAST(:aid AS text);
COMMIT;
SELECT * FROM scorecards WHERE assignment_id = :aid LIMIT 1;
SELECT * FROM scores WHERE scorecard_id = :sc_id ORDER BY criterion_id;
`

const lockSQL = "SELECT pg_advisory_xact_lock(hashtext('audit:' || CAST(:scope AS text)));\n"

// pgbench runs the save SQL with pgbench on the site's PostgreSQL database.
type pgbench struct {
	bin     string
	url     string
	dir     string
	script  map[bool]string // by "with the advisory lock"
	targets int
	// statements is how many statements of a save the script runs.
	statements int
	cid        int64
	rid        int64
}

// preparePgbench lists, for each pgbench client, the saveable assignments
// of its own judge (judges after the ones Juri's clients use, so neither
// sees the other's versions change), and copies audit_log.
func (s *site) preparePgbench(bin, dir string, clients, skip int) (*pgbench, error) {
	if len(s.judges) < skip+clients {
		return nil, fmt.Errorf("pgbench needs %d judges signed in, have %d", skip+clients, len(s.judges))
	}
	db := s.st.DB()
	for _, q := range []string{
		"DROP TABLE IF EXISTS bench_save_targets",
		"CREATE TABLE bench_save_targets (client INT NOT NULL, k INT NOT NULL, assignment_id BIGINT NOT NULL, judge_id BIGINT NOT NULL, entry_id BIGINT NOT NULL, session_id VARCHAR(64) NOT NULL, organization_id BIGINT NOT NULL, PRIMARY KEY (client, k))",
		"DROP TABLE IF EXISTS bench_audit_log",
		"CREATE TABLE bench_audit_log (LIKE audit_log INCLUDING ALL)",
		"INSERT INTO bench_audit_log SELECT * FROM audit_log ORDER BY id",
		"SELECT setval(pg_get_serial_sequence('bench_audit_log', 'id'), (SELECT MAX(id) FROM bench_audit_log))",
		"DROP TABLE IF EXISTS bench_audit_heads",
		"CREATE TABLE bench_audit_heads (LIKE audit_heads INCLUDING ALL)",
		"INSERT INTO bench_audit_heads SELECT * FROM audit_heads",
	} {
		if err := db.Exec(q).Error; err != nil {
			return nil, err
		}
	}
	// pgbench reads each scorecard first, so it only takes drafts (version > 0).
	drafts := make([][]target, clients)
	per := 1 << 30
	for c, j := range s.judges[skip : skip+clients] {
		for _, t := range j.targets {
			if t.Version > 0 {
				drafts[c] = append(drafts[c], t)
			}
		}
		per = min(per, len(drafts[c]))
	}
	if per == 0 {
		return nil, fmt.Errorf("a pgbench judge has no draft scorecard; generate more entries or a larger -filled")
	}
	for c, j := range s.judges[skip : skip+clients] {
		// The session its sign-in opened: every request checks it.
		var sid string
		if err := db.Raw("SELECT id FROM sessions WHERE user_id = ? AND revoked_at IS NULL ORDER BY created_at DESC LIMIT 1", j.ID).
			Scan(&sid).Error; err != nil || sid == "" {
			return nil, fmt.Errorf("no live session of %s for pgbench (%v)", j.Email, err)
		}
		for k, t := range drafts[c][:per] {
			// pgbench numbers its clients from 0.
			if err := db.Exec("INSERT INTO bench_save_targets SELECT ?, ?, ?, ?, ?, ?, organization_id FROM entries WHERE id = ?", c, k, t.ID, j.ID, t.EntryID, sid, t.EntryID).Error; err != nil {
				return nil, err
			}
		}
	}
	if err := db.Exec("ANALYZE bench_save_targets").Error; err != nil {
		return nil, err
	}
	if err := db.Exec("ANALYZE bench_audit_log").Error; err != nil {
		return nil, err
	}
	var inserts, values strings.Builder
	inserts.WriteString("INSERT INTO scores (scorecard_id, criterion_id, value, comment) VALUES ")
	for i, c := range s.criteria {
		if i > 0 {
			values.WriteString(", ")
			inserts.WriteString(", ")
		}
		fmt.Fprintf(&inserts, "(:sc_id, %d, %g, '%s')",
			c, float64(8+i%5)/2, map[bool]string{true: "Uraian jelas, didukung data sebelum dan sesudah inovasi.", false: ""}[i < 2])
		fmt.Fprintf(&values, "'%d', %g", c, float64(8+i%5)/2)
	}
	inserts.WriteString(";\n")
	p := &pgbench{bin: bin, url: s.url(), dir: dir, targets: per, cid: s.res.Desk.CompetitionID, rid: s.res.Desk.RoundID,
		script: map[bool]string{}}
	// The statements of one save in the script, for the check against what
	// a save runs now (the statements counted through the router).
	sc := strings.NewReplacer("{{inserts}}", inserts.String(), "{{lock}}", lockSQL).Replace(saveSQL)
	for _, line := range strings.Split(sc, "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "\\") && !strings.Contains(line, "bench_save_targets") && line != "BEGIN;" && line != "COMMIT;" {
			p.statements++
		}
	}
	for _, lock := range []bool{true, false} {
		sc := strings.NewReplacer("{{inserts}}", inserts.String(), "{{values}}", values.String(),
			"{{lock}}", map[bool]string{true: lockSQL, false: ""}[lock]).Replace(saveSQL)
		name := filepath.Join(dir, fmt.Sprintf("save-lock-%t.sql", lock))
		if err := os.WriteFile(name, []byte(sc), 0o644); err != nil {
			return nil, err
		}
		p.script[lock] = name
	}
	return p, nil
}

var tpsRe = regexp.MustCompile(`tps = ([0-9.]+) \(without initial connection time\)`)

// run runs pgbench for d with clients connections on 2 threads, prepared
// statements (pgx, under GORM, prepares and caches its statements too), and
// reads every transaction's latency from pgbench's log.
func (p *pgbench) run(name string, clients int, d time.Duration, lock bool) (load.Result, error) {
	logDir, err := os.MkdirTemp(p.dir, "pgbench-log-")
	if err != nil {
		return load.Result{}, err
	}
	defer os.RemoveAll(logDir)
	args := []string{"-n", "-M", "prepared", "-c", strconv.Itoa(clients), "-j", "2", "-T", strconv.Itoa(max(1, int(d.Seconds()))),
		"-f", p.script[lock], "-D", fmt.Sprintf("targets=%d", p.targets), "-D", fmt.Sprintf("cid=%d", p.cid), "-D", fmt.Sprintf("scope=competition:%d", p.cid),
		"-D", fmt.Sprintf("rid=%d", p.rid), "-l", "--log-prefix", filepath.Join(logDir, "tx"), p.url}
	cmd := exec.Command(p.bin, args...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return load.Result{}, fmt.Errorf("pgbench: %v\n%s", err, tail(string(out), 1500))
	}
	var lat []time.Duration
	failed := 0
	files, _ := filepath.Glob(filepath.Join(logDir, "tx*"))
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			return load.Result{}, err
		}
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			// client_id transaction_no time script_no time_epoch time_us
			fields := strings.Fields(sc.Text())
			if len(fields) < 3 {
				continue
			}
			us, err := strconv.ParseInt(fields[2], 10, 64)
			if err != nil {
				failed++ // "failed" or "skipped"
				continue
			}
			lat = append(lat, time.Duration(us)*time.Microsecond)
		}
		fh.Close()
	}
	m := tpsRe.FindStringSubmatch(string(out))
	if m == nil && len(lat) == 0 {
		// Nothing finished within the run (a very loaded machine).
		return load.FromLatencies(name, clients, d, nil, 200, failed), nil
	}
	if m == nil {
		return load.Result{}, fmt.Errorf("pgbench printed no tps:\n%s", tail(string(out), 1500))
	}
	tps, _ := strconv.ParseFloat(m[1], 64)
	// pgbench's own tps excludes connection time; express it as the elapsed
	// time of the logged transactions so RPS() gives the same figure.
	elapsed := time.Duration(float64(len(lat)) / tps * float64(time.Second))
	return load.FromLatencies(name, clients, elapsed, lat, 200, failed), nil
}
