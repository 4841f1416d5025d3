package api_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/juri-id/juri/internal/testenv"
)

// TestWebAppFromAnEmbeddedCopy: a release binary serves the web app it
// carries (an fs.FS) just as a directory: files as they are, index.html for
// client-side routes, assets cached for a year, nothing outside the app.
func TestWebAppFromAnEmbeddedCopy(t *testing.T) {
	web := fstest.MapFS{
		"index.html":          {Data: []byte("<html>juri tertanam</html>")},
		"assets/app-123.js":   {Data: []byte("console.log(2)")},
		"favicon.svg":         {Data: []byte("<svg/>")},
		"assets/sub/deep.css": {Data: []byte("body{}")},
	}
	s := testenv.NewServer(t, func(d *apiDeps) { d.Web = web })
	cases := []struct{ path, body, cache string }{
		{"/", "<html>juri tertanam</html>", "no-cache"},
		{"/penilaian/12", "<html>juri tertanam</html>", "no-cache"},
		{"/assets/app-123.js", "console.log(2)", "immutable"},
		{"/assets/sub/deep.css", "body{}", "immutable"},
		{"/favicon.svg", "<svg/>", "no-cache"},
		{"/../../etc/passwd", "<html>juri tertanam</html>", "no-cache"},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			r := s.Do("GET", tc.path, "", nil)
			if r.Code != 200 || string(r.Body) != tc.body || !strings.Contains(r.Header.Get("Cache-Control"), tc.cache) {
				t.Fatalf("%d %q %q", r.Code, r.Body, r.Header.Get("Cache-Control"))
			}
		})
	}
	if r := s.Do("GET", "/api/v1/tidak-ada", "", nil); r.Code != 404 || r.ErrorCode() != "not_found" {
		t.Fatalf("an unknown API path: %d %s", r.Code, r.Body)
	}
}
