package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
		"JURI_ENV":                {"JURI_ENV": "staging"},
		"JURI_ADDR":               {"JURI_ADDR": "8080"},
		"JURI_DATABASE_URL":       {"JURI_DATABASE_URL": "mysql://x"},
		"JURI_DEMO":               {"JURI_DEMO": "maybe"},
		"JURI_MAX_UPLOAD_MB":      {"JURI_MAX_UPLOAD_MB": "0"},
		"JURI_CORS_ORIGINS":       {"JURI_CORS_ORIGINS": "juri.example.go.id"},
		"JURI_JWT_SECRET":         {"JURI_JWT_SECRET": "short"},
		"JURI_JWT_SECRET_FILE":    {"JURI_JWT_SECRET_FILE": "/does/not/exist"},
		"JURI_LOG_LEVEL":          {"JURI_LOG_LEVEL": "loud"},
		"JURI_JWT_SECRET ":        {"JURI_ENV": "production"},
		"JURI_DEMO production":    {"JURI_ENV": "production", "JURI_DEMO": "1", "JURI_JWT_SECRET": strings.Repeat("x", 32)},
		"JURI_DATABASE_URL empty": {"JURI_DATABASE_URL": "postgres ://bad"},
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
