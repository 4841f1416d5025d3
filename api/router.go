// Package api builds Juri's HTTP handler: the whole route table, the middleware
// (request ids, logging, auth, roles, rate limits, recovery, security headers,
// CORS, body caps, metrics), the one error mapping, the OpenAPI description and
// the web app.
package api

import (
	_ "embed"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/apperr"
	"github.com/juri-id/juri/auth"
	"github.com/juri-id/juri/handlers"
	"github.com/juri-id/juri/store"
)

//go:embed openapi.yaml
var openAPISpec []byte

// OpenAPISpec is the API description served at /api/openapi.yaml.
func OpenAPISpec() []byte { return openAPISpec }

// Deps is everything the router needs, passed in explicitly.
type Deps struct {
	Store          *store.Store
	Passwords      *auth.Passwords
	Tokens         *auth.Tokens
	Logger         *slog.Logger
	Now            func() time.Time
	WebDir         string
	CORSOrigins    []string
	TrustedProxies []string
	Production     bool
	MaxUploadBytes int64
	// AuthPerMinute and AuthBurst set the per-IP limit on sign-in endpoints.
	AuthPerMinute float64
	AuthBurst     int
}

// Default body cap for JSON requests.
const defaultBodyLimit = 1 << 20

// New builds the router.
func New(d Deps) (*gin.Engine, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.AuthPerMinute == 0 {
		d.AuthPerMinute, d.AuthBurst = 30, 20
	}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.HandleMethodNotAllowed = true
	r.RemoveExtraSlash = true
	if err := r.SetTrustedProxies(d.TrustedProxies); err != nil {
		return nil, err
	}
	m := newMetrics()
	r.Use(requestIDMiddleware(), logMiddleware(d.Logger), recoveryMiddleware(d.Logger), m.middleware(),
		securityHeaders(d.Production), corsMiddleware(d.CORSOrigins),
		bodyLimit(defaultBodyLimit, map[string]int64{
			"/api/v1/users/import":         handlers.MaxImportBytes + 64<<10,
			"/api/v1/organizations/import": handlers.MaxImportBytes + 64<<10,
		}),
		errorMiddleware(d.Logger))

	r.GET("/healthz", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })
	r.GET("/readyz", readyz(d.Store))
	r.GET("/metrics", m.handler())
	r.GET("/api/openapi.yaml", func(c *gin.Context) { c.Data(http.StatusOK, "application/yaml; charset=utf-8", openAPISpec) })

	authLimit := newIPLimiter(d.AuthPerMinute, d.AuthBurst).middleware()
	v1 := r.Group("/api/v1", authenticate(d.Tokens, d.Store.UserByID))
	anyone := v1.Group("")
	member := v1.Group("", signedIn())
	admin := v1.Group("", roles("admin"))
	staff := v1.Group("", roles("admin", "organizer"))

	authH := &handlers.Auth{Store: d.Store, Passwords: d.Passwords, Tokens: d.Tokens, Now: d.Now}
	anyone.POST("/auth/register", authLimit, authH.Register)
	anyone.POST("/auth/login", authLimit, authH.Login)
	anyone.POST("/auth/refresh", authLimit, authH.Refresh)
	member.POST("/auth/logout", authH.Logout)
	member.GET("/me", authH.Me)
	member.PATCH("/me", authH.PatchMe)

	users := &handlers.Users{Store: d.Store, Passwords: d.Passwords}
	admin.GET("/users", users.List)
	admin.POST("/users", users.Create)
	admin.GET("/users/:id", users.Get)
	admin.PATCH("/users/:id", users.Patch)
	staff.POST("/users/import", users.Import)

	orgs := &handlers.Organizations{Store: d.Store}
	anyone.GET("/organizations", orgs.List)
	anyone.GET("/organizations/:id", orgs.Get)
	staff.POST("/organizations", orgs.Create)
	staff.PATCH("/organizations/:id", orgs.Patch)
	staff.DELETE("/organizations/:id", orgs.Delete)
	staff.POST("/organizations/import", orgs.Import)

	r.NoMethod(func(c *gin.Context) {
		writeError(c, &apperr.Error{Status: http.StatusMethodNotAllowed, Code: "method_not_allowed",
			Message: c.Request.Method + " is not allowed on this path"})
	})
	r.NoRoute(webApp(d.WebDir))
	return r, nil
}
