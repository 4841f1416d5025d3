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
	"github.com/juri-id/juri/blob"
	"github.com/juri-id/juri/handlers"
	"github.com/juri-id/juri/notify"
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
	Blobs          blob.Store
	PublicURL      string
	// AuthPerMinute and AuthBurst set the per-IP limit on sign-in endpoints.
	AuthPerMinute float64
	AuthBurst     int
	// ObjectionsPerMinute and ObjectionsBurst set the per-IP limit on public objections.
	ObjectionsPerMinute float64
	ObjectionsBurst     int
}

// Default body cap for JSON requests.
const defaultBodyLimit = 1 << 20

// New builds the router.
func New(d Deps) (*gin.Engine, error) {
	if d.Now == nil {
		d.Now = time.Now
	}
	// Handlers stamp times they hand to the store (submitted_at,
	// published_at, ...): give them the precision both databases keep, so a
	// time reads back as it was written.
	clock := d.Now
	d.Now = func() time.Time { return clock().UTC().Truncate(time.Microsecond) }
	if d.AuthPerMinute == 0 {
		d.AuthPerMinute, d.AuthBurst = 30, 20
	}
	if d.ObjectionsPerMinute == 0 {
		d.ObjectionsPerMinute, d.ObjectionsBurst = 2, 3
	}
	if d.PublicURL == "" {
		d.PublicURL = "http://localhost:8080"
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
			// The upload handler counts the file itself; this cap only bounds the
			// multipart envelope around it.
			"/api/v1/entries/:id/files": d.MaxUploadBytes + 1<<20,
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

	comps := &handlers.Competitions{Store: d.Store}
	member.GET("/competitions", comps.List)
	staff.POST("/competitions", comps.Create)
	member.GET("/competitions/:id", comps.Get)
	member.PATCH("/competitions/:id", comps.Patch)
	member.DELETE("/competitions/:id", comps.Delete)
	member.GET("/competitions/:id/stats", comps.Stats)

	members := &handlers.Members{Store: d.Store}
	member.GET("/competitions/:id/members", members.List)
	member.POST("/competitions/:id/members", members.Add)
	member.DELETE("/competitions/:id/members/:user_id", members.Remove)

	cats := &handlers.Categories{Store: d.Store}
	member.GET("/competitions/:id/categories", cats.List)
	member.POST("/competitions/:id/categories", cats.Create)
	member.PATCH("/categories/:id", cats.Patch)
	member.DELETE("/categories/:id", cats.Delete)
	member.GET("/competitions/:id/sections", cats.Sections)
	member.PUT("/competitions/:id/sections", cats.ReplaceSections)

	rounds := &handlers.Rounds{Store: d.Store}
	member.GET("/competitions/:id/rounds", rounds.List)
	member.POST("/competitions/:id/rounds", rounds.Create)
	member.GET("/rounds/:id", rounds.Get)
	member.PATCH("/rounds/:id", rounds.Patch)
	member.DELETE("/rounds/:id", rounds.Delete)
	member.GET("/rounds/:id/criteria", rounds.Criteria)
	member.PUT("/rounds/:id/criteria", rounds.ReplaceCriteria)

	links := notify.Links{Base: d.PublicURL}
	entries := &handlers.Entries{Store: d.Store, Now: d.Now, Notify: links}
	member.POST("/competitions/:id/entries", entries.Create)
	member.GET("/competitions/:id/entries", entries.List)
	member.GET("/entries/:id", entries.Get)
	member.PATCH("/entries/:id", entries.Patch)
	member.POST("/entries/:id/submit", entries.Submit)
	member.POST("/entries/:id/withdraw", entries.Withdraw)
	member.POST("/entries/:id/screen", entries.Screen)

	files := &handlers.Files{Entries: entries, Store: d.Store, Blobs: d.Blobs, MaxUpload: d.MaxUploadBytes, Log: d.Logger}
	member.POST("/entries/:id/files", files.Upload)
	member.GET("/entries/:id/files", files.List)
	member.GET("/files/:id/content", files.Content)
	member.DELETE("/files/:id", files.Delete)

	assignments := &handlers.Assignments{Store: d.Store, Entries: entries, Notify: links}
	member.POST("/rounds/:id/assignments/auto", assignments.Auto)
	member.GET("/rounds/:id/assignments", assignments.List)
	member.POST("/rounds/:id/assignments", assignments.Create)
	member.DELETE("/assignments/:id", assignments.Delete)
	member.POST("/assignments/:id/recuse", assignments.Recuse)
	v1.GET("/me/assignments", roles("judge"), assignments.Mine)

	conflicts := &handlers.Conflicts{Store: d.Store}
	member.GET("/competitions/:id/conflicts", conflicts.List)
	member.POST("/competitions/:id/conflicts", conflicts.Create)

	scorecards := &handlers.Scorecards{Store: d.Store, Now: d.Now, Notify: links}
	member.GET("/assignments/:id/scorecard", scorecards.Get)
	member.PUT("/assignments/:id/scorecard", scorecards.Put)
	member.POST("/assignments/:id/scorecard/submit", scorecards.Submit)
	member.POST("/assignments/:id/scorecard/reopen", scorecards.Reopen)

	results := &handlers.Results{Store: d.Store, Now: d.Now, Notify: links}
	member.GET("/rounds/:id/ranking", results.Ranking)
	member.GET("/rounds/:id/ranking.csv", results.RankingCSV)
	member.GET("/rounds/:id/ranking.xlsx", results.RankingXLSX)
	member.POST("/rounds/:id/advance", results.Advance)
	member.POST("/rounds/:id/publish", results.Publish)

	public := &handlers.Public{Store: d.Store, Now: d.Now, Notify: links}
	objectionLimit := newIPLimiter(d.ObjectionsPerMinute, d.ObjectionsBurst).middleware()
	anyone.GET("/public/publications", public.List)
	anyone.GET("/public/publications/:id", public.Get)
	anyone.POST("/public/publications/:id/objections", objectionLimit, public.Object)

	oversight := &handlers.Oversight{Store: d.Store, Notify: links}
	member.GET("/competitions/:id/objections", oversight.Objections)
	member.PATCH("/objections/:id", oversight.Answer)
	member.GET("/competitions/:id/audit", oversight.Audit)
	member.GET("/competitions/:id/audit/verify", oversight.VerifyAudit)

	r.NoMethod(func(c *gin.Context) {
		writeError(c, &apperr.Error{Status: http.StatusMethodNotAllowed, Code: "method_not_allowed",
			Message: c.Request.Method + " is not allowed on this path"})
	})
	r.NoRoute(webApp(d.WebDir))
	return r, nil
}
