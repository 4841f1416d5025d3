package api_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/juri-id/juri/internal/testenv"
)

// TestPublicationShowsExactlyWhatItFroze: judges keep saving and submitting
// and the organizer keeps reopening while the round is published. The
// publication must equal the ranking of the scores as they stand afterwards
// (nothing may change after a publication, and nothing committed before it
// may be missing from it): before, the table was computed before the
// transaction that froze the round, so a submit in between was stored but
// not published, and a reopen could commit after the publication.
func TestPublicationShowsExactlyWhatItFroze(t *testing.T) {
	for run := range 3 {
		t.Run(fmt.Sprint("run ", run), func(t *testing.T) { raceAPublish(t) })
	}
}

func raceAPublish(t *testing.T) {
	w := newJudgingWorld(t, jgSpec{opds: 3, perOPD: 2, judges: []int{-1, -1, -1}})
	type job struct {
		id  int64
		tok string
	}
	var jobs []job
	for _, j := range w.judges {
		for _, e := range w.entries {
			a := w.assign(e.ID, j.ID)
			w.score(j.Tok, a, 5, false)
			jobs = append(jobs, job{a, j.Tok})
		}
	}
	var published atomic.Bool
	var acknowledged atomic.Int64
	var wg sync.WaitGroup
	// Writers run until the round is frozen under them (a deadline only
	// against a hang): the publication comes once changes are landing, so
	// the race runs however slow the machine is.
	stop := time.Now().Add(2 * time.Minute)
	for i, jb := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), 7))
			for time.Now().Before(stop) {
				var sc jgScorecard
				res := w.s.Do("GET", jgAssignmentPath(jb.id, "scorecard"), jb.tok, nil)
				if res.Code != 200 {
					t.Errorf("read: %d %s", res.Code, res.Body)
					return
				}
				res.JSON(t, &sc)
				var code int
				switch {
				case sc.Status == "submitted" && rng.IntN(2) == 0:
					code = w.s.Do("POST", jgAssignmentPath(jb.id, "scorecard", "reopen"), w.r.OrganizerTok,
						map[string]any{"reason": "periksa lagi"}).Code
				case sc.Status == "draft" && rng.IntN(3) == 0:
					code = w.s.Do("POST", jgAssignmentPath(jb.id, "scorecard", "submit"), jb.tok, nil).Code
				case sc.Status == "draft":
					code = w.put(jb.tok, jb.id, sc.Version, w.scores(len(w.crit), float64(rng.IntN(11))), "ubah").Code
				default:
					code = 409
				}
				switch code {
				case 200:
					acknowledged.Add(1)
				case 409:
				default:
					t.Errorf("a change answered %d", code)
				}
				if published.Load() && code == 409 {
					return // frozen
				}
			}
		}()
	}
	for start := time.Now(); acknowledged.Load() < int64(len(jobs)) && time.Since(start) < time.Minute; {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(time.Duration(rand.IntN(200)) * time.Millisecond)
	pub := w.s.Must(201, "POST", w.roundPath(w.desk, "publish"), w.r.OrganizerTok, map[string]any{"title": "Hasil", "objection_days": 0}).Map(t)
	published.Store(true)
	wg.Wait()
	if acknowledged.Load() == 0 {
		t.Fatal("no change was acknowledged: the race did not run")
	}

	// Nothing changes after a publication.
	for _, jb := range jobs {
		if res := w.put(jb.tok, jb.id, 99, w.scores(len(w.crit), 1), "terlambat"); res.Code != 409 {
			t.Fatalf("a save after the publication: %d", res.Code)
		}
	}
	// The publication is the ranking of what is stored now.
	var published2 resPublication
	w.s.Must(200, "GET", resPubPath(testenv.ID(t, pub["id"])), "", nil).JSON(t, &published2)
	var ranking struct {
		Entries []struct {
			EntryID int64   `json:"entry_id"`
			Score   float64 `json:"score"`
			Judges  int     `json:"judges"`
		} `json:"entries"`
	}
	w.s.Must(200, "GET", w.roundPath(w.desk, "ranking"), w.r.OrganizerTok, nil).JSON(t, &ranking)
	want := map[int64]float64{}
	for _, e := range ranking.Entries {
		want[e.EntryID] = math.Round(e.Score*100) / 100
	}
	if len(published2.Entries) != len(want) {
		t.Fatalf("published %d entries, the ranking has %d", len(published2.Entries), len(want))
	}
	for _, e := range published2.Entries {
		if e.Score == nil || *e.Score != want[e.EntryID] {
			t.Errorf("entry %d published with %v, the stored scores rank it %v", e.EntryID, deref(e.Score), want[e.EntryID])
		}
	}
}

func deref[T any](p *T) (v T) {
	if p != nil {
		v = *p
	}
	return v
}
