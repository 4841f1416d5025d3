package api_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/juri-id/juri/internal/testenv"
)

// List scoping: every list route answers each principal with exactly what
// that principal may see of the authorization world (authz_world_test.go):
// a participant never sees another OPD's entries, an unverified account only
// its own, a judge only what is assigned to them, the organizer of another
// competition nothing of this one.

// listCase is a list route and the ids each principal gets; a principal
// missing from want gets an empty list, and one in refused gets no list.
type listCase struct {
	path    string
	key     string // the field of each item that names it; "id" when empty
	want    map[int]string
	refused []int
}

var everyEntry = "{entry_a} {entry_b} {entry_b2} {entry_draft} {entry_submitted} {entry_unverified}"

var listCases = []listCase{
	{path: "/api/v1/competitions/{comp}/entries", want: map[int]string{
		pOwn:      "{entry_a} {entry_draft} {entry_submitted} {entry_unverified}",
		pOther:    "{entry_b} {entry_b2}",
		pUnver:    "{entry_unverified}",
		jAssigned: "{entry_a} {entry_b} {entry_b2}",
		oThis:     everyEntry,
		admin:     everyEntry,
	}, refused: []int{anon}},
	{path: "/api/v1/competitions/{comp_other}/entries", want: map[int]string{
		pOther: "{entry_other_comp}", oOther: "{entry_other_comp}", admin: "{entry_other_comp}",
	}, refused: []int{anon}},
	{path: "/api/v1/competitions", want: map[int]string{
		pOwn: "{comp} {comp_other}", pOther: "{comp} {comp_other}", pUnver: "{comp} {comp_other}",
		jAssigned: "{comp} {comp_other}", jFree: "{comp} {comp_other}", jConflict: "{comp} {comp_other}",
		oThis: "{comp} {comp_other} {comp_draft}", oOther: "{comp} {comp_other}", admin: "{comp} {comp_other} {comp_draft}",
	}, refused: []int{anon}},
	{path: "/api/v1/me/assignments", want: map[int]string{
		jAssigned: "{asg} {asg_pending} {asg_submitted}",
	}, refused: []int{anon, pOwn, pOther, pUnver, oThis, oOther, admin}},
	{path: "/api/v1/rounds/{round_desk}/assignments", want: map[int]string{
		oThis: "{asg} {asg_pending} {asg_submitted}", admin: "{asg} {asg_pending} {asg_submitted}",
	}, refused: []int{anon, pOwn, pOther, pUnver, jAssigned, jFree, jConflict, oOther}},
	{path: "/api/v1/competitions/{comp}/members", key: "user_id", want: map[int]string{
		oThis: "{organizer_this} {judge_assigned} {judge_unassigned} {judge_conflict}",
		admin: "{organizer_this} {judge_assigned} {judge_unassigned} {judge_conflict}",
	}, refused: []int{anon, pOwn, pOther, pUnver, jAssigned, jFree, jConflict, oOther}},
	{path: "/api/v1/competitions/{comp}/conflicts", key: "judge_id", want: map[int]string{
		oThis: "{judge_conflict} {judge_conflict}", admin: "{judge_conflict} {judge_conflict}", // declared, and set by the organizers
	}, refused: []int{anon, pOwn, pOther, pUnver, jAssigned, jFree, jConflict, oOther}},
	{path: "/api/v1/competitions/{comp}/objections", want: map[int]string{
		oThis: "{objection}", admin: "{objection}",
	}, refused: []int{anon, pOwn, pOther, pUnver, jAssigned, jFree, jConflict, oOther}},
	{path: "/api/v1/entries/{entry_a}/files", want: map[int]string{
		pOwn: "{file_a}", jAssigned: "{file_a}", oThis: "{file_a}", admin: "{file_a}",
	}, refused: []int{anon, pOther, pUnver, jFree, jConflict, oOther}},
	{path: "/api/v1/public/publications", want: map[int]string{
		anon: "{pub}", pOwn: "{pub}", pOther: "{pub}", pUnver: "{pub}", jAssigned: "{pub}", jFree: "{pub}",
		jConflict: "{pub}", oThis: "{pub}", oOther: "{pub}", admin: "{pub}",
	}},
}

// TestAuthzListScoping runs every list case as every principal.
func TestAuthzListScoping(t *testing.T) {
	w := newAuthzWorld(t)
	for _, lc := range listCases {
		runCase(t, w.s, caseName("GET", lc.path), func(t *testing.T) {
			w.t = t
			key := lc.key
			if key == "" {
				key = "id"
			}
			for p := range nPrincipals {
				res := w.s.Do("GET", w.fill(lc.path, p), w.toks[p], nil)
				if slices.Contains(lc.refused, p) {
					if res.Code < 400 {
						t.Errorf("%s as %s: got %d, want a refusal: %.300s", lc.path, principalNames[p], res.Code, res.Body)
					}
					continue
				}
				if res.Code != 200 {
					t.Errorf("%s as %s: got %d: %.300s", lc.path, principalNames[p], res.Code, res.Body)
					continue
				}
				var got []string
				for _, it := range testenv.List(t, res) {
					got = append(got, fmt.Sprint(testenv.ID(t, it[key])))
				}
				want := strings.Fields(w.fill(lc.want[p], p))
				slices.Sort(got)
				slices.Sort(want)
				if !slices.Equal(got, want) {
					t.Errorf("%s as %s: got %s %v, want %v", lc.path, principalNames[p], key, got, want)
				}
			}
		}, &w.t)
	}
}
