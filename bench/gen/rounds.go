package gen

import (
	"context"
	"fmt"
	"time"

	"github.com/juri-id/juri/models"
)

const day = 24 * time.Hour

// desk makes "KIPP <year>" in judging, with its open desk round: the round
// the scoring deadline is about.
func (g *generator) desk(ctx context.Context) error {
	var cp *comp
	var r models.Round
	var crit []models.Criterion
	var entries []models.Entry
	var asg []models.Assignment
	err := g.step("desk: competition, rubric", func() (n int, err error) {
		cp, err = g.newCompetition(fmt.Sprintf("KIPP %d", g.now.Year()), g.now.Year(), models.CompetitionJudging, g.at(60*day))
		if err != nil {
			return 0, err
		}
		opens, closes := g.at(14*day), g.now.Add(14*day)
		r, crit, err = g.round(cp, models.Round{Name: "Penilaian Proposal", Position: 1, Status: models.RoundOpen,
			OpensAt: &opens, ClosesAt: &closes, JudgesPerEntry: g.cfg.PerEntry, AdvanceTopN: 10}, false)
		return len(crit), err
	})
	if err != nil {
		return err
	}
	g.res.Desk.CompetitionID, g.res.Desk.RoundID = cp.ID, r.ID
	if err := g.step("desk: entries with sections", func() (n int, err error) {
		entries, g.res.Desk.SectionBytes, err = g.entries(cp, r, g.cfg.Entries, 40*day, 20*day)
		return len(entries), err
	}); err != nil {
		return err
	}
	if err := g.step("desk: assignments (assign.Solve)", func() (n int, err error) {
		asg, err = g.assignments(cp, r, entries, g.cfg.PerEntry, g.at(14*day))
		return len(asg), err
	}); err != nil {
		return err
	}
	g.res.Desk.Entries, g.res.Desk.Assignments = len(entries), len(asg)
	fateOf := func() fate {
		u := g.rng.Float64()
		switch {
		case u < g.cfg.Submitted:
			return fate{saves: 1 + g.rng.IntN(3), submitted: true}
		case u < g.cfg.Filled:
			return fate{saves: 1 + g.rng.IntN(3), partial: g.rng.IntN(2) == 0}
		}
		return fate{}
	}
	if err := g.step("desk: scorecards, scores", func() (n int, err error) {
		g.res.Desk.Scorecards, g.res.Desk.Scores, err = g.scorecards(cp, crit, asg, fateOf, 13*day, time.Hour)
		return g.res.Desk.Scores, err
	}); err != nil {
		return err
	}
	return g.step("desk: audit chain", func() (int, error) { return cp.chain.flush(g) })
}

// published makes "Lomba Inovasi Daerah <year>": a large round, every
// scorecard submitted (the ranking workload), its finalists advanced by the
// real ranking, the final round scored and published yesterday through the
// real router, and public objections to it, most of them answered.
func (g *generator) published(ctx context.Context) error {
	var cp *comp
	var r1, r2 models.Round
	var crit1, crit2 []models.Criterion
	var entries []models.Entry
	var asg []models.Assignment
	err := g.step("published: competition, rounds", func() (n int, err error) {
		cp, err = g.newCompetition(fmt.Sprintf("Lomba Inovasi Daerah %d", g.now.Year()), g.now.Year(), models.CompetitionClosed, g.at(110*day))
		if err != nil {
			return 0, err
		}
		o1, c1, o2, c2 := g.at(75*day), g.at(45*day), g.at(39*day), g.at(5*day)
		r1, crit1, err = g.round(cp, models.Round{Name: "Penilaian Proposal", Position: 1, Status: models.RoundClosed,
			OpensAt: &o1, ClosesAt: &c1, JudgesPerEntry: g.cfg.RankPerEntry, AdvanceTopN: g.cfg.Finalists}, false)
		if err != nil {
			return 0, err
		}
		r2, crit2, err = g.round(cp, models.Round{Name: "Presentasi dan Wawancara", Position: 2, Status: models.RoundOpen,
			OpensAt: &o2, ClosesAt: &c2, JudgesPerEntry: g.cfg.RankPerEntry, AdvanceTopN: 10}, true)
		return len(crit1) + len(crit2), err
	})
	if err != nil {
		return err
	}
	g.res.Ranked.CompetitionID, g.res.Ranked.RoundID, g.res.Final.RoundID = cp.ID, r1.ID, r2.ID
	if err := g.step("published: entries with sections", func() (n int, err error) {
		entries, _, err = g.entries(cp, r1, g.cfg.RankEntries, 100*day, 80*day)
		return len(entries), err
	}); err != nil {
		return err
	}
	if err := g.step("published: assignments (assign.Solve)", func() (n int, err error) {
		asg, err = g.assignments(cp, r1, entries, g.cfg.RankPerEntry, g.at(75*day))
		return len(asg), err
	}); err != nil {
		return err
	}
	submitted := func() fate { return fate{saves: 1, submitted: true} }
	if err := g.step("published: scorecards, scores", func() (n int, err error) {
		counts, scores, err := g.scorecards(cp, crit1, asg, submitted, 74*day, 50*day)
		g.res.Ranked.Entries, g.res.Ranked.Scorecards, g.res.Ranked.Scores = len(entries), counts[models.ScorecardSubmitted], scores
		return scores, err
	}); err != nil {
		return err
	}
	if err := g.step("published: audit chain", func() (int, error) { return cp.chain.flush(g) }); err != nil {
		return err
	}
	rt, err := g.newRouter()
	if err != nil {
		return err
	}
	var finalists []models.Entry
	if err := g.step("published: advance (router, real ranking)", func() (int, error) {
		g.setClock(g.at(40 * day))
		var out struct {
			Advanced []int64 `json:"advanced"`
		}
		if err := rt.call("POST", fmt.Sprintf("/api/v1/rounds/%d/advance", r1.ID), rt.admin, "", map[string]any{"top_n": g.cfg.Finalists}, 200, &out); err != nil {
			return 0, err
		}
		byID := map[int64]models.Entry{}
		for _, e := range entries {
			byID[e.ID] = e
		}
		for _, id := range out.Advanced {
			finalists = append(finalists, byID[id])
		}
		return len(finalists), nil
	}); err != nil {
		return err
	}
	if err := g.step("published: final round scored", func() (n int, err error) {
		asg, err := g.assignments(cp, r2, finalists, g.cfg.RankPerEntry, g.at(39*day))
		if err != nil {
			return 0, err
		}
		_, n, err = g.scorecards(cp, crit2, asg, submitted, 30*day, 10*day)
		if err != nil {
			return 0, err
		}
		_, err = cp.chain.flush(g)
		return n, err
	}); err != nil {
		return err
	}
	return g.step("published: publish, objections (router)", func() (int, error) { return g.publish(rt, r2, finalists) })
}

// publish publishes the final round a day ago with a five-day objection
// window, and files the public objections, answering 80% of them.
func (g *generator) publish(rt *router, r models.Round, finalists []models.Entry) (int, error) {
	g.setClock(g.at(day))
	var pub struct {
		ID         int64  `json:"id"`
		Digest     string `json:"digest"`
		EntryCount int    `json:"entry_count"`
	}
	body := map[string]any{"title": fmt.Sprintf("Hasil Lomba Inovasi Daerah %d: %d Inovasi Terbaik", g.now.Year(), len(finalists)),
		"note": g.txt.prose(80), "objection_days": 5}
	if err := rt.call("POST", fmt.Sprintf("/api/v1/rounds/%d/publish", r.ID), rt.admin, "", body, 201, &pub); err != nil {
		return 0, err
	}
	g.res.Final.PublicationID, g.res.Final.Digest, g.res.Final.Entries = pub.ID, pub.Digest, pub.EntryCount
	answered := g.cfg.Objections * 8 / 10
	for i := 0; i < g.cfg.Objections; i++ {
		g.setClock(g.at(20*time.Hour - time.Duration(i)*time.Hour))
		e := finalists[g.rng.IntN(len(finalists))]
		var o struct {
			ID int64 `json:"id"`
		}
		req := map[string]any{"entry_id": e.ID, "name": g.txt.person(), "email": fmt.Sprintf("warga%02d@contoh.id", i+1),
			"text": g.txt.prose(g.txt.around(70))}
		remote := fmt.Sprintf("198.51.100.%d:40000", 1+i%250)
		if err := rt.call("POST", fmt.Sprintf("/api/v1/public/publications/%d/objections", pub.ID), "", remote, req, 201, &o); err != nil {
			return 0, err
		}
		if i < answered {
			g.setClock(g.clock().Add(30 * time.Minute))
			status := []string{models.ObjectionRejected, models.ObjectionAccepted}[g.rng.IntN(4)/3]
			ans := map[string]any{"status": status, "response": g.txt.prose(g.txt.around(60))}
			if err := rt.call("PATCH", fmt.Sprintf("/api/v1/objections/%d", o.ID), rt.admin, "", ans, 200, nil); err != nil {
				return 0, err
			}
		}
	}
	g.res.Final.Objections, g.res.Final.Answered = g.cfg.Objections, answered
	g.setClock(g.now)
	return 1 + g.cfg.Objections + answered, nil
}
