// Package backup writes and restores Juri's backups: one tar.gz holding a
// consistent copy of the database, every uploaded file the copy refers to,
// and a manifest with the SHA-256 of each.
//
// The database copy is taken while Juri runs: on SQLite with VACUUM INTO (a
// transaction-consistent copy that readers and writers do not wait for), on
// PostgreSQL with pg_dump inside a snapshot exported from a repeatable-read
// transaction, in which the list of files is read too. Files are written
// once and never changed, and a file's row is written only after its bytes
// are committed, so every file the copy refers to is in storage when the
// backup reads it (unless it was deleted since: the backup then fails and
// says so). Files uploaded after the copy are not in the backup, as their
// rows are not.
//
// Restore refuses a database or file storage that is not empty, checks every
// file of the archive against the manifest before writing anything, and after
// loading checks each audit chain, each publication's digest and each file's
// SHA-256.
package backup

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/juri-id/juri/blob"
	"github.com/juri-id/juri/store"
)

// Format names the archive layout; restore refuses others.
const Format = "juri-backup/1"

// Paths inside the archive.
const (
	ManifestPath = "manifest.json"
	SQLiteCopy   = "database/juri.db"
	PGDumpPath   = "database/juri.sql"
	blobsDir     = "blobs/"
)

// Manifest lists every file of the archive (but itself) with its SHA-256.
type Manifest struct {
	Format     string    `json:"format"`
	CreatedAt  time.Time `json:"created_at"`
	Database   string    `json:"database"` // "sqlite" or "postgres"
	Migrations []string  `json:"migrations"`
	// Schema is the PostgreSQL schema that was dumped ("" for the default).
	Schema string `json:"schema,omitempty"`
	Files  []File `json:"files"`
}

// File is one archived file.
type File struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Source is what a backup reads: the running database and file storage.
type Source struct {
	Store *store.Store
	// DatabaseURL is the PostgreSQL URL pg_dump connects to (empty on SQLite).
	DatabaseURL string
	Blobs       blob.Store
	// PGDump is the pg_dump program; empty means pg_dump on PATH.
	PGDump string
}

// Write writes a backup of src to file, atomically: the archive appears
// under its name only once it is complete and synced.
func Write(ctx context.Context, src Source, file string) (Manifest, error) {
	m := Manifest{Format: Format, CreatedAt: src.Store.Now(), Database: src.Store.Dialect(), Migrations: store.Migrations()}
	work, err := os.MkdirTemp(filepath.Dir(file), ".juri-backup-")
	if err != nil {
		return m, err
	}
	defer os.RemoveAll(work)

	var dbFile, dbName string
	var keys []string
	switch m.Database {
	case "sqlite":
		dbFile, dbName = filepath.Join(work, "juri.db"), SQLiteCopy
		if err := src.Store.DB().WithContext(ctx).Exec("VACUUM INTO ?", dbFile).Error; err != nil {
			return m, fmt.Errorf("copy the SQLite database (VACUUM INTO): %w", err)
		}
		if keys, err = sqliteBlobKeys(dbFile); err != nil {
			return m, err
		}
	case "postgres":
		dbFile, dbName = filepath.Join(work, "juri.sql"), PGDumpPath
		if keys, m.Schema, err = pgDump(ctx, src, dbFile); err != nil {
			return m, err
		}
	default:
		return m, fmt.Errorf("cannot back up a %s database", m.Database)
	}

	tmp := file + ".partial"
	out, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return m, err
	}
	defer func() {
		out.Close()
		os.Remove(tmp)
	}()
	gz := gzip.NewWriter(out)
	tw := tar.NewWriter(gz)
	add := func(name string, size int64, mod time.Time, r io.Reader) error {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: size, ModTime: mod, Typeflag: tar.TypeReg}); err != nil {
			return err
		}
		h := sha256.New()
		n, err := io.Copy(io.MultiWriter(tw, h), r)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if n != size {
			return fmt.Errorf("%s: read %d bytes, expected %d", name, n, size)
		}
		m.Files = append(m.Files, File{Path: name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))})
		return nil
	}

	f, err := os.Open(dbFile)
	if err != nil {
		return m, err
	}
	st, _ := f.Stat()
	err = add(dbName, st.Size(), st.ModTime(), f)
	f.Close()
	if err != nil {
		return m, err
	}

	for _, key := range keys {
		for i, k := range []string{key, key + ".clean"} {
			obj, err := src.Blobs.Open(ctx, k)
			if errors.Is(err, blob.ErrNotFound) && i == 1 {
				continue // only blind competitions' files have a judges' copy
			}
			if errors.Is(err, blob.ErrNotFound) {
				return m, fmt.Errorf("file %s is in the database copy but no longer in storage (deleted while the backup ran?); run the backup again", k)
			}
			if err != nil {
				return m, fmt.Errorf("read file %s: %w", k, err)
			}
			err = add(blobsDir+k, obj.Size(), obj.ModTime(), obj)
			obj.Close()
			if err != nil {
				return m, err
			}
		}
	}

	man, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return m, err
	}
	if err := tw.WriteHeader(&tar.Header{Name: ManifestPath, Mode: 0o600, Size: int64(len(man)), ModTime: m.CreatedAt, Typeflag: tar.TypeReg}); err != nil {
		return m, err
	}
	if _, err := tw.Write(man); err != nil {
		return m, err
	}
	if err := tw.Close(); err != nil {
		return m, err
	}
	if err := gz.Close(); err != nil {
		return m, err
	}
	if err := out.Sync(); err != nil {
		return m, err
	}
	if err := out.Close(); err != nil {
		return m, err
	}
	return m, os.Rename(tmp, file)
}

// sqliteBlobKeys lists the files a database copy refers to.
func sqliteBlobKeys(dbFile string) ([]string, error) {
	db, err := gorm.Open(sqlite.Open("file:"+dbFile+"?mode=ro"), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		return nil, err
	}
	if sqlDB, err := db.DB(); err == nil {
		defer sqlDB.Close()
	}
	var keys []string
	err = db.Raw("SELECT blob_key FROM files ORDER BY id").Scan(&keys).Error
	return keys, err
}

// pgDump dumps the database inside a snapshot exported from a repeatable-read
// transaction, and lists the files in the same snapshot. A search_path in the
// URL (one schema) limits the dump to that schema.
func pgDump(ctx context.Context, src Source, dumpFile string) ([]string, string, error) {
	prog := src.PGDump
	if prog == "" {
		p, err := exec.LookPath("pg_dump")
		if err != nil {
			return nil, "", errors.New("pg_dump was not found on PATH: install the PostgreSQL client programs (Debian: postgresql-client) of the server's major version or newer")
		}
		prog = p
	}
	conn, schema, err := libpqURL(src.DatabaseURL)
	if err != nil {
		return nil, "", err
	}
	tx := src.Store.DB().WithContext(ctx).Begin(&sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if tx.Error != nil {
		return nil, "", tx.Error
	}
	defer tx.Rollback()
	var snapshot string
	if err := tx.Raw("SELECT pg_export_snapshot()").Scan(&snapshot).Error; err != nil {
		return nil, "", fmt.Errorf("export a snapshot: %w", err)
	}
	var keys []string
	if err := tx.Raw("SELECT blob_key FROM files ORDER BY id").Scan(&keys).Error; err != nil {
		return nil, "", err
	}
	args := []string{"--snapshot=" + snapshot, "--no-owner", "--no-privileges", "--format=plain", "--file=" + dumpFile}
	if schema != "" {
		args = append(args, "--schema="+schema)
	}
	cmd := exec.CommandContext(ctx, prog, append(args, "--dbname="+conn)...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, "", fmt.Errorf("pg_dump: %v: %s", err, redactURL(strings.TrimSpace(string(out)), src.DatabaseURL))
	}
	return keys, schema, nil
}

// libpqURL drops the parameters libpq does not know (search_path, which pgx
// takes as a run-time parameter) and returns the schema it named.
func libpqURL(dbURL string) (string, string, error) {
	u, err := url.Parse(dbURL)
	if err != nil {
		return "", "", fmt.Errorf("JURI_DATABASE_URL: %w", err)
	}
	q := u.Query()
	schema := q.Get("search_path")
	q.Del("search_path")
	u.RawQuery = q.Encode()
	if strings.Contains(schema, ",") {
		return "", "", fmt.Errorf("JURI_DATABASE_URL: search_path names several schemas (%s); the backup dumps one", schema)
	}
	return u.String(), schema, nil
}

func redactURL(msg, dbURL string) string {
	if u, err := url.Parse(dbURL); err == nil && u.User != nil {
		if p, ok := u.User.Password(); ok && p != "" {
			msg = strings.ReplaceAll(msg, p, "***")
		}
	}
	return msg
}

// Target is where a restore writes: an empty database and file storage.
type Target struct {
	// SQLitePath is the database file to create (SQLite), or DatabaseURL the
	// empty PostgreSQL database to load the dump into.
	SQLitePath  string
	DatabaseURL string
	Blobs       blob.Store
	// Psql is the psql program; empty means psql on PATH.
	Psql string
	// Open opens the restored database for the checks.
	Open func() (*store.Store, error)
}

// Report is what a restore brought back and checked.
type Report struct {
	Manifest     Manifest
	Files        int // uploaded files restored
	AuditChains  int
	AuditEntries int
	Publications int
}

// Restore reads the archive, checks it against its manifest, loads it into
// tgt and checks the result.
func Restore(ctx context.Context, archive string, tgt Target) (Report, error) {
	var rep Report
	work, err := os.MkdirTemp(workDir(tgt), ".juri-restore-")
	if err != nil {
		return rep, err
	}
	defer os.RemoveAll(work)
	if err := checkEmpty(ctx, tgt); err != nil {
		return rep, err
	}
	m, err := unpack(archive, work)
	if err != nil {
		return rep, err
	}
	rep.Manifest = m

	switch m.Database {
	case "sqlite":
		if tgt.SQLitePath == "" {
			return rep, errors.New("the backup is of an SQLite database; restore it without JURI_DATABASE_URL (into JURI_DATA_DIR)")
		}
		if err := os.MkdirAll(filepath.Dir(tgt.SQLitePath), 0o750); err != nil {
			return rep, err
		}
		if err := moveFile(filepath.Join(work, filepath.FromSlash(SQLiteCopy)), tgt.SQLitePath); err != nil {
			return rep, err
		}
	case "postgres":
		if tgt.DatabaseURL == "" {
			return rep, errors.New("the backup is of a PostgreSQL database; set JURI_DATABASE_URL to an empty database to restore it into")
		}
		if err := psqlLoad(ctx, tgt, filepath.Join(work, filepath.FromSlash(PGDumpPath))); err != nil {
			return rep, err
		}
	default:
		return rep, fmt.Errorf("the backup holds a %q database", m.Database)
	}

	for _, f := range m.Files {
		if !strings.HasPrefix(f.Path, blobsDir) {
			continue
		}
		if err := putBlob(ctx, tgt.Blobs, strings.TrimPrefix(f.Path, blobsDir), filepath.Join(work, filepath.FromSlash(f.Path))); err != nil {
			return rep, err
		}
		rep.Files++
	}

	st, err := tgt.Open()
	if err != nil {
		return rep, err
	}
	defer st.Close()
	if err := st.Migrate(); err != nil {
		return rep, err
	}
	return Check(ctx, st, tgt.Blobs, rep)
}

func workDir(tgt Target) string {
	if tgt.SQLitePath != "" {
		dir := filepath.Dir(tgt.SQLitePath)
		if os.MkdirAll(dir, 0o750) == nil {
			return dir
		}
	}
	return ""
}

// checkEmpty refuses a target that holds anything.
func checkEmpty(ctx context.Context, tgt Target) error {
	if tgt.SQLitePath != "" {
		if _, err := os.Stat(tgt.SQLitePath); err == nil {
			return fmt.Errorf("%s exists: restore only into an empty data directory", tgt.SQLitePath)
		}
	}
	if tgt.DatabaseURL != "" {
		st, err := tgt.Open()
		if err != nil {
			return err
		}
		var n int64
		err = st.DB().WithContext(ctx).Raw("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()").Scan(&n).Error
		st.Close()
		if err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("the database of JURI_DATABASE_URL has %d tables: restore only into an empty database", n)
		}
	}
	keys, err := tgt.Blobs.Keys(ctx, "")
	if err != nil {
		return fmt.Errorf("file storage: %w", err)
	}
	if len(keys) > 0 {
		return fmt.Errorf("the file storage holds %d files (e.g. %s): restore only into empty file storage", len(keys), keys[0])
	}
	return nil
}

// unpack extracts the archive into dir and checks every file against the
// manifest: same set of files, same sizes, same SHA-256.
func unpack(archive, dir string) (Manifest, error) {
	var m Manifest
	f, err := os.Open(archive)
	if err != nil {
		return m, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return m, fmt.Errorf("%s is not a Juri backup (gzip): %w", archive, err)
	}
	tr := tar.NewReader(gz)
	sums := map[string]File{}
	var man []byte
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return m, fmt.Errorf("%s is damaged: %w", archive, err)
		}
		name := h.Name
		if h.Typeflag != tar.TypeReg || name != path.Clean(name) || strings.HasPrefix(name, "/") || strings.Contains(name, "..") {
			return m, fmt.Errorf("%s holds an unexpected entry %q", archive, name)
		}
		if name == ManifestPath {
			if man, err = io.ReadAll(io.LimitReader(tr, 64<<20)); err != nil {
				return m, err
			}
			continue
		}
		dst := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
			return m, err
		}
		out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err != nil {
			return m, err
		}
		hs := sha256.New()
		n, err := io.Copy(io.MultiWriter(out, hs), tr)
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return m, fmt.Errorf("%s is damaged at %s: %w", archive, name, err)
		}
		sums[name] = File{Path: name, Size: n, SHA256: hex.EncodeToString(hs.Sum(nil))}
	}
	if man == nil {
		return m, fmt.Errorf("%s has no %s: not a complete Juri backup", archive, ManifestPath)
	}
	if err := json.Unmarshal(man, &m); err != nil {
		return m, fmt.Errorf("%s: %w", ManifestPath, err)
	}
	if m.Format != Format {
		return m, fmt.Errorf("%s is a %q backup; this Juri reads %q", archive, m.Format, Format)
	}
	for _, want := range m.Files {
		got, ok := sums[want.Path]
		switch {
		case !ok:
			return m, fmt.Errorf("the manifest lists %s, which the archive lacks", want.Path)
		case got != want:
			return m, fmt.Errorf("%s does not match the manifest (size %d, sha256 %s; the manifest says %d, %s)", want.Path, got.Size, got.SHA256, want.Size, want.SHA256)
		}
		delete(sums, want.Path)
	}
	for p := range sums {
		return m, fmt.Errorf("the archive holds %s, which the manifest does not list", p)
	}
	return m, nil
}

func moveFile(src, dst string) error {
	if err := os.Rename(src, dst); err == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func psqlLoad(ctx context.Context, tgt Target, dump string) error {
	prog := tgt.Psql
	if prog == "" {
		p, err := exec.LookPath("psql")
		if err != nil {
			return errors.New("psql was not found on PATH: install the PostgreSQL client programs (Debian: postgresql-client)")
		}
		prog = p
	}
	conn, _, err := libpqURL(tgt.DatabaseURL)
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, prog, "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-f", dump, "--dbname="+conn)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("psql: %v: %s", err, redactURL(strings.TrimSpace(string(out)), tgt.DatabaseURL))
	}
	return nil
}

func putBlob(ctx context.Context, bs blob.Store, key, file string) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	up, err := bs.Create(ctx, key)
	if err != nil {
		return fmt.Errorf("file storage: %w", err)
	}
	if _, err := io.Copy(up, f); err != nil {
		up.Abort()
		return fmt.Errorf("file storage: %w", err)
	}
	return up.Commit()
}

// Check verifies a database and its files: every audit chain recomputes,
// every publication's digest recomputes from its table, every file row has
// its file with the SHA-256 it records.
func Check(ctx context.Context, st *store.Store, bs blob.Store, rep Report) (Report, error) {
	// Every scope with rows or a recorded head: a scope whose rows were all
	// removed still has its heads, and fails.
	all, err := st.VerifyAuditAll(ctx)
	if err != nil {
		return rep, err
	}
	for _, sc := range slices.Sorted(maps.Keys(all)) {
		v := all[sc]
		if !v.Valid {
			return rep, fmt.Errorf("audit chain %s breaks at row %d: %s", sc, v.BrokenAt, v.Reason)
		}
		rep.AuditChains++
		rep.AuditEntries += v.Entries
	}
	n, err := checkPublications(ctx, st)
	if err != nil {
		return rep, err
	}
	rep.Publications = n
	var files []struct {
		ID      int64
		BlobKey string
		SHA256  string `gorm:"column:sha256"`
	}
	if err := st.DB().WithContext(ctx).Raw("SELECT id, blob_key, sha256 FROM files ORDER BY id").Scan(&files).Error; err != nil {
		return rep, err
	}
	for _, f := range files {
		obj, err := bs.Open(ctx, f.BlobKey)
		if err != nil {
			return rep, fmt.Errorf("file %d (%s): %w", f.ID, f.BlobKey, err)
		}
		h := sha256.New()
		_, err = io.Copy(h, obj)
		obj.Close()
		if err != nil {
			return rep, err
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != f.SHA256 {
			return rep, fmt.Errorf("file %d (%s) has sha256 %s, its row records %s", f.ID, f.BlobKey, got, f.SHA256)
		}
	}
	return rep, nil
}
