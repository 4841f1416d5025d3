package notify_test

import (
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/notify"
)

// routes reads the web app's page paths from its router, as patterns:
// "penilaian/:id" becomes ^/penilaian/[^/?]+$.
func routes(t *testing.T) []*regexp.Regexp {
	t.Helper()
	src, err := os.ReadFile("../frontend/src/router.tsx")
	if err != nil {
		t.Fatal(err)
	}
	var out []*regexp.Regexp
	for _, m := range regexp.MustCompile(`path: '([^']+)'`).FindAllStringSubmatch(string(src), -1) {
		p := strings.TrimSuffix(m[1], "/*")
		if p == "*" {
			continue // the not-found page matches anything
		}
		p = regexp.MustCompile(`:[a-z]+`).ReplaceAllString(regexp.QuoteMeta(p), `[^/?]+`)
		out = append(out, regexp.MustCompile(`^/`+p+`$`))
	}
	if len(out) < 8 {
		t.Fatalf("only %d routes read from router.tsx: has its shape changed?", len(out))
	}
	return out
}

// Every address an e-mail gives opens a page of the web app: a link to a
// page that does not exist (the results once went to /pengumuman/:id, while
// the page is /hasil/:id) is a dead end for a clerk who clicks it.
func TestEveryLinkOpensAPage(t *testing.T) {
	const base = "https://juri.pekalongankab.go.id"
	l := notify.Links{Base: base + "/"}
	closes := time.Date(2026, 4, 30, 10, 0, 0, 0, time.UTC)
	msgs := []models.OutboxMessage{
		l.EntrySubmitted("a@b.id", "Sari", "SIGAP", "KIPP 2026", 7),
		l.JudgesAssigned("a@b.id", "Sari", "Penilaian Proposal", "KIPP 2026", 12),
		l.ScorecardReopened("a@b.id", "Sari", "SIGAP", "nilai K3 keliru", 41),
		l.ResultsPublished("a@b.id", "Sari", "Hasil Penilaian", "KIPP 2026", 3, 5),
		l.ObjectionAnswered("a@b.id", "Sari", models.ObjectionRejected, "tetap", 3),
		l.ConfirmRegistration("a@b.id", "Sari", "tok123", 48),
		l.RegistrationTaken("a@b.id"),
		l.RemindJudge("a@b.id", "Sari", "Penilaian Proposal", "KIPP 2026", 3, 10, &closes),
		l.RemindOrganization("a@b.id", "Sari", "Dinas Kesehatan", "KIPP 2026", 1, &closes),
	}
	pages := routes(t)
	link := regexp.MustCompile(regexp.QuoteMeta(base) + `(/[^\s]*)`)
	for _, m := range msgs {
		found := link.FindAllStringSubmatch(m.Body, -1)
		if len(found) == 0 {
			t.Errorf("%s: no link in\n%s", m.Kind, m.Body)
		}
		for _, f := range found {
			path, _, _ := strings.Cut(f[1], "?")
			ok := false
			for _, p := range pages {
				ok = ok || p.MatchString(path)
			}
			if !ok {
				t.Errorf("%s links to %s, which is no page of the web app (frontend/src/router.tsx)", m.Kind, f[1])
			}
		}
	}
	if got := l.Publication(3); got != base+"/hasil/3" {
		t.Errorf("Publication(3) = %s", got)
	}
}
