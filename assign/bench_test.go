package assign_test

import (
	"fmt"
	"testing"

	"github.com/juri-id/juri/assign"
	"github.com/juri-id/juri/assign/assigngen"
)

// benchSizes scale judges with entries (300 judges per 5,000 entries) so the
// even load stays 50 per judge and MaxPerJudge stays 60 at every size.
var benchSizes = []int{500, 1000, 2000, 5000, 10000}

func benchJudges(entries int) int { return entries * 3 / 50 }

func benchRun(b *testing.B, solve func(assign.Problem) (assign.Result, error)) {
	for _, n := range benchSizes {
		p := assigngen.Generate(n, benchJudges(n), 3, 1)
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := solve(p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSolve(b *testing.B)  { benchRun(b, assign.Solve) }
func BenchmarkGreedy(b *testing.B) { benchRun(b, assign.Greedy) }
