// Package valid holds small pure checks shared by handlers and imports:
// e-mail addresses, names and codes. Each returns "" when the value is fine, or
// a short reason a person can act on.
package valid

import (
	"net/mail"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// NormalizeEmail trims and lower-cases an address; addresses are compared in
// this form everywhere.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Email checks a normalized address: one plain addr-spec with a dotted domain.
func Email(s string) string {
	switch {
	case s == "":
		return "is required"
	case len(s) > 254:
		return "must be at most 254 characters"
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return "is not a valid e-mail address"
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		return "is not a valid e-mail address"
	}
	return ""
}

// Text checks a required single-line text of at most max characters, with no
// control characters.
func Text(s string, max int) string {
	switch {
	case strings.TrimSpace(s) == "":
		return "is required"
	case utf8.RuneCountInString(s) > max:
		return "must be at most " + strconv.Itoa(max) + " characters"
	case !utf8.ValidString(s):
		return "is not valid UTF-8"
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.In(r, unicode.Zl, unicode.Zp) {
			return "must not contain control characters or line breaks"
		}
	}
	return ""
}

// Code checks an organization code: letters, digits, dot, dash and underscore.
func Code(s string) string {
	if s == "" {
		return "is required"
	}
	if len(s) > 32 {
		return "must be at most 32 characters"
	}
	for _, r := range s {
		if !(r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-' || r == '_')) {
			return "may only contain letters, digits, '.', '-' and '_'"
		}
	}
	return ""
}

// Clean removes what a person cannot see but a reader or a spreadsheet obeys:
// format characters (direction overrides and isolates such as U+202E and
// U+2066, zero-width spaces and joiners, the byte-order mark, soft hyphens)
// and control characters other than tab and line breaks. Every text a
// request brings passes through it before it is checked or stored, so none
// reaches public results or exports.
func Clean(s string) string {
	clean := true
	for _, r := range s {
		if hidden(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if !hidden(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func hidden(r rune) bool {
	switch {
	case r == '\n' || r == '\r' || r == '\t':
		return false
	case r == utf8.RuneError:
		return true
	}
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
}
