package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) Getenv { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	dir := t.TempDir()
	c, err := Load(env(map[string]string{"JURI_DATA_DIR": dir}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":8080" || c.DatabaseURL != "" || c.Env != EnvDevelopment || c.MaxUploadBytes != 25<<20 || c.Demo {
		t.Fatalf("defaults %+v", c)
	}
	if c.Timeouts != (Timeouts{ReadHeader: 10 * time.Second, Read: 15 * time.Minute, Write: 20 * time.Minute, Idle: 2 * time.Minute}) {
		t.Fatalf("timeouts %+v", c.Timeouts)
	}
	if c.SQLitePath() != filepath.Join(dir, "juri.db") {
		t.Fatalf("sqlite path %s", c.SQLitePath())
	}
	// The generated secret is kept with mode 0600 and reused.
	st, err := os.Stat(filepath.Join(dir, "jwt-secret"))
	if err != nil || st.Mode().Perm() != 0o600 || len(c.JWTSecret) < 32 {
		t.Fatalf("secret file %v %v", st, err)
	}
	again, _ := Load(env(map[string]string{"JURI_DATA_DIR": dir}))
	if string(again.JWTSecret) != string(c.JWTSecret) {
		t.Fatal("generated secret not reused")
	}
}

func TestFileVariants(t *testing.T) {
	dir := t.TempDir()
	secretFile := filepath.Join(dir, "secret")
	os.WriteFile(secretFile, []byte(strings.Repeat("s", 40)+"\n"), 0o600)
	c, err := Load(env(map[string]string{"JURI_DATA_DIR": dir, "JURI_JWT_SECRET_FILE": secretFile, "JURI_ENV": "production"}))
	if err != nil {
		t.Fatal(err)
	}
	if string(c.JWTSecret) != strings.Repeat("s", 40) {
		t.Fatalf("secret from file %q", c.JWTSecret)
	}
}

func TestBadValuesNameTheVariable(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]map[string]string{
		"JURI_ENV":                         {"JURI_ENV": "staging"},
		"JURI_ADDR":                        {"JURI_ADDR": "8080"},
		"JURI_DATABASE_URL":                {"JURI_DATABASE_URL": "mysql://x"},
		"JURI_DEMO":                        {"JURI_DEMO": "maybe"},
		"JURI_MAX_UPLOAD_MB":               {"JURI_MAX_UPLOAD_MB": "0"},
		"JURI_CORS_ORIGINS":                {"JURI_CORS_ORIGINS": "juri.example.go.id"},
		"JURI_JWT_SECRET":                  {"JURI_JWT_SECRET": "short"},
		"JURI_JWT_SECRET_FILE":             {"JURI_JWT_SECRET_FILE": "/does/not/exist"},
		"JURI_LOG_LEVEL":                   {"JURI_LOG_LEVEL": "loud"},
		"JURI_JWT_SECRET ":                 {"JURI_ENV": "production"},
		"JURI_DEMO production":             {"JURI_ENV": "production", "JURI_DEMO": "1", "JURI_JWT_SECRET": strings.Repeat("x", 32)},
		"JURI_DATABASE_URL empty":          {"JURI_DATABASE_URL": "postgres ://bad"},
		"JURI_BLOB_URL scheme":             {"JURI_BLOB_URL": "gs://bucket"},
		"JURI_BLOB_URL bucket":             {"JURI_BLOB_URL": "s3://Bad_Bucket"},
		"JURI_BLOB_URL param":              {"JURI_BLOB_URL": "s3://juri?regoin=x"},
		"JURI_BLOB_URL secure":             {"JURI_BLOB_URL": "s3://juri?secure=maybe"},
		"JURI_BLOB_URL scheme in endpoint": {"JURI_BLOB_URL": "s3://juri?endpoint=http://minio:9000"},
		"JURI_BLOB_URL part size":          {"JURI_BLOB_URL": "s3://juri?part_size_mb=4"},
		"JURI_BLOB_URL path":               {"JURI_BLOB_URL": "s3://juri/uploads"},
		"JURI_BLOB_URL user":               {"JURI_BLOB_URL": "s3://key:secret@juri"},
		"JURI_BLOB_URL file":               {"JURI_BLOB_URL": "file://"},
		"JURI_BLOB_URL_FILE":               {"JURI_BLOB_URL_FILE": "/does/not/exist"},
		"JURI_S3_ACCESS_KEY":               {"JURI_BLOB_URL": "s3://juri"},
		"JURI_S3_SECRET_KEY":               {"JURI_BLOB_URL": "s3://juri", "JURI_S3_ACCESS_KEY": "k"},
		"AWS_SECRET_ACCESS_KEY":            {"JURI_BLOB_URL": "s3://juri", "AWS_ACCESS_KEY_ID": "k"},
		"JURI_READ_HEADER_TIMEOUT":         {"JURI_READ_HEADER_TIMEOUT": "10"},
		"JURI_READ_TIMEOUT":                {"JURI_READ_TIMEOUT": "0s"},
		"JURI_IDLE_TIMEOUT":                {"JURI_IDLE_TIMEOUT": "48h"},
		"JURI_WRITE_TIMEOUT":               {"JURI_WRITE_TIMEOUT": "5m"},
	}
	for name, vars := range cases {
		vars["JURI_DATA_DIR"] = dir
		_, err := Load(env(vars))
		variable := strings.Fields(name)[0]
		if err == nil || !strings.HasPrefix(err.Error(), variable) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error %v should be one line starting with %s", name, err, variable)
		}
	}
}

func TestBlobURL(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "s3-secret")
	os.WriteFile(keyFile, []byte("from-a-file\n"), 0o600)
	for _, tc := range []struct {
		name string
		vars map[string]string
		dir  string
		s3   *S3
	}{
		{"empty: the data directory", nil, filepath.Join(dir, "blobs"), nil},
		{"a file URL", map[string]string{"JURI_BLOB_URL": "file:///srv/juri/blobs"}, "/srv/juri/blobs", nil},
		{"defaults: AWS over HTTPS, credentials from AWS_*", map[string]string{
			"JURI_BLOB_URL": "s3://juri-files", "AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "aws-secret", "AWS_SESSION_TOKEN": "tok",
		}, "", &S3{Bucket: "juri-files", Endpoint: "s3.amazonaws.com", Secure: true, PartSize: 8 << 20,
			AccessKey: "AKIA", SecretKey: "aws-secret", SessionToken: "tok"}},
		{"MinIO with every parameter; JURI_S3_* win over AWS_*", map[string]string{
			"JURI_BLOB_URL":           "s3://juri?endpoint=minio:9000&region=id-jkt-1&secure=false&prefix=kab-pekalongan/&part_size_mb=16",
			"JURI_S3_ACCESS_KEY":      "juri",
			"JURI_S3_SECRET_KEY_FILE": keyFile,
			"AWS_ACCESS_KEY_ID":       "ignored", "AWS_SECRET_ACCESS_KEY": "ignored",
		}, "", &S3{Bucket: "juri", Endpoint: "minio:9000", Region: "id-jkt-1", Prefix: "kab-pekalongan/", PartSize: 16 << 20,
			AccessKey: "juri", SecretKey: "from-a-file"}},
	} {
		vars := map[string]string{"JURI_DATA_DIR": dir}
		for k, v := range tc.vars {
			vars[k] = v
		}
		c, err := Load(env(vars))
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if tc.s3 != nil {
			if c.Blobs.S3 == nil || *c.Blobs.S3 != *tc.s3 {
				t.Errorf("%s: S3 %+v, want %+v", tc.name, c.Blobs.S3, tc.s3)
			}
			continue
		}
		if c.Blobs.S3 != nil || c.BlobDir() != tc.dir {
			t.Errorf("%s: S3 %+v, directory %q; want %q", tc.name, c.Blobs.S3, c.BlobDir(), tc.dir)
		}
	}
}
