package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/apperr"
	"github.com/juri-id/juri/blob"
	"github.com/juri-id/juri/store"
)

// handler is the shape of every API handler: it answers, or returns what went
// wrong and lets the router say it.
type handler = func(c *gin.Context) error

// retryAfterOutage is the Retry-After, in seconds, of an answer that a
// database or storage outage caused: long enough for a connection pool to
// reconnect, short enough for a judge to retry by hand.
const retryAfterOutage = 5

// toAPIError is the one mapping from any error to the contract's error. Unknown
// errors become 500 internal with no details.
func toAPIError(err error) *apperr.Error {
	var ae *apperr.Error
	var ce *store.ConflictError
	var tooBig *http.MaxBytesError
	var quota *store.QuotaError
	var storage *blob.StorageError
	switch {
	case errors.As(err, &ae):
		cp := *ae
		return &cp
	case errors.Is(err, store.ErrNotFound):
		return apperr.NotFound("the requested object")
	case errors.As(err, &ce):
		return apperr.Conflict("%s", ce.Msg)
	case errors.As(err, &tooBig):
		return apperr.TooLarge("the request body is over %d bytes", tooBig.Limit)
	case errors.As(err, &quota):
		return apperr.TooLarge("%s", quota.Error())
	case errors.As(err, &storage) && blob.Full(err):
		e := apperr.InsufficientStorage("the file storage is full; nothing was saved. Try again later or tell the organizers")
		e.RetryAfter = retryAfterOutage
		return e
	case errors.As(err, &storage):
		e := apperr.Unavailable("the file storage cannot be written now; nothing was saved. Try again in a moment")
		e.RetryAfter = retryAfterOutage
		return e
	case store.Unavailable(err):
		e := apperr.Unavailable("the database does not answer; nothing was changed. Try again in a moment")
		e.RetryAfter = retryAfterOutage
		return e
	}
	return apperr.Internal()
}

// writeError sends e in the contract's shape: {"error": {...}}, plus the
// top-level fields some answers carry beside it (an import's line list).
func writeError(c *gin.Context, e *apperr.Error) {
	e.RequestID = requestID(c)
	if e.RetryAfter > 0 {
		c.Header("Retry-After", strconv.Itoa(e.RetryAfter))
	}
	if e.Status == http.StatusUnauthorized {
		c.Header("WWW-Authenticate", `Bearer realm="juri"`)
	}
	body := gin.H{"error": e}
	for k, v := range e.Beside {
		body[k] = v
	}
	c.AbortWithStatusJSON(e.Status, body)
}

// failer is the one path from an error to an answer, for handlers and
// middleware alike. Unexpected errors are logged with the request id; the
// client sees only that id.
type failer struct{ log *slog.Logger }

func (f failer) fail(c *gin.Context, err error) {
	e := toAPIError(err)
	if e.Status >= 500 {
		if e.Status == http.StatusServiceUnavailable || e.Status == http.StatusInsufficientStorage {
			// An outage, not a bug: one line to alert on (docs/operations.md).
			f.log.Warn("dependency unavailable", "request_id", requestID(c), "path", c.FullPath(), "status", e.Status, "err", err)
		} else if errors.Is(err, context.Canceled) {
			// The client went away; nobody reads the answer.
			f.log.Info("request canceled", "request_id", requestID(c), "path", c.FullPath())
		} else {
			f.log.Error("request failed", "request_id", requestID(c), "path", c.FullPath(), "err", err)
		}
	}
	if c.Writer.Written() {
		// The answer has begun (a file being streamed): it cannot turn into an
		// error any more, only stop.
		if e.Status < 500 {
			f.log.Warn("error after the answer began", "request_id", requestID(c), "path", c.FullPath(), "err", err)
		}
		c.Abort()
		return
	}
	writeError(c, e)
}

// wrap adapts a handler to Gin.
func (f failer) wrap(h handler) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := h(c); err != nil {
			f.fail(c, err)
		}
	}
}
