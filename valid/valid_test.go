package valid

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestEmail(t *testing.T) {
	for _, ok := range []string{"siti@dinkes.pekalongankab.go.id", "a.b+c@x.id"} {
		if r := Email(ok); r != "" {
			t.Errorf("%s: %s", ok, r)
		}
	}
	for _, bad := range []string{"", "siti", "siti@", "@x.id", "siti@localhost", "Siti <siti@x.id>", "a@b.", "a b@x.id"} {
		if Email(bad) == "" {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestTextAndCode(t *testing.T) {
	if Text("  ", 10) == "" || Text("abcdefghijk", 10) == "" || Text("a\x00b", 10) == "" || Text("Dinas Kesehatan", 200) != "" {
		t.Fatal("Text")
	}
	if Code("PKM-KAJEN1") != "" || Code("A B") == "" || Code("") == "" || Code("ÅB") == "" {
		t.Fatal("Code")
	}
}

func TestClean(t *testing.T) {
	cases := map[string]string{
		"Dinas Kesehatan":                       "Dinas Kesehatan",
		"Inovasi\u202Eterbalik\u202C":           "Inovasiterbalik",
		"nol\u200Blebar":                        "nollebar",
		"\u2066isolasi\u2069 kiri":              "isolasi kiri",
		"\uFEFFawal BOM":                        "awal BOM",
		"baris\nbaru\r\n\tdan tab":              "baris\nbaru\r\n\tdan tab",
		"nul\x00 dan bel\x07":                   "nul dan bel",
		"lunak\u00ADsekali":                     "lunaksekali",
		"kata\u200Dgabung, emoji \U0001F600 ok": "katagabung, emoji \U0001F600 ok",
		"rusak \xff byte":                       "rusak  byte",
	}
	for in, want := range cases {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzClean(f *testing.F) {
	f.Add("Inovasi\u202Eterbalik")
	f.Add("baris\nbaru")
	f.Fuzz(func(t *testing.T, s string) {
		c := Clean(s)
		if Clean(c) != c {
			t.Fatalf("not idempotent: %q -> %q", s, c)
		}
		for _, r := range c {
			if hidden(r) {
				t.Fatalf("%q left %U in %q", s, r, c)
			}
		}
		// Nothing else goes: the visible runes stay, in order (the rule
		// written again with unicode's tables).
		want := strings.Map(func(r rune) rune {
			if r != '\t' && r != '\n' && r != '\r' && (r == utf8.RuneError || unicode.IsControl(r) || unicode.In(r, unicode.Cf)) {
				return -1
			}
			return r
		}, s)
		if c != want {
			t.Fatalf("Clean(%q) = %q, want %q", s, c, want)
		}
	})
}
