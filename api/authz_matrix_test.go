package api_test

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/juri-id/juri/internal/testenv"
)

// The authorization matrix: one row per route of the router, one column per
// principal, each cell the status that principal must get. The world every
// cell runs against is built by newAuthzWorld (authz_world_test.go), where
// the placeholders of the paths and bodies ({entry_a}, {asg}, ...) are
// described. A request that is not a GET runs on the world as the snapshot
// left it and the world is restored after it, so the cells of a row never
// see each other's writes.
//
// To add a route: add one line to authzMatrix with the method and the path
// exactly as api/router.go registers them (TestAuthzMatrixCoversTheRouter
// fails until you do), a concrete path and a valid body, and the ten
// statuses. A success status for whoever may act: the cell then proves the
// request was authorized, not merely valid.

// authzRow is one route: the request and the status of each principal.
type authzRow struct {
	method, route string // as gin's Routes() lists them
	path          string // the request's path, with placeholders
	body          string // a JSON body with placeholders; "" sends none
	// ct sends body with this content type instead of JSON; "upload" sends
	// a proposal PDF as multipart/form-data.
	ct   string
	want [nPrincipals]int
}

// Column order: anonymous, participant of the owning OPD, participant of
// another OPD, unverified participant, judge assigned, judge not assigned,
// judge with a conflict, organizer of this competition, organizer of
// another competition, admin.
var authzMatrix = []authzRow{
	// Plumbing.
	{"GET", "/healthz", "/healthz", "", "", [nPrincipals]int{200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET", "/readyz", "/readyz", "", "", [nPrincipals]int{200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET", "/metrics", "/metrics", "", "", [nPrincipals]int{200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET", "/api/openapi.yaml", "/api/openapi.yaml", "", "", [nPrincipals]int{200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},

	// Sign-in and the caller's own account.
	{"POST", "/api/v1/auth/register", "/api/v1/auth/register", `{"email": "pegawai.baru@dinkes.go.id", "password": "jamu-sehat-kajen-2020", "name": "Pegawai Baru", "organization_id": {opd_a}}`, "", [nPrincipals]int{201, 201, 201, 201, 201, 201, 201, 201, 201, 201}},
	{"POST", "/api/v1/auth/confirm", "/api/v1/auth/confirm", `{"token": "{confirm}"}`, "", [nPrincipals]int{200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{"POST", "/api/v1/auth/login", "/api/v1/auth/login", `{"email": "{email_participant_own}", "password": "correct horse battery staple"}`, "", [nPrincipals]int{200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{"POST", "/api/v1/auth/refresh", "/api/v1/auth/refresh", `{"refresh_token": "{refresh}"}`, "", [nPrincipals]int{200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{"POST", "/api/v1/auth/logout", "/api/v1/auth/logout", "", "", [nPrincipals]int{401, 204, 204, 204, 204, 204, 204, 204, 204, 204}},
	{"GET", "/api/v1/me", "/api/v1/me", "", "", [nPrincipals]int{401, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{"PATCH", "/api/v1/me", "/api/v1/me", `{"name": "Nama Baru Sekali"}`, "", [nPrincipals]int{401, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET", "/api/v1/me/assignments", "/api/v1/me/assignments", "", "", [nPrincipals]int{401, 403, 403, 403, 200, 200, 200, 403, 403, 403}},

	// Accounts.
	{"GET", "/api/v1/users", "/api/v1/users", "", "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 200, 200, 200}},
	{"POST", "/api/v1/users", "/api/v1/users", `{"email": "akun.baru@dinkes.go.id", "name": "Akun Baru", "role": "participant", "organization_id": {opd_b}}`, "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 403, 403, 201}},
	{"GET", "/api/v1/users/:id", "/api/v1/users/{participant_other}", "", "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 200, 200, 200}},
	{"PATCH", "/api/v1/users/:id", "/api/v1/users/{participant_other}", `{"name": "Nama Yang Dibetulkan"}`, "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 403, 403, 200}},
	{"POST", "/api/v1/users/:id/verify", "/api/v1/users/{participant_unverified}/verify", "", "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 200, 200, 200}},
	{"POST", "/api/v1/users/import", "/api/v1/users/import", "email,name,role,organization_code\nimpor.baru@dinkes.go.id,Impor Baru,participant,{opd_a_code}\n", "text/csv", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 200, 200, 200}},

	// Settings and OPDs.
	{"GET", "/api/v1/settings", "/api/v1/settings", "", "", [nPrincipals]int{200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET", "/api/v1/organizations", "/api/v1/organizations", "", "", [nPrincipals]int{200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET", "/api/v1/organizations/:id", "/api/v1/organizations/{opd_a}", "", "", [nPrincipals]int{200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{"POST", "/api/v1/organizations", "/api/v1/organizations", `{"code": "DISBARU", "name": "Dinas Baru", "kind": "dinas"}`, "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 201, 201, 201}},
	{"PATCH", "/api/v1/organizations/:id", "/api/v1/organizations/{opd_b}", `{"name": "Dinas Uji Berganti Nama"}`, "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 200, 200, 200}},
	{"DELETE", "/api/v1/organizations/:id", "/api/v1/organizations/{opd_empty}", "", "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 204, 204, 204}},
	{"POST", "/api/v1/organizations/import", "/api/v1/organizations/import", "code,name,kind,parent_code\nIMPBARU,Dinas Impor Baru,dinas,\n", "text/csv", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 200, 200, 200}},

	// Competitions and their members.
	{"GET", "/api/v1/competitions", "/api/v1/competitions", "", "", [nPrincipals]int{401, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{"POST", "/api/v1/competitions", "/api/v1/competitions", `{"name": "Kompetisi Baru", "year": 2020, "description": "Uji", "template": "blank"}`, "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 201, 201, 201}},
	{"GET", "/api/v1/competitions/:id", "/api/v1/competitions/{comp}", "", "", [nPrincipals]int{401, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{"PATCH", "/api/v1/competitions/:id", "/api/v1/competitions/{comp}", `{"description": "Kompetisi inovasi, diperbarui"}`, "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 200, 403, 200}},
	{"DELETE", "/api/v1/competitions/:id", "/api/v1/competitions/{comp_draft}", "", "", [nPrincipals]int{401, 404, 404, 404, 404, 404, 404, 204, 404, 204}},
	{"GET", "/api/v1/competitions/:id/stats", "/api/v1/competitions/{comp}/stats", "", "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 200, 403, 200}},
	{"GET", "/api/v1/competitions/:id/members", "/api/v1/competitions/{comp}/members", "", "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 200, 403, 200}},
	{"POST", "/api/v1/competitions/:id/members", "/api/v1/competitions/{comp}/members", `{"user_id": {judge_outside}, "role": "judge"}`, "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 201, 403, 201}},
	{"DELETE", "/api/v1/competitions/:id/members/:user_id", "/api/v1/competitions/{comp}/members/{judge_unassigned}", "", "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 204, 403, 204}},

	// The form: categories, sections, rounds and rubrics.
	{"GET", "/api/v1/competitions/:id/categories", "/api/v1/competitions/{comp}/categories", "", "", [nPrincipals]int{401, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{"POST", "/api/v1/competitions/:id/categories", "/api/v1/competitions/{comp}/categories", `{"name": "Kategori Tambahan", "group": "umum"}`, "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 201, 403, 201}},
	{"PATCH", "/api/v1/categories/:id", "/api/v1/categories/{category}", `{"name": "Tata Kelola Pemerintahan"}`, "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 200, 403, 200}},
	{"DELETE", "/api/v1/categories/:id", "/api/v1/categories/{category_unused}", "", "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 204, 403, 204}},
	{"GET", "/api/v1/competitions/:id/sections", "/api/v1/competitions/{comp}/sections", "", "", [nPrincipals]int{401, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{"PUT", "/api/v1/competitions/:id/sections", "/api/v1/competitions/{comp}/sections", `[{"key": "ringkasan", "title": "Ringkasan", "guidance": "", "word_limit": 300, "required": true}]`, "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 200, 403, 200}},
	{"GET", "/api/v1/competitions/:id/rounds", "/api/v1/competitions/{comp}/rounds", "", "", [nPrincipals]int{401, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{"POST", "/api/v1/competitions/:id/rounds", "/api/v1/competitions/{comp}/rounds", `{"name": "Babak Tambahan", "kind": "screening"}`, "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 201, 403, 201}},
	{"GET", "/api/v1/rounds/:id", "/api/v1/rounds/{round_desk}", "", "", [nPrincipals]int{401, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{"PATCH", "/api/v1/rounds/:id", "/api/v1/rounds/{round_presentation}", `{"name": "Presentasi Inovasi"}`, "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 200, 403, 200}},
	{"DELETE", "/api/v1/rounds/:id", "/api/v1/rounds/{round_extra}", "", "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 204, 403, 204}},
	{"GET", "/api/v1/rounds/:id/criteria", "/api/v1/rounds/{round_desk}/criteria", "", "", [nPrincipals]int{401, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{"PUT", "/api/v1/rounds/:id/criteria", "/api/v1/rounds/{round_presentation}/criteria", `[{"key": "substansi", "name": "Substansi", "weight": 60, "min_score": 0, "max_score": 100, "step": 1}, {"key": "penyajian", "name": "Penyajian", "weight": 40, "min_score": 0, "max_score": 100, "step": 1}]`, "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 200, 403, 200}},

	// Entries.
	{"POST", "/api/v1/competitions/:id/entries", "/api/v1/competitions/{comp}/entries", `{"title": "Inovasi Yang Baru Dimulai"}`, "", [nPrincipals]int{401, 201, 201, 201, 403, 403, 403, 403, 403, 403}},
	{"GET", "/api/v1/competitions/:id/entries", "/api/v1/competitions/{comp}/entries", "", "", [nPrincipals]int{401, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET", "/api/v1/entries/:id", "/api/v1/entries/{entry_a}", "", "", [nPrincipals]int{401, 200, 404, 404, 200, 404, 404, 200, 404, 200}},
	{"PATCH", "/api/v1/entries/:id", "/api/v1/entries/{entry_draft}", `{"title": "Inovasi Jemput Bola Diperbarui"}`, "", [nPrincipals]int{401, 200, 404, 404, 404, 404, 404, 403, 404, 403}},
	{"POST", "/api/v1/entries/:id/submit", "/api/v1/entries/{entry_draft}/submit", "", "", [nPrincipals]int{401, 200, 404, 404, 404, 404, 404, 403, 404, 403}},
	{"POST", "/api/v1/entries/:id/withdraw", "/api/v1/entries/{entry_submitted}/withdraw", "", "", [nPrincipals]int{401, 200, 404, 404, 404, 404, 404, 403, 404, 403}},
	{"POST", "/api/v1/entries/:id/screen", "/api/v1/entries/{entry_submitted}/screen", `{"decision": "eligible"}`, "", [nPrincipals]int{401, 403, 404, 404, 404, 404, 404, 200, 404, 200}},
	{"GET", "/api/v1/entries/:id/feedback", "/api/v1/entries/{entry_a}/feedback", "", "", [nPrincipals]int{401, 200, 404, 404, 403, 404, 404, 200, 404, 200}},

	// Files.
	{"POST", "/api/v1/entries/:id/files", "/api/v1/entries/{entry_draft}/files", "", "upload", [nPrincipals]int{401, 201, 404, 404, 404, 404, 404, 403, 404, 403}},
	{"GET", "/api/v1/entries/:id/files", "/api/v1/entries/{entry_a}/files", "", "", [nPrincipals]int{401, 200, 404, 404, 200, 404, 404, 200, 404, 200}},
	{"GET", "/api/v1/files/:id/content", "/api/v1/files/{file_a}/content", "", "", [nPrincipals]int{401, 200, 404, 404, 200, 404, 404, 200, 404, 200}},
	{"DELETE", "/api/v1/files/:id", "/api/v1/files/{file_draft}", "", "", [nPrincipals]int{401, 204, 404, 404, 404, 404, 404, 403, 404, 403}},

	// Assignments and conflicts.
	{"POST", "/api/v1/rounds/:id/assignments/auto", "/api/v1/rounds/{round_desk}/assignments/auto", `{}`, "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 200, 403, 200}},
	{"GET", "/api/v1/rounds/:id/assignments", "/api/v1/rounds/{round_desk}/assignments", "", "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 200, 403, 200}},
	{"POST", "/api/v1/rounds/:id/assignments", "/api/v1/rounds/{round_desk}/assignments", `{"entry_id": {entry_a}, "judge_id": {judge_unassigned}}`, "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 201, 403, 201}},
	{"DELETE", "/api/v1/assignments/:id", "/api/v1/assignments/{asg_pending}", "", "", [nPrincipals]int{401, 404, 404, 404, 403, 404, 404, 204, 404, 204}},
	{"POST", "/api/v1/assignments/:id/recuse", "/api/v1/assignments/{asg_pending}/recuse", `{"reason": "Saya kenal tim inovasinya"}`, "", [nPrincipals]int{401, 404, 404, 404, 200, 404, 404, 403, 404, 403}},
	{"GET", "/api/v1/competitions/:id/conflicts", "/api/v1/competitions/{comp}/conflicts", "", "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 200, 403, 200}},
	{"POST", "/api/v1/competitions/:id/conflicts", "/api/v1/competitions/{comp}/conflicts", `{"judge_id": {judge_self}, "organization_id": {opd_b}, "reason": "Saudara bekerja di sana"}`, "", [nPrincipals]int{401, 403, 403, 403, 201, 201, 201, 201, 403, 201}},
	{"DELETE", "/api/v1/competitions/:id/conflicts/:conflict_id", "/api/v1/competitions/{comp}/conflicts/{conflict_org}", "", "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 204, 403, 204}},
	{"GET", "/api/v1/competitions/:id/reminders", "/api/v1/competitions/{comp}/reminders", "", "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 200, 403, 200}},
	{"POST", "/api/v1/competitions/:id/reminders", "/api/v1/competitions/{comp}/reminders", `{"to": "judges_behind", "round_id": {round_desk}}`, "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 201, 403, 201}},

	// Scorecards.
	{"GET", "/api/v1/assignments/:id/scorecard", "/api/v1/assignments/{asg}/scorecard", "", "", [nPrincipals]int{401, 404, 404, 404, 200, 404, 404, 200, 404, 200}},
	{"PUT", "/api/v1/assignments/:id/scorecard", "/api/v1/assignments/{asg}/scorecard", `{"version": {asg_version}, "scores": {scores}, "comment": "Nilai diperbarui"}`, "", [nPrincipals]int{401, 404, 404, 404, 200, 404, 404, 403, 404, 403}},
	{"POST", "/api/v1/assignments/:id/scorecard/submit", "/api/v1/assignments/{asg}/scorecard/submit", `{"version": {asg_version}}`, "", [nPrincipals]int{401, 404, 404, 404, 200, 404, 404, 403, 404, 403}},
	{"POST", "/api/v1/assignments/:id/scorecard/reopen", "/api/v1/assignments/{asg_submitted}/scorecard/reopen", `{"reason": "Salah ketik nilai"}`, "", [nPrincipals]int{401, 404, 404, 404, 403, 404, 404, 200, 404, 200}},

	// Results.
	{"GET", "/api/v1/rounds/:id/ranking", "/api/v1/rounds/{round_desk}/ranking", "", "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 200, 403, 200}},
	{"GET", "/api/v1/rounds/:id/ranking.csv", "/api/v1/rounds/{round_desk}/ranking.csv", "", "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 200, 403, 200}},
	{"GET", "/api/v1/rounds/:id/ranking.xlsx", "/api/v1/rounds/{round_desk}/ranking.xlsx", "", "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 200, 403, 200}},
	{"GET", "/api/v1/rounds/:id/berita-acara.pdf", "/api/v1/rounds/{round_desk}/berita-acara.pdf", "", "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 200, 403, 200}},
	{"POST", "/api/v1/rounds/:id/advance", "/api/v1/rounds/{round_desk}/advance", `{"top_n": 1}`, "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 200, 403, 200}},
	{"POST", "/api/v1/rounds/:id/publish", "/api/v1/rounds/{round_desk}/publish", `{"title": "Hasil Penilaian Proposal"}`, "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 201, 403, 201}},

	// Public results and objections.
	{"GET", "/api/v1/public/publications", "/api/v1/public/publications", "", "", [nPrincipals]int{200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET", "/api/v1/public/publications/:id", "/api/v1/public/publications/{pub}", "", "", [nPrincipals]int{200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET", "/api/v1/public/competitions", "/api/v1/public/competitions", "", "", [nPrincipals]int{200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET", "/api/v1/public/competitions/:id", "/api/v1/public/competitions/{comp}", "", "", [nPrincipals]int{200, 200, 200, 200, 200, 200, 200, 200, 200, 200}},
	{"POST", "/api/v1/public/publications/:id/objections", "/api/v1/public/publications/{pub}/objections", `{"entry_id": {entry_a}, "name": "Warga Lain", "email": "warga.lain@example.com", "text": "Mohon diperiksa ulang."}`, "", [nPrincipals]int{201, 201, 201, 201, 201, 201, 201, 201, 201, 201}},

	// Oversight.
	{"GET", "/api/v1/competitions/:id/objections", "/api/v1/competitions/{comp}/objections", "", "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 200, 403, 200}},
	{"PATCH", "/api/v1/objections/:id", "/api/v1/objections/{objection}", `{"status": "rejected", "response": "Sudah diperiksa ulang: syarat lengkap."}`, "", [nPrincipals]int{401, 404, 404, 404, 404, 404, 404, 200, 404, 200}},
	{"GET", "/api/v1/competitions/:id/audit", "/api/v1/competitions/{comp}/audit", "", "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 200, 403, 200}},
	{"GET", "/api/v1/competitions/:id/audit/verify", "/api/v1/competitions/{comp}/audit/verify", "", "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 200, 403, 200}},
}

// authzVariants are further rows for routes whose answer depends on the
// object more than the main row shows: another OPD's entry, an unverified
// account's own draft, a draft competition, a judge with a conflict.
var authzVariants = []authzRow{
	{"GET", "/api/v1/entries/:id", "/api/v1/entries/{entry_b}", "", "", [nPrincipals]int{401, 404, 200, 404, 200, 404, 404, 200, 404, 200}},
	{"GET", "/api/v1/entries/:id", "/api/v1/entries/{entry_unverified}", "", "", [nPrincipals]int{401, 200, 404, 200, 404, 404, 404, 200, 404, 200}},
	{"GET", "/api/v1/entries/:id", "/api/v1/entries/{entry_other_comp}", "", "", [nPrincipals]int{401, 404, 200, 404, 404, 404, 404, 404, 200, 200}},
	{"POST", "/api/v1/entries/:id/submit", "/api/v1/entries/{entry_unverified}/submit", "", "", [nPrincipals]int{401, 200, 404, 403, 404, 404, 404, 403, 404, 403}},
	{"PATCH", "/api/v1/entries/:id", "/api/v1/entries/{entry_unverified}", `{"title": "Judul Dari Pegawai Baru"}`, "", [nPrincipals]int{401, 200, 404, 200, 404, 404, 404, 403, 404, 403}},
	{"GET", "/api/v1/files/:id/content", "/api/v1/files/{file_draft}/content", "", "", [nPrincipals]int{401, 200, 404, 404, 404, 404, 404, 200, 404, 200}},
	{"GET", "/api/v1/competitions/:id", "/api/v1/competitions/{comp_draft}", "", "", [nPrincipals]int{401, 404, 404, 404, 404, 404, 404, 200, 404, 200}},
	{"GET", "/api/v1/competitions/:id/stats", "/api/v1/competitions/{comp_other}/stats", "", "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 403, 200, 200}},
	{"POST", "/api/v1/rounds/:id/assignments", "/api/v1/rounds/{round_desk}/assignments", `{"entry_id": {entry_a}, "judge_id": {judge_conflict}}`, "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 409, 403, 409}},
	{"GET", "/api/v1/assignments/:id/scorecard", "/api/v1/assignments/{asg_submitted}/scorecard", "", "", [nPrincipals]int{401, 404, 404, 404, 200, 404, 404, 200, 404, 200}},
	{"POST", "/api/v1/rounds/:id/assignments", "/api/v1/rounds/{round_desk}/assignments", `{"entry_id": {entry_other_comp}, "judge_id": {judge_unassigned}}`, "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 422, 403, 422}},
	{"POST", "/api/v1/rounds/:id/assignments", "/api/v1/rounds/{round_desk}/assignments", `{"entry_id": {entry_a}, "judge_id": {judge_outside}}`, "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 422, 403, 422}},
	{"POST", "/api/v1/competitions/:id/members", "/api/v1/competitions/{comp}/members", `{"user_id": {participant_other}, "role": "judge"}`, "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 422, 403, 422}},
	{"POST", "/api/v1/competitions/:id/members", "/api/v1/competitions/{comp}/members", `{"user_id": {judge_outside}, "role": "organizer"}`, "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 422, 403, 422}},
	{"POST", "/api/v1/competitions/:id/members", "/api/v1/competitions/{comp_other}/members", `{"user_id": {judge_outside}, "role": "judge"}`, "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 403, 201, 201}},
	{"PATCH", "/api/v1/competitions/:id", "/api/v1/competitions/{comp_other}", `{"description": "Diubah dari luar"}`, "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 403, 200, 200}},
	{"DELETE", "/api/v1/competitions/:id", "/api/v1/competitions/{comp_other}", "", "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 403, 409, 409}},
	{"POST", "/api/v1/competitions/:id/entries", "/api/v1/competitions/{comp_draft}/entries", `{"title": "Inovasi Di Draf"}`, "", [nPrincipals]int{401, 404, 404, 404, 404, 404, 404, 403, 404, 403}},
	{"POST", "/api/v1/competitions/:id/conflicts", "/api/v1/competitions/{comp}/conflicts", `{"judge_id": {judge_assigned}, "organization_id": {opd_b}, "reason": "Ditetapkan panitia"}`, "", [nPrincipals]int{401, 403, 403, 403, 201, 403, 403, 201, 403, 201}},
	{"DELETE", "/api/v1/organizations/:id", "/api/v1/organizations/{opd_a}", "", "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 409, 409, 409}},
	{"POST", "/api/v1/users/:id/verify", "/api/v1/users/{judge_unassigned}/verify", "", "", [nPrincipals]int{401, 403, 403, 403, 403, 403, 403, 409, 409, 409}},
}

// send makes the request of row r as principal p.
func (w *authzWorld) send(r authzRow, p int) *testenv.Response {
	path := w.fill(r.path, p)
	switch r.ct {
	case "upload":
		ct, body := multipartBody(part{name: "kind", data: []byte("supporting")}, part{name: "file", filename: "lampiran.pdf", data: testPDF("Lampiran")})
		return w.s.Request(r.method, path, w.toks[p], ct, bytes.NewReader(body))
	case "":
		if r.body == "" {
			return w.s.Do(r.method, path, w.toks[p], nil)
		}
		body := strings.ReplaceAll(r.body, "{scores}", w.scoresJSON(6))
		return w.s.Do(r.method, path, w.toks[p], w.fill(body, p))
	default:
		return w.s.Request(r.method, path, w.toks[p], r.ct, strings.NewReader(w.fill(r.body, p)))
	}
}

// TestAuthzMatrix calls every cell of the matrix on one world and fails on
// any status that differs from the table. Set AUTHZ_PRINT=1 to print the
// rows as the router answers them.
func TestAuthzMatrix(t *testing.T) {
	start := time.Now()
	w := newAuthzWorld(t)
	built := time.Since(start)
	printRows := os.Getenv("AUTHZ_PRINT") != ""
	cells := 0
	for _, r := range slices.Concat(authzMatrix, authzVariants) {
		var got [nPrincipals]int
		rowStart := time.Now()
		runCase(t, w.s, caseName(r.method, r.path), func(t *testing.T) {
			w.t = t
			// Refusals first, then the principals that may act: a refusal
			// that wrongly succeeds is a difference and is restored too.
			order := make([]int, 0, nPrincipals)
			for p := range nPrincipals {
				if r.want[p] >= 400 {
					order = append(order, p)
				}
			}
			for p := range nPrincipals {
				if r.want[p] < 400 {
					order = append(order, p)
				}
			}
			for _, p := range order {
				res := w.send(r, p)
				cells++
				got[p] = res.Code
				if res.Code != r.want[p] {
					t.Errorf("%s %s as %s: got %d, want %d: %.300s", r.method, r.route, principalNames[p], res.Code, r.want[p], res.Body)
				}
				// A refusal writes nothing; whatever a request wrote is
				// undone before the next cell.
				if d := w.dirty(); len(d) > 0 {
					if res.Code >= 400 {
						t.Errorf("%s %s as %s was refused (%d) but wrote to %v", r.method, r.route, principalNames[p], res.Code, d)
					}
					w.restore()
				}
			}
		}, &w.t)
		if printRows {
			fmt.Printf("%s %s %v %v\n", r.method, r.route, got, time.Since(rowStart).Round(time.Millisecond))
		}
	}
	w.t = t
	// GETs and refusals wrote nothing, and every write was undone: the
	// world is the snapshot still.
	if d := w.differences(); len(d) > 0 {
		t.Errorf("after the matrix, these tables differ from the world it started from: %v", d)
	}
	t.Logf("%d routes (+%d variant rows) x %d principals = %d cells on %s (world %v, %d restores %v, total %v)", len(authzMatrix), len(authzVariants), nPrincipals, cells,
		w.s.Store.Dialect(), built.Round(time.Millisecond), w.restores, w.restoring.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
}

// TestAuthzMatrixCoversTheRouter fails when a route of the router has no row
// in the matrix, when a row names a route the router lacks, or when a route
// has two rows.
func TestAuthzMatrixCoversTheRouter(t *testing.T) {
	s := testenv.NewServer(t)
	router := map[string]bool{}
	for _, r := range s.Router.Routes() {
		router[r.Method+" "+r.Path] = true
	}
	rows := map[string]int{}
	for _, r := range authzMatrix {
		rows[r.method+" "+r.route]++
	}
	var missing, extra, twice []string
	for k := range router {
		if rows[k] == 0 {
			missing = append(missing, k)
		}
	}
	for k, n := range rows {
		if !router[k] {
			extra = append(extra, k)
		}
		if n > 1 {
			twice = append(twice, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	sort.Strings(twice)
	if len(missing) > 0 {
		t.Errorf("routes of the router without a row in authzMatrix (api/authz_matrix_test.go):\n  %s", strings.Join(missing, "\n  "))
	}
	if len(extra) > 0 {
		t.Errorf("rows of authzMatrix naming no route of the router:\n  %s", strings.Join(extra, "\n  "))
	}
	for _, r := range authzVariants {
		if !router[r.method+" "+r.route] {
			t.Errorf("a variant row names no route of the router: %s %s", r.method, r.route)
		}
	}
	if len(twice) > 0 {
		t.Errorf("routes with more than one row in authzMatrix:\n  %s", strings.Join(twice, "\n  "))
	}
}
