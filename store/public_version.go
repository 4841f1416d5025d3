package store

import "context"

// PublicVersion is the database's counter of changes to what public
// publications show (migration 0011_public_version: triggers bump it in the
// same transaction as any such change, whoever makes it). A process that
// keeps rendered publications in memory compares its copy's counter with
// this one; it is one primary-key read of a one-row table.
func (s *Store) PublicVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.q(ctx).Raw("SELECT version FROM public_version WHERE id = 1").Scan(&v).Error
	return v, err
}

// PublicChanges counts the changes to public documents this process has
// committed (publish, objection answers, renames). It costs no query: a
// cache that sees it move looks at PublicVersion at once instead of waiting
// for its next periodic check, so a change made through one process shows
// on that process immediately.
func (s *Store) PublicChanges() uint64 { return s.public.Load() }

// publicChanged marks the transaction's change as one that public documents
// show; WithTx counts it after the commit.
func (s *Store) publicChanged() {
	if s.touched != nil {
		*s.touched = true
	} else {
		s.public.Add(1)
	}
}
