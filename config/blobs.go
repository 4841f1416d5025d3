package config

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// bucketName is S3's rule for bucket names: 3 to 63 lower-case letters,
// digits, dots and hyphens, starting and ending with a letter or digit.
var bucketName = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)

// s3Params are the query parameters an s3:// URL may carry.
var s3Params = []string{"endpoint", "region", "secure", "prefix", "part_size_mb"}

// parseBlobURL reads JURI_BLOB_URL: empty (the data directory), file:///path
// or s3://bucket?endpoint=host:port&region=...&secure=true|false&prefix=...
// (part_size_mb sets the multipart part size, 5 to 1024 MiB, default 8).
func parseBlobURL(raw string) (Blobs, error) {
	if raw == "" {
		return Blobs{}, nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return Blobs{}, fmt.Errorf("JURI_BLOB_URL: %q is not a URL like s3://bucket?endpoint=host:9000 or file:///srv/juri/blobs", raw)
	}
	switch u.Scheme {
	case "file":
		dir := u.Path
		if u.Opaque != "" {
			dir = u.Opaque // file:relative/dir
		}
		if dir == "" || (u.Host != "" && u.Host != "localhost") || u.RawQuery != "" {
			return Blobs{}, fmt.Errorf("JURI_BLOB_URL: %q is not a directory URL like file:///srv/juri/blobs", raw)
		}
		return Blobs{Dir: dir}, nil
	case "s3":
		s, err := parseS3(u)
		if err != nil {
			return Blobs{}, fmt.Errorf("JURI_BLOB_URL: %v", err)
		}
		return Blobs{S3: s}, nil
	}
	return Blobs{}, fmt.Errorf("JURI_BLOB_URL: scheme %q is not s3 or file", u.Scheme)
}

func parseS3(u *url.URL) (*S3, error) {
	if u.User != nil {
		return nil, errors.New("credentials do not belong in the URL: set JURI_S3_ACCESS_KEY and JURI_S3_SECRET_KEY")
	}
	if !bucketName.MatchString(u.Host) {
		return nil, fmt.Errorf("%q is not a bucket name (3 to 63 of a-z, 0-9, '.', '-')", u.Host)
	}
	if u.Path != "" && u.Path != "/" {
		return nil, fmt.Errorf("a path (%q) is not taken: use prefix=%s", u.Path, strings.Trim(u.Path, "/"))
	}
	q := u.Query()
	for k := range q {
		if !slices.Contains(s3Params, k) {
			return nil, fmt.Errorf("unknown parameter %q (known: %s)", k, strings.Join(s3Params, ", "))
		}
	}
	s := &S3{Bucket: u.Host, Endpoint: q.Get("endpoint"), Region: q.Get("region"), Prefix: q.Get("prefix"), Secure: true, PartSize: 8 << 20}
	if s.Endpoint == "" {
		s.Endpoint = "s3.amazonaws.com"
	}
	if strings.Contains(s.Endpoint, "/") {
		return nil, fmt.Errorf("endpoint %q is host or host:port, without a scheme (secure=false for plain HTTP)", s.Endpoint)
	}
	if v := q.Get("secure"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return nil, fmt.Errorf("secure=%q is not true or false", v)
		}
		s.Secure = b
	}
	if v := q.Get("part_size_mb"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 5 || n > 1024 {
			return nil, fmt.Errorf("part_size_mb=%q is not a whole number from 5 to 1024", v)
		}
		s.PartSize = int64(n) << 20
	}
	if strings.Contains(s.Prefix, "..") {
		return nil, fmt.Errorf("prefix=%q may not contain \"..\"", s.Prefix)
	}
	return s, nil
}

// s3Credentials takes JURI_S3_ACCESS_KEY and JURI_S3_SECRET_KEY (or their
// _FILE forms), else the AWS_* variables every S3 tool reads.
func s3Credentials(s *S3, access, secret string, getenv Getenv) error {
	accessName, secretName := "JURI_S3_ACCESS_KEY", "JURI_S3_SECRET_KEY"
	if access == "" && secret == "" {
		accessName, secretName = "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"
		access, secret = getenv(accessName), getenv(secretName)
		s.SessionToken = getenv("AWS_SESSION_TOKEN")
	}
	switch {
	case access == "" && secret == "":
		return errors.New("JURI_S3_ACCESS_KEY: required with an s3:// JURI_BLOB_URL, with JURI_S3_SECRET_KEY (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)")
	case access == "":
		return fmt.Errorf("%s: missing, though %s is set", accessName, secretName)
	case secret == "":
		return fmt.Errorf("%s: missing, though %s is set", secretName, accessName)
	}
	s.AccessKey, s.SecretKey = access, secret
	return nil
}
