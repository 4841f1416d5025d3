package api

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/apperr"
	"github.com/juri-id/juri/blob"
	"github.com/juri-id/juri/store"
)

// readyz answers 503 when the database or the file storage does not answer
// within two seconds.
func readyz(s *store.Store, blobs blob.Store) gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
		defer cancel()
		if err := s.Ping(ctx); err != nil {
			writeError(c, apperr.Unavailable("the database does not answer"))
			return
		}
		if blobs != nil {
			if err := blobs.Ready(ctx); err != nil {
				writeError(c, apperr.Unavailable("the file storage does not answer"))
				return
			}
		}
		c.JSON(http.StatusOK, gin.H{"status": "ok", "database": s.Dialect(), "files": "ok"})
	}
}

// fallbackPage is served when the web app has not been built.
const fallbackPage = `<!doctype html><html lang="id"><meta charset="utf-8"><title>Juri</title>
<body style="font-family:system-ui;max-width:40rem;margin:3rem auto;padding:0 1rem">
<h1>Juri</h1><p>Sistem penilaian kompetisi inovasi pelayanan publik.</p>
<p>The web app is not built. Run <code>make run</code>, or <code>make web</code> and restart.</p>
<p><a href="/api/openapi.yaml">API description (OpenAPI)</a></p></body></html>`

// webApp serves the built web app from fsys (a directory, or the copy
// embedded in a release binary): files as they are, and index.html for every
// other GET so client-side routes survive a reload. Paths under /api/ that
// match no route answer 404 in the error shape.
func webApp(fsys fs.FS) gin.HandlerFunc {
	return func(c *gin.Context) {
		p := c.Request.URL.Path
		if strings.HasPrefix(p, "/api/") || (c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead) {
			writeError(c, apperr.NotFound("endpoint "+c.Request.Method+" "+p))
			return
		}
		name := strings.TrimPrefix(path.Clean("/"+p), "/")
		// Vite puts a content hash in every asset name.
		if name != "" && serveFile(c, fsys, name, strings.HasPrefix(name, "assets/")) {
			return
		}
		if serveFile(c, fsys, "index.html", false) {
			return
		}
		c.Header("Cache-Control", "no-cache")
		c.Data(http.StatusOK, "text/html; charset=utf-8", []byte(fallbackPage))
	}
}

// serveFile answers with the file name of fsys, if it is one; immutable
// files may be cached for a year, the others are revalidated.
func serveFile(c *gin.Context, fsys fs.FS, name string, immutable bool) bool {
	if fsys == nil || !fs.ValidPath(name) {
		return false
	}
	f, err := fsys.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.IsDir() {
		return false
	}
	rs, ok := f.(io.ReadSeeker)
	if !ok {
		b, err := io.ReadAll(f)
		if err != nil {
			return false
		}
		rs = bytes.NewReader(b)
	}
	if immutable {
		c.Header("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		c.Header("Cache-Control", "no-cache")
	}
	http.ServeContent(c.Writer, c.Request, name, st.ModTime(), rs)
	return true
}
