// Command ranking loads a large scoring round into a fresh PostgreSQL database
// and times GET /api/v1/rounds/:id/ranking through the real router, in
// process, against a plain SQL GROUP BY average of the same scores, in the
// same run, with a breakdown of where the endpoint's time goes.
//
// Usage:
//
//	createdb -h 127.0.0.1 -U postgres juri_bench
//	go run ./bench/ranking load -db 'postgres://postgres@127.0.0.1:5432/juri_bench?sslmode=disable' [-words 250]
//	go run ./bench/ranking time -db 'postgres://postgres@127.0.0.1:5432/juri_bench?sslmode=disable' [-runs 9] [-round ID]
//	dropdb -h 127.0.0.1 -U postgres juri_bench
//
// load fills the database with the generator of bench/gen: the round timed
// is its published competition's ranked round, by default 5,000 submitted
// entries x 5 of 25 judges x 8 criteria (weights 10/15/5/25/15/5/15/10, Max
// 10, step 0.5): 25,000 submitted scorecards and 200,000 scores, each entry
// with its proposal text (-words per section; -words 0 leaves the sections
// empty, as the loader this command had before bench/gen did). time picks
// the scoring round with the most submitted scorecards unless -round says.
//
// time builds the router as the binary does (api.New on the store), signs an
// admin token, warms up once, and then for each run times, in this order:
//
//	GET  /rounds/:id/ranking                   the endpoint, default (mean, 1,000 resamples)
//	GET  /rounds/:id/ranking?normalize=zscore  the endpoint with z-score calibration
//	SQL  plain GROUP BY average of the same scores, all rows read (database/sql)
//	load st.RankingData: the queries the endpoint runs to load the round (GORM)
//	raw  the scores query of RankingData alone through database/sql, no GORM
//	gorm the same scores query built and scanned as RankingData does (GORM)
//	rank results.Rank on the loaded data (mean; zscore; mean with Resamples -1)
//	json json.Marshal of the response (decoded into mirror structs of the handler's JSON shape)
//
// and prints every run, the medians and the ratios.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/juri-id/juri/api"
	"github.com/juri-id/juri/auth"
	"github.com/juri-id/juri/bench/gen"
	"github.com/juri-id/juri/blob"
	"github.com/juri-id/juri/judging"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/results"
	"github.com/juri-id/juri/store"
)

func main() {
	if len(os.Args) < 2 || (os.Args[1] != "load" && os.Args[1] != "time") {
		fmt.Fprintln(os.Stderr, "usage: ranking load|time -db postgres://... [-runs 9]")
		os.Exit(2)
	}
	cmd := os.Args[1]
	fs := flag.NewFlagSet(cmd, flag.ExitOnError)
	dbURL := fs.String("db", "postgres://postgres@127.0.0.1:5432/juri_bench?sslmode=disable", "PostgreSQL URL of the benchmark database")
	runs := fs.Int("runs", 9, "timed runs (time)")
	roundID := fs.Int64("round", 0, "the round to time (time; 0: the scoring round with the most submitted scorecards)")
	entries := fs.Int("entries", 5000, "entries of the ranked round (load)")
	judges := fs.Int("judges", 25, "judges (load)")
	perEntry := fs.Int("per-entry", 5, "judges per entry (load)")
	words := fs.Int("words", 250, "mean words per proposal section (load; 0 for empty sections)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the timed runs to this file (time)")
	_ = fs.Parse(os.Args[2:])
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		check(err)
		check(pprof.StartCPUProfile(f))
		defer pprof.StopCPUProfile()
	}
	if cmd == "load" {
		load(*dbURL, *entries, *judges, *perEntry, *words)
		return
	}
	st, err := store.Open(store.Options{DatabaseURL: *dbURL})
	check(err)
	defer st.Close()
	timeRanking(st, *runs, *roundID)
}

// load fills the empty database with bench/gen: the published competition's
// ranked round is the one timed (entries x judges per entry, every
// scorecard submitted); the open desk competition beside it is kept small.
func load(url string, entries, judges, perEntry, words int) {
	cfg := gen.Defaults()
	cfg.Entries, cfg.PerEntry, cfg.Judges = 100, 3, judges
	cfg.RankEntries, cfg.RankPerEntry, cfg.Words = entries, perEntry, words
	cfg.Log = os.Stdout
	res, err := gen.Generate(context.Background(), gen.Target{DatabaseURL: url}, cfg)
	check(err)
	fmt.Printf("loaded round %d (competition %d): %d entries, %d scorecards, %d scores, in %.1f s total\n",
		res.Ranked.RoundID, res.Ranked.CompetitionID, res.Ranked.Entries, res.Ranked.Scorecards, res.Ranked.Scores, res.Seconds)
}

// plainSQL is the baseline: each card's weighted total, averaged per entry.
const plainSQL = `
SELECT a.entry_id, AVG(t.total) AS score
FROM (SELECT sc.assignment_id, SUM(c.weight * s.value / c.max_score) AS total
      FROM scores s
      JOIN scorecards sc ON sc.id = s.scorecard_id
      JOIN criteria c ON c.id = s.criterion_id
      WHERE sc.status = 'submitted' AND c.round_id = $1 AND s.value IS NOT NULL
      GROUP BY sc.assignment_id) t
JOIN assignments a ON a.id = t.assignment_id
WHERE a.round_id = $1
GROUP BY a.entry_id
ORDER BY score DESC`

// rawScoresSQL is the scores query of store.RankingData, run without GORM
// (the store orders the rows in Go: an ORDER BY of 200,000 rows overflows
// PostgreSQL's default work_mem and sorts on disk).
const rawScoresSQL = `
SELECT a.id, a.entry_id, a.judge_id, scores.criterion_id, scores.value
FROM scores
JOIN scorecards sc ON sc.id = scores.scorecard_id
JOIN assignments a ON a.id = sc.assignment_id
JOIN entries e ON e.id = a.entry_id
WHERE a.round_id = $1 AND sc.status = 'submitted' AND scores.value IS NOT NULL
  AND e.status IN ('submitted', 'eligible', 'finalist')`

var names = []string{"GET ranking (mean)", "GET ranking (zscore)", "plain SQL GROUP BY", "load: RankingData (GORM)",
	"load: scores query, database/sql", "rank: results.Rank mean", "rank: results.Rank zscore", "rank: mean, Resamples -1",
	"json.Marshal of the response", "load: scores query, GORM Scan"}

func timeRanking(st *store.Store, runs int, roundID int64) {
	ctx := context.Background()
	db := st.DB()
	if roundID == 0 {
		check(db.Raw(`SELECT a.round_id FROM scorecards sc JOIN assignments a ON a.id = sc.assignment_id
			WHERE sc.status = 'submitted' GROUP BY a.round_id ORDER BY COUNT(*) DESC LIMIT 1`).Scan(&roundID).Error)
	}
	var round models.Round
	check(db.Where("id = ? AND kind = ?", roundID, models.RoundScoring).Take(&round).Error)
	var admin models.User
	check(db.Where("role = ?", models.RoleAdmin).Order("id").Take(&admin).Error)
	var counts struct{ Entries, Judges, Cards, Scores int64 }
	check(db.Raw(`SELECT (SELECT COUNT(*) FROM round_entries WHERE round_id = ?) AS entries,
		(SELECT COUNT(DISTINCT judge_id) FROM assignments WHERE round_id = ?) AS judges,
		(SELECT COUNT(*) FROM scorecards sc JOIN assignments a ON a.id = sc.assignment_id WHERE a.round_id = ? AND sc.status = 'submitted') AS cards,
		(SELECT COUNT(*) FROM scores s JOIN scorecards sc ON sc.id = s.scorecard_id JOIN assignments a ON a.id = sc.assignment_id
		 WHERE a.round_id = ? AND sc.status = 'submitted' AND s.value IS NOT NULL) AS scores`,
		round.ID, round.ID, round.ID, round.ID).Scan(&counts).Error)
	nEntries, nJudges, nScores := int(counts.Entries), int(counts.Judges), int(counts.Scores)
	var pgVersion string
	check(db.Raw("SHOW server_version").Scan(&pgVersion).Error)
	sqlDB, err := db.DB()
	check(err)

	tmp, err := os.MkdirTemp("", "juri-ranking-")
	check(err)
	defer os.RemoveAll(tmp)
	blobs, err := blob.NewLocal(tmp)
	check(err)
	secret := []byte("bench-secret-0123456789abcdef0123456789abcdef")
	tokens := auth.NewTokens(secret, nil)
	router, err := api.New(api.Deps{Store: st, Passwords: auth.NewPasswords(auth.OWASPParams), Tokens: tokens,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), WebDir: tmp, MaxUploadBytes: 25 << 20, Blobs: blobs})
	check(err)
	family, err := auth.NewFamilyID()
	check(err)
	_, refreshHash, err := auth.NewRefreshToken()
	check(err)
	check(st.StartSession(ctx, admin.ID, family, refreshHash, auth.RefreshTTL))
	tok, _, err := tokens.Issue(admin.ID, models.RoleAdmin, family)
	check(err)
	path := fmt.Sprintf("/api/v1/rounds/%d/ranking", round.ID)

	get := func(query string) []byte {
		req := httptest.NewRequest(http.MethodGet, path+query, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		req.RemoteAddr = "192.0.2.10:40000"
		w := httptest.NewRecorder()
		router.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			fail("GET %s%s: %d %s", path, query, w.Code, w.Body.Bytes())
		}
		return w.Body.Bytes()
	}
	plain := func() int {
		rows, err := sqlDB.QueryContext(ctx, plainSQL, round.ID)
		check(err)
		defer rows.Close()
		type row struct {
			entry int64
			score float64
		}
		out := make([]row, 0, nEntries)
		for rows.Next() {
			var r row
			check(rows.Scan(&r.entry, &r.score))
			out = append(out, r)
		}
		check(rows.Err())
		return len(out)
	}
	rawScores := func() int {
		rows, err := sqlDB.QueryContext(ctx, rawScoresSQL, round.ID)
		check(err)
		defer rows.Close()
		out := make([]store.SubmittedScore, 0, nScores)
		for rows.Next() {
			var s store.SubmittedScore
			check(rows.Scan(&s.AssignmentID, &s.EntryID, &s.JudgeID, &s.CriterionID, &s.Value))
			out = append(out, s)
		}
		check(rows.Err())
		return len(out)
	}

	// The scores query as store.RankingData builds it, scanned by GORM.
	gormScores := func() int {
		var out []store.SubmittedScore
		check(db.WithContext(ctx).Table("scores").
			Select("a.id AS assignment_id, a.entry_id, a.judge_id, scores.criterion_id, scores.value").
			Joins("JOIN scorecards sc ON sc.id = scores.scorecard_id").
			Joins("JOIN assignments a ON a.id = sc.assignment_id").
			Joins("JOIN entries e ON e.id = a.entry_id").
			Where("a.round_id = ? AND sc.status = ? AND scores.value IS NOT NULL AND e.status IN ?", round.ID,
				models.ScorecardSubmitted, []string{models.EntrySubmitted, models.EntryEligible, models.EntryFinalist}).
			Scan(&out).Error)
		return len(out)
	}

	// Warm-up, and checks that everything answers what it should.
	body := get("")
	var resp rankingJSON
	check(json.Unmarshal(body, &resp))
	zbody := get("?normalize=zscore")
	if len(resp.Entries) != nEntries || len(resp.Judges) != nJudges || resp.Resamples != 1000 {
		fail("ranking has %d entries, %d judges, %d resamples", len(resp.Entries), len(resp.Judges), resp.Resamples)
	}
	if n := plain(); n != nEntries {
		fail("plain SQL answered %d rows", n)
	}
	if n := rawScores(); n != nScores {
		fail("raw scores query answered %d rows", n)
	}
	if n := gormScores(); n != nScores {
		fail("GORM scores query answered %d rows", n)
	}
	d, err := st.RankingData(ctx, round)
	check(err)
	if len(d.Scores) != nScores || len(d.Entries) != nEntries {
		fail("RankingData loaded %d scores, %d entries", len(d.Scores), len(d.Entries))
	}

	load1, _ := os.ReadFile("/proc/loadavg")
	fmt.Printf("PostgreSQL %s; go %s, %s/%s, GOMAXPROCS %d, NumCPU %d\n", pgVersion, runtime.Version(), runtime.GOOS, runtime.GOARCH,
		runtime.GOMAXPROCS(0), runtime.NumCPU())
	fmt.Printf("round %d: %d entries in round_entries, %d scorecards, %d scores; response %d bytes (mean), %d bytes (zscore)\n",
		round.ID, counts.Entries, counts.Cards, counts.Scores, len(body), len(zbody))
	fmt.Printf("loadavg before: %s", load1)

	ms := func(f func()) float64 {
		t := time.Now()
		f()
		return float64(time.Since(t).Microseconds()) / 1000
	}
	samples := make([][]float64, len(names))
	var ratios, zratios []float64
	for r := 1; r <= runs; r++ {
		v := make([]float64, len(names))
		v[0] = ms(func() { get("") })
		v[1] = ms(func() { get("?normalize=zscore") })
		v[2] = ms(func() { plain() })
		v[3] = ms(func() { d, err = st.RankingData(ctx, round); check(err) })
		v[4] = ms(func() { rawScores() })
		v[5] = ms(func() { _, err = results.Rank(round, d, judging.Options{}); check(err) })
		v[6] = ms(func() {
			_, err = results.Rank(round, d, judging.Options{Normalize: judging.NormalizeZScore})
			check(err)
		})
		v[7] = ms(func() { _, err = results.Rank(round, d, judging.Options{Resamples: -1}); check(err) })
		v[8] = ms(func() { _, err = json.Marshal(resp); check(err) })
		v[9] = ms(func() { gormScores() })
		parts := make([]string, len(v))
		for i := range v {
			samples[i] = append(samples[i], v[i])
			parts[i] = fmt.Sprintf("%.1f", v[i])
		}
		ratios = append(ratios, v[0]/v[2])
		zratios = append(zratios, v[1]/v[2])
		fmt.Printf("run %d (ms): %s  endpoint/SQL %.1fx\n", r, strings.Join(parts, " "), v[0]/v[2])
	}
	load2, _ := os.ReadFile("/proc/loadavg")
	fmt.Printf("loadavg after: %s\n", load2)

	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "medians of %d runs\tmedian ms\tmin\tmax\t/ plain SQL\t\n", runs)
	sqlMed := median(samples[2])
	for i, n := range names {
		fmt.Fprintf(tw, "%s\t%.1f\t%.1f\t%.1f\t%.2fx\t\n", n, median(samples[i]), slices.Min(samples[i]), slices.Max(samples[i]), median(samples[i])/sqlMed)
	}
	tw.Flush()
	fmt.Printf("median of per-run ratios: GET ranking (mean) / plain SQL = %.1fx; GET ranking (zscore) / plain SQL = %.1fx\n",
		median(ratios), median(zratios))
	// PostgreSQL's own execution time of both queries (one EXPLAIN ANALYZE
	// each, rows not sent), to separate the server from transfer and decoding.
	for _, q := range []struct{ name, sql string }{{"plain SQL GROUP BY", plainSQL}, {"scores query of RankingData", rawScoresSQL}} {
		rows, err := sqlDB.QueryContext(ctx, "EXPLAIN (ANALYZE, TIMING OFF) "+q.sql, round.ID)
		check(err)
		for rows.Next() {
			var line string
			check(rows.Scan(&line))
			if strings.HasPrefix(line, "Execution Time") {
				fmt.Printf("EXPLAIN ANALYZE %s: %s\n", q.name, line)
			}
		}
		rows.Close()
	}
	endpoint := median(samples[0])
	parts := median(samples[3]) + median(samples[5]) + median(samples[8])
	fmt.Printf("breakdown of the mean endpoint (medians): load %.1f ms (%.0f%%), results.Rank %.1f ms (%.0f%%, of which resampling ~%.1f ms), "+
		"json.Marshal %.1f ms (%.0f%%), rest (auth, round lookup, building the JSON shape, middleware) %.1f ms (%.0f%%)\n",
		median(samples[3]), 100*median(samples[3])/endpoint, median(samples[5]), 100*median(samples[5])/endpoint,
		median(samples[5])-median(samples[7]), median(samples[8]), 100*median(samples[8])/endpoint,
		endpoint-parts, 100*(endpoint-parts)/endpoint)
}

// Mirror of the handler's response shape (handlers/ranking.go), so the
// response can be re-encoded with the same field set for the JSON timing.
type rankingJSON struct {
	RoundID    int64  `json:"round_id"`
	Method     string `json:"method"`
	Normalize  string `json:"normalize"`
	CategoryID *int64 `json:"category_id"`
	TopN       int    `json:"top_n"`
	Resamples  int    `json:"resamples"`
	Entries    []struct {
		Rank            int                `json:"rank"`
		EntryID         int64              `json:"entry_id"`
		Title           string             `json:"title"`
		Organization    string             `json:"organization"`
		OrganizationID  int64              `json:"organization_id"`
		Category        string             `json:"category"`
		CategoryID      *int64             `json:"category_id"`
		Score           float64            `json:"score"`
		Judges          int                `json:"judges"`
		Assigned        int                `json:"assigned"`
		Stddev          float64            `json:"stddev"`
		Flags           []string           `json:"flags"`
		TopNProbability float64            `json:"top_n_probability"`
		Criteria        map[string]float64 `json:"criteria"`
		JudgeScores     map[string]float64 `json:"judge_scores"`
	} `json:"entries"`
	Judges []struct {
		JudgeID    int64   `json:"judge_id"`
		Name       string  `json:"name"`
		Scored     int     `json:"scored"`
		Mean       float64 `json:"mean"`
		Offset     float64 `json:"offset"`
		Normalized bool    `json:"normalized"`
		Note       string  `json:"note,omitempty"`
	} `json:"judges"`
	Reliability struct {
		Method  string   `json:"method"`
		ICC     *float64 `json:"icc"`
		Judges  int      `json:"judges"`
		Entries int      `json:"entries"`
		Note    string   `json:"note,omitempty"`
	} `json:"reliability"`
	Notes []string `json:"notes"`
}

func median(v []float64) float64 {
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

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "ranking: "+format+"\n", args...)
	os.Exit(1)
}
