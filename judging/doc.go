// Package judging turns a round's rubric and its submitted scorecards into a
// published ranking for a public-service innovation competition.
//
// A jury scores each entry on a weighted rubric. Rank converts every
// scorecard into a judge total between 0 and 100, optionally puts lenient and
// strict judges on a common scale (z-score normalization), combines the
// judges of each entry with the chosen method (mean, median or trimmed mean),
// orders the entries with a fixed, documented tie-break chain, and adds the
// evidence an organizer needs when a result is questioned: per-entry spread
// and flags, judge leniency, the reliability of the jury (intraclass
// correlation) and a bootstrap estimate of how likely each entry is to stay in
// the top N.
//
// The package is deliberately pure: it performs no I/O, keeps no state and
// depends only on the standard library. The same inputs give the same
// ranking to the last digit whatever the number of CPUs and whatever the
// order in which entries and scorecards are listed.
// The rules are written out for organizers in docs/judging.md; the tests in
// this package check the worked examples from that document.
package judging
