// Command assigncmp compares the exact judge-assignment solver (assign.Solve)
// with the greedy baseline (assign.Greedy) on the seeded instances of
// assign/assigngen: median run times, the time ratio, how much more the
// greedy assignment costs, the load spread each leaves, and how often the
// greedy leaves slots empty that the exact solver fills.
//
// Usage:
//
//	go run ./bench/assigncmp [-sizes 500,1000,2000,5000,10000] [-seeds 5] [-runs 7] [-per 3] [-max 0]
//
// Judges scale with entries, 300 per 5,000, as in the package benchmarks.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/juri-id/juri/assign"
	"github.com/juri-id/juri/assign/assigngen"
)

func main() {
	sizes := flag.String("sizes", "500,1000,2000,5000,10000", "comma-separated entry counts")
	seeds := flag.Int("seeds", 5, "instances (seeds 1..n) per size")
	runs := flag.Int("runs", 7, "timed runs of each solver per instance")
	per := flag.Int("per", 3, "judges per entry")
	maxPer := flag.Int("max", 0, "override MaxPerJudge (0 keeps the generator's share+20%)")
	flag.Parse()

	fmt.Printf("go %s, %s/%s, %d CPUs; %d seeds x %d runs per size; medians throughout\n",
		runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), *seeds, *runs)
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "entries\tjudges\tmax/judge\tsolve ms\tgreedy ms\tgreedy/opt time\tgreedy cost +%\t(max)\tspread opt\tspread greedy\tnon-expert opt\tnon-expert greedy\tgreedy short\t")
	for _, f := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			fmt.Fprintf(os.Stderr, "bad size %q\n", f)
			os.Exit(2)
		}
		row, err := measure(n, n*3/50, *per, *maxPer, *seeds, *runs)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Fprintf(tw, "%d\t%d\t%d\t%.1f\t%.1f\t%.2fx\t%.3f\t%.3f\t%s\t%s\t%d\t%d\t%s\t\n",
			n, n*3/50, row.maxPer, ms(row.solve), ms(row.greedy), float64(row.greedy)/float64(row.solve),
			row.costPct, row.costPctMax, row.spreadOpt, row.spreadGreedy, row.offOpt, row.offGreedy, row.short)
	}
	tw.Flush()
	fmt.Println("greedy/opt time: median Greedy time over median Solve time.")
	fmt.Println("greedy cost +%: median over seeds of (Greedy cost - optimal cost) / optimal cost, for instances where both fill the same slots; (max) is the worst seed.")
	fmt.Println("spread: max - min final load over judges, median over seeds (min..max).")
	fmt.Println("non-expert: new pairs whose entry category is outside the judge's expertise, median over seeds.")
	fmt.Println("greedy short: seeds where Greedy left slots empty that Solve filled, and the total of such slots.")
}

type row struct {
	maxPer                  int
	solve, greedy           time.Duration
	costPct, costPctMax     float64
	spreadOpt, spreadGreedy string
	offOpt, offGreedy       int
	short                   string
}

func measure(entries, judges, per, maxPer, seeds, runs int) (row, error) {
	var r row
	var tSolve, tGreedy []time.Duration
	var pct []float64
	var spO, spG, offO, offG []int
	shortSeeds, shortSlots := 0, 0
	for seed := 1; seed <= seeds; seed++ {
		p := assigngen.Generate(entries, judges, per, uint64(seed))
		if maxPer > 0 {
			p.MaxPerJudge = maxPer
		}
		r.maxPer = p.MaxPerJudge
		opt, ts, err := timed(assign.Solve, p, runs)
		if err != nil {
			return r, err
		}
		gr, tg, err := timed(assign.Greedy, p, runs)
		if err != nil {
			return r, err
		}
		tSolve = append(tSolve, ts...)
		tGreedy = append(tGreedy, tg...)
		fo, fg := len(opt.New), len(gr.New)
		switch {
		case fg > fo || (fg == fo && gr.Cost < opt.Cost):
			return r, fmt.Errorf("seed %d: greedy beat the optimum (%d slots, cost %d vs %d, %d)", seed, fg, gr.Cost, fo, opt.Cost)
		case fg < fo:
			shortSeeds++
			shortSlots += fo - fg
		default:
			pct = append(pct, 100*float64(gr.Cost-opt.Cost)/float64(opt.Cost))
		}
		offO = append(offO, nonExpert(p, opt.New))
		offG = append(offG, nonExpert(p, gr.New))
		spO = append(spO, spread(opt.Loads))
		spG = append(spG, spread(gr.Loads))
	}
	r.solve, r.greedy = median(tSolve), median(tGreedy)
	if len(pct) > 0 {
		r.costPct, r.costPctMax = median(pct), slices.Max(pct)
	}
	r.spreadOpt, r.spreadGreedy = spreadText(spO), spreadText(spG)
	r.offOpt, r.offGreedy = median(offO), median(offG)
	r.short = fmt.Sprintf("%d/%d (%d slots)", shortSeeds, seeds, shortSlots)
	return r, nil
}

// timed runs solve runs times after one warm-up run and returns the result
// and each run's duration.
func timed(solve func(assign.Problem) (assign.Result, error), p assign.Problem, runs int) (assign.Result, []time.Duration, error) {
	res, err := solve(p)
	if err != nil {
		return res, nil, err
	}
	ds := make([]time.Duration, 0, runs)
	for range runs {
		runtime.GC() // start every run from the same heap state
		t0 := time.Now()
		if _, err := solve(p); err != nil {
			return res, nil, err
		}
		ds = append(ds, time.Since(t0))
	}
	return res, ds, nil
}

// nonExpert counts new pairs that pay the expertise penalty.
func nonExpert(p assign.Problem, pairs []assign.Pair) int {
	cat := make(map[int64]int64, len(p.Entries))
	for _, e := range p.Entries {
		cat[e.ID] = e.Category
	}
	exp := make(map[int64][]int64, len(p.Judges))
	for _, j := range p.Judges {
		exp[j.ID] = j.Expertise
	}
	n := 0
	for _, q := range pairs {
		if c := cat[q.EntryID]; c != 0 && !slices.Contains(exp[q.JudgeID], c) {
			n++
		}
	}
	return n
}

func spread(loads map[int64]int) int {
	lo, hi, first := 0, 0, true
	for _, l := range loads { // min and max do not depend on map order
		if first {
			lo, hi, first = l, l, false
		}
		lo, hi = min(lo, l), max(hi, l)
	}
	return hi - lo
}

func spreadText(s []int) string {
	return fmt.Sprintf("%d (%d..%d)", median(s), slices.Min(s), slices.Max(s))
}

// median of a copy of xs; for an even count, the lower middle value, so
// the figure is always one that was measured.
func median[T int | float64 | time.Duration](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[(len(s)-1)/2]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
