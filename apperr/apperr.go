// Package apperr is the typed error a handler returns when it knows the HTTP
// answer. The API's error middleware turns it, and the store's sentinel
// errors, into the one error shape of the contract:
//
//	{"error": {"code": "validation_failed", "message": "...", "fields": {...}}}
package apperr

import (
	"fmt"
	"net/http"
)

// Error is an answer to the client. Message is shown to people; it never holds
// internal details.
type Error struct {
	Status     int               `json:"-"`
	Code       string            `json:"code"`
	Message    string            `json:"message"`
	Fields     map[string]string `json:"fields,omitempty"`
	Current    any               `json:"current,omitempty"` // the object as it is now, on a stale write
	RequestID  string            `json:"request_id,omitempty"`
	RetryAfter int               `json:"-"` // seconds, for 429
	// Beside holds fields the answer carries next to "error" at the top level
	// of the body, where the contract puts them (an import's "errors" list).
	Beside map[string]any `json:"-"`
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

func newf(status int, code, format string, args ...any) *Error {
	return &Error{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

// BadRequest is a request that cannot be read (malformed JSON, wrong form).
func BadRequest(format string, args ...any) *Error {
	return newf(http.StatusBadRequest, "bad_request", format, args...)
}

// Validation is a readable request with values that break the rules; fields
// maps each bad field to its reason.
func Validation(fields map[string]string) *Error {
	msg := "the request has invalid fields"
	if len(fields) == 1 {
		for k, v := range fields {
			msg = k + " " + v
		}
	}
	return &Error{Status: http.StatusUnprocessableEntity, Code: "validation_failed", Message: msg, Fields: fields}
}

// Invalid is a validation failure that concerns no single field.
func Invalid(format string, args ...any) *Error {
	return newf(http.StatusUnprocessableEntity, "validation_failed", format, args...)
}

// Unauthorized means no valid credentials.
func Unauthorized(format string, args ...any) *Error {
	return newf(http.StatusUnauthorized, "unauthorized", format, args...)
}

// Forbidden is a visible object and an action the caller may not take.
func Forbidden(format string, args ...any) *Error {
	return newf(http.StatusForbidden, "forbidden", format, args...)
}

// NotFound is an object that does not exist or that the caller may not see.
func NotFound(what string) *Error {
	return newf(http.StatusNotFound, "not_found", "%s not found", what)
}

// Conflict is a request that clashes with the current state.
func Conflict(format string, args ...any) *Error {
	return newf(http.StatusConflict, "conflict", format, args...)
}

// DeadlinePassed is an action refused because its time window is closed.
func DeadlinePassed(format string, args ...any) *Error {
	return newf(http.StatusConflict, "deadline_passed", format, args...)
}

// TooLarge is a body over its cap.
func TooLarge(format string, args ...any) *Error {
	return newf(http.StatusRequestEntityTooLarge, "payload_too_large", format, args...)
}

// Unsupported is a body of a type the endpoint does not take.
func Unsupported(format string, args ...any) *Error {
	return newf(http.StatusUnsupportedMediaType, "unsupported_media_type", format, args...)
}

// TooMany is a request over a rate limit; retryAfter is in seconds.
func TooMany(retryAfter int, format string, args ...any) *Error {
	e := newf(http.StatusTooManyRequests, "too_many_requests", format, args...)
	e.RetryAfter = retryAfter
	return e
}

// Unavailable is a dependency that does not answer.
func Unavailable(format string, args ...any) *Error {
	return newf(http.StatusServiceUnavailable, "unavailable", format, args...)
}

// InsufficientStorage is a file the storage has no room for.
func InsufficientStorage(format string, args ...any) *Error {
	return newf(http.StatusInsufficientStorage, "insufficient_storage", format, args...)
}

// Internal is the answer to every unexpected error: no details.
func Internal() *Error {
	return &Error{Status: http.StatusInternalServerError, Code: "internal", Message: "internal error; the request id identifies it in the server log"}
}
