package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/minio/minio-go/v7"
)

// Read windows of an S3 object. Each GET asks for a bounded range, so a Range
// request for a few bytes of a large file fetches at most firstWindow; a
// reader that keeps going sequentially gets windows that double, so a whole
// download costs a handful of requests.
const (
	firstWindow = 1 << 20
	maxWindow   = 32 << 20
)

// Open looks the object up (one HEAD) and returns a reader that fetches
// ranges only when read.
func (s *S3) Open(ctx context.Context, key string) (Object, error) {
	if err := checkKey(key); err != nil {
		return nil, err
	}
	name := s.prefix + key
	info, err := s.client.StatObject(ctx, s.bucket, name, minio.StatObjectOptions{})
	if isNotFound(err) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return &s3Object{s: s, ctx: ctx, name: name, etag: info.ETag, size: info.Size, mod: info.LastModified, window: firstWindow}, nil
}

// s3Object maps Seek and Read onto ranged GETs. It is what http.ServeContent
// needs: a Seek to the end for the size (answered from the HEAD), then a Seek
// to each range's start and reads of its length.
type s3Object struct {
	s      *S3
	ctx    context.Context
	name   string
	etag   string
	size   int64
	mod    time.Time
	off    int64         // where the next Read starts
	body   io.ReadCloser // an open GET delivering off up to end
	end    int64
	window int64
}

func (o *s3Object) Size() int64        { return o.size }
func (o *s3Object) ModTime() time.Time { return o.mod }

func (o *s3Object) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		if o.off >= o.size {
			return 0, io.EOF
		}
		if o.body == nil {
			if err := o.fetch(); err != nil {
				return 0, err
			}
		}
		n, err := o.body.Read(p[:min(int64(len(p)), o.end-o.off)])
		o.off += int64(n)
		switch {
		case o.off == o.end:
			o.drop()
			err = nil
		case errors.Is(err, io.EOF):
			o.drop()
			err = io.ErrUnexpectedEOF // the server sent less than the range
		case err != nil:
			o.drop()
		}
		if n > 0 || err != nil {
			return n, err
		}
	}
}

// fetch opens a GET for the next window. If-Match ties every window to the
// object the HEAD saw: keys are written once, but a reader must never splice
// two versions together all the same.
func (o *s3Object) fetch() error {
	o.end = min(o.size, o.off+o.window)
	o.window = min(2*o.window, maxWindow)
	opts := minio.GetObjectOptions{}
	if err := opts.SetRange(o.off, o.end-1); err != nil {
		return err
	}
	if o.etag != "" {
		if err := opts.SetMatchETag(o.etag); err != nil {
			return err
		}
	}
	body, _, _, err := o.s.core.GetObject(o.ctx, o.s.bucket, o.name, opts)
	if err != nil {
		return fmt.Errorf("s3 read %s: %w", o.name, err)
	}
	o.body = body
	return nil
}

// drop closes the GET in progress. Closing one before its end costs the
// connection, which is why windows are bounded.
func (o *s3Object) drop() {
	if o.body != nil {
		o.body.Close()
		o.body = nil
	}
}

func (o *s3Object) Seek(offset int64, whence int) (int64, error) {
	var abs int64
	switch whence {
	case io.SeekStart:
		abs = offset
	case io.SeekCurrent:
		abs = o.off + offset
	case io.SeekEnd:
		abs = o.size + offset
	default:
		return 0, errors.New("s3 object: invalid whence")
	}
	if abs < 0 {
		return 0, errors.New("s3 object: negative position")
	}
	if abs != o.off {
		o.drop()
		o.off = abs
		o.window = firstWindow
	}
	return abs, nil
}

func (o *s3Object) Close() error {
	o.drop()
	return nil
}
