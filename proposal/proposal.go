// Package proposal holds the rules of an entry's life, as pure functions: which
// status changes each action allows, the submission window, word counts and
// the checks a draft and a submission must pass. Handlers and the store call
// it; it knows nothing of HTTP or the database.
package proposal

import (
	"fmt"
	"strings"
	"time"
	"unicode"
)

// Statuses, as in models (kept here so the package stays pure).
const (
	Draft      = "draft"
	Submitted  = "submitted"
	Returned   = "returned"
	Eligible   = "eligible"
	Ineligible = "ineligible"
	Withdrawn  = "withdrawn"
	Finalist   = "finalist"
)

// HardCapWords is the most a section may hold even in a draft: drafts may be
// over their word limit while being written, but not without bound.
const HardCapWords = 10000

// Window is the submission window of an entry.
type Window struct {
	OpensAt  *time.Time
	ClosesAt *time.Time
	// ReviseUntil extends the deadline of one returned entry.
	ReviseUntil *time.Time
}

// Deadline is the moment after which the participant can no longer change
// or submit the entry; nil means none.
func (w Window) Deadline() *time.Time {
	if w.ClosesAt == nil {
		return nil
	}
	if w.ReviseUntil != nil && w.ReviseUntil.After(*w.ClosesAt) {
		return w.ReviseUntil
	}
	return w.ClosesAt
}

// WindowError says why the window is shut.
type WindowError struct {
	NotYet bool // before opening (otherwise past the deadline)
	At     time.Time
}

func (e *WindowError) Error() string {
	if e.NotYet {
		return "submissions open at " + e.At.UTC().Format(time.RFC3339)
	}
	return "the submission deadline passed at " + e.At.UTC().Format(time.RFC3339)
}

// Check returns a *WindowError when now is outside the window.
func (w Window) Check(now time.Time) error {
	if w.OpensAt != nil && now.Before(*w.OpensAt) {
		return &WindowError{NotYet: true, At: *w.OpensAt}
	}
	if d := w.Deadline(); d != nil && !now.Before(*d) {
		return &WindowError{At: *d}
	}
	return nil
}

// Words counts the words of a text: runs of letters or digits, so that
// punctuation and line breaks never count as words.
func Words(text string) int {
	n := 0
	in := false
	for _, r := range text {
		word := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '-' || r == '’'
		if word && !in {
			n++
		}
		in = word
	}
	return n
}

// Section is the part of the form the checks need.
type Section struct {
	Key       string
	Title     string
	WordLimit int
	Required  bool
}

// CheckDraft checks texts a participant saves: every key names a section and
// no section is over the hard cap. It returns reasons by field
// ("sections.<key>").
func CheckDraft(form []Section, texts map[string]string) map[string]string {
	known := map[string]bool{}
	for _, s := range form {
		known[s.Key] = true
	}
	bad := map[string]string{}
	for k, t := range texts {
		switch {
		case !known[k]:
			bad["sections."+k] = "is not a section of this competition's form"
		case Words(t) > HardCapWords:
			bad["sections."+k] = fmt.Sprintf("has %d words; even a draft may hold at most %d", Words(t), HardCapWords)
		}
	}
	return bad
}

// CheckSubmit checks a complete submission: every required section answered,
// every section within its word limit, and a proposal file uploaded.
func CheckSubmit(form []Section, texts map[string]string, hasProposalFile bool) map[string]string {
	bad := CheckDraft(form, texts)
	for _, s := range form {
		t := texts[s.Key]
		w := Words(t)
		switch {
		case s.Required && strings.TrimSpace(t) == "":
			bad["sections."+s.Key] = s.Title + " is required"
		case s.WordLimit > 0 && w > s.WordLimit:
			bad["sections."+s.Key] = fmt.Sprintf("%s has %d words; the limit is %d", s.Title, w, s.WordLimit)
		}
	}
	if !hasProposalFile {
		bad["files"] = "upload the proposal as a PDF (kind \"proposal\") before submitting"
	}
	return bad
}
