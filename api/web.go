package api

import (
	"context"
	"net/http"
	"os"
	"path"
	"path/filepath"
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

// webApp serves the built web app from dir: files as they are, and index.html
// for every other GET so client-side routes survive a reload. Paths under /api/
// that match no route answer 404 in the error shape.
func webApp(dir string) gin.HandlerFunc {
	return func(c *gin.Context) {
		p := c.Request.URL.Path
		if strings.HasPrefix(p, "/api/") || (c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead) {
			writeError(c, apperr.NotFound("endpoint "+c.Request.Method+" "+p))
			return
		}
		clean := path.Clean("/" + p)
		file := filepath.Join(dir, filepath.FromSlash(clean))
		if st, err := os.Stat(file); err == nil && !st.IsDir() {
			if strings.HasPrefix(clean, "/assets/") {
				// Vite puts a content hash in every asset name.
				c.Header("Cache-Control", "public, max-age=31536000, immutable")
			}
			c.File(file)
			return
		}
		index := filepath.Join(dir, "index.html")
		if _, err := os.Stat(index); err != nil {
			c.Header("Cache-Control", "no-cache")
			c.Data(http.StatusOK, "text/html; charset=utf-8", []byte(fallbackPage))
			return
		}
		c.Header("Cache-Control", "no-cache")
		c.File(index)
	}
}
