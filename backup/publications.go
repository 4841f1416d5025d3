package backup

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/juri-id/juri/canon"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/results"
	"github.com/juri-id/juri/store"
)

// checkPublications recomputes each publication's digest from its table, as
// anyone with the published JSON can (docs/judging.md).
func checkPublications(ctx context.Context, st *store.Store) (int, error) {
	var pubs []models.Publication
	if err := st.DB().WithContext(ctx).Order("id").Find(&pubs).Error; err != nil {
		return 0, err
	}
	for _, p := range pubs {
		var rows []results.PublicEntry
		if err := json.Unmarshal([]byte(p.Entries), &rows); err != nil {
			return 0, fmt.Errorf("publication %d: its table is not JSON: %w", p.ID, err)
		}
		digest, _, err := canon.Digest(rows)
		if err != nil {
			return 0, err
		}
		if digest != p.Digest {
			return 0, fmt.Errorf("publication %d (round %d, version %d): its table digests to %s, it records %s", p.ID, p.RoundID, p.Version, digest, p.Digest)
		}
	}
	return len(pubs), nil
}
