package handlers

import "testing"

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
