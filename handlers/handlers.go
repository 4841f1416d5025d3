// Package handlers holds one file per API resource. Every handler has the same
// four beats: decode the request, validate it, call the store or a domain
// package, respond. Request and response structs live here, never GORM models.
// A handler is a func(*gin.Context) error: it answers with reply (or streams a
// file), or returns what went wrong, and the router's one error mapping turns
// that into the contract's error shape.
package handlers

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/apperr"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/store"
)

// List limits of the contract.
const (
	DefaultLimit = 100
	MaxLimit     = 200
)

// list is the contract's list shape.
type list[T any] struct {
	Items []T   `json:"items"`
	Total int64 `json:"total"`
}

func newList[T any](items []T, total int64) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{Items: items, Total: total}
}

// mapSlice converts a slice of models into response structs.
func mapSlice[A, B any](in []A, f func(A) B) []B {
	out := make([]B, len(in))
	for i, a := range in {
		out[i] = f(a)
	}
	return out
}

// reply answers with a JSON body; handlers end with it.
func reply(c *gin.Context, status int, body any) error {
	c.JSON(status, body)
	return nil
}

// noContent answers 204.
func noContent(c *gin.Context) error {
	c.Status(http.StatusNoContent)
	return nil
}

const (
	principalKey = "juri.principal"
	sessionKey   = "juri.session"
)

// SetPrincipal stores the signed-in user and their session on the request;
// the auth middleware calls it after loading the user.
func SetPrincipal(c *gin.Context, u models.User, session string) {
	c.Set(principalKey, u)
	c.Set(sessionKey, session)
}

// session is the caller's sign-in session.
func session(c *gin.Context) string { return c.GetString(sessionKey) }

// Principal returns the signed-in user and whether there is one.
func Principal(c *gin.Context) (models.User, bool) {
	v, ok := c.Get(principalKey)
	if !ok {
		return models.User{}, false
	}
	u, ok := v.(models.User)
	return u, ok
}

// me returns the signed-in user on routes that require one.
func me(c *gin.Context) models.User {
	u, _ := Principal(c)
	return u
}

// actor is the audit identity of the caller.
func actor(c *gin.Context) store.Actor {
	u := me(c)
	return store.Actor{ID: u.ID, Email: u.Email}
}

// page reads ?limit= and ?offset=.
func page(c *gin.Context) (store.Page, error) {
	p := store.Page{Limit: DefaultLimit}
	fields := map[string]string{}
	if v := c.Query("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxLimit {
			fields["limit"] = fmt.Sprintf("must be a whole number from 1 to %d", MaxLimit)
		}
		p.Limit = n
	}
	if v := c.Query("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			fields["offset"] = "must be a whole number of at least 0"
		}
		p.Offset = n
	}
	if len(fields) > 0 {
		return p, apperr.Validation(fields)
	}
	return p, nil
}

// queryID reads an optional numeric query parameter; 0 when absent.
func queryID(c *gin.Context, name string) (int64, error) {
	v := c.Query(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, apperr.Validation(map[string]string{name: "must be a positive whole number"})
	}
	return n, nil
}

// pathID reads a numeric path parameter. A malformed id names nothing that
// exists, so it is a 404 like any unknown id.
func pathID(c *gin.Context, name, what string) (int64, error) {
	n, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || n <= 0 {
		return 0, apperr.NotFound(what)
	}
	return n, nil
}

// Nullable is a PATCH field that can be absent, null, or a value.
type Nullable[T any] struct {
	Set   bool
	Null  bool
	Value T
}

// UnmarshalJSON runs only when the key is present.
func (n *Nullable[T]) UnmarshalJSON(b []byte) error {
	n.Set = true
	if string(b) == "null" {
		n.Null = true
		return nil
	}
	return json.Unmarshal(b, &n.Value)
}

// ptr returns the value as a pointer (nil when null).
func (n Nullable[T]) ptr() *T {
	if n.Null {
		return nil
	}
	v := n.Value
	return &v
}

// fieldErrors collects validation reasons by field.
type fieldErrors map[string]string

func (f fieldErrors) check(field, reason string) {
	if reason != "" {
		if _, dup := f[field]; !dup {
			f[field] = reason
		}
	}
}

func (f fieldErrors) err() error {
	if len(f) == 0 {
		return nil
	}
	return apperr.Validation(f)
}

func itoa(n int) string { return strconv.Itoa(n) }

// deref returns the value of p, or the zero value when p is nil.
func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
