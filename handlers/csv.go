package handlers

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/apperr"
	"github.com/juri-id/juri/store"
	"github.com/juri-id/juri/valid"
)

// MaxImportBytes caps a CSV import.
const MaxImportBytes = 5 << 20

// csvRecord is one data line with its line number in the file (1 = header).
type csvRecord struct {
	Line   int
	Fields map[string]string
}

// readImportCSV reads a CSV upload, either as the raw body (text/csv) or as the
// multipart field "file". It takes UTF-8 with or without a byte-order mark and
// either comma or semicolon separators (Indonesian Excel exports use
// semicolons), and wants a header naming at least the columns in want.
// Structural problems of single lines come back as line errors; a file that
// cannot be read at all is an error.
func readImportCSV(c *gin.Context, want []string) ([]csvRecord, []store.LineError, error) {
	data, err := importBody(c)
	if err != nil {
		return nil, nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if !utf8.Valid(data) {
		return nil, nil, apperr.Invalid("the file is not UTF-8 text; in Excel choose \"CSV UTF-8\" when saving")
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil, apperr.Invalid("the file is empty; the first line must name the columns %s", strings.Join(want, ","))
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = separator(data)
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err != nil {
		return nil, nil, apperr.Invalid("line 1 cannot be read as CSV: %v", csvReason(err))
	}
	cols := map[string]int{}
	for i, h := range header {
		cols[strings.ToLower(strings.TrimSpace(h))] = i
	}
	var missing []string
	for _, w := range want {
		if _, ok := cols[w]; !ok {
			missing = append(missing, w)
		}
	}
	if len(missing) > 0 {
		return nil, nil, apperr.Invalid("the first line must name the columns %s; missing: %s", strings.Join(want, ","), strings.Join(missing, ", "))
	}
	var recs []csvRecord
	var bad []store.LineError
	for {
		fields, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				bad = append(bad, store.LineError{Line: pe.StartLine, Message: "cannot be read as CSV: " + csvReason(err)})
				if pe.Err == csv.ErrQuote || pe.Err == csv.ErrBareQuote {
					// A broken quote swallows the rest of the file: stop here.
					break
				}
				continue
			}
			return nil, nil, err
		}
		line, _ := r.FieldPos(0)
		if len(fields) != len(header) {
			bad = append(bad, store.LineError{Line: line, Message: fmt.Sprintf("has %d fields, the header has %d", len(fields), len(header))})
			continue
		}
		rec := csvRecord{Line: line, Fields: map[string]string{}}
		for _, w := range want {
			rec.Fields[w] = strings.TrimSpace(valid.Clean(fields[cols[w]]))
		}
		recs = append(recs, rec)
	}
	if len(recs) == 0 && len(bad) == 0 {
		return nil, nil, apperr.Invalid("the file has a header but no data lines")
	}
	return recs, bad, nil
}

// importBody returns the uploaded bytes, refusing more than MaxImportBytes.
func importBody(c *gin.Context) ([]byte, error) {
	mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if mt == "multipart/form-data" {
		mr, err := c.Request.MultipartReader()
		if err != nil {
			return nil, apperr.BadRequest("malformed multipart body")
		}
		for {
			part, err := mr.NextPart()
			if errors.Is(err, io.EOF) {
				return nil, apperr.Validation(map[string]string{"file": "is required: send the CSV in the multipart field \"file\""})
			}
			if err != nil {
				return nil, tooBigOr(err, apperr.BadRequest("malformed multipart body"))
			}
			if part.FormName() == "file" {
				return readCapped(part)
			}
		}
	}
	if mt != "text/csv" && mt != "text/plain" && mt != "application/csv" && mt != "application/vnd.ms-excel" {
		return nil, apperr.Unsupported("send the CSV as text/csv or as the multipart field \"file\"")
	}
	return readCapped(c.Request.Body)
}

func readCapped(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return nil, tooBigOr(err, err)
	}
	if len(data) > MaxImportBytes {
		return nil, apperr.TooLarge("the file is over %d MB", MaxImportBytes>>20)
	}
	return data, nil
}

func tooBigOr(err, other error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return apperr.TooLarge("the file is over %d MB", MaxImportBytes>>20)
	}
	return other
}

// separator picks ';' when the header line has more semicolons than commas.
func separator(data []byte) rune {
	first, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		return ';'
	}
	return ','
}

func csvReason(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// importResponse is the contract's import answer.
type importResponse struct {
	Created int `json:"created"`
	Updated int `json:"updated"`
	// Unchanged counts lines that describe an account exactly as it is.
	Unchanged int               `json:"unchanged"`
	Errors    []store.LineError `json:"errors"`
	// DryRun says the counts are what the import would do: nothing was written.
	DryRun bool `json:"dry_run"`
}

// dryRun reads ?dry_run=: an import checked and counted but not written, so a
// page can show every bad line (or what would change) before anything is.
func dryRun(c *gin.Context) (bool, error) {
	switch c.Query("dry_run") {
	case "", "false":
		return false, nil
	case "true":
		return true, nil
	}
	return false, apperr.Validation(map[string]string{"dry_run": "must be true or false"})
}
