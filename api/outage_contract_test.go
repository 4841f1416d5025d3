package api_test

import (
	"testing"

	"github.com/juri-id/juri/internal/testenv"
)

// TestEveryRouteDeclaresOutages: any route that touches the database can
// answer 503 unavailable when it is down (TestDatabaseOutage), so every
// operation that declares 500 declares 503 too, and the upload 507.
func TestEveryRouteDeclaresOutages(t *testing.T) {
	k, err := testenv.LoadContract()
	if err != nil {
		t.Fatal(err)
	}
	for path, item := range k.Doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.Responses.Status(500) != nil && op.Responses.Status(503) == nil {
				t.Errorf("%s %s declares 500 but not 503 unavailable (a database outage)", method, path)
			}
		}
	}
	if up := k.Doc.Paths.Find("/api/v1/entries/{id}/files"); up == nil || up.Post.Responses.Status(507) == nil {
		t.Error("POST /api/v1/entries/{id}/files does not declare 507 insufficient_storage")
	}
}
