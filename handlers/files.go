package handlers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/apperr"
	"github.com/juri-id/juri/blob"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/sniff"
	"github.com/juri-id/juri/store"
)

// FileStore is what uploads and downloads need from the database.
type FileStore interface {
	EntryStore
	CreateFile(ctx context.Context, actor store.Actor, e models.Entry, f *models.File, who store.Uploader, q store.FileQuota) error
	CheckFileQuota(ctx context.Context, e models.Entry, who store.Uploader, size int64, q store.FileQuota) error
	FileFor(ctx context.Context, v store.Viewer, id int64) (models.File, models.Entry, error)
	DeleteFile(ctx context.Context, actor store.Actor, e models.Entry, f models.File) error
}

// Files serves an entry's documents.
type Files struct {
	Entries   *Entries // for loading and checking the entry
	Store     FileStore
	Blobs     blob.Store
	MaxUpload int64
	Quota     store.FileQuota
	Log       *slog.Logger
}

// allowed lists the types each kind of file may have.
var allowed = map[string][]string{
	models.FileProposal:   {sniff.PDF},
	models.FileSupporting: {sniff.PDF, sniff.PNG, sniff.JPEG, sniff.DOCX, sniff.XLSX, sniff.PPTX},
}

// received is a file streamed into blob storage but not yet committed.
type received struct {
	up       blob.Upload
	key      string
	name     string
	size     int64
	sha256   string
	mimeType string
}

// Upload streams the multipart field "file" straight into blob storage,
// hashing and sniffing it on the way; the form field "kind" says what it is.
// The blob is committed and its row created only when everything checks out;
// on any failure neither is left behind.
func (h *Files) Upload(c *gin.Context) error {
	ctx := c.Request.Context()
	e, comp, _, err := h.Entries.entry(c)
	if err == nil {
		err = h.Entries.editable(c, comp, e)
	}
	who := store.Uploader{ID: me(c).ID, Verified: me(c).Verified}
	if err == nil {
		// Refuse at once what is full already; the exact check runs again
		// with the file's size where its row is written.
		err = h.Store.CheckFileQuota(ctx, e, who, 0, h.Quota)
	}
	if err != nil {
		return err
	}
	got, kind, err := h.receive(c, e)
	if err != nil {
		if got != nil {
			got.up.Abort()
		}
		return err
	}
	if err := h.accept(got, kind); err != nil {
		if got != nil {
			got.up.Abort()
		}
		return err
	}
	// A slow upload may have outlived the deadline it started under.
	if err := h.Entries.window(comp, e); err != nil {
		got.up.Abort()
		return err
	}
	if err := got.up.Commit(); err != nil {
		return blob.Failed("commit", err)
	}
	// Judges of a blind competition get a copy without author metadata; a
	// file that cannot be cleaned is refused now, while the participant can
	// still send another.
	if comp.Blind {
		if err := h.makeClean(ctx, got.key, got.mimeType); err != nil {
			h.deleteBlobs(context.WithoutCancel(ctx), got.key)
			if docProblem(err) {
				return refuseUnclean(err)
			}
			return err
		}
	}
	uploader := me(c).ID
	f := models.File{EntryID: e.ID, Kind: kind, Filename: got.name, ContentType: got.mimeType, Size: got.size,
		SHA256: got.sha256, BlobKey: got.key, UploadedBy: &uploader}
	if err := h.Store.CreateFile(ctx, actor(c), e, &f, who, h.Quota); err != nil {
		h.deleteBlobs(context.WithoutCancel(ctx), got.key)
		return err
	}
	answer := toFile(f, comp.Blind)
	if comp.Blind {
		answer.JudgesNote = judgesNote
	}
	return reply(c, http.StatusCreated, answer)
}

// receive reads the multipart body part by part. The kind may come before or
// after the file, so the file is streamed first and judged afterwards.
func (h *Files) receive(c *gin.Context, e models.Entry) (*received, string, error) {
	mt, params, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil || mt != "multipart/form-data" || params["boundary"] == "" {
		return nil, "", apperr.Unsupported("send the file as multipart/form-data with the fields \"file\" and \"kind\"")
	}
	body := &tailReader{r: c.Request.Body}
	mr := multipart.NewReader(body, params["boundary"])
	var got *received
	kind := ""
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			// The multipart reader also says EOF when the body stops inside a
			// part's header; only a body that ends with the closing delimiter
			// was sent whole.
			if !body.endsWith("--" + params["boundary"] + "--") {
				return got, "", apperr.BadRequest("the upload was cut off; nothing was saved")
			}
			break
		}
		if err != nil {
			return got, "", h.readError(err)
		}
		switch part.FormName() {
		case "kind":
			b, err := io.ReadAll(io.LimitReader(part, 64))
			if err != nil {
				return got, "", h.readError(err)
			}
			kind = strings.TrimSpace(string(b))
		case "file":
			if got != nil {
				return got, "", apperr.Validation(map[string]string{"file": "send one file per request"})
			}
			got, err = h.store(c.Request.Context(), e, part)
			if err != nil {
				return got, "", err
			}
		default:
			if _, err := io.Copy(io.Discard, io.LimitReader(part, 1<<20)); err != nil {
				return got, "", h.readError(err)
			}
		}
	}
	return got, kind, nil
}

// tailReader remembers the last bytes read, to see how a body ended.
type tailReader struct {
	r    io.Reader
	tail []byte
}

func (t *tailReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	t.tail = append(t.tail, p[:n]...)
	if len(t.tail) > 256 {
		t.tail = append(t.tail[:0], t.tail[len(t.tail)-256:]...)
	}
	return n, err
}

// endsWith reports whether the body ended with delim (and optional line breaks).
func (t *tailReader) endsWith(delim string) bool {
	return strings.HasSuffix(strings.TrimRight(string(t.tail), "\r\n"), delim)
}

// store streams one part into a new blob, under the size cap.
func (h *Files) store(ctx context.Context, e models.Entry, part io.Reader) (*received, error) {
	key := blob.NewKey("entries/" + itoa(int(e.ID)))
	up, err := h.Blobs.Create(ctx, key)
	if err != nil {
		return nil, blob.Failed("create", err)
	}
	got := &received{up: up, key: key}
	sum := sha256.New()
	var det sniff.Detector
	n, err := copyChunked(io.MultiWriter(up, sum, &det), io.LimitReader(part, h.MaxUpload+1), make([]byte, 64<<10))
	var se *blob.StorageError
	if errors.As(err, &se) {
		return got, err
	}
	if err != nil {
		return got, h.readError(err)
	}
	if n > h.MaxUpload {
		return got, apperr.TooLarge("the file is over %d MB", h.MaxUpload>>20)
	}
	got.size, got.sha256, got.mimeType = n, hex.EncodeToString(sum.Sum(nil)), det.Type()
	if p, ok := part.(interface{ FileName() string }); ok {
		got.name = cleanFilename(p.FileName(), got.mimeType)
	}
	return got, nil
}

// copyChunked copies src to dst in writes of a full buffer; a failed write
// comes back as a blob.StorageError, a failed read as it is. The multipart
// reader hands out at most 4 KiB per read, and io.Copy would pass each one on
// as a write: filling the buffer first halves the cost of a large upload
// (docs/benchmarks.md).
func copyChunked(dst io.Writer, src io.Reader, buf []byte) (int64, error) {
	var total int64
	for {
		n := 0
		var err error
		for n < len(buf) && err == nil {
			var m int
			m, err = src.Read(buf[n:])
			n += m
		}
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return total, blob.Failed("write", werr)
			}
			total += int64(n)
		}
		if err == io.EOF {
			return total, nil
		}
		if err != nil {
			return total, err
		}
	}
}

// readError tells a body over the request cap from a broken upload.
func (h *Files) readError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return apperr.TooLarge("the file is over %d MB", h.MaxUpload>>20)
	}
	return apperr.BadRequest("the upload was cut off or malformed; nothing was saved")
}

// accept checks kind and type once the whole body has been read.
func (h *Files) accept(got *received, kind string) error {
	types, ok := allowed[kind]
	switch {
	case !ok:
		return apperr.Validation(map[string]string{"kind": "must be proposal or supporting"})
	case got == nil:
		return apperr.Validation(map[string]string{"file": "is required"})
	case got.size == 0:
		return apperr.Validation(map[string]string{"file": "is empty"})
	}
	for _, t := range types {
		if got.mimeType == t {
			return nil
		}
	}
	if kind == models.FileProposal {
		return apperr.Unsupported("the proposal must be a PDF; this file is not one, whatever its name says")
	}
	return apperr.Unsupported("supporting documents may be PDF, PNG, JPEG, DOCX, XLSX or PPTX; this file is none of these")
}

// cleanFilename keeps the participant's name for display only: no directories,
// no control or direction-changing characters, at most 200 characters, and
// the extension of the type the bytes really are.
func cleanFilename(name, mimeType string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	var b strings.Builder
	for _, r := range name {
		switch {
		case r == utf8.RuneError, unicode.IsControl(r), unicode.Is(unicode.Cf, r):
		case unicode.IsSpace(r):
			b.WriteRune(' ')
		default:
			b.WriteRune(r)
		}
	}
	name = strings.Join(strings.Fields(b.String()), " ")
	name = strings.TrimLeft(name, ". ")
	ext := sniff.Extensions[mimeType]
	base := strings.TrimSuffix(name, filepath.Ext(name))
	if strings.EqualFold(filepath.Ext(name), ext) || (ext == ".jpg" && strings.EqualFold(filepath.Ext(name), ".jpeg")) {
		ext = filepath.Ext(name)
	} else {
		base = name
	}
	if base == "" {
		base = "dokumen"
	}
	if r := []rune(base); len(r) > 200-len(ext) {
		base = string(r[:200-len(ext)])
	}
	return base + ext
}

// List lists an entry's files.
func (h *Files) List(c *gin.Context) error {
	e, comp, a, err := h.Entries.entry(c)
	if err != nil {
		return err
	}
	items, err := h.Entries.present(c, comp, a, []models.Entry{e})
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, newList(items[0].Files, int64(len(items[0].Files))))
}

// file loads the file in the path with its entry, as the caller sees the
// entry, and the entry's competition.
func (h *Files) file(c *gin.Context) (models.File, models.Entry, models.Competition, store.Access, error) {
	ctx := c.Request.Context()
	id, err := pathID(c, "id", "file")
	if err != nil {
		return models.File{}, models.Entry{}, models.Competition{}, store.Access{}, err
	}
	f, e, err := h.Store.FileFor(ctx, viewer(c), id)
	if err != nil {
		return f, e, models.Competition{}, store.Access{}, err
	}
	comp, a, err := h.Store.CompetitionFor(ctx, viewer(c), e.CompetitionID)
	return f, e, comp, a, err
}

// Content streams a file with its stored type, as an attachment (a PDF may be
// shown inline with ?inline=1), in a sandbox, honouring Range requests.
// A blind judge gets the copy without author metadata, under a neutral name
// and its own ETag; everyone else gets the original.
func (h *Files) Content(c *gin.Context) error {
	f, e, comp, a, err := h.file(c)
	if err != nil {
		return err
	}
	name, etag, modified := f.Filename, `"`+f.SHA256+`"`, f.CreatedAt
	var obj blob.Object
	if blind(c, comp, a, e) {
		name = neutralName(f)
		obj, err = h.openClean(c.Request.Context(), f)
		if err == nil {
			// The copy is made from the original by a given cleaner; a copy
			// made again later may differ, and then its time does too.
			modified = obj.ModTime()
			etag = `"` + f.SHA256 + ".clean." + strconv.FormatInt(modified.UnixNano(), 36) + `"`
		}
	} else {
		obj, err = h.Blobs.Open(c.Request.Context(), f.BlobKey)
	}
	if err != nil {
		return err
	}
	defer obj.Close()
	disposition := "attachment"
	if c.Query("inline") == "1" && f.ContentType == sniff.PDF {
		disposition = "inline"
	}
	hdr := c.Writer.Header()
	hdr.Set("Content-Type", f.ContentType)
	hdr.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": name}))
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Content-Security-Policy", "sandbox")
	hdr.Set("Cache-Control", "private, max-age=0, must-revalidate")
	hdr.Set("ETag", etag)
	http.ServeContent(c.Writer, c.Request, "", modified.Truncate(time.Second), obj)
	return nil
}

// Delete removes a file while the entry can still be changed.
func (h *Files) Delete(c *gin.Context) error {
	ctx := c.Request.Context()
	f, e, comp, _, err := h.file(c)
	if err == nil {
		err = h.Entries.editable(c, comp, e)
	}
	if err == nil {
		err = h.Store.DeleteFile(ctx, actor(c), e, f)
	}
	if err != nil {
		return err
	}
	h.deleteBlobs(context.WithoutCancel(ctx), f.BlobKey)
	return noContent(c)
}
