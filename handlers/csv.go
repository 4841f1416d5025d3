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
// cannot be read at all is an error, a 422 that also lists the one line it
// blames (see fileProblem).
func readImportCSV(c *gin.Context, want []string) ([]csvRecord, []store.LineError, error) {
	data, err := importBody(c)
	if err != nil {
		return nil, nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	columns := strings.Join(want, ",")
	if !utf8.Valid(data) {
		return nil, nil, fileProblem(c, firstBadLine(data), store.ProblemNotUTF8, nil,
			"the file is not UTF-8 text; in Excel choose \"CSV UTF-8\" when saving")
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil, fileProblem(c, 1, store.ProblemEmptyFile, map[string]any{"columns": columns},
			"the file is empty; the first line must name the columns %s", columns)
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = separator(data)
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err != nil {
		return nil, nil, fileProblem(c, 1, unreadableCode(err), map[string]any{"reason": csvReason(err)},
			"line 1 cannot be read as CSV: %v", csvReason(err))
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
		return nil, nil, fileProblem(c, 1, store.ProblemMissingColumns,
			map[string]any{"columns": columns, "missing": strings.Join(missing, ", ")},
			"the first line must name the columns %s; missing: %s", columns, strings.Join(missing, ", "))
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
				bad = append(bad, store.Problems(pe.StartLine, store.NewProblem(unreadableCode(err), "",
					"cannot be read as CSV: "+csvReason(err), map[string]any{"reason": csvReason(err)})))
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
			bad = append(bad, store.Problems(line, store.NewProblem(store.ProblemWrongFieldCount, "",
				fmt.Sprintf("has %d fields, the header has %d", len(fields), len(header)),
				map[string]any{"fields": len(fields), "header": len(header)})))
			continue
		}
		rec := csvRecord{Line: line, Fields: map[string]string{}}
		for _, w := range want {
			rec.Fields[w] = strings.TrimSpace(valid.Clean(fields[cols[w]]))
		}
		recs = append(recs, rec)
	}
	if len(recs) == 0 && len(bad) == 0 {
		return nil, nil, fileProblem(c, 1, store.ProblemNoDataLines, nil, "the file has a header but no data lines")
	}
	return recs, bad, nil
}

// fileProblem is the 422 of a file that cannot be read as a whole. Its
// message is the error's, as it always was; beside it the answer has the
// shape of bad lines (errors, the counts 0, dry_run), with the one line it
// blames and the problem's code, so a client can say it in its own language.
func fileProblem(c *gin.Context, line int, code string, params map[string]any, format string, args ...any) error {
	e := apperr.Invalid(format, args...)
	bad := store.Problems(line, store.NewProblem(code, "", e.Message, params))
	e.Beside = map[string]any{"created": 0, "updated": 0, "unchanged": 0, "errors": []store.LineError{bad},
		"dry_run": c.Query("dry_run") == "true"}
	return e
}

// firstBadLine is the line (1 = the first) of data's first byte that is not UTF-8.
func firstBadLine(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return 1 + bytes.Count(data[:i], []byte("\n"))
		}
		i += size
	}
	return 1
}

// unreadableCode is a CSV reading error's problem code: a broken quote, after
// which the reader stops, or another unreadable line.
func unreadableCode(err error) string {
	if errors.Is(err, csv.ErrQuote) || errors.Is(err, csv.ErrBareQuote) {
		return store.ProblemBadQuote
	}
	return store.ProblemUnreadableLine
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
