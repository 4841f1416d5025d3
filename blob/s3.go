package blob

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// Part sizes of a multipart upload. S3 refuses parts under 5 MiB except the
// last; each upload in progress holds one part in memory, so the default
// keeps 32 simultaneous large uploads at 256 MiB.
const (
	MinPartSize     = 5 << 20
	DefaultPartSize = 8 << 20
)

// cleanupTimeout bounds an abort or a removal done on a failure's behalf,
// after the request that caused it may have ended.
const cleanupTimeout = 30 * time.Second

// S3Config says where an S3 store keeps its blobs.
type S3Config struct {
	Endpoint string // host or host:port, without a scheme
	Secure   bool   // HTTPS
	Region   string // empty: asked of the server once
	Bucket   string
	// Prefix goes before every key ("juri/" keeps Juri's blobs apart in a
	// shared bucket); a missing final slash is added.
	Prefix                             string
	AccessKey, SecretKey, SessionToken string
	PartSize                           int64             // 0: DefaultPartSize
	Transport                          http.RoundTripper // nil: minio-go's default
}

// S3 keeps blobs as objects in an S3-compatible bucket (AWS S3, MinIO, Ceph,
// Garage and the like).
//
// An upload becomes visible only when it is committed, and a failed one
// leaves no object, without a temporary object and a copy: a blob up to one
// part in size is buffered and sent with a single PUT at Commit, which S3
// makes visible whole or not at all; a larger one is sent as a multipart
// upload of the final key, part by part while it arrives, and S3 shows no
// object until CompleteMultipartUpload, which only Commit sends. Abort, and any
// failure, aborts the multipart upload. A process that dies in the middle
// leaves an incomplete multipart upload, invisible to readers; Temps lists
// those under the prefix with their start time, RemoveTemp aborts one. (A
// bucket lifecycle rule AbortIncompleteMultipartUpload does the same job on
// the server's side.)
type S3 struct {
	client   *minio.Client
	core     minio.Core
	bucket   string
	prefix   string
	partSize int64
	secure   bool
	parts    sync.Pool // *[]byte of cap partSize, reused across uploads
}

// NewS3 returns an S3 store. It sends no request: Ready checks the bucket.
func NewS3(cfg S3Config) (*S3, error) {
	if cfg.Bucket == "" {
		return nil, errors.New("s3: no bucket")
	}
	if cfg.Endpoint == "" || strings.Contains(cfg.Endpoint, "/") {
		return nil, fmt.Errorf("s3: endpoint %q is not host:port", cfg.Endpoint)
	}
	if cfg.PartSize == 0 {
		cfg.PartSize = DefaultPartSize
	}
	if cfg.PartSize < MinPartSize {
		return nil, fmt.Errorf("s3: part size %d is under S3's minimum of 5 MiB", cfg.PartSize)
	}
	client, err := minio.New(cfg.Endpoint, &minio.Options{
		Creds:     credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, cfg.SessionToken),
		Secure:    cfg.Secure,
		Region:    cfg.Region,
		Transport: cfg.Transport,
	})
	if err != nil {
		return nil, fmt.Errorf("s3: %w", err)
	}
	prefix := strings.TrimLeft(cfg.Prefix, "/")
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	return &S3{client: client, core: minio.Core{Client: client}, bucket: cfg.Bucket, prefix: prefix,
		partSize: cfg.PartSize, secure: cfg.Secure}, nil
}

// Ready checks that the bucket exists and the credentials reach it: one HEAD
// request.
func (s *S3) Ready(ctx context.Context) error {
	ok, err := s.client.BucketExists(ctx, s.bucket)
	if err != nil {
		return fmt.Errorf("s3 bucket %s: %w", s.bucket, err)
	}
	if !ok {
		return fmt.Errorf("s3 bucket %s does not exist", s.bucket)
	}
	return nil
}

// Create starts an upload; nothing is sent until a part is full or Commit.
func (s *S3) Create(ctx context.Context, key string) (Upload, error) {
	if err := checkKey(key); err != nil {
		return nil, err
	}
	return &s3Upload{s: s, ctx: ctx, name: s.prefix + key}, nil
}

// Delete removes the object; S3 answers a missing key as a success.
func (s *S3) Delete(ctx context.Context, key string) error {
	if err := checkKey(key); err != nil {
		return err
	}
	err := s.client.RemoveObject(ctx, s.bucket, s.prefix+key, minio.RemoveObjectOptions{})
	if err != nil && !isNotFound(err) {
		return err
	}
	return nil
}

// Keys lists the objects under the prefix.
func (s *S3) Keys(ctx context.Context, prefix string) ([]string, error) {
	var keys []string
	for o := range s.client.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Prefix: s.prefix + prefix, Recursive: true}) {
		if o.Err != nil {
			return nil, o.Err
		}
		keys = append(keys, strings.TrimPrefix(o.Key, s.prefix))
	}
	return keys, nil
}

// Temps lists the incomplete multipart uploads under the prefix. The bucket,
// or the prefix, must be Juri's alone: an upload of another program there
// would be listed too.
func (s *S3) Temps(ctx context.Context) ([]Temp, error) {
	var out []Temp
	keyMarker, idMarker := "", ""
	for {
		res, err := s.core.ListMultipartUploads(ctx, s.bucket, s.prefix, keyMarker, idMarker, "", 1000)
		if minio.ToErrorResponse(err).Code == "NoSuchUpload" {
			// gofakes3 answers so for a bucket that never had an upload;
			// S3 answers an empty list.
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		for _, u := range res.Uploads {
			out = append(out, Temp{ID: u.UploadID, Key: strings.TrimPrefix(u.Key, s.prefix), Started: u.Initiated})
		}
		if !res.IsTruncated || (res.NextKeyMarker == keyMarker && res.NextUploadIDMarker == idMarker) {
			return out, nil
		}
		keyMarker, idMarker = res.NextKeyMarker, res.NextUploadIDMarker
	}
}

// RemoveTemp aborts one incomplete multipart upload.
func (s *S3) RemoveTemp(ctx context.Context, t Temp) error {
	if err := checkKey(t.Key); err != nil {
		return err
	}
	err := s.core.AbortMultipartUpload(ctx, s.bucket, s.prefix+t.Key, t.ID)
	if err != nil && minio.ToErrorResponse(err).Code != "NoSuchUpload" {
		return err
	}
	return nil
}

// isNotFound reports an S3 answer meaning there is no such object.
func isNotFound(err error) bool {
	r := minio.ToErrorResponse(err)
	return r.Code == "NoSuchKey" || r.StatusCode == http.StatusNotFound
}

// payloadHash is the SHA-256 a part is signed with. Over plain HTTP the
// signature then covers the bytes, so S3 refuses a part damaged on the way;
// over HTTPS, TLS does that and the part goes as UNSIGNED-PAYLOAD. (minio-go's
// own choice over HTTP, the aws-chunked streaming signature, is not understood
// by every S3-compatible server's multipart code.)
func (s *S3) payloadHash(b []byte) string {
	if s.secure {
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func (s *S3) getPart() []byte {
	if p, ok := s.parts.Get().(*[]byte); ok {
		return (*p)[:0]
	}
	return make([]byte, 0, s.partSize)
}

func (s *S3) putPart(b []byte) {
	if int64(cap(b)) == s.partSize {
		s.parts.Put(&b)
	}
}

// smallBuffer is where an upload starts: most documents are well under a
// part, and a full part is taken from the pool only when one is needed.
const smallBuffer = 256 << 10

// s3Upload buffers at most one part. See S3 for why it never shows a
// partial object.
type s3Upload struct {
	s        *S3
	ctx      context.Context
	name     string // object name, prefix included
	buf      []byte
	uploadID string // set once the first full part is sent
	parts    []minio.CompletePart
	err      error // the first failure; the upload is then aborted
	done     bool
}

func (u *s3Upload) Write(p []byte) (int, error) {
	if u.err != nil {
		return 0, u.err
	}
	if u.done {
		return 0, errors.New("upload already finished")
	}
	n := 0
	for len(p) > 0 {
		if int64(len(u.buf)) == u.s.partSize {
			if err := u.sendPart(); err != nil {
				return n, err
			}
		}
		room := int(u.s.partSize) - len(u.buf)
		take := min(room, len(p))
		if len(u.buf)+take > cap(u.buf) {
			u.grow(len(u.buf) + take)
		}
		u.buf = append(u.buf, p[:take]...)
		p, n = p[take:], n+take
	}
	return n, nil
}

// grow makes room for need bytes: a small buffer first, then a pooled part.
func (u *s3Upload) grow(need int) {
	var nb []byte
	if u.buf == nil && need <= smallBuffer {
		nb = make([]byte, 0, min(smallBuffer, int(u.s.partSize)))
	} else {
		nb = u.s.getPart()
	}
	u.buf = append(nb, u.buf...)
}

// sendPart uploads the buffer as the next part, starting the multipart
// upload with the first one.
func (u *s3Upload) sendPart() error {
	if u.uploadID == "" {
		id, err := u.s.core.NewMultipartUpload(u.ctx, u.s.bucket, u.name, minio.PutObjectOptions{ContentType: "application/octet-stream"})
		if err != nil {
			return u.fail(err)
		}
		u.uploadID = id
	}
	num := len(u.parts) + 1
	part, err := u.s.core.PutObjectPart(u.ctx, u.s.bucket, u.name, u.uploadID, num, bytes.NewReader(u.buf), int64(len(u.buf)),
		minio.PutObjectPartOptions{Sha256Hex: u.s.payloadHash(u.buf), DisableContentSha256: true})
	if err != nil {
		return u.fail(err)
	}
	u.parts = append(u.parts, minio.CompletePart{PartNumber: num, ETag: part.ETag})
	u.buf = u.buf[:0]
	return nil
}

// fail remembers the first error and throws everything away.
func (u *s3Upload) fail(err error) error {
	if u.err == nil {
		u.err = fmt.Errorf("s3 upload: %w", err)
	}
	u.cleanup(false)
	return u.err
}

func (u *s3Upload) Commit() error {
	if u.err != nil {
		return u.err
	}
	if u.done {
		return errors.New("upload already finished")
	}
	if u.uploadID == "" {
		_, err := u.s.core.PutObject(u.ctx, u.s.bucket, u.name, bytes.NewReader(u.buf), int64(len(u.buf)), "", u.s.payloadHash(u.buf),
			minio.PutObjectOptions{ContentType: "application/octet-stream", DisableContentSha256: true})
		if err != nil {
			u.err = fmt.Errorf("s3 upload: %w", err)
			u.cleanup(true)
			return u.err
		}
	} else {
		if len(u.buf) > 0 {
			if err := u.sendPart(); err != nil {
				return err
			}
		}
		if _, err := u.s.core.CompleteMultipartUpload(u.ctx, u.s.bucket, u.name, u.uploadID, u.parts, minio.PutObjectOptions{}); err != nil {
			u.err = fmt.Errorf("s3 upload: %w", err)
			u.cleanup(true)
			return u.err
		}
	}
	u.done = true
	u.release()
	return nil
}

func (u *s3Upload) Abort() error {
	if u.done {
		return nil
	}
	return u.cleanup(false)
}

// cleanup aborts the multipart upload, if one was started, and after a
// failed commit also removes the object: the server may have completed it
// with its answer lost on the way, and the key is this upload's alone. It
// runs even when the upload's context has ended (a client gone mid-upload).
func (u *s3Upload) cleanup(committing bool) error {
	if u.done {
		return nil
	}
	u.done = true
	u.release()
	ctx, cancel := context.WithTimeout(context.WithoutCancel(u.ctx), cleanupTimeout)
	defer cancel()
	var err error
	if u.uploadID != "" {
		if e := u.s.core.AbortMultipartUpload(ctx, u.s.bucket, u.name, u.uploadID); e != nil && minio.ToErrorResponse(e).Code != "NoSuchUpload" {
			err = e
		}
	}
	if committing {
		if e := u.s.client.RemoveObject(ctx, u.s.bucket, u.name, minio.RemoveObjectOptions{}); e != nil && !isNotFound(e) && err == nil {
			err = e
		}
	}
	return err
}

func (u *s3Upload) release() {
	if u.buf != nil {
		u.s.putPart(u.buf)
		u.buf = nil
	}
}
