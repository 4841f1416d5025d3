package store

import (
	"context"
	"fmt"

	"github.com/juri-id/juri/models"
)

// FileQuota bounds what uploads may take. Zero in a field means no limit.
type FileQuota struct {
	FilesPerEntry        int
	BytesPerEntry        int64
	BytesPerOrganization int64 // over all the OPD's counted entries (countedEntries)
	BytesPerUnverified   int64 // over everything an unverified account uploaded
}

// Uploader is who uploads, as the quota sees them.
type Uploader struct {
	ID       int64
	Verified bool
}

// CheckFileQuota refuses a file of size bytes that would take entry e, its
// OPD or an unverified uploader over q: a ConflictError for the count of
// files, a *QuotaError for bytes. Called with size 0 before an upload starts
// (to refuse at once what is full already) and inside the transaction that
// writes the file's row (see CreateFile).
func (s *Store) CheckFileQuota(ctx context.Context, e models.Entry, who Uploader, size int64, q FileQuota) error {
	var n struct {
		Files, Bytes int64
	}
	if err := s.q(ctx).Model(&models.File{}).Select("COUNT(*) AS files, COALESCE(SUM(size), 0) AS bytes").
		Where("entry_id = ?", e.ID).Scan(&n).Error; err != nil {
		return err
	}
	if q.FilesPerEntry > 0 && n.Files >= int64(q.FilesPerEntry) {
		return Conflict("the entry already has %d files, the most allowed; delete one to add another", n.Files)
	}
	if q.BytesPerEntry > 0 && n.Bytes+size > q.BytesPerEntry {
		return &QuotaError{What: "the entry's files", Used: n.Bytes, Adding: size, Limit: q.BytesPerEntry}
	}
	if q.BytesPerOrganization > 0 && who.Verified {
		var org int64
		err := countedEntries(s.q(ctx).Table("files").Select("COALESCE(SUM(files.size), 0)").
			Joins("JOIN entries ON entries.id = files.entry_id").
			Where("entries.organization_id = ?", e.OrganizationID)).Scan(&org).Error
		if err != nil {
			return err
		}
		if org+size > q.BytesPerOrganization {
			return &QuotaError{What: "your OPD's files", Used: org, Adding: size, Limit: q.BytesPerOrganization}
		}
	}
	if q.BytesPerUnverified > 0 && !who.Verified {
		var mine int64
		if err := s.q(ctx).Model(&models.File{}).Select("COALESCE(SUM(size), 0)").Where("uploaded_by = ?", who.ID).
			Scan(&mine).Error; err != nil {
			return err
		}
		if mine+size > q.BytesPerUnverified {
			return &QuotaError{What: "the files of an account not yet verified", Used: mine, Adding: size, Limit: q.BytesPerUnverified}
		}
	}
	return nil
}

// QuotaError is an upload over a byte quota; the API answers 413 with its
// message, which states the limit.
type QuotaError struct {
	What                string
	Used, Adding, Limit int64
}

func (e *QuotaError) Error() string {
	return fmt.Sprintf("%s would take %s of the %s allowed (%s used); delete a file or send a smaller one",
		e.What, mib(e.Used+e.Adding), mib(e.Limit), mib(e.Used))
}

func mib(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }

// lockOrganizationFiles serializes the uploads of one OPD on PostgreSQL, so
// parallel uploads cannot each pass the quota on their own.
func (s *Store) lockOrganizationFiles(ctx context.Context, orgID int64) error {
	if s.Dialect() != "postgres" {
		return nil
	}
	return s.q(ctx).Exec("SELECT pg_advisory_xact_lock(hashtext(?))", fmt.Sprintf("files:%d", orgID)).Error
}
