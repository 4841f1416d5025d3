package handlers

import (
	"strings"
	"testing"
)

func TestDefuseFormulaCells(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")",
		"+62 812":                  "'+62 812",
		"-1":                       "'-1",
		"@SUM(A1)":                 "'@SUM(A1)",
		"Posyandu Remaja":          "Posyandu Remaja",
		"":                         "",
	} {
		if got := defuse(in); got != want {
			t.Errorf("defuse(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCSVRowQuotesEveryTextCell(t *testing.T) {
	var b strings.Builder
	writeCSVRow(&b, []any{1, "Layanan Cepat;=cmd|' /C calc'!A0", "Kata \"kutip\"", 85.5, nil, "=1+1"})
	want := `1,"Layanan Cepat;=cmd|' /C calc'!A0","Kata ""kutip""",85.5,,"'=1+1"` + "\r\n"
	if b.String() != want {
		t.Fatalf("got  %q\nwant %q", b.String(), want)
	}
}
