package handlers

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/report"
	"github.com/juri-id/juri/results"
	"github.com/juri-id/juri/store"
)

// BeritaAcara serves the Berita Acara Penilaian of a scoring round: the
// official report the organizers print and the jury signs. Once the round is
// published it stands for the newest publication: its table (the very rows
// the digest covers), computed with the publication's method and
// normalization, with the digest and a QR code of the public page. Before
// that it is a draft, marked DRAF on every page, from the ranking with the
// query's method and normalization, without digest or QR code.
func (h *Results) BeritaAcara(c *gin.Context) error {
	ctx := c.Request.Context()
	r, comp, o, err := h.rankingRound(c)
	if err != nil {
		return err
	}
	o.CategoryID = 0 // the report covers the whole round
	var pub *store.PublicationSummary
	id, err := h.Store.LatestVersion(ctx, r.ID)
	switch {
	case err == nil:
		p, err := h.Store.Publication(ctx, id)
		if err != nil {
			return err
		}
		pub = &p
		o.Method, o.Normalize = p.Method, p.Normalize
	case !errors.Is(err, store.ErrNotFound):
		return err
	}
	rr, err := rank(c, h.Store, r, o)
	if err != nil {
		return err
	}
	b, err := h.beritaAcara(comp, rr, rr.json(o), pub)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := b.PDF(&buf); err != nil {
		return err
	}
	name := fmt.Sprintf("berita-acara-tahap-%d.pdf", r.ID)
	if pub == nil {
		name = fmt.Sprintf("draf-berita-acara-tahap-%d.pdf", r.ID)
	}
	attachment(c, name)
	c.Data(http.StatusOK, "application/pdf", buf.Bytes())
	return nil
}

// beritaAcara fills the report from the ranking j and the publication, if any.
func (h *Results) beritaAcara(comp models.Competition, rr rankedRound, j rankingJSON, pub *store.PublicationSummary) (report.BeritaAcara, error) {
	b := report.BeritaAcara{Competition: comp.Name, Year: comp.Year, Round: rr.Round.Name, Method: j.Method, Normalize: j.Normalize,
		Generated: h.Now().UTC(), Agreement: report.Agreement{Method: j.Reliability.Method, ICC: j.Reliability.ICC,
			Judges: j.Reliability.Judges, Entries: j.Reliability.Entries}}
	for _, c := range rr.Data.Criteria {
		b.Criteria = append(b.Criteria, report.Criterion{Key: c.Key, Name: c.Name, Weight: c.Weight, Max: c.MaxScore})
	}
	for _, js := range j.Judges {
		if js.Scored > 0 {
			b.Judges = append(b.Judges, js.Name)
		}
	}
	slices.SortFunc(b.Judges, strings.Compare)
	byID := map[int64]rankedEntryJSON{}
	for _, e := range j.Entries {
		byID[e.EntryID] = e
	}
	if pub == nil {
		for _, e := range j.Entries {
			row := report.Row{Rank: e.Rank, Title: e.Title, Organization: e.Organization, Category: e.Category, Criteria: e.Criteria, Judges: e.Judges}
			if e.Judges > 0 {
				score := e.Score
				row.Score = &score
			}
			b.Rows = append(b.Rows, row)
		}
		return b, nil
	}
	var published []results.PublicEntry
	if err := json.Unmarshal([]byte(pub.Entries), &published); err != nil {
		return b, err
	}
	keyOf := map[string]string{}
	for _, c := range rr.Data.Criteria {
		keyOf[c.Name] = c.Key
	}
	for _, e := range published {
		live := byID[e.EntryID]
		row := report.Row{Rank: e.Rank, Title: e.Title, Organization: e.Organization, Category: e.Category,
			Score: e.Score, Criteria: live.Criteria, Judges: live.Judges}
		switch {
		case len(e.Criteria) > 0:
			// The publication's own means, the very ones its digest covers;
			// nothing scored or withdrawn since changes the official report.
			row.Criteria = map[string]float64{}
			for _, m := range e.Criteria {
				if k, ok := keyOf[m.Name]; ok {
					row.Criteria[k] = m.Mean
				}
			}
		case live.Judges == 0:
			// A publication made before rows held their means: unscored
			// entries were published as 0.
			row.Score = nil
		}
		b.Rows = append(b.Rows, row)
	}
	b.Publication = &report.Publication{ID: pub.ID, Version: pub.Version, Title: pub.Title, Digest: pub.Digest,
		PublishedAt: pub.PublishedAt, URL: h.Notify.Publication(pub.ID)}
	return b, nil
}
