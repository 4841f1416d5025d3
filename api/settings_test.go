package api_test

import (
	"strings"
	"testing"

	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/proposal"
)

// TestSettings: what a client needs before it sends comes from the server's
// own limits, for anyone, even with a stale token.
func TestSettings(t *testing.T) {
	s := testenv.NewServer(t, func(d *apiDeps) { d.MaxUploadBytes = 7 << 20 })
	for _, tok := range []string{"", "stale-token"} {
		var got struct {
			Languages       []string `json:"languages"`
			DefaultLanguage string   `json:"default_language"`
			TimeZone        string   `json:"time_zone"`
			Upload          struct {
				MaxBytes        int64             `json:"max_bytes"`
				ProposalTypes   []string          `json:"proposal_types"`
				SupportingTypes []string          `json:"supporting_types"`
				Extensions      map[string]string `json:"extensions"`
			} `json:"upload"`
			Words struct {
				HardCap int    `json:"hard_cap"`
				Rule    string `json:"rule"`
			} `json:"words"`
			Password struct {
				MinLength int `json:"min_length"`
			} `json:"password"`
			List struct {
				MaxLimit int `json:"max_limit"`
			} `json:"list"`
		}
		s.Must(200, "GET", "/api/v1/settings", tok, nil).JSON(t, &got)
		if got.Upload.MaxBytes != 7<<20 || strings.Join(got.Upload.ProposalTypes, ",") != "application/pdf" ||
			len(got.Upload.SupportingTypes) != 6 || got.Upload.Extensions["application/pdf"] != ".pdf" {
			t.Errorf("upload settings %+v", got.Upload)
		}
		if got.Words.HardCap != proposal.HardCapWords || got.Words.Rule == "" || got.Password.MinLength != 10 || got.List.MaxLimit != 200 {
			t.Errorf("limits %+v %+v %+v", got.Words, got.Password, got.List)
		}
		if got.DefaultLanguage != "id" || strings.Join(got.Languages, ",") != "id,en" || got.TimeZone != "Asia/Jakarta" {
			t.Errorf("languages %v %s %s", got.Languages, got.DefaultLanguage, got.TimeZone)
		}
	}
}
