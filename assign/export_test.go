package assign

// SolveWithExtra solves with need+extra candidate judges per entry and
// reports how many pricing rounds ran and how many pairs pricing added.
// Tests use it to force the pricing and warm-start path.
func SolveWithExtra(p Problem, extra int) (r Result, rounds, priced int, err error) {
	r, _, rounds, priced, err = SolveStats(p, extra)
	return r, rounds, priced, err
}

// SolveStats is SolveWithExtra that also reports the Dijkstra phases.
func SolveStats(p Problem, extra int) (r Result, phases, rounds, priced int, err error) {
	in, err := prepare(p)
	if err != nil {
		return Result{}, 0, 0, 0, err
	}
	out, st := solveWith(in, extra)
	return in.result(out), st.phases, st.rounds, st.priced, nil
}
