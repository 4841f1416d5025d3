// Package assigngen generates seeded random judge-assignment instances for
// benchmarks and comparison tools, so that every tool measures the same
// problems.
//
// The instance family: entries get one of 10 categories uniformly; each
// judge is expert in 1 to 3 distinct categories; every (entry, judge) pair
// is a conflict of interest with probability 2%; 20% of the entries already
// hold one existing assignment to a judge they have no conflict with; and
// MaxPerJudge is the even share ceil(entries*perEntry/judges) plus 20%
// slack, rounded up (60 for 5,000 entries, 300 judges and 3 per entry).
package assigngen

import (
	"math/rand/v2"

	"github.com/juri-id/juri/assign"
)

// Parameters of the family, exported so that reports can quote them.
const (
	Categories       = 10
	ConflictRate     = 0.02
	ExistingFraction = 0.20
	SlackPercent     = 20
)

// Generate returns the instance for the given size and seed. The same
// arguments always give the same Problem.
func Generate(entries, judges, perEntry int, seed uint64) assign.Problem {
	rng := rand.New(rand.NewPCG(seed, 0x6a757269)) // second word: "juri"
	p := assign.Problem{JudgesPerEntry: perEntry}
	for i := range entries {
		p.Entries = append(p.Entries, assign.Entry{ID: int64(i + 1), Category: int64(rng.IntN(Categories) + 1)})
	}
	for j := range judges {
		n := 1 + rng.IntN(3)
		exp := make([]int64, 0, n)
		for _, c := range rng.Perm(Categories)[:n] {
			exp = append(exp, int64(c+1))
		}
		p.Judges = append(p.Judges, assign.Judge{ID: int64(j + 1), Expertise: exp})
	}
	if judges > 0 {
		share := (entries*perEntry + judges - 1) / judges
		p.MaxPerJudge = max(1, (share*(100+SlackPercent)+99)/100)
	}
	conflicted := make([]bool, judges)
	for e := range entries {
		free := 0
		for j := range judges {
			conflicted[j] = rng.Float64() < ConflictRate
			if conflicted[j] {
				p.Conflicts = append(p.Conflicts, assign.Pair{EntryID: int64(e + 1), JudgeID: int64(j + 1)})
			} else {
				free++
			}
		}
		if free == 0 || rng.Float64() >= ExistingFraction {
			continue
		}
		// Pick the k-th conflict-free judge so the choice is uniform.
		k := rng.IntN(free)
		for j := range judges {
			if conflicted[j] {
				continue
			}
			if k == 0 {
				p.Existing = append(p.Existing, assign.Pair{EntryID: int64(e + 1), JudgeID: int64(j + 1)})
				break
			}
			k--
		}
	}
	return p
}
