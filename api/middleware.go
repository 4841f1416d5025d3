package api

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/apperr"
)

const requestIDKey = "juri.request_id"

func requestID(c *gin.Context) string { return c.GetString(requestIDKey) }

// requestIDMiddleware keeps a sane X-Request-ID from the client (or a proxy) and
// makes one otherwise, and echoes it in the answer.
func requestIDMiddleware() gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.GetHeader("X-Request-ID")
		if !saneRequestID(id) {
			b := make([]byte, 12)
			_, _ = rand.Read(b)
			id = hex.EncodeToString(b)
		}
		c.Set(requestIDKey, id)
		c.Header("X-Request-ID", id)
		c.Next()
	}
}

func saneRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return false
		}
	}
	return true
}

// logMiddleware writes one line per request.
func logMiddleware(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		status := c.Writer.Status()
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelError
		}
		attrs := []any{
			"request_id", requestID(c), "method", c.Request.Method, "path", c.Request.URL.Path,
			"route", c.FullPath(), "status", status, "duration_ms", float64(time.Since(start).Microseconds()) / 1000,
			"bytes", c.Writer.Size(), "ip", c.ClientIP(),
		}
		if u, ok := principalID(c); ok {
			attrs = append(attrs, "user_id", u)
		}
		log.Log(c.Request.Context(), level, "request", attrs...)
	}
}

// recoveryMiddleware turns a panic into a 500 in the error shape and logs the stack.
func recoveryMiddleware(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				log.Error("panic", "request_id", requestID(c), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
				if !c.Writer.Written() {
					writeError(c, apperr.Internal())
				} else {
					c.Abort()
				}
			}
		}()
		c.Next()
	}
}

// securityHeaders sets the headers every answer carries. The content security
// policy fits the web app: scripts only from the app itself (no CDN, no eval:
// pdf.js runs with isEvalSupported off and its worker and fonts come from
// dist/), frames only from itself. Styles allow 'unsafe-inline' because
// Mantine writes <style> elements at run time (its CSS variables, and a rule
// per responsive prop with a generated class name, so no hash or fixed nonce
// can list them) and sets style attributes; the app renders no HTML it did not
// build, so injected markup cannot use that.
func securityHeaders(production bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.Writer.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "SAMEORIGIN")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "+
			"script-src 'self'; worker-src 'self'; object-src 'none'; frame-src 'self' blob:; frame-ancestors 'self'; base-uri 'self'; form-action 'self'")
		if production {
			h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		c.Next()
	}
}

// corsMiddleware allows the listed origins, and only those, to call the API
// from a browser. Tokens travel in the Authorization header, never in cookies,
// so credentials are not allowed.
func corsMiddleware(origins []string) gin.HandlerFunc {
	return func(c *gin.Context) {
		origin := c.GetHeader("Origin")
		if origin == "" {
			c.Next()
			return
		}
		c.Writer.Header().Add("Vary", "Origin")
		allowed := slices.Contains(origins, strings.TrimRight(origin, "/"))
		if allowed {
			h := c.Writer.Header()
			h.Set("Access-Control-Allow-Origin", origin)
			h.Set("Access-Control-Expose-Headers", "X-Request-ID, Retry-After, ETag, Content-Disposition")
		}
		if c.Request.Method == http.MethodOptions && c.GetHeader("Access-Control-Request-Method") != "" {
			if !allowed {
				writeError(c, apperr.Forbidden("origin %s is not allowed; add it to JURI_CORS_ORIGINS", origin))
				return
			}
			h := c.Writer.Header()
			h.Set("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS")
			h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Request-ID, If-None-Match, Range")
			h.Set("Access-Control-Max-Age", "600")
			c.AbortWithStatus(http.StatusNoContent)
			return
		}
		c.Next()
	}
}

// bodyLimit caps request bodies: limits maps a route to its own cap, every other
// route gets def. A declared length over the cap is refused before reading.
func bodyLimit(def int64, limits map[string]int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		limit := def
		if l, ok := limits[c.FullPath()]; ok {
			limit = l
		}
		if c.Request.ContentLength > limit {
			writeError(c, apperr.TooLarge("the request body is over %d bytes", limit))
			return
		}
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
		c.Next()
	}
}
