package gen

import (
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/juri-id/juri/assign"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/store"
	"github.com/juri-id/juri/templates"
)

// comp is one generated competition and its audit chain.
type comp struct {
	models.Competition
	chain     *chain
	cats      []models.Category
	keys      []string // the proposal sections' keys
	expertise map[int64][]int64
	quality   map[int64]float64 // hidden quality of each entry, for plausible scores
	lenient   map[int64]float64 // each judge's leniency
}

// rubricKeys are the criteria of a desk round, after KIPP's seven aspects;
// an eighth and further criteria get generic names.
var rubricKeys = []struct {
	key, name string
	weight    float64
}{
	{"latar_belakang", "Latar Belakang dan Tujuan", 10}, {"kebaruan", "Kebaruan / Nilai Tambah", 15},
	{"implementasi", "Implementasi Inovasi", 5}, {"signifikansi", "Signifikansi", 25},
	{"adaptabilitas", "Adaptabilitas", 15}, {"sumber_daya", "Sumber Daya", 5},
	{"keberlanjutan", "Strategi Keberlanjutan", 15}, {"kolaborasi", "Kolaborasi dan Partisipasi", 10},
}

func criterionKey(i int) (key, name string, weight float64) {
	if i < len(rubricKeys) {
		return rubricKeys[i].key, rubricKeys[i].name, rubricKeys[i].weight
	}
	return fmt.Sprintf("aspek_%d", i+1), fmt.Sprintf("Aspek %d", i+1), 10
}

// newCompetition creates a competition with the KIPP categories, a proposal
// form of a summary plus one section per criterion, the organizer and every
// judge as members, and each judge's expertise (one to three categories).
func (g *generator) newCompetition(name string, year int, status string, created time.Time) (*comp, error) {
	cp := &comp{chain: newChain(""), expertise: map[int64][]int64{}, quality: map[int64]float64{}, lenient: map[int64]float64{}}
	cp.Competition = models.Competition{Name: name, Year: year, Status: status, Description: g.txt.prose(60),
		CreatedBy: &g.organizer.ID, CreatedAt: created, UpdatedAt: created}
	opens, closes := created.Add(7*24*time.Hour), created.Add(45*24*time.Hour)
	cp.SubmissionOpensAt, cp.SubmissionClosesAt = &opens, &closes
	if err := g.db.Create(&cp.Competition).Error; err != nil {
		return nil, err
	}
	cp.chain.scope = store.CompetitionScope(cp.ID)
	cp.chain.add(created, g.organizer, "competition.create", "competition", cp.ID, map[string]any{"name": name, "year": year, "template": "kipp"})
	for i, n := range templates.KIPPCategories {
		cp.cats = append(cp.cats, models.Category{CompetitionID: cp.ID, Name: n, Group: "umum", Position: i + 1})
	}
	if err := g.bulk(&cp.cats, 100); err != nil {
		return nil, err
	}
	sections := []models.Section{{CompetitionID: cp.ID, Key: "ringkasan", Title: "Ringkasan", WordLimit: templates.SummaryWordLimit,
		Required: true, Position: 1, Guidance: "Ringkasan inovasi dalam paling banyak 200 kata."}}
	for i := 0; i < g.cfg.Criteria; i++ {
		key, title, _ := criterionKey(i)
		sections = append(sections, models.Section{CompetitionID: cp.ID, Key: key, Title: title, Guidance: g.txt.prose(25),
			WordLimit: templates.SectionWordLimit, Required: true, Position: i + 2})
	}
	if err := g.bulk(&sections, 100); err != nil {
		return nil, err
	}
	for _, s := range sections {
		cp.keys = append(cp.keys, s.Key)
	}
	members := []models.Member{{CompetitionID: cp.ID, UserID: g.organizer.ID, Role: models.MemberOrganizer, CreatedAt: created}}
	var exp []models.JudgeExpertise
	for _, j := range g.judges {
		members = append(members, models.Member{CompetitionID: cp.ID, UserID: j.ID, Role: models.MemberJudge, CreatedAt: created})
		for _, k := range g.rng.Perm(len(cp.cats))[:1+g.rng.IntN(3)] {
			exp = append(exp, models.JudgeExpertise{CompetitionID: cp.ID, UserID: j.ID, CategoryID: cp.cats[k].ID})
			cp.expertise[j.ID] = append(cp.expertise[j.ID], cp.cats[k].ID)
		}
		cp.lenient[j.ID] = g.rng.NormFloat64() * 0.7
	}
	if err := g.bulk(&members, 1000); err != nil {
		return nil, err
	}
	if err := g.bulk(&exp, 1000); err != nil {
		return nil, err
	}
	for _, m := range members {
		cp.chain.add(created, g.organizer, "member.add", "user", m.UserID, map[string]any{"role": m.Role})
	}
	return cp, nil
}

// round creates a scoring round with its rubric: the desk criteria, or the
// two of KIPP's presentation round when presentation is set.
func (g *generator) round(cp *comp, r models.Round, presentation bool) (models.Round, []models.Criterion, error) {
	r.CompetitionID, r.Kind, r.CreatedAt, r.UpdatedAt = cp.ID, models.RoundScoring, cp.CreatedAt, cp.CreatedAt
	if err := g.db.Create(&r).Error; err != nil {
		return r, nil, err
	}
	cp.chain.add(cp.CreatedAt, g.organizer, "round.create", "round", r.ID, map[string]any{"name": r.Name, "kind": r.Kind, "position": r.Position})
	var crit []models.Criterion
	if presentation {
		crit = []models.Criterion{
			{Key: "substansi", Name: "Substansi", Weight: 70, MaxScore: 10, Step: 0.5},
			{Key: "penyajian", Name: "Penyajian", Weight: 30, MaxScore: 10, Step: 0.5},
		}
	} else {
		for i := 0; i < g.cfg.Criteria; i++ {
			key, name, w := criterionKey(i)
			crit = append(crit, models.Criterion{Key: key, Name: name, Weight: w, MaxScore: 10, Step: 0.5})
		}
	}
	keys := make([]string, len(crit))
	for i := range crit {
		crit[i].RoundID, crit[i].Position, crit[i].Description = r.ID, i+1, g.txt.prose(20)
		b, _ := json.Marshal(map[string]string{"low": g.txt.prose(8), "mid": g.txt.prose(8), "high": g.txt.prose(8)})
		crit[i].Descriptors = string(b)
		keys[i] = crit[i].Key
	}
	if err := g.bulk(&crit, 100); err != nil {
		return r, nil, err
	}
	cp.chain.add(cp.CreatedAt, g.organizer, "rubric.replace", "round", r.ID, map[string]any{"criteria": keys})
	return r, crit, nil
}

// entries makes n submitted entries, spread over the OPDs and categories,
// each with every section written, a team and a video link, and puts them
// into round r. They were submitted from `from` to `to` before now.
func (g *generator) entries(cp *comp, r models.Round, n int, from, to time.Duration) ([]models.Entry, int64, error) {
	var textBytes int64
	out := make([]models.Entry, 0, n)
	flush := func() error {
		if len(out) == 0 || len(out)%500 != 0 {
			return nil
		}
		batch := out[len(out)-500:]
		return g.bulk(&batch, 100)
	}
	for i := 0; i < n; i++ {
		org := g.orgs[i%len(g.orgs)]
		cat := cp.cats[g.rng.IntN(len(cp.cats))].ID
		sections := map[string]string{}
		for k, key := range cp.keys {
			words := g.txt.around(g.cfg.Words)
			if k == 0 {
				words = min(words, templates.SummaryWordLimit)
			}
			sections[key] = g.txt.prose(words)
		}
		sj, _ := json.Marshal(sections)
		team := []map[string]string{{"name": g.txt.person(), "role": "Ketua"}}
		for range 2 + g.rng.IntN(3) {
			team = append(team, map[string]string{"name": g.txt.person(), "role": "Anggota"})
		}
		tj, _ := json.Marshal(team)
		sub := g.between(to, from)
		made := sub.Add(-time.Duration(1+g.rng.IntN(20*24)) * time.Hour)
		author := g.participants[org.ID]
		out = append(out, models.Entry{CompetitionID: cp.ID, OrganizationID: org.ID, CategoryID: &cat, Title: g.txt.title(),
			Sections: string(sj), Team: string(tj), VideoURL: fmt.Sprintf("https://www.youtube.com/watch?v=bench%06d", i),
			Status: models.EntrySubmitted, SubmittedAt: &sub, CreatedBy: &author.ID, CreatedAt: made, UpdatedAt: sub})
		textBytes += int64(len(sj))
		if err := flush(); err != nil {
			return nil, 0, err
		}
	}
	if rest := len(out) % 500; rest > 0 {
		batch := out[len(out)-rest:]
		if err := g.bulk(&batch, 100); err != nil {
			return nil, 0, err
		}
	}
	re := make([]models.RoundEntry, len(out))
	for i, e := range out {
		re[i] = models.RoundEntry{RoundID: r.ID, EntryID: e.ID, CreatedAt: *e.SubmittedAt}
		cp.quality[e.ID] = g.rng.NormFloat64() * 1.2
		author := g.participants[e.OrganizationID]
		cp.chain.add(e.CreatedAt, author, "entry.create", "entry", e.ID, map[string]any{"title": e.Title, "organization_id": e.OrganizationID})
		cp.chain.add(*e.SubmittedAt, author, "entry.update", "entry", e.ID, map[string]any{"status": models.EntrySubmitted})
	}
	return out, textBytes, g.fastBulk(&re, 2000)
}

// assignments gives every entry perEntry judges with the real solver, with
// the judges' expertise and an even load plus 20% slack, as the organizer's
// "assign automatically" does.
func (g *generator) assignments(cp *comp, r models.Round, entries []models.Entry, perEntry int, at time.Time) ([]models.Assignment, error) {
	p := assign.Problem{JudgesPerEntry: perEntry}
	for _, e := range entries {
		p.Entries = append(p.Entries, assign.Entry{ID: e.ID, Category: *e.CategoryID})
	}
	for _, j := range g.judges {
		p.Judges = append(p.Judges, assign.Judge{ID: j.ID, Expertise: cp.expertise[j.ID]})
	}
	share := int(math.Ceil(float64(len(entries)*perEntry) / float64(len(g.judges))))
	p.MaxPerJudge = int(math.Ceil(float64(share) * 1.2))
	res, err := assign.Solve(p)
	if err != nil {
		return nil, err
	}
	if len(res.Unassigned) > 0 {
		return nil, fmt.Errorf("the solver left %d entries short of judges", len(res.Unassigned))
	}
	out := make([]models.Assignment, len(res.New))
	pairs := make([][2]int64, len(res.New))
	for i, pr := range res.New {
		out[i] = models.Assignment{RoundID: r.ID, EntryID: pr.EntryID, JudgeID: pr.JudgeID, Source: models.AssignAuto,
			CreatedBy: &g.organizer.ID, CreatedAt: at}
		pairs[i] = [2]int64{pr.EntryID, pr.JudgeID}
	}
	if err := g.bulk(&out, 2000); err != nil {
		return nil, err
	}
	cp.chain.add(at, g.organizer, "assignment.create", "round", r.ID, map[string]any{"source": models.AssignAuto, "pairs": pairs})
	return out, nil
}

// fate is what became of one assignment's scorecard: how many times it was
// saved (0: never, pending), whether it was submitted, and whether its draft
// has values for only part of the rubric.
type fate struct {
	saves     int
	submitted bool
	partial   bool
}

// scorecards writes the scorecards, scores and audit rows of assignments,
// each according to fateOf, saved between from and to before now.
func (g *generator) scorecards(cp *comp, crit []models.Criterion, asg []models.Assignment, fateOf func() fate,
	from, to time.Duration) (map[string]int, int, error) {
	counts := map[string]int{}
	var cards []models.Scorecard
	var fates []fate
	var owners []models.Assignment
	for _, a := range asg {
		f := fateOf()
		if f.saves == 0 {
			counts[models.ScorecardPending]++
			continue
		}
		made := g.between(to, from)
		upd := made.Add(time.Duration(f.saves) * time.Duration(1+g.rng.IntN(90)) * time.Minute)
		sc := models.Scorecard{AssignmentID: a.ID, Status: models.ScorecardDraft, Version: f.saves, CreatedAt: made, UpdatedAt: upd}
		if f.submitted {
			sc.Status, sc.Version, sc.SubmittedAt = models.ScorecardSubmitted, f.saves+1, &upd
			sc.Comment = g.txt.prose(g.txt.around(40))
		}
		counts[sc.Status]++
		cards, fates, owners = append(cards, sc), append(fates, f), append(owners, a)
	}
	if err := g.bulk(&cards, 2000); err != nil {
		return nil, 0, err
	}
	var scores []models.Score
	nScores := 0
	for i, sc := range cards {
		a, f := owners[i], fates[i]
		n := len(crit)
		if f.partial {
			n = 1 + g.rng.IntN(len(crit))
		}
		values := map[int64]any{}
		for _, cr := range crit[:n] {
			raw := (6.5 + cp.quality[a.EntryID] + cp.lenient[a.JudgeID] + g.rng.NormFloat64()) * cr.MaxScore / 10
			v := math.Min(cr.MaxScore, math.Max(cr.MinScore, math.Round(raw*2)/2))
			s := models.Score{ScorecardID: sc.ID, CriterionID: cr.ID, Value: &v}
			if g.rng.IntN(4) == 0 {
				s.Comment = g.txt.prose(g.txt.around(18))
			}
			scores = append(scores, s)
			values[cr.ID] = &v
		}
		step := sc.UpdatedAt.Sub(sc.CreatedAt) / time.Duration(f.saves+1)
		for k := 1; k <= f.saves; k++ {
			cp.chain.add(sc.CreatedAt.Add(time.Duration(k-1)*step), g.judgeByID(a.JudgeID), "scorecard.save", "assignment", a.ID,
				map[string]any{"version": k, "values": values})
		}
		if f.submitted {
			cp.chain.add(sc.UpdatedAt, g.judgeByID(a.JudgeID), "scorecard.submit", "assignment", a.ID, map[string]any{"version": f.saves + 1})
		}
		if len(scores) >= 20000 {
			nScores += len(scores)
			if err := g.fastBulk(&scores, 4000); err != nil {
				return nil, 0, err
			}
			scores = scores[:0]
		}
	}
	nScores += len(scores)
	if len(scores) > 0 {
		if err := g.fastBulk(&scores, 4000); err != nil {
			return nil, 0, err
		}
	}
	return counts, nScores, nil
}

func (g *generator) judgeByID(id int64) models.User {
	// Judges were inserted in one batch, so their ids are consecutive.
	if i := int(id - g.judges[0].ID); i >= 0 && i < len(g.judges) && g.judges[i].ID == id {
		return g.judges[i]
	}
	for _, j := range g.judges {
		if j.ID == id {
			return j
		}
	}
	return models.User{ID: id}
}
