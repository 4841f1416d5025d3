package handlers

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/apperr"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/valid"
)

var scoreField = regexp.MustCompile(`^(version|comment|scores|scores\[\d+\]|scores\[\d+\]\.(criterion_id|value|comment))$`)

// FuzzScorecardRequest decodes any body as a scorecard save, as PUT
// /assignments/:id/scorecard does (bindJSON, then checkScores against a
// rubric), without the database, so it runs thousands of times a second
// where the router-level FuzzScorecardSave runs a few. An error is always the
// contract's 400, 415 or 422, and a 422 names only fields of the request; a
// request both accept is one encoding/json reads the same way (same version,
// criteria and values), holds only criteria of the rubric, each once, within
// its range and on its step, and its comments keep no invisible character.
func FuzzScorecardRequest(f *testing.F) {
	crit := []models.Criterion{
		{ID: 11, Key: "kebaruan", Name: "Kebaruan", MinScore: 0, MaxScore: 10, Step: 0.5},
		{ID: 12, Key: "manfaat", Name: "Manfaat", MinScore: 1, MaxScore: 5, Step: 1},
		{ID: 13, Key: "keberlanjutan", Name: "Keberlanjutan", MinScore: 0, MaxScore: 100, Step: 0.25},
	}
	for _, s := range []string{
		`{"version":0,"scores":[{"criterion_id":11,"value":8.5,"comment":"Jelas"},{"criterion_id":12,"value":3}],"comment":"Baik"}`,
		`{"version":3,"scores":[{"criterion_id":13,"value":99.75},{"criterion_id":11,"value":null}]}`,
		`{"version":1,"scores":[{"criterion_id":11,"value":10.25}]}`,
		`{"version":1,"scores":[{"criterion_id":12,"value":1e309}]}`,
		`{"version":1,"scores":[{"criterion_id":12,"value":2},{"criterion_id":12,"value":3}]}`,
		`{"version":-1,"scores":[{"criterion_id":99,"value":3}]}`,
		`{"version":"1","scores":{}}`,
		`{"version":1.5}`,
		`{"version":1,"comment":"\u202eterbalik\u200b","scores":[{"criterion_id":11,"value":0,"comment":"a\u0000b"}]}`,
		`{"version":1} {}`,
		`[]`,
		``,
		`{"version":1,"scores":[{"criterion_id":11,"value":-0}],"extra":true}`,
	} {
		f.Add([]byte(s), uint8(0))
	}
	gin.SetMode(gin.ReleaseMode)
	f.Fuzz(func(t *testing.T, body []byte, ct uint8) {
		c, _ := gin.CreateTestContext(httptest.NewRecorder())
		c.Request = httptest.NewRequest(http.MethodPut, "/api/v1/assignments/1/scorecard", bytes.NewReader(body))
		c.Request.Header.Set("Content-Type", []string{"application/json", "application/json; charset=utf-8", "application/merge-patch+json", "text/plain"}[ct%4])
		var req putScorecardRequest
		err := bindJSON(c, &req)
		var scores []models.Score
		if err == nil {
			scores, err = checkScores(crit, req)
		}
		if err != nil {
			var ae *apperr.Error
			if !errors.As(err, &ae) || !(ae.Status == 400 || ae.Status == 415 || ae.Status == 422) {
				t.Fatalf("an error the router would not answer 400, 415 or 422: %v", err)
			}
			if ae.Status == 422 && len(ae.Fields) == 0 {
				t.Fatalf("a 422 naming no field: %v", ae)
			}
			for f := range ae.Fields {
				if !scoreField.MatchString(f) {
					t.Fatalf("a 422 naming %q, which is no field of the request", f)
				}
			}
			return
		}
		var plain struct {
			Version *int `json:"version"`
			Scores  []struct {
				CriterionID int64    `json:"criterion_id"`
				Value       *float64 `json:"value"`
			} `json:"scores"`
		}
		if err := json.Unmarshal(body, &plain); err != nil {
			t.Fatalf("accepted a body encoding/json refuses: %v\n%q", err, body)
		}
		if plain.Version == nil || *plain.Version != *req.Version || *plain.Version < 0 || len(plain.Scores) != len(scores) {
			t.Fatalf("read as version %v with %d scores, encoding/json says %v with %d", *req.Version, len(scores), plain.Version, len(plain.Scores))
		}
		byID := map[int64]models.Criterion{}
		for _, cr := range crit {
			byID[cr.ID] = cr
		}
		seen := map[int64]bool{}
		for i, s := range scores {
			cr, ok := byID[s.CriterionID]
			if !ok || seen[s.CriterionID] || s.CriterionID != plain.Scores[i].CriterionID {
				t.Fatalf("score %d: criterion %d (known %v, twice %v)", i, s.CriterionID, ok, seen[s.CriterionID])
			}
			seen[s.CriterionID] = true
			if (s.Value == nil) != (plain.Scores[i].Value == nil) {
				t.Fatalf("score %d: value %v, encoding/json says %v", i, s.Value, plain.Scores[i].Value)
			}
			if v := s.Value; v != nil {
				steps := (*v - cr.MinScore) / cr.Step
				if *v != *plain.Scores[i].Value || math.IsNaN(*v) || *v < cr.MinScore || *v > cr.MaxScore || math.Abs(steps-math.Round(steps)) > 1e-9 {
					t.Fatalf("score %d: %v accepted for %g..%g step %g", i, *v, cr.MinScore, cr.MaxScore, cr.Step)
				}
			}
			if valid.Clean(s.Comment) != s.Comment {
				t.Fatalf("score %d: comment %q keeps invisible characters", i, s.Comment)
			}
		}
		if valid.Clean(req.Comment) != req.Comment {
			t.Fatalf("comment %q keeps invisible characters", req.Comment)
		}
	})
}
