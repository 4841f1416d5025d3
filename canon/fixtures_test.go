package canon_test

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/juri-id/juri/canon"
	"github.com/juri-id/juri/results"
)

// fixturesPath is the file the web app's unit test reads (see
// frontend/src/lib/canon.test.ts): values as the browser receives them, with
// the canonical form and the digest Go computes. The browser's "check it in
// your browser" button must reach the same text on every one of them.
var fixturesPath = filepath.Join("..", "frontend", "src", "lib", "canon.fixtures.json")

type fixture struct {
	Name string `json:"name"`
	// Input is the value as a plain json.Marshal writes it: struct field
	// order, HTML characters escaped. The browser parses it, then
	// canonicalizes.
	Input     string `json:"input"`
	Canonical string `json:"canonical"`
	Digest    string `json:"digest"`
}

func f64(v float64) *float64 { return &v }

func fixtureValues() []struct {
	name string
	v    any
} {
	table := []results.PublicEntry{
		{Rank: 1, EntryID: 16, Title: "Dinas A & B <Kesehatan> “Jemput Bola”", Organization: "Puskesmas Kajen I", Category: "Kesehatan",
			Score: f64(85), Criteria: []results.CriterionMean{{Name: "Signifikansi", Weight: 20, Max: 10, Mean: 9.7}, {Name: "Kebaruan", Weight: 33.33, Max: 10, Mean: 8}}},
		{Rank: 2, EntryID: 7, Title: "Posyandu Remaja & Gizi", Organization: "", Category: "", Score: f64(83.33),
			Criteria: []results.CriterionMean{{Name: "Signifikansi", Weight: 20, Max: 10, Mean: 3.67}, {Name: "Kebaruan", Weight: 33.33, Max: 10, Mean: 0.5}}},
		{Rank: 3, EntryID: 9, Title: "Belum dinilai", Organization: "Dinas Sosial", Category: "Sosial", Score: f64(0)},
	}
	screened := []results.PublicEntry{{Rank: 1, EntryID: 3, Title: "Lolos seleksi", Organization: "Kecamatan Garung", Category: "Umum"}}
	return []struct {
		name string
		v    any
	}{
		{"a scoring round's table with criterion means", table},
		{"a screening round's table (score null)", screened},
		{"an empty table", []results.PublicEntry{}},
		{"text: HTML characters, quotes, backslash, accents, emoji", []string{
			`<script>alert("x")</script> & co`, `back\slash and "quotes"`, "é ñ ü ç — ‘’ “”", "🚑 Ambulans Desa 🙂", "\u00a0nbsp\ufeffbom\u007fdel"}},
		{"text: control characters and line separators", []string{"tab\there", "line\nbreak\r\n", "\b\f", "\u0000\u0001\u001f", "a\u2028b\u2029c"}},
		{"numbers: integers, two decimals, tiny and huge", []float64{0, 1, 85, 100, 83.33, 9.7, 0.1, 1.005, -1.5, 33.33, 1e-6, 1e-7, 1e20, 1e21,
			123456789012, 5e-324, math.MaxFloat64, math.Copysign(0, -1)}},
		{"keys sorted by code point, not by UTF-16 unit", map[string]any{"b": 1, "a": 2, "A": 3, "_": 4, "é": 5, "aa": 6, "a_b": 7,
			"\uffff": 8, "🙂": 9, "": 10, "Z": 11, "10": 12, "9": 13}},
		{"nesting, null, booleans, empty containers", map[string]any{"z": []any{nil, true, false, map[string]any{}, []any{}},
			"y": map[string]any{"d": map[string]any{"c": 1, "b": []any{map[string]any{"y": 2, "x": 1}}}}}},
	}
}

func buildFixtures(t *testing.T) []byte {
	var out []fixture
	for _, c := range fixtureValues() {
		in, err := json.Marshal(c.v)
		if err != nil {
			t.Fatal(err)
		}
		digest, body, err := canon.Digest(c.v)
		if err != nil {
			t.Fatal(err)
		}
		// What the browser gets is the value, parsed back from what the
		// server sent; the canonical form of that must be the same text.
		var back any
		dec := json.NewDecoder(bytes.NewReader(in))
		dec.UseNumber()
		if err := dec.Decode(&back); err != nil {
			t.Fatal(err)
		}
		again, err := canon.JSON(back)
		if err != nil || !bytes.Equal(again, body) {
			t.Fatalf("%s: canonical form of the parsed input %s differs from %s (%v)", c.name, again, body, err)
		}
		out = append(out, fixture{Name: c.name, Input: string(in), Canonical: string(body), Digest: digest})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestBrowserFixtures keeps the committed fixtures equal to what this code
// computes; JURI_UPDATE_FIXTURES=1 rewrites them.
func TestBrowserFixtures(t *testing.T) {
	want := buildFixtures(t)
	if os.Getenv("JURI_UPDATE_FIXTURES") == "1" {
		if err := os.WriteFile(fixturesPath, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(fixturesPath)
	if err != nil {
		t.Fatalf("%v (JURI_UPDATE_FIXTURES=1 go test ./canon/ writes it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is out of date: run JURI_UPDATE_FIXTURES=1 go test -run TestBrowserFixtures ./canon/", fixturesPath)
	}
}
