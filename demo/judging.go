package demo

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/juri-id/juri/assign"
	"github.com/juri-id/juri/canon"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/proposal"
	"github.com/juri-id/juri/results"
	"github.com/juri-id/juri/store"
)

// Screening decisions of the demo that are not "eligible".
var screening = map[string]struct{ decision, reason string }{
	"Izin Usaha Mikro Sehari Jadi": {models.EntryIneligible,
		"Inovasi baru berjalan empat bulan; syarat minimal satu tahun berjalan belum terpenuhi."},
	"Rekam Medis Elektronik Rawat Jalan Terpadu": {models.EntryReturned,
		"Lengkapi data waktu tunggu sebelum dan sesudah inovasi pada bagian Signifikansi."},
}

// leniency is how much each demo judge adds to what an entry deserves: juri2
// is clearly lenient, so the calibrated ranking differs from the raw one.
var leniency = map[string]float64{
	"juri1@juri.local": 0, "juri2@juri.local": 1.6, "juri3@juri.local": -0.4, "juri4@juri.local": 0.2, "juri5@juri.local": -0.6,
}

// disputed is the entry on which the judges strongly disagree.
const disputed = "Triase Warna IGD"

// seedJudging screens the submitted entries, moves the eligible ones into the
// desk round, assigns the five judges with the solver, and fills most
// scorecards: submitted for most entries, drafts for a few, and two of
// juri1's still untouched so the README's walk-through has one to score.
func seedJudging(ctx context.Context, tx *store.Store, w *world, comp models.Competition) error {
	organizer := w.actor(OrganizerEmail)
	rounds, err := tx.ListRounds(ctx, comp.ID)
	if err != nil {
		return err
	}
	screen, desk := rounds[0], rounds[1]
	entries, err := tx.RoundEntries(ctx, screen.ID)
	if err != nil {
		return err
	}
	var eligible []int64
	for _, e := range entries {
		d, ok := screening[e.Title]
		if !ok {
			d.decision = models.EntryEligible
			eligible = append(eligible, e.ID)
		}
		action, _ := proposal.ScreenAction(d.decision)
		_, err := tx.ScreenEntry(ctx, organizer, e, store.Screening{Action: action, Reason: d.reason})
		if err != nil {
			return err
		}
	}
	if _, err := tx.AddRoundEntries(ctx, desk.ID, eligible); err != nil {
		return err
	}
	p, err := tx.AssignmentProblem(ctx, desk, nil, 0)
	if err != nil {
		return err
	}
	res, err := assign.Solve(p)
	if err != nil {
		return err
	}
	pairs := make([][2]int64, len(res.New))
	for i, pr := range res.New {
		pairs[i] = [2]int64{pr.EntryID, pr.JudgeID}
	}
	created, err := tx.CreateAssignments(ctx, organizer, desk, pairs, models.AssignAuto)
	if err != nil {
		return err
	}
	if err := seedScores(ctx, tx, w, comp, desk, created); err != nil {
		return err
	}
	return publishScreening(ctx, tx, w, comp)
}

func seedScores(ctx context.Context, tx *store.Store, w *world, comp models.Competition, desk models.Round, as []models.Assignment) error {
	crit, err := tx.ListCriteria(ctx, desk.ID)
	if err != nil {
		return err
	}
	judgeEmail := map[int64]string{}
	for email, u := range w.users {
		judgeEmail[u.ID] = email
	}
	titles := map[int64]string{}
	entries, err := tx.RoundEntries(ctx, desk.ID)
	if err != nil {
		return err
	}
	for _, e := range entries {
		titles[e.ID] = e.Title
	}
	slices.SortFunc(as, func(a, b models.Assignment) int { return int(a.EntryID - b.EntryID) })
	// The last two of juri1's assignments stay pending; the last two entries
	// are still being scored (drafts).
	pending := map[int64]bool{}
	for i := len(as) - 1; i >= 0 && len(pending) < 2; i-- {
		if judgeEmail[as[i].JudgeID] == "juri1@juri.local" {
			pending[as[i].ID] = true
		}
	}
	drafting := map[int64]bool{entries[len(entries)-1].ID: true, entries[len(entries)-2].ID: true}
	rng := rand.New(rand.NewPCG(2020, 72))
	for i, a := range as {
		if pending[a.ID] {
			continue
		}
		email := judgeEmail[a.JudgeID]
		quality := 5.2 + 3.2*float64((a.EntryID*37)%17)/16 // what the entry deserves, 5.2 to 8.4
		if titles[a.EntryID] == disputed {
			quality = []float64{9.6, 2.8, 6.0}[i%3]
		}
		var scores []models.Score
		for j, c := range crit {
			v := quality + leniency[email] + rng.NormFloat64()*0.5
			if drafting[a.EntryID] && j >= 4 {
				break // a draft half-way through the rubric
			}
			v = math.Max(c.MinScore, math.Min(c.MaxScore, math.Round(v*2)/2))
			scores = append(scores, models.Score{CriterionID: c.ID, Value: &v, Comment: comment(v)})
		}
		actor := store.Actor{ID: a.JudgeID, Email: email}
		ac := store.AssignmentContext{Assignment: a, Round: desk, Competition: comp, Mine: true}
		if err := tx.SaveScorecard(ctx, actor, ac, 0, "Catatan penilai: proposal cukup jelas.", scores); err != nil {
			return err
		}
		if drafting[a.EntryID] {
			continue
		}
		sc, _, err := tx.ScorecardOf(ctx, a.ID)
		if err != nil {
			return err
		}
		if err := tx.SubmitScorecard(ctx, actor, ac, sc); err != nil {
			return err
		}
	}
	return nil
}

func comment(v float64) string {
	switch {
	case v >= 8:
		return "Sangat baik, didukung data."
	case v >= 6:
		return "Cukup baik; perlu data pendukung lebih lengkap."
	}
	return "Belum meyakinkan."
}

// publishScreening publishes the results of the administrative screening, so
// the public page has something to show and verify.
func publishScreening(ctx context.Context, tx *store.Store, w *world, comp models.Competition) error {
	rounds, err := tx.ListRounds(ctx, comp.ID)
	if err != nil {
		return err
	}
	screen := rounds[0]
	now := tx.Now()
	closes := now.AddDate(0, 0, 5)
	organizer := w.actor(OrganizerEmail)
	snapshot := func(d store.RankingData) (models.Publication, error) {
		digest, body, err := canon.Digest(results.ScreenedTable(d))
		return models.Publication{Title: "Hasil Seleksi Administrasi", Note: "Proposal berikut lolos seleksi administrasi dan masuk tahap Penilaian Proposal.",
			Entries: string(body), Digest: digest, PublishedAt: now, ObjectionsCloseAt: &closes, CreatedBy: &organizer.ID}, err
	}
	// The demo sends no e-mail about its own seed.
	_, err = tx.Publish(ctx, organizer, screen, snapshot, func(*models.Publication) []models.OutboxMessage { return nil })
	return err
}
