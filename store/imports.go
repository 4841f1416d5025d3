package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/valid"
)

// LineError is one bad line of an import. Message is for people, in English;
// Problems says the same for programs, one problem per part of Message and in
// its order, so that a client can say each in its own language (the web app
// does, in Indonesian). A line may have more than one LineError.
type LineError struct {
	Line     int       `json:"line"`
	Message  string    `json:"message"`
	Problems []Problem `json:"problems"`
}

// Problem is one thing wrong with a line: Code is one of the Problem*
// constants (api/openapi.yaml's LineProblem lists them and their Params),
// Field the CSV column it blames, nil for the whole line.
type Problem struct {
	Code   string         `json:"code"`
	Field  *string        `json:"field"`
	Params map[string]any `json:"params"`
	text   string         // its part of the line's message
}

// The codes of a line's problems. They are part of the contract: add codes,
// never rename one.
const (
	ProblemRequired          = "required"           // the column is empty
	ProblemTooLong           = "too_long"           // {max}: characters
	ProblemBadEmail          = "bad_email"          // {value}
	ProblemBadCharacters     = "bad_characters"     // {value}: a code with other than letters, digits, . - _
	ProblemControlCharacters = "control_characters" // a line break or control character in a text
	ProblemNotUTF8           = "not_utf8"           // the file (field nil) or the value is not UTF-8
	ProblemNotOneOf          = "not_one_of"         // {value, allowed}: allowed joined with ", "
	ProblemUnknownCode       = "unknown_code"       // {value}: no OPD has this code
	ProblemDuplicateInFile   = "duplicate_in_file"  // {value, first_line}
	ProblemRequiredForRole   = "required_for_role"  // {role}: the column is required for this role
	ProblemAdminOnlyRole     = "admin_only_role"    // {role}: only an admin may import this role
	ProblemAccountExists     = "account_exists"     // {value, role, organization, organization_code?}
	ProblemLastAdmin         = "last_admin"         // the line would leave no active admin
	ProblemParentIsSelf      = "parent_is_self"     // {value}
	ProblemParentCycle       = "parent_cycle"       // {value}: the parents would make a cycle
	ProblemParentMissing     = "parent_missing"     // {value}: an OPD up the parent chain was deleted meanwhile
	ProblemUnreadableLine    = "unreadable_line"    // {reason}: the CSV reader's, in English
	ProblemBadQuote          = "bad_quote"          // {reason}: a broken quote; the lines after it are not read
	ProblemWrongFieldCount   = "wrong_field_count"  // {fields, header}
	ProblemMissingColumns    = "missing_columns"    // {columns, missing}: line 1 lacks columns
	ProblemEmptyFile         = "empty_file"         // {columns}
	ProblemNoDataLines       = "no_data_lines"      // a header and nothing else
	ProblemInvalid           = "invalid"            // {value, reason}: a reason of package valid without a code of its own
)

// ProblemCodes lists every code, for the test that holds api/openapi.yaml to them.
var ProblemCodes = []string{ProblemRequired, ProblemTooLong, ProblemBadEmail, ProblemBadCharacters,
	ProblemControlCharacters, ProblemNotUTF8, ProblemNotOneOf, ProblemUnknownCode, ProblemDuplicateInFile,
	ProblemRequiredForRole, ProblemAdminOnlyRole, ProblemAccountExists, ProblemLastAdmin, ProblemParentIsSelf,
	ProblemParentCycle, ProblemParentMissing, ProblemUnreadableLine, ProblemBadQuote, ProblemWrongFieldCount,
	ProblemMissingColumns, ProblemEmptyFile, ProblemNoDataLines, ProblemInvalid}

// NewProblem is a problem of field ("" for the whole line) whose part of the
// line's message is text; params may be nil.
func NewProblem(code, field, text string, params map[string]any) Problem {
	if params == nil {
		params = map[string]any{}
	}
	p := Problem{Code: code, Params: params, text: text}
	if field != "" {
		p.Field = &field
	}
	return p
}

// Problems makes the line error of line: its message joins the problems'
// texts with "; ", as import messages always have.
func Problems(line int, ps ...Problem) LineError {
	texts := make([]string, len(ps))
	for i, p := range ps {
		texts[i] = p.text
	}
	return LineError{Line: line, Message: strings.Join(texts, "; "), Problems: ps}
}

// fieldProblem is a reason of package valid about field's value, said as
// "<field> <reason>".
func fieldProblem(field, reason, value string) Problem {
	text := field + " " + reason
	switch {
	case reason == "is required":
		return NewProblem(ProblemRequired, field, text, nil)
	case strings.HasPrefix(reason, "must be at most ") && strings.HasSuffix(reason, " characters"):
		if max, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(reason, "must be at most "), " characters")); err == nil {
			return NewProblem(ProblemTooLong, field, text, map[string]any{"max": max})
		}
	case reason == "is not a valid e-mail address":
		return NewProblem(ProblemBadEmail, field, text, map[string]any{"value": value})
	case reason == "is not valid UTF-8":
		return NewProblem(ProblemNotUTF8, field, text, nil)
	case reason == "must not contain control characters or line breaks":
		return NewProblem(ProblemControlCharacters, field, text, nil)
	case strings.HasPrefix(reason, "may only contain "):
		return NewProblem(ProblemBadCharacters, field, text, map[string]any{"value": value})
	}
	return NewProblem(ProblemInvalid, field, text, map[string]any{"value": value, "reason": reason})
}

// ImportError lists every bad line; an import that returns it wrote nothing.
type ImportError struct{ Lines []LineError }

func (e *ImportError) Error() string { return fmt.Sprintf("%d bad lines", len(e.Lines)) }

// errDryRun rolls back a dry run's transaction once everything was checked
// and written, so a dry run reports exactly what the import would do.
var errDryRun = errors.New("dry run")

// finishDryRun turns a dry run's rollback into success.
func finishDryRun(err error) error {
	if errors.Is(err, errDryRun) {
		return nil
	}
	return err
}

// ImportResult counts what an import did (or, in a dry run, would do).
type ImportResult struct {
	Created   int
	Updated   int
	Unchanged int
}

// UserImportRow is one data line of a user CSV.
type UserImportRow struct {
	Line             int
	Email            string
	Name             string
	Role             string
	OrganizationCode string
}

// ImportUsers creates or updates users by e-mail, all or nothing. Organizers
// (actorRole organizer) may only create judges and participants; a line of
// theirs that would change an existing account is refused, as PATCH
// /users/:id is the admin's, and a line that matches an account exactly is
// counted unchanged. A judge whose OPD or role an admin's file changes has
// their assignments re-checked in the same transaction.
//
// unreadable lists lines the CSV reader could not use; they are reported with
// the others and make the import write nothing. A dry run does everything in
// its transaction, every check included, and rolls it back: it answers what
// the import would answer and leaves the database as it was.
func (s *Store) ImportUsers(ctx context.Context, actor Actor, actorRole models.Role, rows []UserImportRow, unreadable []LineError, dryRun bool) (ImportResult, error) {
	var res ImportResult
	err := s.WithTx(ctx, func(tx *Store) error {
		bad := slices.Clone(unreadable)
		emails := make([]string, 0, len(rows))
		codes := make([]string, 0, len(rows))
		for _, r := range rows {
			emails = append(emails, valid.NormalizeEmail(r.Email))
			codes = append(codes, strings.TrimSpace(r.OrganizationCode))
		}
		orgs, err := tx.organizationIDs(ctx, codes)
		if err != nil {
			return err
		}
		users, err := tx.usersByEmail(ctx, emails)
		if err != nil {
			return err
		}
		seen := map[string]int{}
		var plans []importPlan
		for _, r := range rows {
			email := valid.NormalizeEmail(r.Email)
			var ps []Problem
			if m := valid.Email(email); m != "" {
				ps = append(ps, fieldProblem("email", m, email))
			}
			if m := valid.Text(r.Name, 200); m != "" {
				ps = append(ps, fieldProblem("name", m, r.Name))
			}
			role := models.Role(strings.ToLower(strings.TrimSpace(r.Role)))
			if !role.Valid() {
				const roles = "admin, organizer, judge, participant"
				ps = append(ps, NewProblem(ProblemNotOneOf, "role", fmt.Sprintf("role %q is not one of %s", r.Role, roles),
					map[string]any{"value": r.Role, "allowed": roles}))
			} else if actorRole != models.RoleAdmin && (role == models.RoleAdmin || role == models.RoleOrganizer) {
				ps = append(ps, NewProblem(ProblemAdminOnlyRole, "role", fmt.Sprintf("only an admin may import users with role %s", role),
					map[string]any{"role": string(role)}))
			}
			var orgID *int64
			code := strings.TrimSpace(r.OrganizationCode)
			if code != "" {
				id, ok := orgs[code]
				if !ok {
					ps = append(ps, NewProblem(ProblemUnknownCode, "organization_code", fmt.Sprintf("organization_code %q does not exist", code),
						map[string]any{"value": code}))
				}
				orgID = &id
			} else if role == models.RoleParticipant {
				ps = append(ps, NewProblem(ProblemRequiredForRole, "organization_code", "organization_code is required for a participant",
					map[string]any{"role": string(models.RoleParticipant)}))
			}
			if first, dup := seen[email]; dup && email != "" {
				ps = append(ps, NewProblem(ProblemDuplicateInFile, "email", fmt.Sprintf("email %s already appears on line %d", email, first),
					map[string]any{"value": email, "first_line": first}))
			}
			seen[email] = r.Line
			var old *models.User
			if u, ok := users[email]; ok {
				old = &u
			}
			name := strings.TrimSpace(r.Name)
			if old != nil && actorRole != models.RoleAdmin && len(ps) == 0 && !sameAccount(*old, name, role, orgID) {
				// PATCH /users/:id is the admin's: an organizer's file may
				// create accounts, never move an existing one to another OPD
				// or role (a participant moved into another OPD would read its
				// proposals; a judge made participant would leave
				// competitions others run).
				org, orgCode := describeOrg(old.OrganizationID, orgs)
				params := map[string]any{"value": email, "role": string(old.Role), "organization": org}
				if orgCode != "" {
					params["organization_code"] = orgCode
				}
				ps = append(ps, NewProblem(ProblemAccountExists, "email",
					fmt.Sprintf("%s already has an account (%s, %s); only an admin may change an existing account",
						email, old.Role, orgText(org, orgCode)), params))
			}
			if len(ps) > 0 {
				bad = append(bad, Problems(r.Line, ps...))
				continue
			}
			if old != nil && sameAccount(*old, name, role, orgID) {
				res.Unchanged++
				continue
			}
			r.Email, r.Role, r.Name = email, string(role), name
			plans = append(plans, importPlan{row: r, orgID: orgID, old: old})
		}
		bad, err = tx.keepAnAdmin(ctx, plans2lines(plans), bad)
		if err != nil {
			return err
		}
		if len(bad) > 0 {
			slices.SortStableFunc(bad, func(a, b LineError) int { return a.Line - b.Line })
			return &ImportError{Lines: bad}
		}
		unchanged := res.Unchanged
		res, err = tx.applyUserImport(ctx, actor, plans)
		res.Unchanged = unchanged
		if err == nil && dryRun {
			return errDryRun
		}
		return err
	})
	return res, finishDryRun(err)
}

// sameAccount reports whether an import line describes u exactly as it is.
func sameAccount(u models.User, name string, role models.Role, orgID *int64) bool {
	sameOrg := (u.OrganizationID == nil && orgID == nil) || (u.OrganizationID != nil && orgID != nil && *u.OrganizationID == *orgID)
	return u.Name == name && u.Role == role && sameOrg
}

// describeOrg says which OPD an account of a line error is in: "none", "opd"
// and its code when the file names that OPD, or "other" (a line error tells
// the file's author no more than the file already says).
func describeOrg(id *int64, codes map[string]int64) (org, code string) {
	if id == nil {
		return "none", ""
	}
	for code, oid := range codes {
		if oid == *id {
			return "opd", code
		}
	}
	return "other", ""
}

// orgText is describeOrg in a line error's message.
func orgText(org, code string) string {
	switch org {
	case "none":
		return "no OPD"
	case "opd":
		return "OPD " + code
	}
	return "another OPD"
}

// applyUserImport writes the validated lines of a user import: the new users
// in batches, the changed ones in batched updates, then the audit rows in the
// order of the file.
func (s *Store) applyUserImport(ctx context.Context, actor Actor, plans []importPlan) (ImportResult, error) {
	var res ImportResult
	var created []models.User
	var changes [][]any
	for _, p := range plans {
		if p.old == nil {
			created = append(created, models.User{Email: p.row.Email, Name: p.row.Name, Role: models.Role(p.row.Role),
				OrganizationID: p.orgID, Verified: true})
		} else {
			changes = append(changes, []any{p.old.ID, p.row.Name, p.row.Role, p.orgID})
		}
	}
	if len(created) > 0 {
		err := s.q(ctx).CreateInBatches(&created, s.rowsPerInsert(&models.User{})).Error
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return res, Conflict("a user of this file was created meanwhile; import the file again")
		}
		if err != nil {
			return res, translate(err, "a user of this file")
		}
	}
	n, err := s.updateByID(ctx, "users", []column{{"name", "VARCHAR(200)"}, {"role", "VARCHAR(16)"}, {"organization_id", "BIGINT"}},
		changes, map[string]any{"updated_at": s.Now()})
	if err != nil {
		return res, err
	}
	if n != int64(len(changes)) {
		// Users are never deleted; should one go, the import must not count it.
		return res, Conflict("%d users of this file no longer exist; import the file again", int64(len(changes))-n)
	}
	evs := make([]AuditEvent, 0, len(plans))
	next := created
	for _, p := range plans {
		if p.old == nil {
			u := next[0]
			next = next[1:]
			res.Created++
			evs = append(evs, AuditEvent{Action: "user.create", ObjectType: "user", ObjectID: u.ID,
				Details: map[string]any{"email": u.Email, "role": u.Role, "organization_id": u.OrganizationID, "via": "import"}})
			continue
		}
		res.Updated++
		evs = append(evs, AuditEvent{Action: "user.update", ObjectType: "user", ObjectID: p.old.ID,
			Details: map[string]any{"name": p.row.Name, "role": p.row.Role, "organization_id": p.orgID, "via": "import"}})
	}
	if err := s.auditAll(ctx, actor, evs); err != nil {
		return res, err
	}
	for _, p := range plans {
		if p.old != nil && (p.old.Role != models.Role(p.row.Role) || !sameAccount(*p.old, p.old.Name, p.old.Role, p.orgID)) {
			u := *p.old
			u.Role, u.OrganizationID = models.Role(p.row.Role), p.orgID
			if err := s.recheckJudge(ctx, actor, u); err != nil {
				return res, err
			}
		}
	}
	return res, nil
}

// importPlan is one valid line of a user import and the user it changes.
type importPlan struct {
	row   UserImportRow
	orgID *int64
	old   *models.User
}

// plans2lines lists the lines that take the admin role away from an active admin.
func plans2lines(plans []importPlan) []int {
	var lines []int
	for _, p := range plans {
		if p.old != nil && p.old.Role == models.RoleAdmin && !p.old.Disabled && models.Role(p.row.Role) != models.RoleAdmin {
			lines = append(lines, p.row.Line)
		}
	}
	return lines
}

// keepAnAdmin refuses demotions that would leave no active admin, as
// PATCH /users does.
func (s *Store) keepAnAdmin(ctx context.Context, demoting []int, bad []LineError) ([]LineError, error) {
	if len(demoting) == 0 {
		return bad, nil
	}
	n, err := s.CountActiveAdmins(ctx)
	if err != nil || n > int64(len(demoting)) {
		return bad, err
	}
	for _, line := range demoting {
		bad = append(bad, Problems(line, NewProblem(ProblemLastAdmin, "role", "this would leave no active admin; make another admin first", nil)))
	}
	return bad, nil
}

// OrganizationImportRow is one data line of an OPD CSV.
type OrganizationImportRow struct {
	Line       int
	Code       string
	Name       string
	Kind       string
	ParentCode string
}

// ImportOrganizations creates or updates OPDs by code, all or nothing. A parent
// may be an existing OPD or one defined anywhere in the same file.
// unreadable and dryRun are as for ImportUsers.
func (s *Store) ImportOrganizations(ctx context.Context, actor Actor, rows []OrganizationImportRow, unreadable []LineError, dryRun bool) (ImportResult, error) {
	var res ImportResult
	err := s.WithTx(ctx, func(tx *Store) error {
		codes := make([]string, 0, 2*len(rows))
		for _, r := range rows {
			codes = append(codes, r.Code, r.ParentCode)
		}
		existing, err := tx.organizationIDs(ctx, codes)
		if err != nil {
			return err
		}
		bad := slices.Clone(unreadable)
		seen := map[string]int{}
		parents := map[string]string{}
		for _, r := range rows {
			var ps []Problem
			if m := valid.Code(r.Code); m != "" {
				ps = append(ps, fieldProblem("code", m, r.Code))
			}
			if m := valid.Text(r.Name, 200); m != "" {
				ps = append(ps, fieldProblem("name", m, r.Name))
			}
			if !models.ValidOrganizationKind(r.Kind) {
				kinds := strings.Join(models.OrganizationKinds, ", ")
				ps = append(ps, NewProblem(ProblemNotOneOf, "kind", fmt.Sprintf("kind %q is not one of %s", r.Kind, kinds),
					map[string]any{"value": r.Kind, "allowed": kinds}))
			}
			if first, dup := seen[r.Code]; dup && r.Code != "" {
				ps = append(ps, NewProblem(ProblemDuplicateInFile, "code", fmt.Sprintf("code %s already appears on line %d", r.Code, first),
					map[string]any{"value": r.Code, "first_line": first}))
			}
			seen[r.Code] = r.Line
			if r.ParentCode == r.Code && r.Code != "" {
				ps = append(ps, NewProblem(ProblemParentIsSelf, "parent_code", "parent_code must not be the organization itself",
					map[string]any{"value": r.ParentCode}))
			}
			if len(ps) > 0 {
				bad = append(bad, Problems(r.Line, ps...))
			}
			parents[r.Code] = r.ParentCode
		}
		for _, r := range rows {
			if r.ParentCode == "" {
				continue
			}
			if _, inFile := seen[r.ParentCode]; !inFile {
				if _, inDB := existing[r.ParentCode]; !inDB {
					bad = append(bad, Problems(r.Line, NewProblem(ProblemUnknownCode, "parent_code",
						fmt.Sprintf("parent_code %q does not exist", r.ParentCode), map[string]any{"value": r.ParentCode})))
					continue
				}
			}
			if cyclic(r.Code, parents) {
				bad = append(bad, Problems(r.Line, NewProblem(ProblemParentCycle, "parent_code", "parent_code makes a cycle of parents",
					map[string]any{"value": r.ParentCode})))
			}
		}
		if len(bad) > 0 {
			slices.SortStableFunc(bad, func(a, b LineError) int { return a.Line - b.Line })
			return &ImportError{Lines: bad}
		}
		err = tx.applyOrganizationImport(ctx, actor, rows, existing, &res)
		if err == nil && dryRun {
			return errDryRun
		}
		return err
	})
	return res, finishDryRun(err)
}

// cyclic follows parent codes from code; parents of codes not in the file are
// existing OPDs, which the database already keeps acyclic.
func cyclic(code string, parents map[string]string) bool {
	seen := map[string]bool{}
	for c := code; c != ""; c = parents[c] {
		if seen[c] {
			return true
		}
		seen[c] = true
	}
	return false
}

// applyOrganizationImport writes validated rows: insert the new OPDs first,
// then give every row its name, kind and parent, so that a parent may appear
// after its children in the file; both in batches. ids holds the existing
// OPDs of the file by code and gains the new ones.
func (s *Store) applyOrganizationImport(ctx context.Context, actor Actor, rows []OrganizationImportRow, ids map[string]int64, res *ImportResult) error {
	now := s.Now()
	var created []models.Organization
	for _, r := range rows {
		if _, ok := ids[r.Code]; !ok {
			created = append(created, models.Organization{Code: r.Code, Name: r.Name, Kind: r.Kind, CreatedAt: now, UpdatedAt: now})
		}
	}
	if len(created) > 0 {
		err := s.q(ctx).CreateInBatches(&created, s.rowsPerInsert(&models.Organization{})).Error
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return Conflict("an organization of this file was created meanwhile; import the file again")
		}
		if err != nil {
			return translate(err, "an organization of this file")
		}
	}
	isNew := map[string]bool{}
	for _, o := range created {
		ids[o.Code] = o.ID
		isNew[o.Code] = true
	}
	changes := make([][]any, len(rows))
	evs := make([]AuditEvent, len(rows))
	for i, r := range rows {
		var parent *int64
		if r.ParentCode != "" {
			p := ids[r.ParentCode]
			parent = &p
		}
		changes[i] = []any{ids[r.Code], r.Name, r.Kind, parent}
		action := "organization.update"
		if isNew[r.Code] {
			action = "organization.create"
			res.Created++
		} else {
			res.Updated++
		}
		evs[i] = AuditEvent{Action: action, ObjectType: "organization", ObjectID: ids[r.Code],
			Details: map[string]any{"code": r.Code, "name": r.Name, "kind": r.Kind, "parent_code": r.ParentCode, "via": "import"}}
	}
	n, err := s.updateByID(ctx, "organizations", []column{{"name", "VARCHAR(200)"}, {"kind", "VARCHAR(32)"}, {"parent_id", "BIGINT"}},
		changes, map[string]any{"updated_at": now})
	if err != nil {
		return translate(err, "an organization of this file")
	}
	if n != int64(len(changes)) {
		return Conflict("%d organizations of this file were deleted meanwhile; import the file again", int64(len(changes))-n)
	}
	if err := s.auditAll(ctx, actor, evs); err != nil {
		return err
	}
	// An existing OPD may already be the parent chain of a file row; a final
	// walk over every OPD's parent, loaded at once, catches a cycle closed
	// through the database.
	var all []models.Organization
	if err := s.q(ctx).Select("id", "parent_id").Find(&all).Error; err != nil {
		return err
	}
	parents := make(map[int64]*int64, len(all))
	for _, o := range all {
		parents[o.ID] = o.ParentID
	}
	for _, r := range rows {
		if err := parentChainError(parents, ids[r.Code]); err != nil {
			code := ProblemParentMissing
			if errors.Is(err, errAncestor) {
				code = ProblemParentCycle
			}
			return &ImportError{Lines: []LineError{Problems(r.Line,
				NewProblem(code, "parent_code", err.Error(), map[string]any{"value": r.ParentCode}))}}
		}
	}
	return nil
}
