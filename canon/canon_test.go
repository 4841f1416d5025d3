package canon

import (
	"os/exec"
	"strings"
	"testing"
)

func TestCanonicalForm(t *testing.T) {
	type row struct {
		Title string   `json:"title"`
		Rank  int      `json:"rank"`
		Score *float64 `json:"score"`
	}
	s1, s2 := 85.0, 83.33
	got, err := JSON([]row{{"Dinas A & B <Kesehatan>", 1, &s1}, {"Inovasi “Jemput Bola”", 2, &s2}, {"Lolos", 3, nil}})
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"rank":1,"score":85,"title":"Dinas A & B <Kesehatan>"},{"rank":2,"score":83.33,"title":"Inovasi “Jemput Bola”"},{"rank":3,"score":null,"title":"Lolos"}]`
	if string(got) != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}

// TestPythonAgrees checks the claim in the package comment and in
// docs/judging.md against Python's json module, when python3 is installed.
func TestPythonAgrees(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed")
	}
	v := []map[string]any{{"title": "Posyandu Remaja & Gizi", "score": 79.5, "rank": 1, "organization": "Puskesmas Kajen I"}, {"score": 70.0, "rank": 2}}
	digest, body, err := Digest(v)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, "-c", `import json,sys,hashlib; d=json.loads(sys.stdin.read()); print(hashlib.sha256(json.dumps(d,sort_keys=True,separators=(",",":"),ensure_ascii=False).encode()).hexdigest())`)
	cmd.Stdin = strings.NewReader(string(body))
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(string(out)) != digest {
		t.Fatalf("python %s, go %s for %s", out, digest, body)
	}
}
