package judging

import (
	"math/bits"
	"math/rand/v2"
	"sync"
	"sync/atomic"
)

// topNProbabilities estimates, for each scored entry, how often it stays in
// the top N when each entry's jury is replaced by a bootstrap resample of
// itself. groups holds the sorted totals of the scored entries in their
// final rank order; the result is parallel to groups.
//
// Every resample b draws from its own generator seeded from (seed, b), so
// the answer does not depend on how resamples are spread over workers: any
// number of goroutines gives bit-identical probabilities.
func topNProbabilities(groups [][]float64, method string, topN, resamples int, seed uint64, workers int) []float64 {
	m := len(groups)
	p := make([]float64, m)
	if m == 0 || resamples <= 0 {
		return p
	}
	if m <= topN {
		// Everybody scored is in the top N whatever the resample says.
		for i := range p {
			p[i] = 1
		}
		return p
	}
	workers = max(1, min(workers, resamples))
	maxN := 0
	for _, g := range groups {
		maxN = max(maxN, len(g))
	}

	hits := make([][]uint32, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		hits[w] = make([]uint32, m)
		wg.Go(func() {
			counts := make([]uint32, maxN)
			h := topHeap{items: make([]scored, 0, topN), n: topN}
			var src rand.PCG
			for {
				b := int(next.Add(1))
				if b > resamples {
					return
				}
				src.Seed(streamSeeds(seed, b))
				h.items = h.items[:0]
				for i, g := range groups {
					n := len(g)
					s := g[0] // one judge: every resample repeats that total
					if n > 1 {
						c := counts[:n]
						clear(c)
						for range n {
							c[bounded(&src, uint64(n))]++
						}
						s = aggregateCounts(method, g, c, n)
					}
					h.offer(scored{score: s, idx: i})
				}
				for _, it := range h.items {
					hits[w][it.idx]++
				}
			}
		})
	}
	wg.Wait()

	for i := range p {
		total := 0
		for w := range hits {
			total += int(hits[w][i])
		}
		p[i] = float64(total) / float64(resamples)
	}
	return p
}

// streamSeeds derives the two PCG seed words of resample b. Mixing spreads
// neighbouring (seed, b) pairs over the whole state space, so resample b+1
// is unrelated to resample b even though their numbers differ by one.
func streamSeeds(seed uint64, b int) (uint64, uint64) {
	return mix64(seed), mix64(seed ^ mix64(uint64(b)))
}

// mix64 is the splitmix64 finalizer: a bijection that flips about half of
// the output bits for every input bit.
func mix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// bounded returns a uniform integer in [0, n) using Lemire's
// multiply-and-reject method, which needs no division in the common case.
// It calls the concrete PCG directly to avoid an interface call per draw.
func bounded(src *rand.PCG, n uint64) int {
	hi, lo := bits.Mul64(src.Uint64(), n)
	if lo < n {
		threshold := -n % n
		for lo < threshold {
			hi, lo = bits.Mul64(src.Uint64(), n)
		}
	}
	return int(hi)
}

// scored is one entry's score in a resample; idx is its original rank
// position, which breaks exact ties at the cut-off.
type scored struct {
	score float64
	idx   int
}

// worse reports whether a ranks below b in a resample.
func worse(a, b scored) bool {
	return a.score < b.score || (a.score == b.score && a.idx > b.idx)
}

// topHeap keeps the n best entries seen so far with the worst of them at the
// root. Selecting the N-th best this way costs one comparison for most
// entries, instead of sorting the whole field for every resample.
type topHeap struct {
	items []scored
	n     int
}

func (h *topHeap) offer(c scored) {
	if len(h.items) < h.n {
		h.items = append(h.items, c)
		i := len(h.items) - 1
		for i > 0 {
			parent := (i - 1) / 2
			if !worse(h.items[i], h.items[parent]) {
				break
			}
			h.items[i], h.items[parent] = h.items[parent], h.items[i]
			i = parent
		}
		return
	}
	if !worse(h.items[0], c) {
		return
	}
	h.items[0] = c
	i, n := 0, len(h.items)
	for {
		least := i
		if l := 2*i + 1; l < n && worse(h.items[l], h.items[least]) {
			least = l
		}
		if r := 2*i + 2; r < n && worse(h.items[r], h.items[least]) {
			least = r
		}
		if least == i {
			return
		}
		h.items[i], h.items[least] = h.items[least], h.items[i]
		i = least
	}
}
