package assign

// network is the residual graph of the assignment flow problem.
//
// Nodes 0..nE-1 are entries, nE..nE+nJ-1 are judges and nE+nJ is the sink.
// Arcs come in pairs a, a^1 (forward and reverse). Arcs 2j and 2j+1 are the
// convex arc of judge j to the sink and its reverse; their cost depends on
// how many units the judge already carries and is kept current by push.
//
// Rather than a single source, every node carries an excess: entries start
// with their need and the sink with minus the total need. That lets the
// pricing step saturate a new arc directly (moving one unit of excess) and
// continue from the current flow instead of starting over.
type network struct {
	nE, nJ int
	sink   int32
	adj    [][]int32 // arc ids leaving each node
	to     []int32
	cap    []int32 // residual capacity
	cost   []int64
	pi     []int64 // node potentials; reduced cost = cost + pi[u] - pi[v]
	excess []int32

	// Convex arcs: judge j carries load[j] new units on top of base[j].
	w    int64
	base []int64
	load []int32

	// Scratch space reused by every phase.
	dist  []int64
	level []int32
	iter  []int32
	queue []int32
	heap  distHeap
}

const inf = int64(1) << 62

func newNetwork(in *instance, bigM int64) *network {
	n := in.nE + in.nJ + 1
	nw := &network{
		nE: in.nE, nJ: in.nJ, sink: int32(n - 1),
		adj: make([][]int32, n), pi: make([]int64, n), excess: make([]int32, n),
		w: in.w, base: in.start, load: make([]int32, in.nJ),
		dist: make([]int64, n), level: make([]int32, n), iter: make([]int32, n),
	}
	for j := range in.nJ {
		nw.addArc(int32(in.nE+j), nw.sink, int32(in.capacity[j]), 0)
		nw.setConvexCost(j)
	}
	for e := range in.nE {
		if in.need[e] == 0 {
			continue
		}
		nw.excess[e] = int32(in.need[e])
		nw.excess[nw.sink] -= int32(in.need[e])
		// The bypass stands for unfilled slots; its cost M dwarfs every
		// real cost, so it is used only when nothing else is possible.
		nw.addArc(int32(e), nw.sink, int32(in.need[e]), bigM)
	}
	return nw
}

func (nw *network) addArc(u, v, c int32, cost int64) int32 {
	a := int32(len(nw.to))
	nw.to = append(nw.to, v, u)
	nw.cap = append(nw.cap, c, 0)
	nw.cost = append(nw.cost, cost, -cost)
	nw.adj[u] = append(nw.adj[u], a)
	nw.adj[v] = append(nw.adj[v], a+1)
	return a
}

// setConvexCost refreshes judge j's convex arc: the next unit would be the
// judge's k-th assignment with k = base+load+1 and costs w*(2k-1); taking
// back the last unit refunds w*(2(base+load)-1).
func (nw *network) setConvexCost(j int) {
	k := nw.base[j] + int64(nw.load[j])
	nw.cost[2*j] = nw.w * (2*(k+1) - 1)
	nw.cost[2*j+1] = -nw.w * (2*k - 1)
}

// push sends one unit along arc a.
func (nw *network) push(a int32) {
	nw.cap[a]--
	nw.cap[a^1]++
	if j := int(a >> 1); j < nw.nJ {
		if a&1 == 0 {
			nw.load[j]++
		} else {
			nw.load[j]--
		}
		nw.setConvexCost(j)
	}
}

func (nw *network) reduced(a, u int32) int64 {
	return nw.cost[a] + nw.pi[u] - nw.pi[nw.to[a]]
}

func (nw *network) hasExcess() bool {
	for _, x := range nw.excess {
		if x > 0 {
			return true
		}
	}
	return false
}

// run routes all excess to the deficits at minimum cost. It alternates a
// Dijkstra step, which moves the potentials so that some path from an excess
// to a deficit has zero reduced cost, with blocking flows that saturate all
// such paths at once. Every residual arc keeps a non-negative reduced cost
// throughout, which is what makes the final flow optimal.
// It returns the number of Dijkstra phases.
func (nw *network) run() int {
	phases := 0
	for nw.hasExcess() {
		phases++
		if !nw.dijkstra() {
			// The bypass arcs and the reverse of every saturated arc
			// guarantee a path; reaching this is a bug.
			panic("assign: no path from excess to deficit")
		}
		nw.blockingFlow()
	}
	return phases
}

// dijkstra computes reduced-cost distances from all excess nodes and stops
// at the first deficit node, at distance D. Every node's potential then
// moves by min(dist, D): nodes settled before D by their exact distance,
// all others (reached or not) by D. Moving the unsettled ones too is what
// keeps reduced costs non-negative on arcs that leave the settled region.
func (nw *network) dijkstra() bool {
	dist := nw.dist
	h := &nw.heap
	h.items = h.items[:0]
	for v := range dist {
		dist[v] = inf
		if nw.excess[v] > 0 {
			dist[v] = 0
			h.push(0, int32(v))
		}
	}
	bound := int64(-1)
	for len(h.items) > 0 {
		d, u := h.pop()
		if d > dist[u] {
			continue
		}
		if nw.excess[u] < 0 {
			bound = d
			break
		}
		pu := nw.pi[u] + d
		for _, a := range nw.adj[u] {
			if nw.cap[a] == 0 {
				continue
			}
			v := nw.to[a]
			if nd := nw.cost[a] + pu - nw.pi[v]; nd < dist[v] {
				dist[v] = nd
				h.push(nd, v)
			}
		}
	}
	if bound < 0 {
		return false
	}
	for v, d := range dist {
		nw.pi[v] += min(d, bound)
	}
	return true
}

// blockingFlow pushes flow from excess nodes to deficit nodes along arcs of
// zero reduced cost, level by level as in Dinic's algorithm, until no such
// path is left.
func (nw *network) blockingFlow() {
	for {
		if !nw.levels() {
			return
		}
		clear(nw.iter)
		for s := range nw.excess {
			for nw.excess[s] > 0 && nw.augment(int32(s)) {
				nw.excess[s]--
			}
		}
	}
}

// levels numbers nodes by their BFS depth from the excess nodes in the
// admissible graph and reports whether a deficit node was reached.
func (nw *network) levels() bool {
	q := nw.queue[:0]
	for v := range nw.level {
		nw.level[v] = -1
		if nw.excess[v] > 0 {
			nw.level[v] = 0
			q = append(q, int32(v))
		}
	}
	found := false
	for i := 0; i < len(q); i++ {
		u := q[i]
		if nw.excess[u] < 0 {
			found = true
			continue // paths end at the first deficit
		}
		for _, a := range nw.adj[u] {
			v := nw.to[a]
			if nw.cap[a] > 0 && nw.level[v] < 0 && nw.reduced(a, u) == 0 {
				nw.level[v] = nw.level[u] + 1
				q = append(q, v)
			}
		}
	}
	nw.queue = q
	return found
}

// augment looks for an admissible path from u to a deficit node along
// increasing levels and pushes one unit along it. The current-arc pointers
// (iter) make repeated calls within one level graph cost linear time in
// total.
func (nw *network) augment(u int32) bool {
	if nw.excess[u] < 0 {
		nw.excess[u]++
		return true
	}
	next := nw.level[u] + 1
	arcs := nw.adj[u]
	for ; int(nw.iter[u]) < len(arcs); nw.iter[u]++ {
		a := arcs[nw.iter[u]]
		v := nw.to[a]
		if nw.cap[a] > 0 && nw.level[v] == next && nw.reduced(a, u) == 0 && nw.augment(v) {
			nw.push(a)
			return true
		}
	}
	nw.level[u] = -1 // dead end for the rest of this level graph
	return false
}

// distHeap is a binary min-heap of (distance, node) with lazy deletion.
type distHeap struct {
	items []heapItem
}

type heapItem struct {
	d int64
	v int32
}

func (h *distHeap) push(d int64, v int32) {
	h.items = append(h.items, heapItem{d, v})
	i := len(h.items) - 1
	for i > 0 {
		p := (i - 1) / 2
		if h.items[p].d <= d {
			break
		}
		h.items[i] = h.items[p]
		i = p
	}
	h.items[i] = heapItem{d, v}
}

func (h *distHeap) pop() (int64, int32) {
	top := h.items[0]
	last := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	n := len(h.items)
	i := 0
	for {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && h.items[c+1].d < h.items[c].d {
			c++
		}
		if h.items[c].d >= last.d {
			break
		}
		h.items[i] = h.items[c]
		i = c
	}
	if n > 0 {
		h.items[i] = last
	}
	return top.d, top.v
}
