package handlers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/juri-id/juri/apperr"
	"github.com/juri-id/juri/blob"
	"github.com/juri-id/juri/docmeta"
	"github.com/juri-id/juri/models"
)

// Judges of a blind competition get a copy of each file without its author
// metadata (docmeta); the participant and the organizers keep the original.
// The copy lives beside the original under a derived key, so no migration
// is needed: it is made when a file is uploaded to a blind competition, and
// on a blind judge's first download of a file uploaded before the
// competition became blind.

// judgesNote tells a participant, in the upload's answer, what judges get.
const judgesNote = "This competition is blind: judges receive a copy of this file without its author metadata " +
	"(document properties, XMP, comment and revision authors, photo EXIF); you and the organizers keep the original. " +
	"What the pages themselves show is not changed, so keep your OPD's name off them."

// cleanKey names the judges' copy of the blob at key.
func cleanKey(key string) string { return key + ".clean" }

// makeClean writes the judges' copy of the blob at key through an upload, so
// a reader sees the whole copy or none. A document that cannot be cleaned
// wraps docmeta's ErrEncrypted or ErrDamaged.
func (h *Files) makeClean(ctx context.Context, key, contentType string) error {
	obj, err := h.Blobs.Open(ctx, key)
	if err != nil {
		return err
	}
	defer obj.Close()
	src, done, err := readerAt(obj)
	if err != nil {
		return err
	}
	defer done()
	up, err := h.Blobs.Create(ctx, cleanKey(key))
	if err != nil {
		return blob.Failed("create", err)
	}
	if err := docmeta.Clean(contentType, src, obj.Size(), up); err != nil {
		up.Abort()
		if blob.Full(err) || blob.Unwritable(err) {
			return blob.Failed("write", err)
		}
		return err
	}
	return blob.Failed("commit", up.Commit())
}

// readerAt gives random access to a blob. A local blob is a file and has it;
// another backend's object is spooled to a temporary file first, because the
// PDF cleaner reads objects all over the file and a network object would
// turn each read into a request.
func readerAt(obj blob.Object) (io.ReaderAt, func(), error) {
	if ra, ok := obj.(io.ReaderAt); ok {
		return ra, func() {}, nil
	}
	tmp, err := os.CreateTemp("", "juri-clean-*")
	if err != nil {
		return nil, nil, err
	}
	done := func() { tmp.Close(); os.Remove(tmp.Name()) }
	if _, err := io.Copy(tmp, obj); err != nil {
		done()
		return nil, nil, err
	}
	return tmp, done, nil
}

// openClean opens the judges' copy of f, making it first when it is missing.
func (h *Files) openClean(ctx context.Context, f models.File) (blob.Object, error) {
	obj, err := h.Blobs.Open(ctx, cleanKey(f.BlobKey))
	if !errors.Is(err, blob.ErrNotFound) {
		return obj, err
	}
	if err := h.makeClean(ctx, f.BlobKey, f.ContentType); err != nil {
		if docProblem(err) {
			h.Log.Error("a file cannot be cleaned for blind judges", "file", f.ID, "entry", f.EntryID, "err", err)
			return nil, apperr.Unavailable("file %d cannot be given to judges of this blind competition: its author metadata "+
				"could not be removed (%s). The organizer can ask the participant to upload it again", f.ID, docReason(err))
		}
		return nil, err
	}
	return h.Blobs.Open(ctx, cleanKey(f.BlobKey))
}

func docProblem(err error) bool {
	return errors.Is(err, docmeta.ErrEncrypted) || errors.Is(err, docmeta.ErrDamaged) || errors.Is(err, docmeta.ErrUnsupported)
}

func docReason(err error) string {
	if errors.Is(err, docmeta.ErrEncrypted) {
		return "it is password-protected"
	}
	return "it cannot be read as a whole"
}

// refuseUnclean is the upload's answer for a file that a blind competition's
// judges could not be given without its author metadata.
func refuseUnclean(err error) error {
	how := "save or export it again (for a PDF, print it to PDF) and upload the new file"
	if errors.Is(err, docmeta.ErrEncrypted) {
		how = "remove its password protection and upload it again"
	}
	return apperr.Validation(map[string]string{"file": fmt.Sprintf(
		"cannot be cleaned for the judges of this blind competition: %s; %s", docReason(err), how)})
}

// deleteBlobs removes a file's original and its judges' copy, logging what
// remains; the row is gone already.
func (h *Files) deleteBlobs(ctx context.Context, key string) {
	for _, k := range []string{key, cleanKey(key)} {
		if err := h.Blobs.Delete(ctx, k); err != nil {
			h.Log.Error("file row deleted but its blob remains", "key", k, "err", err)
		}
	}
}
