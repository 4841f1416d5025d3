package valid

import "testing"

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
