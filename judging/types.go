package judging

import (
	"errors"
	"fmt"
	"time"
)

// ErrInvalid is wrapped by every validation error Rank returns, so callers
// can tell bad input (which an organizer must fix) from a bug.
var ErrInvalid = errors.New("judging: invalid input")

// Aggregation methods accepted in Options.Method.
const (
	MethodMean    = "mean"
	MethodMedian  = "median"
	MethodTrimmed = "trimmed"
)

// Normalization modes accepted in Options.Normalize.
const (
	NormalizeNone   = "none"
	NormalizeZScore = "zscore"
)

// Flags that can appear in RankedEntry.Flags.
const (
	FlagDisagreement = "disagreement"
	FlagIncomplete   = "incomplete"
	FlagTied         = "tied"
	FlagUnscored     = "unscored"
)

// Criterion is one line of the rubric. Weights of a rubric sum to 100, so a
// judge who gives every criterion its Max produces a total of exactly 100.
type Criterion struct {
	ID       int64
	Key      string // unique, used as the key of RankedEntry.Criteria
	Weight   float64
	Min, Max float64 // 0 <= Min <= Max, Max > 0
	Position int     // order on the form; breaks ties between equal weights
}

// Entry is one innovation submitted to the round.
type Entry struct {
	ID          int64
	CategoryID  int64
	SubmittedAt time.Time // zero means unknown; such entries lose time tie-breaks
	Assigned    int       // judges assigned; fewer submitted scorecards means "incomplete"
}

// Scorecard is one judge's submitted scores for one entry. Only submitted
// scorecards are passed in, and a submitted scorecard must score every
// criterion of the rubric.
type Scorecard struct {
	EntryID, JudgeID int64
	Values           map[int64]float64 // criterion ID -> value
}

// Options chooses how the ranking is computed. The zero value is valid and
// means: mean of judges, no normalization, disagreement above 15 points,
// top 10, 1000 resamples, seed 1, all categories.
type Options struct {
	Method                string  // "mean" (default), "median", "trimmed"
	Normalize             string  // "none" (default), "zscore"
	DisagreementThreshold float64 // default 15 when 0
	TopN                  int     // default 10 when 0
	Resamples             int     // default 1000 when 0; negative skips rank confidence
	Seed                  uint64  // default 1 when 0
	CategoryID            int64   // 0 = all; otherwise rank only this category
}

// Ranking is the full, explainable result of a round.
type Ranking struct {
	Method, Normalize string
	Entries           []RankedEntry // in rank order
	Judges            []JudgeStat   // every judge of the round, by JudgeID
	Reliability       Reliability
	Notes             []string // plain-English remarks for the organizer

	// TopN and Resamples record the settings behind TopNProbability.
	// Resamples is 0 when rank confidence was skipped.
	TopN      int
	Resamples int
}

// RankedEntry is one line of the published ranking.
type RankedEntry struct {
	EntryID         int64
	Rank            int
	Score           float64
	Judges          int     // submitted scorecards
	Stddev          float64 // sample SD of the totals behind Score
	Flags           []string
	TopNProbability float64
	Criteria        map[string]float64 // criterion key -> mean raw value
	JudgeTotals     map[int64]float64  // judge -> total used for Score
	RawJudgeTotals  map[int64]float64  // judge -> total before normalization
}

// JudgeStat describes one judge's leniency over the whole round.
type JudgeStat struct {
	JudgeID    int64
	Scored     int
	Mean       float64 // mean raw total
	Offset     float64 // Mean minus the round mean; positive = lenient
	Normalized bool
	Note       string
}

// Reliability reports how well the jury agrees, as an intraclass correlation
// on raw totals of the ranked entries.
type Reliability struct {
	Method  string   // "ICC(2,k)", "ICC(1,k)", "ICC(1,k) unbalanced" or "none"
	ICC     *float64 // reliability of the average of K judges; nil when not computable
	Judges  int
	Entries int
	Note    string

	// K is the number of judges per entry that ICC refers to: k for a fully
	// crossed design, the effective group size k0 otherwise.
	K float64
	// Single is the reliability of one judge alone (ICC(2,1) or ICC(1,1)).
	Single *float64
}

// settings are Options with defaults applied and checked.
type settings struct {
	method, normalize string
	threshold         float64
	topN, resamples   int
	seed              uint64
	category          int64
}

func (o Options) resolve() (settings, error) {
	s := settings{
		method:    o.Method,
		normalize: o.Normalize,
		threshold: o.DisagreementThreshold,
		topN:      o.TopN,
		resamples: o.Resamples,
		seed:      o.Seed,
		category:  o.CategoryID,
	}
	if s.method == "" {
		s.method = MethodMean
	}
	if s.normalize == "" {
		s.normalize = NormalizeNone
	}
	if s.threshold == 0 {
		s.threshold = 15
	}
	if s.topN == 0 {
		s.topN = 10
	}
	if s.resamples == 0 {
		s.resamples = 1000
	}
	if s.seed == 0 {
		s.seed = 1
	}
	switch s.method {
	case MethodMean, MethodMedian, MethodTrimmed:
	default:
		return s, invalid("unknown method %q (want mean, median or trimmed)", o.Method)
	}
	switch s.normalize {
	case NormalizeNone, NormalizeZScore:
	default:
		return s, invalid("unknown normalization %q (want none or zscore)", o.Normalize)
	}
	if !(s.threshold > 0) {
		return s, invalid("disagreement threshold %v must be positive", o.DisagreementThreshold)
	}
	if s.topN < 0 {
		return s, invalid("TopN %d must not be negative", o.TopN)
	}
	return s, nil
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}
