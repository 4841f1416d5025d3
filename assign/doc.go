// Package assign solves judge assignment for one round of a Juri competition
// exactly, as a minimum-cost flow.
//
// # The problem
//
// Every entry needs JudgesPerEntry judges. Some assignments already exist
// (Problem.Existing); they are kept as they are and count both toward the
// entry's judges and toward the judge's load. Some pairs must never be
// assigned (Problem.Conflicts, conflicts of interest). A judge may carry
// assignments from outside this problem (Judge.OtherLoad), which count toward
// its load and toward MaxPerJudge. Solve only adds new assignments.
//
// # Cost model
//
//   - Entry e needs max(0, JudgesPerEntry - #Existing pairs of e) new judges.
//     Existing pairs are kept even if there are more than needed.
//   - Judge j starts with load start(j) = OtherLoad + #Existing pairs of j.
//     With MaxPerJudge > 0 it can take at most max(0, MaxPerJudge - start(j))
//     new assignments; MaxPerJudge == 0 means no limit.
//   - A judge gets at most one assignment per entry, never an entry it
//     already holds through Existing, and never a conflicted pair.
//   - Load cost is convex, as in HotCRP's autoassigner: the judge's k-th
//     assignment in total (k is the resulting total load, counting start(j))
//     costs LoadWeight*(2k-1). The load part of the objective therefore equals
//     LoadWeight * sum over judges of (load^2 - start^2), so the solver makes
//     loads as even as the constraints allow.
//   - ExpertisePenalty is added for every new pair whose entry has a
//     category (Category != 0) that is not in the judge's Expertise.
//   - LoadWeight 0 means 10 and ExpertisePenalty 0 means 5.
//
// The objective is lexicographic: first fill as many slots as possible (a
// maximum flow), then take the minimum cost among those fillings.
// Result.Cost is the cost of the new assignments under this model; it does
// not include anything for slots left empty.
//
// # Method
//
// The network has one node per entry and per judge plus a sink. Entry e
// supplies need(e) units; each allowed pair is an arc entry->judge of
// capacity 1 and cost equal to the expertise penalty; each judge has one
// convex arc judge->sink whose marginal cost is LoadWeight*(2k-1); and each
// entry has a bypass arc entry->sink of huge cost M that stands for an
// unfilled slot. M is larger than the cost of any possible set of real
// assignments, so the problem is always feasible and a solution with fewer
// empty slots always has the smaller total.
//
// The full graph has one arc per allowed pair, which is large (1.5 million
// arcs for 5,000 entries and 300 judges), while an optimal solution uses only
// a few pairs per entry. Solve therefore works on a restricted graph holding
// need+2 candidate judges per entry, cheapest first (no expertise penalty
// before a penalty, then lowest expected load, judges expected to be full
// last), and solves it with a primal-dual method: Dijkstra on reduced costs
// moves the node potentials, then blocking flows (as in Dinic's algorithm)
// push along all arcs of zero reduced cost at once. With the final
// potentials it prices every (entry, judge) pair of the full problem; pairs
// of negative reduced cost are added, saturated, and the restricted problem
// is solved again from the current flow and potentials (a warm start). When
// no pair has negative reduced cost, the potentials prove the flow optimal
// for the full problem, not just the restricted one. The candidate choice
// only decides how fast that point is reached, never the result.
//
// All costs are integers and all tie-breaking follows input order, so the
// same Problem always gives the same Result.
//
// Greedy is a plain greedy baseline under the same constraints; it exists
// only to measure how much the exact solver gains.
package assign
