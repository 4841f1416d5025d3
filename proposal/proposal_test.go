package proposal

import (
	"strings"
	"testing"
	"time"
)

func TestWords(t *testing.T) {
	cases := map[string]int{
		"":                                   0,
		"   \n\t ":                           0,
		"Puskesmas Kajen I":                  3,
		"jemput-bola, antar-jemput; 24 jam!": 4,
		"Inovasi\n\nbaru — cepat.":           3,
		"satu,dua,tiga":                      3,
		"kader's ‘posyandu’":                 2,
	}
	for text, want := range cases {
		if got := Words(text); got != want {
			t.Errorf("Words(%q) = %d, want %d", text, got, want)
		}
	}
}

func TestWindow(t *testing.T) {
	at := func(d int) *time.Time { x := time.Date(2020, 3, d, 0, 0, 0, 0, time.UTC); return &x }
	w := Window{OpensAt: at(2), ClosesAt: at(10)}
	if err, ok := w.Check(*at(1)).(*WindowError); !ok || !err.NotYet {
		t.Fatal("before opening")
	}
	if w.Check(*at(5)) != nil {
		t.Fatal("inside")
	}
	if err, ok := w.Check(*at(10)).(*WindowError); !ok || err.NotYet {
		t.Fatal("at the deadline the window is shut")
	}
	w.ReviseUntil = at(15)
	if w.Check(*at(12)) != nil || *w.Deadline() != *at(15) {
		t.Fatal("revision extends the deadline")
	}
	w.ReviseUntil = at(5)
	if *w.Deadline() != *at(10) {
		t.Fatal("an earlier revision date never shortens the deadline")
	}
	if (Window{}).Check(*at(1)) != nil {
		t.Fatal("no window is always open")
	}
}

// TestMoves spells the lifecycle out status by status, independently of the
// table's own layout: a change to proposal.Moves must change this too.
func TestMoves(t *testing.T) {
	statuses := []string{Draft, Submitted, Returned, Eligible, Ineligible, Withdrawn, Finalist}
	// One letter per status, in the order above: y = allowed.
	want := map[Action]string{
		Submit:           "y.y....",
		Withdraw:         "yyyy..y",
		ScreenEligible:   ".y.yy..",
		ScreenIneligible: ".y.yy..",
		ScreenReturned:   ".y.yy..",
		Advance:          ".y.y...",
	}
	to := map[Action]string{Submit: Submitted, Withdraw: Withdrawn, ScreenEligible: Eligible,
		ScreenIneligible: Ineligible, ScreenReturned: Returned, Advance: Finalist}
	if len(Moves) != len(want) {
		t.Fatalf("the table has %d actions, the test knows %d", len(Moves), len(want))
	}
	for a, row := range want {
		t.Run(string(a), func(t *testing.T) {
			if Moves[a].To != to[a] {
				t.Errorf("leads to %s, want %s", Moves[a].To, to[a])
			}
			for i, s := range statuses {
				allowed := row[i] == 'y'
				if a.Allows(s) != allowed {
					t.Errorf("from %s: allowed %v, want %v", s, a.Allows(s), allowed)
				}
				if err := a.Check(s); (err == nil) != allowed || (err != nil && !strings.Contains(err.Error(), s)) {
					t.Errorf("Check(%s) = %v", s, err)
				}
			}
		})
	}
	for _, s := range statuses {
		if Editable(s) != (s == Draft || s == Returned) {
			t.Errorf("Editable(%s) = %v", s, Editable(s))
		}
	}
	for _, d := range Decisions {
		if a, ok := ScreenAction(d); !ok || Moves[a].To != d {
			t.Errorf("decision %s maps to %s", d, a)
		}
	}
	if _, ok := ScreenAction("finalist"); ok {
		t.Error("finalist is not a screening decision")
	}
}

func TestChecks(t *testing.T) {
	form := []Section{
		{Key: "ringkasan", Title: "Ringkasan", WordLimit: 5, Required: true},
		{Key: "kebaruan", Title: "Kebaruan", WordLimit: 0, Required: false},
	}
	if bad := CheckDraft(form, map[string]string{"ringkasan": "satu dua tiga empat lima enam", "asing": "x"}); len(bad) != 1 || bad["sections.asing"] == "" {
		t.Fatalf("draft: %v (over the limit is fine in a draft, unknown keys are not)", bad)
	}
	if bad := CheckDraft(form, map[string]string{"kebaruan": strings.Repeat("kata ", HardCapWords+1)}); bad["sections.kebaruan"] == "" {
		t.Fatal("hard cap")
	}
	bad := CheckSubmit(form, map[string]string{"ringkasan": "satu dua tiga empat lima enam"}, false)
	if bad["sections.ringkasan"] == "" || bad["files"] == "" || len(bad) != 2 {
		t.Fatalf("submit: %v", bad)
	}
	if bad := CheckSubmit(form, map[string]string{"ringkasan": "   "}, true); bad["sections.ringkasan"] == "" {
		t.Fatal("blank required section")
	}
	if bad := CheckSubmit(form, map[string]string{"ringkasan": "satu dua tiga"}, true); len(bad) != 0 {
		t.Fatalf("good submission: %v", bad)
	}
}
