package migrations

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
)

// landed is the SHA-256 of every migration as each database receives it: its
// rendered SQL and the statements it is split into (see fingerprint).
//
// A migration that has landed never changes, because databases that ran it
// will not run it again. If this test fails for a line below, put the old
// text back and write a new migration instead. When you add a migration, add
// one line for each database here (the failure message prints them); never
// edit an existing line.
var landed = map[string]string{
	"0001_identity sqlite":         "8df6e0555ecb79bba31956eda8d9317585cc492da6db17b9b01c905281f3ee17",
	"0002_competitions sqlite":     "8c899d1bf9baf34e5fb7ab2c687167d40d3e2210119aebdb4de460715b1d1f39",
	"0003_judging sqlite":          "7def08de8a8321c9f4f90a667939acf9be5c5c829c8828cc93f198246ba87c7b",
	"0004_results sqlite":          "39d50035020382efdfd9b695902930eb2f0481fccb37471bab77e663f659c508",
	"0005_verification sqlite":     "923e8461262fa0c4d3b54d2184ce404fc5c4541c706ca83466a6ff70e2e43291",
	"0001_identity postgres":       "17ec5c7e85cdd2b446b05b7a2b057dcc4bdb6a94bf1ccb8468b2dc43def52229",
	"0002_competitions postgres":   "bc4280f27e06d3b0698d8e013287e76d608fd97d8111664a1c06a70dfdecf643",
	"0003_judging postgres":        "06ea224a732dfe71f96243bc0398f552eaecf0bae2d7851f7ceaf92d5efdb208",
	"0004_results postgres":        "2896923b8db73d6816154809af032d227d8ce1f2c0d791aebcd1abe49ca225b3",
	"0005_verification postgres":   "923e8461262fa0c4d3b54d2184ce404fc5c4541c706ca83466a6ff70e2e43291",
	"0006_guarantees sqlite":       "d79d705d2548337c46e8090d2401cc8b8f9b54ffc208f92fd26ba5a47676fb51",
	"0006_guarantees postgres":     "a2f53fb2c4d3228917486caa8d1148c560b090c0e662c57c455eff6dc58103a5",
	"0007_sessions sqlite":         "f1ffeed5e99e16a62a9b28b4b593095a84e7b25b51b3e015cb52f4a5388f5a7e",
	"0007_sessions postgres":       "0f4914e39f3851eec52e502b27d8b25f075f008d686230747414ce1c87e47715",
	"0008_accountability sqlite":   "c304106c1fe84f7376ef87f59b314b197e69bf3f3f361b89aa477afa65c459f7",
	"0008_accountability postgres": "8d21ab7d9e13ac09be9e832ff9584eee17c322ca6bc7834118ac09f9493b78e5",
	"0009_feedback sqlite":         "4a241da9d4fb82e480731f69a9916a15351433d8c2deb5115f90071e2c2128f1",
	"0009_feedback postgres":       "9cffb30b52c8df2077d0209c741bbd23f6555ff6391a28ba09b29385ee9315be",
	"0010_reminders sqlite":        "09b4a9a73181a8b381a855a1a91a90d463d9b20e807445bd7abc2f0a63c82eab",
	"0010_reminders postgres":      "a7ed8454a96f580af99ce307fd9d1c5a6f024d05a23721f8c356ee2aeb9a2382",
	"0011_public_version sqlite":   "20c4eaa16fd1b278b519786ba55efb48053b5566301a689e2e1f9cfa9bb9b595",
	"0011_public_version postgres": "79a79b8599deed50f3833fee384c7487e004b8fd7f63309a69982688e3dbc878",
	"0012_audit_chains sqlite":     "7796e0687463b4cc6b9e21f6248b52bf828bd35ffbb8da99d6effd846d5b1f3f",
	"0012_audit_chains postgres":   "7796e0687463b4cc6b9e21f6248b52bf828bd35ffbb8da99d6effd846d5b1f3f",
}

// fingerprint hashes what a database executes for r: the rendered text (so
// that any edit shows, even one in white space) and the statements (so that a
// change to how migrations are split shows too).
func fingerprint(r rendered) string {
	sum := sha256.Sum256([]byte(r.sql + "\x00" + strings.Join(r.statements, "\x00")))
	return hex.EncodeToString(sum[:])
}

func TestLandedMigrationsNeverChange(t *testing.T) {
	seen := map[string]bool{}
	for dialect := range dialectTypes {
		for _, r := range render(dialect) {
			key := r.id + " " + dialect
			seen[key] = true
			want, ok := landed[key]
			got := fingerprint(r)
			switch {
			case !ok:
				t.Errorf("migration %s has no line in landed; add it:\n\t%q: %q,", key, key, got)
			case got != want:
				t.Errorf("landed migration %s changed (sha256 %s, recorded %s): restore its text and add a new migration instead", key, got, want)
			}
		}
	}
	for key := range landed {
		if !seen[key] {
			t.Errorf("landed lists %s, which is no migration of this binary: migrations are never removed", key)
		}
	}
}

// TestStatementsKeepFunctionBodiesWhole: the splitter leaves a PostgreSQL
// function body in one statement and still splits at every other line-ending
// semicolon.
func TestStatementsKeepFunctionBodiesWhole(t *testing.T) {
	sql := "CREATE TABLE a (x INT);\nCREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n\tRETURN NEW;\nEND\n$$;\nCREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW EXECUTE FUNCTION f();\n"
	got := statements(sql)
	if len(got) != 3 || !strings.HasSuffix(got[1], "END\n$$") || !strings.HasPrefix(got[2], "CREATE TRIGGER") {
		t.Fatalf("split into %d statements: %q", len(got), got)
	}
}
