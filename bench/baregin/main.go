// Command baregin is the web framework's own limit for the public read: a
// bare Gin engine (gin.New(), no middleware, release mode) that serves one
// JSON document from memory at Juri's path, with Juri's ETag and
// Cache-Control, answering 304 to a matching If-None-Match. The benchmark
// gives it the very bytes and ETag Juri answered, so both send the same
// response.
//
//	go run ./bench/baregin -addr 127.0.0.1:8091 -body doc.json -etag '"abc..."'
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8091", "listen address")
	bodyFile := flag.String("body", "", "the JSON document to serve")
	etag := flag.String("etag", "", "its ETag, quoted as Juri sends it")
	flag.Parse()
	body, err := os.ReadFile(*bodyFile)
	if err != nil || *etag == "" {
		fmt.Fprintln(os.Stderr, "baregin: need -body FILE and -etag")
		os.Exit(2)
	}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.GET("/api/v1/public/publications/:id", func(c *gin.Context) {
		c.Header("ETag", *etag)
		c.Header("Cache-Control", "public, max-age=60")
		if m := c.GetHeader("If-None-Match"); m != "" && strings.Contains(m, *etag) {
			c.Status(http.StatusNotModified)
			return
		}
		c.Data(http.StatusOK, "application/json; charset=utf-8", body)
	})
	r.GET("/healthz", func(c *gin.Context) { c.String(http.StatusOK, "ok") })
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "baregin:", err)
		os.Exit(1)
	}
	// The same server timeouts as Juri's main.go.
	srv := &http.Server{Handler: r, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second}
	fmt.Printf("baregin listening on %s (%d bytes)\n", ln.Addr(), len(body))
	if err := srv.Serve(ln); err != nil {
		fmt.Fprintln(os.Stderr, "baregin:", err)
		os.Exit(1)
	}
}
