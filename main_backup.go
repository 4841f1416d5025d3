package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/juri-id/juri/backup"
	"github.com/juri-id/juri/config"
	"github.com/juri-id/juri/notify"
	"github.com/juri-id/juri/store"
)

// backupCommand writes a backup of the database and the files the settings
// name (the same as the running server's) to the file in args.
func backupCommand(cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	if len(args) != 1 || args[0] == "" {
		return fmt.Errorf("juri backup needs the file to write, e.g. juri backup juri-2020-03-02.tar.gz\n%s", usage)
	}
	if cfg.DatabaseURL == "" {
		if _, err := os.Stat(cfg.SQLitePath()); err != nil {
			return fmt.Errorf("no database at %s (JURI_DATA_DIR): nothing to back up", cfg.SQLitePath())
		}
	}
	st, err := store.Open(store.Options{DatabaseURL: cfg.DatabaseURL, SQLitePath: cfg.SQLitePath(), Logger: log})
	if err != nil {
		return err
	}
	defer st.Close()
	blobs, err := openBlobStore(cfg)
	if err != nil {
		return err
	}
	m, err := backup.Write(context.Background(), backup.Source{Store: st, DatabaseURL: cfg.DatabaseURL, Blobs: blobs}, args[0])
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	var bytes int64
	for _, f := range m.Files {
		bytes += f.Size
	}
	fmt.Fprintf(stdout, "backup written to %s: %s database and %d uploaded files, %d files and %d bytes in all, each in manifest.json with its SHA-256\n",
		args[0], m.Database, len(m.Files)-1, len(m.Files), bytes)
	return nil
}

// restoreCommand restores a backup into the (empty) database and file
// storage the settings name, and checks it.
func restoreCommand(cfg config.Config, log *slog.Logger, args []string, stdout io.Writer) error {
	if len(args) != 1 || args[0] == "" {
		return fmt.Errorf("juri restore needs the backup file\n%s", usage)
	}
	if _, err := os.Stat(args[0]); err != nil {
		return err
	}
	blobs, err := openBlobStore(cfg)
	if err != nil {
		return err
	}
	open := func() (*store.Store, error) {
		return store.Open(store.Options{DatabaseURL: cfg.DatabaseURL, SQLitePath: cfg.SQLitePath(), Logger: log,
			Links: notify.Links{Base: cfg.PublicURL}})
	}
	tgt := backup.Target{DatabaseURL: cfg.DatabaseURL, Blobs: blobs, Open: open}
	if cfg.DatabaseURL == "" {
		tgt.SQLitePath = cfg.SQLitePath()
	}
	rep, err := backup.Restore(context.Background(), args[0], tgt)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	fmt.Fprintf(stdout, "restored %s (taken %s): %d uploaded files, every SHA-256 matching; %d audit chains with %d entries verified; %d publications whose digests recompute\n",
		args[0], rep.Manifest.CreatedAt.Format("2006-01-02 15:04:05 MST"), rep.Files, rep.AuditChains, rep.AuditEntries, rep.Publications)
	return nil
}
