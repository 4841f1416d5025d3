// Command generate fills an empty Juri database with a competition of any
// size (package bench/gen) and prints what it made as JSON.
//
//	go run ./bench/generate -db 'postgres://postgres@127.0.0.1:5432/juri_bench?sslmode=disable'
//	go run ./bench/generate -sqlite /tmp/juri-data/juri.db -entries 500
//
// The database must be empty (a fresh PostgreSQL database, or a new SQLite
// file); the generator runs the store's migrations itself. Every user's
// password is -password (default gen.DefaultPassword).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/juri-id/juri/bench/gen"
)

func main() {
	c := gen.Defaults()
	db := flag.String("db", "", "PostgreSQL URL (empty: SQLite, see -sqlite)")
	sqlite := flag.String("sqlite", "", "SQLite file (when -db is empty)")
	flag.IntVar(&c.Entries, "entries", c.Entries, "entries in the open desk round")
	flag.IntVar(&c.Judges, "judges", c.Judges, "judges")
	flag.IntVar(&c.PerEntry, "per-entry", c.PerEntry, "judges per entry in the desk round")
	flag.IntVar(&c.Criteria, "criteria", c.Criteria, "criteria of the rubric")
	flag.IntVar(&c.Words, "words", c.Words, "mean words per proposal section")
	flag.IntVar(&c.OPDs, "opds", c.OPDs, "OPDs (one participant each)")
	flag.Float64Var(&c.Filled, "filled", c.Filled, "fraction of desk scorecards saved (drafts and submitted)")
	flag.Float64Var(&c.Submitted, "submitted", c.Submitted, "fraction of desk scorecards submitted")
	flag.IntVar(&c.RankEntries, "rank-entries", c.RankEntries, "entries of the published competition's ranked round (0: no published competition)")
	flag.IntVar(&c.RankPerEntry, "rank-per-entry", c.RankPerEntry, "judges per entry in the ranked round")
	flag.IntVar(&c.Finalists, "finalists", c.Finalists, "entries advanced into the published final round")
	flag.IntVar(&c.Objections, "objections", c.Objections, "public objections to the publication (80% answered)")
	flag.Uint64Var(&c.Seed, "seed", c.Seed, "random seed")
	flag.StringVar(&c.Password, "password", c.Password, "every user's password")
	flag.Parse()
	if *db == "" && *sqlite == "" {
		fmt.Fprintln(os.Stderr, "generate: give -db postgres://... or -sqlite FILE")
		os.Exit(2)
	}
	c.Log = os.Stderr
	res, err := gen.Generate(context.Background(), gen.Target{DatabaseURL: *db, SQLitePath: *sqlite}, c)
	if err != nil {
		fmt.Fprintln(os.Stderr, "generate:", err)
		os.Exit(1)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	_ = enc.Encode(res)
}
