package handlers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/apperr"
	"github.com/juri-id/juri/valid"
)

// bindJSON decodes a JSON body into dst with errors a client can act on:
// malformed JSON is 400, a value of the wrong type or an unreadable value (a
// date that does not parse) is 422 naming the field, a body that is not JSON
// at all is 415.
func bindJSON(c *gin.Context, dst any) error {
	if ct := c.GetHeader("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return apperr.Unsupported("send the body as application/json")
		}
	}
	// Bodies are capped (api's bodyLimit), so reading one whole is cheap, and
	// it lets a failed decode be retried field by field to name the culprit.
	data, err := io.ReadAll(c.Request.Body)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(dst); err != nil {
		return jsonError(err, data, dst)
	}
	if _, err := dec.Token(); err != io.EOF {
		return apperr.BadRequest("the body must hold a single JSON value")
	}
	cleanStrings(reflect.ValueOf(dst))
	return nil
}

// cleanStrings passes every string dst holds through valid.Clean, so no
// handler can forget to strip direction overrides and invisible characters
// from what a request brings. A struct field tagged `clean:"-"` (a password)
// is kept exactly as sent.
func cleanStrings(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			cleanStrings(v.Elem())
		}
	case reflect.String:
		if v.CanSet() {
			v.SetString(valid.Clean(v.String()))
		}
	case reflect.Struct:
		t := v.Type()
		for i := range v.NumField() {
			if f := t.Field(i); f.IsExported() && f.Tag.Get("clean") != "-" {
				cleanStrings(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			cleanStrings(v.Index(i))
		}
	case reflect.Map:
		if v.Type().Elem().Kind() != reflect.String {
			return
		}
		for _, k := range v.MapKeys() {
			s := v.MapIndex(k).String()
			if c := valid.Clean(s); c != s {
				v.SetMapIndex(k, reflect.ValueOf(c).Convert(v.Type().Elem()))
			}
		}
	}
}

func jsonError(err error, data []byte, dst any) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var tooBig *http.MaxBytesError
	switch {
	case errors.Is(err, io.EOF):
		return apperr.BadRequest("the request body is empty; send a JSON object")
	case errors.As(err, &tooBig):
		return err
	case errors.As(err, &syntax):
		return apperr.BadRequest("malformed JSON at byte %d", syntax.Offset)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return apperr.BadRequest("malformed JSON: the body ends too early")
	case errors.As(err, &typ):
		if typ.Field == "" {
			return apperr.BadRequest("the body must be %s, not %s", jsonKind(typ.Type), article(typ.Value))
		}
		return apperr.Validation(map[string]string{elementField(data, dst, typ.Field): "must be " + jsonKind(typ.Type)})
	}
	// A value's own decoder refused it (a date that does not parse): find the
	// field by decoding each one alone.
	if field, kind, ok := culprit(data, dst); ok {
		return apperr.Validation(map[string]string{field: "must be " + kind})
	}
	return apperr.BadRequest("the body cannot be read as this request")
}

// elementField names a field inside an array as checks name it,
// scores[2].value rather than encoding/json's scores.value, by decoding the
// array's elements one by one to find the first that fails. (FuzzScorecardRequest
// found the two names disagreeing.)
func elementField(data []byte, dst any, field string) string {
	head, rest, ok := strings.Cut(field, ".")
	t := reflect.TypeOf(dst)
	if !ok || t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
		return field
	}
	var raw map[string]json.RawMessage
	if json.Unmarshal(data, &raw) != nil {
		return field
	}
	for i := range t.Elem().NumField() {
		f := t.Elem().Field(i)
		if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name != head || f.Type.Kind() != reflect.Slice {
			continue
		}
		// encoding/json matched the key regardless of case ("sCores"), as
		// it does when no key matches exactly.
		value, ok := raw[head]
		for k, v := range raw {
			if !ok && strings.EqualFold(k, head) {
				value, ok = v, true
			}
		}
		var elems []json.RawMessage
		if json.Unmarshal(value, &elems) != nil {
			return field
		}
		for j, e := range elems {
			if json.Unmarshal(e, reflect.New(f.Type.Elem()).Interface()) != nil {
				return fmt.Sprintf("%s[%d].%s", head, j, rest)
			}
		}
	}
	return field
}

// culprit finds the top-level field of dst (a pointer to a struct) whose
// value in data fails to decode, and what it must be.
func culprit(data []byte, dst any) (field, kind string, ok bool) {
	t := reflect.TypeOf(dst)
	if t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
		return "", "", false
	}
	var raw map[string]json.RawMessage
	if json.Unmarshal(data, &raw) != nil {
		return "", "", false
	}
	st := t.Elem()
	for i := range st.NumField() {
		f := st.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		v, present := raw[name]
		if !present {
			continue
		}
		if json.Unmarshal(v, reflect.New(f.Type).Interface()) != nil {
			return name, jsonKind(f.Type), true
		}
	}
	return "", "", false
}

var timeType = reflect.TypeOf(time.Time{})

// jsonKind names what a Go type takes in JSON, for people.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == timeType {
		return "a date and time in RFC 3339, such as 2026-03-31T23:59:59+07:00"
	}
	if t.Kind() == reflect.Struct && strings.HasPrefix(t.Name(), "Nullable[") {
		if f, ok := t.FieldByName("Value"); ok {
			return jsonKind(f.Type) + " or null"
		}
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Uint, reflect.Uint64:
		return "a whole number"
	case reflect.Float64, reflect.Float32:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a JSON array"
	case reflect.Map, reflect.Struct:
		return "a JSON object"
	}
	return "of another type"
}

// article puts "a" or "an" before a JSON value kind ("array", "object").
func article(kind string) string {
	if kind == "" {
		return "that"
	}
	if strings.ContainsRune("aeiou", rune(kind[0])) {
		return fmt.Sprintf("an %s", kind)
	}
	return "a " + kind
}
