package api_test

import (
	"testing"
	"time"

	"github.com/juri-id/juri/handlers"
	"github.com/juri-id/juri/internal/testenv"
)

// A publication is served from each process's memory (handlers/public_cache.go).
// These tests run two routers, each with its own store and cache, on one
// database, as two juri processes behind a load balancer: a change made
// through one shows through the other within handlers.PublicRecheck, and
// through the one that made it at once.

type pubView struct {
	etag          string
	latest        int64
	objections    int
	objectionOpen bool
}

func readPub(t *testing.T, s *testenv.Server, id int64) pubView {
	t.Helper()
	res := s.Request("GET", resPubPath(id), "", "", nil)
	if res.Code != 200 {
		t.Fatalf("GET publication %d: %d %s", id, res.Code, res.Body)
	}
	var doc struct {
		Latest     int64            `json:"latest_version_id"`
		Objections []map[string]any `json:"objections"`
		Open       bool             `json:"objections_open"`
	}
	res.JSON(t, &doc)
	return pubView{etag: res.Header.Get("ETag"), latest: doc.Latest, objections: len(doc.Objections), objectionOpen: doc.Open}
}

// waitFor polls s until cond holds, and fails when that takes longer than
// the documented bound (with slack for a busy test machine).
func waitFor(t *testing.T, s *testenv.Server, id int64, what string, cond func(pubView) bool) pubView {
	t.Helper()
	bound := handlers.PublicRecheck + 2*time.Second
	start := time.Now()
	for {
		v := readPub(t, s, id)
		if cond(v) {
			t.Logf("%s: visible after %v", what, time.Since(start).Round(time.Millisecond))
			return v
		}
		if time.Since(start) > bound {
			t.Fatalf("%s: not visible after %v (bound %v): %+v", what, time.Since(start), handlers.PublicRecheck, v)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestPublicCacheAcrossProcesses(t *testing.T) {
	w := newResWorld(t, resSpec{opts: []testenv.Option{resGenerousLimits}})
	a := w.s
	p := w.publish(w.desk, map[string]any{"title": "Hasil Penilaian Proposal", "objection_days": 5})
	b := a.Twin()

	// Both serve it, with the same ETag, and both revalidate it with a 304.
	va, vb := readPub(t, a, p.ID), readPub(t, b, p.ID)
	if va.etag == "" || va != vb {
		t.Fatalf("the two processes disagree: %+v and %+v", va, vb)
	}
	for _, s := range []*testenv.Server{a, b} {
		if res := s.Request("GET", resPubPath(p.ID), "", "", nil, "If-None-Match", va.etag); res.Code != 304 || len(res.Body) != 0 {
			t.Fatalf("revalidation: %d %q, want an empty 304", res.Code, res.Body)
		}
	}

	// An objection answered through A: A shows it at once, B within the bound.
	res := w.object(p.ID, w.objection(1, "Nilai tidak sesuai."))
	resExpect(t, res, 201, "", "objection")
	oid := testenv.ID(t, res.Map(t)["id"])
	if v := readPub(t, a, p.ID); v != va {
		t.Fatalf("an open objection changed the public document: %+v, was %+v", v, va)
	}
	a.Must(200, "PATCH", "/api/v1/objections/"+itoa(oid), w.r.OrganizerTok, map[string]any{"status": "rejected", "response": "Sudah sesuai."})
	answered := readPub(t, a, p.ID)
	if answered.objections != 1 || answered.etag == va.etag {
		t.Fatalf("process A does not show its own answer at once: %+v", answered)
	}
	if res := a.Request("GET", resPubPath(p.ID), "", "", nil, "If-None-Match", va.etag); res.Code != 200 {
		t.Fatalf("the old ETag still revalidates on A: %d", res.Code)
	}
	got := waitFor(t, b, p.ID, "answer made on A, read on B", func(v pubView) bool { return v.objections == 1 })
	if got != answered {
		t.Fatalf("B shows %+v, A %+v", got, answered)
	}

	// The answer changed through B (reopened): A follows within the bound.
	b.Must(200, "PATCH", "/api/v1/objections/"+itoa(oid), w.r.OrganizerTok, map[string]any{"status": "open", "response": ""})
	if v := readPub(t, b, p.ID); v.objections != 0 {
		t.Fatalf("B does not show its own change at once: %+v", v)
	}
	waitFor(t, a, p.ID, "objection reopened on B, read on A", func(v pubView) bool { return v.objections == 0 })

	// A new version published through A: the old one names it on B.
	p2 := w.publish(w.desk, map[string]any{"title": "Hasil Penilaian Proposal (ralat)", "objection_days": 5})
	if v := readPub(t, a, p.ID); v.latest != p2.ID {
		t.Fatalf("A: latest_version_id %d, want %d", v.latest, p2.ID)
	}
	waitFor(t, b, p.ID, "new version made on A, read on B", func(v pubView) bool { return v.latest == p2.ID })

	// A renamed round through B shows on A.
	b.Must(200, "PATCH", resRoundPath(w.desk), w.r.OrganizerTok, map[string]any{"name": "Penilaian Proposal (Desk)"})
	waitFor(t, a, p2.ID, "round renamed on B, read on A", func(v pubView) bool {
		var doc struct {
			Round struct{ Name string } `json:"round"`
		}
		a.Must(200, "GET", resPubPath(p2.ID), "", nil).JSON(t, &doc)
		return doc.Round.Name == "Penilaian Proposal (Desk)"
	})

	// The window closing changes the document on both without any write.
	va, vb = readPub(t, a, p2.ID), readPub(t, b, p2.ID)
	if !va.objectionOpen || !vb.objectionOpen {
		t.Fatalf("window should be open: %+v %+v", va, vb)
	}
	a.Clock.Set(p2.ObjectionsCloseAt.Add(time.Second))
	for name, s := range map[string]*testenv.Server{"A": a, "B": b} {
		v := readPub(t, s, p2.ID)
		if v.objectionOpen || v.etag == va.etag {
			t.Fatalf("%s after the window closed: %+v (ETag was %s)", name, v, va.etag)
		}
		if res := s.Request("GET", resPubPath(p2.ID), "", "", nil, "If-None-Match", va.etag); res.Code != 200 {
			t.Fatalf("%s: the open window's ETag still revalidates: %d", name, res.Code)
		}
	}
}

// A change written straight into the database, by no juri process at all,
// reaches the caches through the triggers of migration 0010.
func TestPublicCacheSeesDirectWrites(t *testing.T) {
	w := newResWorld(t, resSpec{})
	p := w.publish(w.desk, map[string]any{"title": "Hasil Penilaian Proposal", "objection_days": 5})
	before := readPub(t, w.s, p.ID)
	if err := w.s.Store.DB().Exec("UPDATE competitions SET name = ? WHERE id = ?", "KIPP Wonosobo (ganti nama)", w.comp).Error; err != nil {
		t.Fatal(err)
	}
	waitFor(t, w.s, p.ID, "competition renamed in SQL", func(v pubView) bool { return v.etag != before.etag })
}
