package judging

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"testing"
	"time"
)

// fuzzBytes hands out the fuzz input one decision at a time; once it runs
// out every decision is 0, so short inputs still build a valid round.
type fuzzBytes struct {
	b []byte
	i int
}

func (f *fuzzBytes) next() byte {
	if f.i >= len(f.b) {
		return 0
	}
	v := f.b[f.i]
	f.i++
	return v
}

func (f *fuzzBytes) intn(n int) int { return int(f.next()) % n }

// fuzzRound builds a valid round (and options) from the fuzz bytes.
func fuzzRound(f *fuzzBytes) ([]Criterion, []Entry, []Scorecard, Options) {
	nc := 1 + f.intn(8)
	raw := make([]int, nc)
	total := 0
	for i := range raw {
		raw[i] = f.intn(256)
		total += raw[i]
	}
	if total == 0 {
		raw[0], total = 1, 1
	}
	// Integer weights sum to exactly 100; fractional ones only to within
	// rounding, which exercises the weight tolerance and the clamp.
	fractional := f.intn(2) == 1
	crit := make([]Criterion, nc)
	given := 0
	for i := range crit {
		var w float64
		if fractional {
			w = float64(raw[i]) * 100 / float64(total)
		} else {
			wi := raw[i] * 100 / total
			if i == nc-1 {
				wi = 100 - given
			}
			given += wi
			w = float64(wi)
		}
		maxV := float64(1 + f.intn(100))
		if f.intn(4) == 0 {
			maxV /= 7
		}
		crit[i] = Criterion{
			ID: int64(100 + i), Key: string(rune('a' + i)), Weight: w,
			Min: maxV * float64(f.intn(3)) / 4, Max: maxV, Position: f.intn(4),
		}
	}

	base := time.Date(2025, 5, 1, 8, 0, 0, 0, time.UTC)
	ne := 1 + f.intn(20)
	entries := make([]Entry, ne)
	for i := range entries {
		e := Entry{ID: int64(ne - i), CategoryID: int64(1 + f.intn(3)), Assigned: f.intn(6)}
		if h := f.intn(6); h > 0 {
			e.SubmittedAt = base.Add(time.Duration(h) * time.Hour)
		}
		entries[i] = e
	}

	nj := 1 + f.intn(7)
	coarse := f.intn(2) == 1 // few distinct values: many exact ties
	var cards []Scorecard
	for _, e := range entries {
		for j := range nj {
			if f.intn(3) == 0 {
				continue
			}
			vals := make(map[int64]float64, nc)
			for _, c := range crit {
				frac := float64(f.next()) / 255
				if coarse {
					frac = float64(f.intn(3)) / 2
				}
				vals[c.ID] = c.Min + (c.Max-c.Min)*frac
			}
			cards = append(cards, Scorecard{EntryID: e.ID, JudgeID: int64(j + 1), Values: vals})
		}
	}

	opt := Options{
		Method:                []string{"", "mean", "median", "trimmed"}[f.intn(4)],
		Normalize:             []string{"", "none", "zscore"}[f.intn(3)],
		DisagreementThreshold: float64(f.intn(30)),
		TopN:                  f.intn(6),
		Resamples:             f.intn(40) - 1,
		Seed:                  uint64(f.next()),
		CategoryID:            int64(f.intn(4)),
	}
	if opt.Resamples == 0 {
		opt.Resamples = -1 // the default of 1000 would slow the fuzzer down for nothing
	}
	return crit, entries, cards, opt
}

// FuzzRank builds random rubrics and scorecards: Rank must never panic,
// must accept every valid round, and must return ranks 1..n and scores
// within 0..100. A trailing mutation byte breaks the round on purpose, and
// then Rank must report ErrInvalid instead.
func FuzzRank(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{3, 10, 20, 30, 0, 5, 0, 50, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
	f.Add([]byte{7, 255, 255, 255, 255, 255, 255, 255, 255, 1, 99, 3, 1, 2, 19, 1, 1, 1, 1, 6, 1, 200, 100, 50})
	f.Add([]byte{0, 1, 0, 100, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 1, 2, 3, 4, 5, 6, 7, 8})
	f.Fuzz(func(t *testing.T, data []byte) {
		fb := &fuzzBytes{b: data}
		crit, entries, cards, opt := fuzzRound(fb)
		mutation := fb.intn(8)
		switch {
		case mutation == 1 && len(cards) > 0:
			cards = append(cards, cards[len(cards)/2]) // duplicate scorecard
		case mutation == 2 && len(cards) > 0:
			c := cards[0]
			v := make(map[int64]float64, len(c.Values))
			for k, x := range c.Values {
				v[k] = x
			}
			v[crit[0].ID] = crit[0].Max * 1.5 // above Max
			cards[0] = Scorecard{EntryID: c.EntryID, JudgeID: c.JudgeID, Values: v}
		case mutation == 3:
			cards = append(cards, Scorecard{EntryID: 9999, JudgeID: 1}) // unknown entry
		default:
			mutation = 0
		}

		r, err := Rank(crit, entries, cards, opt)
		if mutation != 0 {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("mutation %d: err = %v, want ErrInvalid", mutation, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("valid round refused: %v", err)
		}
		checkInvariants(t, r)

		listed := 0
		for _, e := range entries {
			if opt.CategoryID == 0 || e.CategoryID == opt.CategoryID {
				listed++
			}
		}
		if len(r.Entries) != listed {
			t.Fatalf("%d entries ranked, %d listed", len(r.Entries), listed)
		}
		seen := map[int64]bool{}
		for _, e := range r.Entries {
			if seen[e.EntryID] {
				t.Fatalf("entry %d ranked twice", e.EntryID)
			}
			seen[e.EntryID] = true
		}
		if icc := r.Reliability.ICC; icc != nil && (math.IsNaN(*icc) || math.IsInf(*icc, 0) || *icc > 1+1e-9) {
			t.Fatalf("ICC = %v", *icc)
		}

		// The order in which entries and cards arrive must not matter, not
		// even in the last digit.
		again, err := Rank(crit, reversed(entries), reversed(cards), opt)
		if err != nil || !reflect.DeepEqual(r, again) {
			t.Fatalf("reversed input changed the result (err %v):\n%+v\n%+v", err, r, again)
		}
	})
}

func reversed[T any](s []T) []T {
	out := slices.Clone(s)
	slices.Reverse(out)
	return out
}

// float reads a value from the fuzz bytes: usually a small number a rubric
// could hold, sometimes the raw bits of a float64 (NaN, ±Inf, subnormals,
// 1e308), so every value an API bug could let through is tried.
func (f *fuzzBytes) float(scale float64) float64 {
	switch f.intn(8) {
	case 0:
		var bits uint64
		for range 8 {
			bits = bits<<8 | uint64(f.next())
		}
		return math.Float64frombits(bits)
	case 1:
		return []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1), math.MaxFloat64, math.SmallestNonzeroFloat64, -1}[f.intn(7)]
	}
	return scale * float64(f.next()) / 255
}

// FuzzRankArbitrary hands Rank score matrices a validator must stand
// between: any rubric (weights, ranges, keys, duplicate IDs), any values
// including NaN and ±Inf, scorecards of unknown entries and criteria, any
// options. Rank either refuses with ErrInvalid or returns a ranking in which
// every number is finite (it must encode as JSON), ranks are 1..n in order,
// every listed entry is ranked exactly once, scores and totals lie in 0..100
// and probabilities in 0..1.
func FuzzRankArbitrary(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{2, 2, 2, 50, 2, 2, 2, 50, 3, 2, 2, 2, 4, 2, 2, 2, 9, 2, 1, 2, 3, 2, 200, 2, 100})
	f.Add([]byte{3, 1, 0, 1, 1, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{1, 0, 0x7f, 0xf0, 0, 0, 0, 0, 0, 0, 2, 100, 2, 255, 5, 3, 2, 2, 2, 2, 2, 2, 2, 2})
	f.Fuzz(func(t *testing.T, data []byte) {
		fb := &fuzzBytes{b: data}
		nc := 1 + fb.intn(6)
		crit := make([]Criterion, nc)
		for i := range crit {
			crit[i] = Criterion{ID: int64(1 + fb.intn(nc+1)), Key: string(rune('a' + fb.intn(nc+1))),
				Weight: fb.float(100), Min: fb.float(5), Max: fb.float(100), Position: fb.intn(3)}
		}
		ne := 1 + fb.intn(12)
		entries := make([]Entry, ne)
		base := time.Date(2025, 5, 1, 8, 0, 0, 0, time.UTC)
		for i := range entries {
			entries[i] = Entry{ID: int64(1 + fb.intn(ne+1)), CategoryID: int64(fb.intn(3)), Assigned: fb.intn(8) - 1}
			if h := fb.intn(4); h > 0 {
				entries[i].SubmittedAt = base.Add(time.Duration(h) * time.Minute)
			}
		}
		var cards []Scorecard
		for n := fb.intn(40); n > 0; n-- {
			vals := map[int64]float64{}
			for k := fb.intn(nc + 2); k > 0; k-- {
				vals[int64(1+fb.intn(nc+1))] = fb.float(100)
			}
			cards = append(cards, Scorecard{EntryID: int64(1 + fb.intn(ne+1)), JudgeID: int64(fb.intn(6)), Values: vals})
		}
		opt := Options{
			Method:                []string{"", "mean", "median", "trimmed", "mode"}[fb.intn(5)],
			Normalize:             []string{"", "none", "zscore", "minmax"}[fb.intn(4)],
			DisagreementThreshold: fb.float(40),
			TopN:                  fb.intn(8) - 1,
			Resamples:             fb.intn(30) - 2,
			Seed:                  uint64(fb.next()),
			CategoryID:            int64(fb.intn(4)),
		}
		if opt.Resamples == 0 {
			opt.Resamples = -1
		}

		r, err := Rank(crit, entries, cards, opt)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("refused with %v, not ErrInvalid", err)
			}
			return
		}
		if where := nonFinite(reflect.ValueOf(r), "Ranking"); where != "" {
			t.Fatalf("%s is not a finite number:\n%+v", where, r)
		}
		if _, err := json.Marshal(r); err != nil {
			t.Fatalf("the ranking does not encode as JSON: %v", err)
		}
		checkInvariants(t, r)
		listed := map[int64]bool{}
		for _, e := range entries {
			if opt.CategoryID == 0 || e.CategoryID == opt.CategoryID {
				listed[e.ID] = true
			}
		}
		seen := map[int64]bool{}
		for _, e := range r.Entries {
			if seen[e.EntryID] || !listed[e.EntryID] {
				t.Fatalf("entry %d ranked twice or not listed", e.EntryID)
			}
			seen[e.EntryID] = true
		}
		if len(seen) != len(listed) {
			t.Fatalf("%d entries ranked, %d listed", len(seen), len(listed))
		}
	})
}

// nonFinite names the first NaN or infinite float64 reachable from v.
func nonFinite(v reflect.Value, at string) string {
	switch v.Kind() {
	case reflect.Float64:
		if math.IsNaN(v.Float()) || math.IsInf(v.Float(), 0) {
			return at
		}
	case reflect.Pointer:
		if !v.IsNil() {
			return nonFinite(v.Elem(), at)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if w := nonFinite(v.Field(i), at+"."+v.Type().Field(i).Name); w != "" {
				return w
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			if w := nonFinite(v.Index(i), fmt.Sprintf("%s[%d]", at, i)); w != "" {
				return w
			}
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			if w := nonFinite(v.MapIndex(k), fmt.Sprintf("%s[%v]", at, k)); w != "" {
				return w
			}
		}
	}
	return ""
}
