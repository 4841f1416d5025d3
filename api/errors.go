package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/apperr"
	"github.com/juri-id/juri/store"
)

// toAPIError is the one mapping from any error to the contract's error. Unknown
// errors become 500 internal with no details.
func toAPIError(err error) *apperr.Error {
	var ae *apperr.Error
	var ce *store.ConflictError
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &ae):
		cp := *ae
		return &cp
	case errors.Is(err, store.ErrNotFound):
		return apperr.NotFound("the requested object")
	case errors.As(err, &ce):
		return apperr.Conflict("%s", ce.Msg)
	case errors.Is(err, store.ErrConflict):
		return apperr.Conflict("the request conflicts with the current state")
	case errors.Is(err, store.ErrForbidden):
		return apperr.Forbidden("you may not do this")
	case errors.As(err, &tooBig):
		return apperr.TooLarge("the request body is over %d bytes", tooBig.Limit)
	}
	return apperr.Internal()
}

// writeError sends e in the contract's shape.
func writeError(c *gin.Context, e *apperr.Error) {
	e.RequestID = requestID(c)
	if e.RetryAfter > 0 {
		c.Header("Retry-After", strconv.Itoa(e.RetryAfter))
	}
	if e.Status == http.StatusUnauthorized {
		c.Header("WWW-Authenticate", `Bearer realm="juri"`)
	}
	c.AbortWithStatusJSON(e.Status, gin.H{"error": e})
}

// errorMiddleware writes the last error a handler recorded, unless the handler
// already answered. Unexpected errors are logged with the request id; the
// client sees only that id.
func errorMiddleware(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Next()
		if len(c.Errors) == 0 || c.Writer.Written() {
			return
		}
		err := c.Errors.Last().Err
		e := toAPIError(err)
		if e.Status >= 500 {
			if errors.Is(err, context.Canceled) {
				// The client went away; nobody reads the answer.
				log.Info("request canceled", "request_id", requestID(c), "path", c.FullPath())
			} else {
				log.Error("request failed", "request_id", requestID(c), "path", c.FullPath(), "err", err)
			}
		}
		writeError(c, e)
	}
}
