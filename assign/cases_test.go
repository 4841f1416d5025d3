package assign_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/juri-id/juri/assign"
)

func judges(ids ...int64) []assign.Judge {
	var js []assign.Judge
	for _, id := range ids {
		js = append(js, assign.Judge{ID: id})
	}
	return js
}

func entries(cat int64, ids ...int64) []assign.Entry {
	var es []assign.Entry
	for _, id := range ids {
		es = append(es, assign.Entry{ID: id, Category: cat})
	}
	return es
}

func mustSolve(t *testing.T, p assign.Problem) assign.Result {
	t.Helper()
	r, err := assign.Solve(p)
	if err != nil {
		t.Fatal(err)
	}
	check(t, p, r)
	return r
}

func TestLoadsBalanced(t *testing.T) {
	p := assign.Problem{Entries: entries(0, 1, 2, 3, 4, 5, 6), Judges: judges(10, 20, 30), JudgesPerEntry: 1}
	r := mustSolve(t, p)
	if want := map[int64]int{10: 2, 20: 2, 30: 2}; !reflect.DeepEqual(r.Loads, want) {
		t.Fatalf("loads %v, want %v", r.Loads, want)
	}
	// Each judge pays 10*1 + 10*3 for its two assignments.
	if r.Cost != 120 || len(r.New) != 6 || len(r.Unassigned) != 0 {
		t.Fatalf("got %+v", r)
	}
}

func TestExpertisePreferredWhenLoadNeutral(t *testing.T) {
	p := assign.Problem{
		Entries: []assign.Entry{{ID: 1, Category: 100}, {ID: 2, Category: 200}},
		// Judge 10 comes first and would win every tie, but only judge
		// 20 knows category 100.
		Judges:         []assign.Judge{{ID: 10, Expertise: []int64{200}}, {ID: 20, Expertise: []int64{100}}},
		JudgesPerEntry: 1,
	}
	r := mustSolve(t, p)
	want := []assign.Pair{{EntryID: 1, JudgeID: 20}, {EntryID: 2, JudgeID: 10}}
	if !reflect.DeepEqual(r.New, want) || r.Cost != 20 {
		t.Fatalf("got %v cost %d, want %v cost 20", r.New, r.Cost, want)
	}
}

func TestExpertiseAgainstLoad(t *testing.T) {
	// Three entries of category 7; only judge 1 is expert. With the
	// default penalty 5, evening the load (loads 2 and 1, cost 10+30+10+5)
	// beats piling all on the expert (10+30+50); with penalty 50 the
	// expert takes all three (90 < 10+30+10+50).
	base := assign.Problem{
		Entries:        entries(7, 1, 2, 3),
		Judges:         []assign.Judge{{ID: 1, Expertise: []int64{7}}, {ID: 2}},
		JudgesPerEntry: 1,
	}
	r := mustSolve(t, base)
	if r.Loads[1] != 2 || r.Loads[2] != 1 || r.Cost != 55 {
		t.Fatalf("default penalty: loads %v cost %d", r.Loads, r.Cost)
	}
	base.ExpertisePenalty = 50
	r = mustSolve(t, base)
	if r.Loads[1] != 3 || r.Loads[2] != 0 || r.Cost != 90 {
		t.Fatalf("penalty 50: loads %v cost %d", r.Loads, r.Cost)
	}
}

func TestExistingKeptAndCounted(t *testing.T) {
	p := assign.Problem{
		Entries:        entries(0, 1, 2, 5),
		Judges:         []assign.Judge{{ID: 10}, {ID: 20}, {ID: 30, OtherLoad: 2}},
		JudgesPerEntry: 1,
		// Entry 5 has two existing judges though it needs one: both stay.
		Existing: []assign.Pair{{EntryID: 1, JudgeID: 10}, {EntryID: 5, JudgeID: 10}, {EntryID: 5, JudgeID: 20}},
	}
	r := mustSolve(t, p)
	// Starting loads are 2 (existing), 1 (existing) and 2 (other work).
	// Only entry 2 needs a judge, and judge 20 is the only one that keeps
	// the loads even; its second assignment costs 10*(2*2-1).
	want := []assign.Pair{{EntryID: 2, JudgeID: 20}}
	if !reflect.DeepEqual(r.New, want) || r.Cost != 30 {
		t.Fatalf("new %v cost %d, want %v cost 30", r.New, r.Cost, want)
	}
	if wl := map[int64]int{10: 2, 20: 2, 30: 2}; !reflect.DeepEqual(r.Loads, wl) {
		t.Fatalf("loads %v, want %v", r.Loads, wl)
	}
}

func TestMaxFlowBeforeCost(t *testing.T) {
	// Entry 2 can only go to judge 10. Greedy gives judge 10 to entry 1
	// first (input order) and then has nobody for entry 2; Solve fills
	// both although that costs the same or more.
	p := assign.Problem{
		Entries:        entries(0, 1, 2),
		Judges:         judges(10, 20),
		JudgesPerEntry: 1,
		MaxPerJudge:    1,
		Conflicts:      []assign.Pair{{EntryID: 2, JudgeID: 20}},
	}
	r := mustSolve(t, p)
	want := []assign.Pair{{EntryID: 1, JudgeID: 20}, {EntryID: 2, JudgeID: 10}}
	if !reflect.DeepEqual(r.New, want) || len(r.Unassigned) != 0 {
		t.Fatalf("Solve: %+v", r)
	}
	g, err := assign.Greedy(p)
	if err != nil {
		t.Fatal(err)
	}
	check(t, p, g)
	if len(g.Unassigned) != 1 || g.Unassigned[0].EntryID != 2 {
		t.Fatalf("Greedy was expected to strand entry 2: %+v", g)
	}
}

func TestShortfallCodes(t *testing.T) {
	p := assign.Problem{
		Entries:        entries(0, 1, 2, 3, 4),
		Judges:         judges(10, 20, 30),
		JudgesPerEntry: 2,
		MaxPerJudge:    2,
		// Entry 1 conflicts with two of the three judges: it can never
		// get two. Capacity is 6 for 8 slots, so one more slot stays
		// empty for lack of capacity.
		Conflicts: []assign.Pair{{EntryID: 1, JudgeID: 10}, {EntryID: 1, JudgeID: 30}},
	}
	r := mustSolve(t, p)
	checkCapacityReasons(t, p, r)
	var conflicts, capacity int
	for _, s := range r.Unassigned {
		switch s.Code {
		case assign.CodeConflicts:
			conflicts += s.Missing
			if s.EntryID != 1 || !strings.Contains(s.Reason, "only 1 judge has no conflict") || !strings.Contains(s.Reason, "2 are needed") {
				t.Fatalf("conflicts shortfall %+v", s)
			}
		case assign.CodeCapacity:
			capacity += s.Missing
			if !strings.Contains(s.Reason, "max_per_judge (2)") {
				t.Fatalf("capacity shortfall %+v", s)
			}
		}
	}
	// Entry 1 misses at least one slot by conflicts; six of eight slots
	// are filled in total.
	if len(r.New) != 6 || conflicts+capacity != 2 || conflicts < 1 {
		t.Fatalf("new %d, unassigned %+v", len(r.New), r.Unassigned)
	}
}

func TestNoJudges(t *testing.T) {
	r := mustSolve(t, assign.Problem{Entries: entries(0, 5, 3), JudgesPerEntry: 2})
	if len(r.Unassigned) != 2 || r.Unassigned[0].EntryID != 3 || r.Unassigned[0].Missing != 2 ||
		r.Unassigned[0].Code != assign.CodeConflicts {
		t.Fatalf("got %+v", r.Unassigned)
	}
}

func TestMalformed(t *testing.T) {
	ok := assign.Problem{Entries: entries(0, 1), Judges: judges(10), JudgesPerEntry: 1}
	cases := map[string]func(p *assign.Problem){
		"judges per entry": func(p *assign.Problem) { p.JudgesPerEntry = 0 },
		"duplicate entry":  func(p *assign.Problem) { p.Entries = entries(0, 1, 1) },
		"duplicate judge":  func(p *assign.Problem) { p.Judges = judges(10, 10) },
		"unknown entry":    func(p *assign.Problem) { p.Conflicts = []assign.Pair{{EntryID: 2, JudgeID: 10}} },
		"unknown judge":    func(p *assign.Problem) { p.Existing = []assign.Pair{{EntryID: 1, JudgeID: 11}} },
		"existing twice": func(p *assign.Problem) {
			p.Existing = []assign.Pair{{EntryID: 1, JudgeID: 10}, {EntryID: 1, JudgeID: 10}}
		},
		"negative max":    func(p *assign.Problem) { p.MaxPerJudge = -1 },
		"negative weight": func(p *assign.Problem) { p.LoadWeight = -1 },
		"negative load":   func(p *assign.Problem) { p.Judges[0].OtherLoad = -1 },
	}
	for name, mutate := range cases {
		p := ok
		p.Judges = judges(10)
		mutate(&p)
		if _, err := assign.Solve(p); err == nil {
			t.Errorf("%s: Solve accepted malformed input", name)
		}
		if _, err := assign.Greedy(p); err == nil {
			t.Errorf("%s: Greedy accepted malformed input", name)
		}
	}
	if _, err := assign.Solve(ok); err != nil {
		t.Fatalf("well-formed problem rejected: %v", err)
	}
}
