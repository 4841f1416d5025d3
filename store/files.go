package store

import (
	"context"

	"gorm.io/gorm/clause"

	"github.com/juri-id/juri/models"
)

// FilesOf lists the files of the given entries, keyed by entry.
func (s *Store) FilesOf(ctx context.Context, entryIDs ...int64) (map[int64][]models.File, error) {
	out := map[int64][]models.File{}
	if len(entryIDs) == 0 {
		return out, nil
	}
	var files []models.File
	if err := s.q(ctx).Where("entry_id IN ?", entryIDs).Order("id").Find(&files).Error; err != nil {
		return nil, err
	}
	for _, f := range files {
		out[f.EntryID] = append(out[f.EntryID], f)
	}
	return out, nil
}

// HasProposalFile reports whether the entry has a proposal document.
func (s *Store) HasProposalFile(ctx context.Context, entryID int64) (bool, error) {
	var n int64
	err := s.q(ctx).Model(&models.File{}).Where("entry_id = ? AND kind = ?", entryID, models.FileProposal).Count(&n).Error
	return n > 0, err
}

// CreateFile records an uploaded file whose bytes are already committed to
// blob storage, if the entry is still editable and the file fits quota q
// (checked under the OPD's upload lock, so parallel uploads cannot each pass
// alone); the caller removes the blob if this fails.
func (s *Store) CreateFile(ctx context.Context, actor Actor, e models.Entry, f *models.File, who Uploader, q FileQuota) error {
	return s.WithTx(ctx, func(tx *Store) error {
		if err := tx.lockOrganizationFiles(ctx, e.OrganizationID); err != nil {
			return err
		}
		if err := tx.stillEditable(ctx, e.ID); err != nil {
			return err
		}
		if err := tx.CheckFileQuota(ctx, e, who, f.Size, q); err != nil {
			return err
		}
		if err := tx.q(ctx).Create(f).Error; err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEvent{Scope: CompetitionScope(e.CompetitionID), Action: "file.upload",
			ObjectType: "file", ObjectID: f.ID, Details: map[string]any{"entry_id": e.ID, "kind": f.Kind,
				"filename": f.Filename, "size": f.Size, "sha256": f.SHA256}})
	})
}

// FileFor loads file id with its entry, as v sees the entry.
func (s *Store) FileFor(ctx context.Context, v Viewer, id int64) (models.File, models.Entry, error) {
	var f models.File
	if err := s.q(ctx).Where("id = ?", id).Take(&f).Error; err != nil {
		return f, models.Entry{}, notFound(err)
	}
	e, err := s.EntryFor(ctx, v, f.EntryID)
	return f, e, err
}

// DeleteFile removes the file's row; the caller deletes the blob after the
// row is gone, so a failure never leaves a row pointing at nothing.
func (s *Store) DeleteFile(ctx context.Context, actor Actor, e models.Entry, f models.File) error {
	return s.WithTx(ctx, func(tx *Store) error {
		if err := tx.stillEditable(ctx, e.ID); err != nil {
			return err
		}
		if err := tx.q(ctx).Delete(&models.File{}, f.ID).Error; err != nil {
			return err
		}
		return tx.Audit(ctx, actor, AuditEvent{Scope: CompetitionScope(e.CompetitionID), Action: "file.delete",
			ObjectType: "file", ObjectID: f.ID, Details: map[string]any{"entry_id": e.ID, "filename": f.Filename, "sha256": f.SHA256}})
	})
}

// stillEditable re-reads the entry's status inside the transaction, holding
// its row on PostgreSQL: an upload that took minutes must not land in an
// entry that was submitted meanwhile, nor a delete empty a submitted one.
func (s *Store) stillEditable(ctx context.Context, entryID int64) error {
	q := s.q(ctx)
	if s.Dialect() == "postgres" {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	var e models.Entry
	if err := q.Where("id = ?", entryID).Take(&e).Error; err != nil {
		return notFound(err)
	}
	if e.Status != models.EntryDraft && e.Status != models.EntryReturned {
		return Conflict("the entry is %s now; its files can no longer change", e.Status)
	}
	return nil
}
