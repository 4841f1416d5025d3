// Package api builds Juri's HTTP handler: the whole route table, the middleware
// (request ids, logging, auth, roles, rate limits, recovery, security headers,
// CORS, body caps, metrics), the one error mapping, the OpenAPI description and
// the web app.
package api

import (
	_ "embed"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
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
	Store     *store.Store
	Passwords *auth.Passwords
	Tokens    *auth.Tokens
	Logger    *slog.Logger
	Now       func() time.Time
	WebDir    string
	// Web, when set, is the web app to serve instead of WebDir (the copy a
	// release binary embeds).
	Web            fs.FS
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
	// Guessing is the password throttle; zero means handlers.DefaultGuessLimits.
	Guessing store.GuessLimits
	// Quota bounds what uploads take; zero fields mean no limit.
	Quota store.FileQuota
	// UploadsPerMinute is how many files one account may send a minute
	// (default 20); at most UploadsAtOnce (default 3) at the same time.
	UploadsPerMinute float64
	UploadsAtOnce    int
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
	if d.UploadsPerMinute == 0 {
		d.UploadsPerMinute = 20
	}
	if d.UploadsAtOnce == 0 {
		d.UploadsAtOnce = 3
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
	)

	r.GET("/healthz", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })
	r.GET("/readyz", readyz(d.Store, d.Blobs))
	r.GET("/metrics", m.handler())
	r.GET("/api/openapi.yaml", func(c *gin.Context) { c.Data(http.StatusOK, "application/yaml; charset=utf-8", openAPISpec) })

	f := failer{log: d.Logger}
	h := f.wrap
	authLimit := newIPLimiter(d.AuthPerMinute, d.AuthBurst).middleware()
	// Public routes read no token at all: a stale or broken one left in a
	// browser must not turn the results page or the OPD list into a 401.
	v1 := r.Group("/api/v1")
	anyone := v1.Group("")
	signed := authenticate(d.Tokens, d.Store.UserInSession, f)
	member := v1.Group("", signed, roles())
	admin := v1.Group("", signed, roles("admin"))
	staff := v1.Group("", signed, roles("admin", "organizer"))

	links := notify.Links{Base: d.PublicURL}
	authH := &handlers.Auth{Store: d.Store, Passwords: d.Passwords, Tokens: d.Tokens, Now: d.Now, Guessing: d.Guessing, Notify: links}
	anyone.POST("/auth/register", authLimit, h(authH.Register))
	anyone.POST("/auth/confirm", authLimit, h(authH.Confirm))
	anyone.POST("/auth/login", authLimit, h(authH.Login))
	anyone.POST("/auth/refresh", authLimit, h(authH.Refresh))
	member.POST("/auth/logout", h(authH.Logout))
	member.GET("/me", h(authH.Me))
	member.PATCH("/me", h(authH.PatchMe))

	users := &handlers.Users{Store: d.Store, Passwords: d.Passwords}
	// Organizers read the directory (to add judges, to verify participants);
	// only admins change accounts.
	staff.GET("/users", h(users.List))
	admin.POST("/users", h(users.Create))
	staff.GET("/users/:id", h(users.Get))
	admin.PATCH("/users/:id", h(users.Patch))
	staff.POST("/users/:id/verify", h(users.Verify))
	staff.POST("/users/import", h(users.Import))

	settings := &handlers.Settings{MaxUpload: d.MaxUploadBytes, Quota: d.Quota, UploadsPerMinute: d.UploadsPerMinute, UploadsAtOnce: d.UploadsAtOnce}
	anyone.GET("/settings", h(settings.Get))

	orgs := &handlers.Organizations{Store: d.Store}
	anyone.GET("/organizations", h(orgs.List))
	anyone.GET("/organizations/:id", h(orgs.Get))
	staff.POST("/organizations", h(orgs.Create))
	staff.PATCH("/organizations/:id", h(orgs.Patch))
	staff.DELETE("/organizations/:id", h(orgs.Delete))
	staff.POST("/organizations/import", h(orgs.Import))

	comps := &handlers.Competitions{Store: d.Store}
	member.GET("/competitions", h(comps.List))
	staff.POST("/competitions", h(comps.Create))
	member.GET("/competitions/:id", h(comps.Get))
	member.PATCH("/competitions/:id", h(comps.Patch))
	member.DELETE("/competitions/:id", h(comps.Delete))
	member.GET("/competitions/:id/stats", h(comps.Stats))
	reminders := &handlers.Reminders{Store: d.Store, Now: d.Now}
	member.GET("/competitions/:id/reminders", h(reminders.List))
	member.POST("/competitions/:id/reminders", h(reminders.Send))

	members := &handlers.Members{Store: d.Store}
	member.GET("/competitions/:id/members", h(members.List))
	member.POST("/competitions/:id/members", h(members.Add))
	member.DELETE("/competitions/:id/members/:user_id", h(members.Remove))

	cats := &handlers.Categories{Store: d.Store}
	member.GET("/competitions/:id/categories", h(cats.List))
	member.POST("/competitions/:id/categories", h(cats.Create))
	member.PATCH("/categories/:id", h(cats.Patch))
	member.DELETE("/categories/:id", h(cats.Delete))
	member.GET("/competitions/:id/sections", h(cats.Sections))
	member.PUT("/competitions/:id/sections", h(cats.ReplaceSections))

	rounds := &handlers.Rounds{Store: d.Store, Now: d.Now}
	member.GET("/competitions/:id/rounds", h(rounds.List))
	member.POST("/competitions/:id/rounds", h(rounds.Create))
	member.GET("/rounds/:id", h(rounds.Get))
	member.PATCH("/rounds/:id", h(rounds.Patch))
	member.DELETE("/rounds/:id", h(rounds.Delete))
	member.GET("/rounds/:id/criteria", h(rounds.Criteria))
	member.PUT("/rounds/:id/criteria", h(rounds.ReplaceCriteria))

	entries := &handlers.Entries{Store: d.Store, Now: d.Now, Notify: links}
	member.POST("/competitions/:id/entries", h(entries.Create))
	member.GET("/competitions/:id/entries", h(entries.List))
	member.GET("/entries/:id", h(entries.Get))
	member.PATCH("/entries/:id", h(entries.Patch))
	member.POST("/entries/:id/submit", h(entries.Submit))
	member.POST("/entries/:id/withdraw", h(entries.Withdraw))
	member.POST("/entries/:id/screen", h(entries.Screen))
	member.GET("/entries/:id/feedback", h(entries.Feedback))

	files := &handlers.Files{Entries: entries, Store: d.Store, Blobs: d.Blobs, MaxUpload: d.MaxUploadBytes, Quota: d.Quota, Log: d.Logger}
	uploadLimit := newUserLimiter(d.UploadsPerMinute, max(10, int(d.UploadsPerMinute/2)), d.UploadsAtOnce).middleware()
	member.POST("/entries/:id/files", uploadLimit, h(files.Upload))
	member.GET("/entries/:id/files", h(files.List))
	member.GET("/files/:id/content", h(files.Content))
	member.DELETE("/files/:id", h(files.Delete))

	assignments := &handlers.Assignments{Store: d.Store, Entries: entries, Notify: links}
	member.POST("/rounds/:id/assignments/auto", h(assignments.Auto))
	member.GET("/rounds/:id/assignments", h(assignments.List))
	member.POST("/rounds/:id/assignments", h(assignments.Create))
	member.DELETE("/assignments/:id", h(assignments.Delete))
	member.POST("/assignments/:id/recuse", h(assignments.Recuse))
	v1.GET("/me/assignments", signed, roles("judge"), h(assignments.Mine))

	conflicts := &handlers.Conflicts{Store: d.Store}
	member.GET("/competitions/:id/conflicts", h(conflicts.List))
	member.POST("/competitions/:id/conflicts", h(conflicts.Create))
	member.DELETE("/competitions/:id/conflicts/:conflict_id", h(conflicts.Remove))

	scorecards := &handlers.Scorecards{Store: d.Store, Now: d.Now, Notify: links}
	member.GET("/assignments/:id/scorecard", h(scorecards.Get))
	member.PUT("/assignments/:id/scorecard", h(scorecards.Put))
	member.POST("/assignments/:id/scorecard/submit", h(scorecards.Submit))
	member.POST("/assignments/:id/scorecard/reopen", h(scorecards.Reopen))

	results := &handlers.Results{Store: d.Store, Now: d.Now, Notify: links}
	member.GET("/rounds/:id/ranking", h(results.Ranking))
	member.GET("/rounds/:id/ranking.csv", h(results.RankingCSV))
	member.GET("/rounds/:id/ranking.xlsx", h(results.RankingXLSX))
	member.POST("/rounds/:id/advance", h(results.Advance))
	member.POST("/rounds/:id/publish", h(results.Publish))
	member.GET("/rounds/:id/berita-acara.pdf", h(results.BeritaAcara))

	public := &handlers.Public{Store: d.Store, Now: d.Now, Notify: links}
	objectionLimit := newIPLimiter(d.ObjectionsPerMinute, d.ObjectionsBurst).middleware()
	anyone.GET("/public/publications", h(public.List))
	anyone.GET("/public/publications/:id", h(public.Get))
	anyone.POST("/public/publications/:id/objections", objectionLimit, h(public.Object))
	publicComps := &handlers.PublicCompetitions{Store: d.Store, Now: d.Now}
	anyone.GET("/public/competitions", h(publicComps.List))
	anyone.GET("/public/competitions/:id", h(publicComps.Get))

	oversight := &handlers.Oversight{Store: d.Store, Notify: links}
	member.GET("/competitions/:id/objections", h(oversight.Objections))
	member.PATCH("/objections/:id", h(oversight.Answer))
	member.GET("/competitions/:id/audit", h(oversight.Audit))
	member.GET("/competitions/:id/audit/verify", h(oversight.VerifyAudit))

	r.NoMethod(func(c *gin.Context) {
		writeError(c, &apperr.Error{Status: http.StatusMethodNotAllowed, Code: "method_not_allowed",
			Message: c.Request.Method + " is not allowed on this path"})
	})
	web := d.Web
	if web == nil && d.WebDir != "" {
		web = os.DirFS(d.WebDir)
	}
	r.NoRoute(webApp(web))
	return r, nil
}
