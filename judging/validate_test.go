package judging

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// TestValidation lists every input Rank refuses. Each error wraps ErrInvalid
// and names the problem so an organizer can fix the data.
func TestValidation(t *testing.T) {
	good := overall()
	two := []Criterion{
		{ID: 1, Key: "a", Weight: 60, Max: 10, Position: 1},
		{ID: 2, Key: "b", Weight: 40, Max: 10, Position: 2},
	}
	ents := plainEntries(1, 2)
	cases := []struct {
		name    string
		crit    []Criterion
		entries []Entry
		cards   []Scorecard
		opt     Options
		want    string
	}{
		{"unknown method", good, ents, nil, Options{Method: "average"}, `unknown method "average"`},
		{"unknown normalization", good, ents, nil, Options{Normalize: "minmax"}, `unknown normalization "minmax"`},
		{"negative threshold", good, ents, nil, Options{DisagreementThreshold: -1}, "threshold"},
		{"negative TopN", good, ents, nil, Options{TopN: -3}, "TopN"},
		{"no criteria", nil, ents, nil, Options{}, "no criteria"},
		{"weights not 100", []Criterion{{ID: 1, Key: "a", Weight: 90, Max: 10}}, ents, nil, Options{}, "sum to 90"},
		{"zero max", []Criterion{{ID: 1, Key: "a", Weight: 100, Max: 0}}, ents, nil, Options{}, "Max"},
		{"min above max", []Criterion{{ID: 1, Key: "a", Weight: 100, Min: 6, Max: 5}}, ents, nil, Options{}, "Min"},
		{"negative min", []Criterion{{ID: 1, Key: "a", Weight: 100, Min: -1, Max: 5}}, ents, nil, Options{}, "Min"},
		{"negative weight", []Criterion{{ID: 1, Key: "a", Weight: 110, Max: 5}, {ID: 2, Key: "b", Weight: -10, Max: 5}}, ents, nil, Options{}, "weight"},
		{"duplicate criterion", []Criterion{{ID: 1, Key: "a", Weight: 50, Max: 5}, {ID: 1, Key: "b", Weight: 50, Max: 5}}, ents, nil, Options{}, "criterion 1 appears twice"},
		{"duplicate key", []Criterion{{ID: 1, Key: "a", Weight: 50, Max: 5}, {ID: 2, Key: "a", Weight: 50, Max: 5}}, ents, nil, Options{}, `key "a" appears twice`},
		{"empty key", []Criterion{{ID: 1, Weight: 100, Max: 5}}, ents, nil, Options{}, "no key"},
		{"duplicate entry", good, plainEntries(1, 1), nil, Options{}, "entry 1 appears twice"},
		{"negative assigned", good, []Entry{{ID: 1, Assigned: -1}}, nil, Options{}, "Assigned"},
		{"unknown entry", good, ents, []Scorecard{sc(3, 1, 50)}, Options{}, "unknown entry 3"},
		{"duplicate scorecard", good, ents, []Scorecard{sc(1, 7, 50), sc(2, 7, 50), sc(1, 7, 60)}, Options{}, "judge 7 submitted two scorecards for entry 1"},
		{"above max", good, ents, []Scorecard{sc(1, 1, 100.5)}, Options{}, "outside"},
		{"below min", []Criterion{{ID: 1, Key: "a", Weight: 100, Min: 1, Max: 5}}, ents, []Scorecard{{EntryID: 1, JudgeID: 1, Values: map[int64]float64{1: 0.5}}}, Options{}, "outside"},
		{"NaN value", good, ents, []Scorecard{sc(1, 1, math.NaN())}, Options{}, "outside"},
		{"missing criterion", two, ents, []Scorecard{{EntryID: 1, JudgeID: 1, Values: map[int64]float64{1: 5}}}, Options{}, `no value for criterion "b"`},
		{"unknown criterion", two, ents, []Scorecard{{EntryID: 1, JudgeID: 1, Values: map[int64]float64{1: 5, 2: 5, 9: 1, 4: 1}}}, Options{}, "unknown criterion 4"},
		{"nil values", good, ents, []Scorecard{{EntryID: 1, JudgeID: 1}}, Options{}, "no value"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Rank(c.crit, c.entries, c.cards, c.opt)
			if err == nil {
				t.Fatalf("no error, want one containing %q", c.want)
			}
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q, want ErrInvalid containing %q", err, c.want)
			}
		})
	}
}

// TestValidInputsAccepted: boundary values and decimal weights are fine.
func TestValidInputsAccepted(t *testing.T) {
	crit := []Criterion{
		{ID: 1, Key: "a", Weight: 33.33, Min: 1, Max: 5, Position: 1},
		{ID: 2, Key: "b", Weight: 33.33, Min: 0, Max: 10, Position: 2},
		{ID: 3, Key: "c", Weight: 33.34, Min: 0, Max: 10, Position: 3},
	}
	cards := []Scorecard{
		{EntryID: 1, JudgeID: 1, Values: map[int64]float64{1: 5, 2: 10, 3: 10}},
		{EntryID: 2, JudgeID: 1, Values: map[int64]float64{1: 1, 2: 0, 3: 0}},
	}
	r := mustRank(t, crit, plainEntries(1, 2), cards, noBoot)
	if s := r.Entries[0].Score; math.Abs(s-100) > 1e-6 || s > 100 {
		t.Errorf("perfect card scored %v", s)
	}
	// Min 1 of 5 still counts as 33.33 * 1/5 = 6.666 points.
	wantNear(t, "minimum card", r.Entries[1].Score, 33.33/5)
	// No entries and no cards is an empty, valid ranking.
	empty := mustRank(t, crit, nil, nil, Options{})
	if len(empty.Entries) != 0 || empty.Reliability.ICC != nil {
		t.Errorf("empty round = %+v", empty)
	}
}
