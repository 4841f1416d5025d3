package api_test

import (
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/models"
)

// ccAck is a change the server acknowledged (200): the version the answer
// carries and, for a save, the values and total it reported.
type ccAck struct {
	version int
	save    bool
	values  map[int64]float64
	total   float64
}

// TestConcurrentJudgesLoseNothing: 50 judges score at once through the real
// router, each with three writers on their scorecard (three open tabs) that
// read the version, save new values with it and, now and then, submit.
// Every change must answer 200 or 409 (never a 5xx, on SQLite never its busy
// timeout); every acknowledged change must be there afterwards: the versions
// acknowledged for a scorecard are exactly 1..its final version (none lost,
// none given twice), the stored values are those of the save acknowledged
// with the highest version, and the ranking's scores are the means of those
// scorecards' totals. Then two organizers advance, and publish, the round at
// the same moment: the outcomes agree and nothing is added twice.
func TestConcurrentJudgesLoseNothing(t *testing.T) {
	start := time.Now()
	const judges, writers, rounds = 50, 3, 3
	spec := jgSpec{opds: 5, perOPD: 2}
	for range judges {
		spec.judges = append(spec.judges, -1)
	}
	w := newJudgingWorld(t, spec)
	type job struct {
		id    int64
		tok   string
		entry int64
	}
	jobs := make([]job, judges)
	for i, j := range w.judges {
		e := w.entries[i%len(w.entries)]
		jobs[i] = job{w.assign(e.ID, j.ID), j.Tok, e.ID}
	}
	t.Logf("set-up: %d judges, %d entries, %d scorecards in %v", judges, len(w.entries), len(jobs), time.Since(start).Round(time.Millisecond))

	var made, acked, refused atomic.Int64
	var mu sync.Mutex
	acks := map[int64][]ccAck{}
	record := func(id int64, a ccAck) {
		mu.Lock()
		acks[id] = append(acks[id], a)
		mu.Unlock()
	}
	// change sends one request and records what the server acknowledged.
	change := func(method, path, tok string, body any, save bool) (int, jgScorecard) {
		made.Add(1)
		res := w.s.Do(method, path, tok, body)
		var sc jgScorecard
		switch res.Code {
		case 200:
			acked.Add(1)
			res.JSON(t, &sc)
		case 409:
			refused.Add(1)
		default:
			t.Errorf("%s %s answered %d: %s", method, path, res.Code, res.Body)
		}
		return res.Code, sc
	}
	raceStart := time.Now()
	var wg sync.WaitGroup
	for i, jb := range jobs {
		for k := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rng := rand.New(rand.NewPCG(uint64(i), uint64(k)))
				for n := range rounds {
					var cur jgScorecard
					res := w.s.Do("GET", jgAssignmentPath(jb.id, "scorecard"), jb.tok, nil)
					if res.Code != 200 {
						t.Errorf("read a scorecard: %d %s", res.Code, res.Body)
						return
					}
					res.JSON(t, &cur)
					if cur.Status == "submitted" {
						return
					}
					if k == writers-1 && n >= 2 && cur.Version > 0 {
						code, sc := change("POST", jgAssignmentPath(jb.id, "scorecard", "submit"), jb.tok, map[string]any{"version": cur.Version}, false)
						if code == 200 {
							record(jb.id, ccAck{version: sc.Version})
							return
						}
						continue
					}
					scores := []map[string]any{}
					for _, c := range w.crit {
						scores = append(scores, map[string]any{"criterion_id": c.ID, "value": float64(rng.IntN(11)), "comment": ""})
					}
					code, sc := change("PUT", jgAssignmentPath(jb.id, "scorecard"), jb.tok,
						map[string]any{"version": cur.Version, "scores": scores, "comment": fmt.Sprintf("tab %d, save %d", k, n)}, true)
					if code == 200 {
						record(jb.id, ccAck{version: sc.Version, save: true, values: ccValues(sc), total: *sc.Total})
					}
				}
			}()
		}
	}
	wg.Wait()
	raced := time.Since(raceStart)
	// Scorecards whose submitting tab lost every race are submitted now.
	for _, jb := range jobs {
		if sc := w.scorecardOf(jb.tok, jb.id); sc.Status != "submitted" {
			code, got := change("POST", jgAssignmentPath(jb.id, "scorecard", "submit"), jb.tok, map[string]any{"version": sc.Version}, false)
			if code != 200 {
				t.Fatalf("submit after the race: %d", code)
			}
			record(jb.id, ccAck{version: got.Version})
		}
	}

	// Every acknowledged change is there.
	lost := 0
	totals := map[int64][]float64{} // entry -> its judges' totals
	for _, jb := range jobs {
		as := acks[jb.id]
		sort.Slice(as, func(a, b int) bool { return as[a].version < as[b].version })
		stored := w.scorecardOf(jb.tok, jb.id)
		var last *ccAck
		for n, a := range as {
			if a.version != n+1 {
				t.Errorf("assignment %d: acknowledged versions %v, want 1..%d each once", jb.id, ccVersions(as), len(as))
				lost++
				break
			}
			if a.save {
				last = &as[n]
			}
		}
		if last == nil {
			t.Errorf("assignment %d: no save was acknowledged", jb.id)
			continue
		}
		if stored.Version != as[len(as)-1].version || stored.Status != "submitted" {
			t.Errorf("assignment %d: stored version %d (%s), last acknowledged %d", jb.id, stored.Version, stored.Status, as[len(as)-1].version)
			lost++
		}
		if got := w.storedScores(jb.id); !maps.Equal(got, last.values) {
			t.Errorf("assignment %d: stored values %v, the last acknowledged save (version %d) had %v", jb.id, got, last.version, last.values)
			lost++
		}
		totals[jb.entry] = append(totals[jb.entry], last.total)
	}
	var ranking struct {
		Entries []struct {
			EntryID int64   `json:"entry_id"`
			Score   float64 `json:"score"`
			Judges  int     `json:"judges"`
		} `json:"entries"`
	}
	w.s.Must(200, "GET", w.roundPath(w.desk, "ranking")+"?method=mean&normalize=none", w.r.OrganizerTok, nil).JSON(t, &ranking)
	if len(ranking.Entries) != len(w.entries) {
		t.Errorf("the ranking has %d entries, want %d", len(ranking.Entries), len(w.entries))
	}
	for _, e := range ranking.Entries {
		ts := totals[e.EntryID]
		mean := 0.0
		for _, v := range ts {
			mean += v / float64(len(ts))
		}
		if e.Judges != len(ts) || math.Abs(e.Score-mean) > 0.005 {
			t.Errorf("entry %d ranked %v by %d judges; its judges' last acknowledged totals %v average %v", e.EntryID, e.Score, e.Judges, ts, mean)
		}
	}
	t.Logf("%d changes made, %d acknowledged, %d refused with 409, %d lost; race %v on %s",
		made.Load(), acked.Load(), refused.Load(), lost, raced.Round(time.Millisecond), w.s.Store.Dialect())
	if acked.Load() < int64(judges) || refused.Load() == 0 {
		t.Fatalf("the race did not run: %d acknowledged, %d refused", acked.Load(), refused.Load())
	}

	// Two organizers at once. A second organizer of the competition:
	org2, tok2 := w.s.User("organizer", nil)
	w.s.Must(201, "POST", w.compPath("members"), w.r.OrganizerTok, map[string]any{"user_id": org2.ID, "role": "organizer"})
	toks := []string{w.r.OrganizerTok, tok2}
	both := func(method, path string, body any) []*testenv.Response {
		out := make([]*testenv.Response, 2)
		var g sync.WaitGroup
		for i, tok := range toks {
			g.Add(1)
			go func() { defer g.Done(); out[i] = w.s.Do(method, path, tok, body) }()
		}
		g.Wait()
		return out
	}
	type advanced struct {
		Advanced    []int64 `json:"advanced"`
		Added       int     `json:"added"`
		NextRoundID int64   `json:"next_round_id"`
	}
	adv := both("POST", w.roundPath(w.desk, "advance"), map[string]any{"top_n": 3})
	var outs []advanced
	for _, r := range adv {
		switch r.Code {
		case 200:
			var a advanced
			r.JSON(t, &a)
			slices.Sort(a.Advanced)
			outs = append(outs, a)
		case 409:
		default:
			t.Fatalf("advance by two organizers at once: %d %s", r.Code, r.Body)
		}
	}
	if len(outs) == 0 || (len(outs) == 2 && !slices.Equal(outs[0].Advanced, outs[1].Advanced)) {
		t.Fatalf("advance by two organizers at once: %+v", outs)
	}
	added := 0
	for _, a := range outs {
		added += a.Added
	}
	if added != 3 || len(outs[0].Advanced) != 3 {
		t.Errorf("two advances at once added %d entries in all, advanced %v: want 3, once each", added, outs[0].Advanced)
	}
	var inNext int64
	if err := w.s.Store.DB().Model(&models.RoundEntry{}).Where("round_id = ?", outs[0].NextRoundID).Count(&inNext).Error; err != nil || inNext != 3 {
		t.Errorf("the next round holds %d entries (%v), want 3", inNext, err)
	}

	pubs := both("POST", w.roundPath(w.desk, "publish"), map[string]any{"title": "Hasil Penilaian Proposal", "objection_days": 0})
	var digests []string
	for _, r := range pubs {
		switch r.Code {
		case 201:
			digests = append(digests, r.Map(t)["digest"].(string))
		case 409:
		default:
			t.Fatalf("publish by two organizers at once: %d %s", r.Code, r.Body)
		}
	}
	if len(digests) == 0 || (len(digests) == 2 && digests[0] != digests[1]) {
		t.Fatalf("publish by two organizers at once gave digests %v", digests)
	}
	t.Logf("two organizers: advance %d/2 answered 200, publish %d/2 answered 201; whole test %v", len(outs), len(digests), time.Since(start).Round(time.Millisecond))
}

func ccValues(sc jgScorecard) map[int64]float64 {
	out := map[int64]float64{}
	for _, s := range sc.Scores {
		if s.Value != nil {
			out[s.CriterionID] = *s.Value
		}
	}
	return out
}

func ccVersions(as []ccAck) []int {
	out := make([]int, len(as))
	for i, a := range as {
		out[i] = a.version
	}
	return out
}
