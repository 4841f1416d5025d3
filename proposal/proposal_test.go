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

func TestTransitions(t *testing.T) {
	for _, s := range []string{Draft, Returned} {
		if !Editable(s) || !CanSubmit(s) {
			t.Errorf("%s must be editable and submittable", s)
		}
	}
	for _, s := range []string{Submitted, Eligible, Ineligible, Withdrawn, Finalist} {
		if Editable(s) || CanSubmit(s) {
			t.Errorf("%s must not be editable", s)
		}
	}
	if CanWithdraw(Withdrawn) || CanWithdraw(Ineligible) || !CanWithdraw(Submitted) {
		t.Error("withdraw")
	}
	if CanScreen(Draft) || CanScreen(Returned) || CanScreen(Withdrawn) || !CanScreen(Submitted) || !CanScreen(Eligible) {
		t.Error("screen")
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
