// Package demo seeds a realistic regency into an empty database, so that a
// newcomer who runs `make run` has something to look at: the 72 OPDs of a
// Central-Java regency of the Pekalongan kind and the accounts of every role.
// The seed goes through the store like any other change, audit log included.
package demo

import (
	"context"
	"fmt"

	"github.com/juri-id/juri/auth"
	"github.com/juri-id/juri/blob"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/store"
)

// Demo accounts. Every one has Password, which start-up prints.
const (
	Password       = "demo-juri-2020"
	AdminEmail     = "admin@juri.local"
	OrganizerEmail = "panitia@juri.local"
)

// system is the audit identity of the seed.
var system = store.Actor{Email: "demo seed"}

type account struct {
	Email, Name string
	Role        models.Role
	OPD         string // organization code, "" for none
}

// accounts lists the demo users: an admin, the organizer (Bagian Organisasi of
// the regional secretariat), five judges of whom two come from OPDs, and
// sixteen participants from sixteen OPDs, most of them in health, as in the
// regency's story.
func accounts() []account {
	a := []account{
		{AdminEmail, "Admin Juri", models.RoleAdmin, ""},
		{OrganizerEmail, "Sri Wahyuni (Bagian Organisasi)", models.RoleOrganizer, "SETDA"},
		{"juri1@juri.local", "Dr. Bambang Setiawan, M.Si. (Universitas Diponegoro)", models.RoleJudge, ""},
		{"juri2@juri.local", "Dr. Retno Wulandari, M.P.A. (UNIKAL)", models.RoleJudge, ""},
		{"juri3@juri.local", "Agus Prasetyo, S.Sos., M.Si. (LSM Pekalongan Bersih)", models.RoleJudge, ""},
		{"juri4@juri.local", "Ir. Hadi Santoso, M.T. (Bappeda)", models.RoleJudge, "BAPPEDA"},
		{"juri5@juri.local", "dr. Lestari Handayani, M.Kes. (Dinas Kesehatan)", models.RoleJudge, "DINKES"},
	}
	participants := []struct{ name, opd string }{
		{"Siti Nurhaliza", "DINKES"},
		{"Ahmad Fauzi", "RSUD-KAJEN"},
		{"Dewi Kartika", "RSUD-KRATON"},
		{"Eko Saputro", "PKM-KAJEN1"},
		{"Rina Marlina", "PKM-WIRADESA"},
		{"Joko Susilo", "PKM-KEDUNGWUNI1"},
		{"Nur Aini", "PKM-BOJONG1"},
		{"Budi Hartono", "PKM-DORO"},
		{"Yuni Astuti", "DINDUKCAPIL"},
		{"Hendra Gunawan", "DPMPTSP"},
		{"Fitri Rahmawati", "DISDIKBUD"},
		{"Slamet Riyadi", "DINSOS"},
		{"Wahyu Hidayat", "KEC-KAJEN"},
		{"Endang Purwanti", "DINPERTAN"},
		{"Taufik Hidayat", "BAPPEDA"},
		{"Maya Sari", "DINKOMINFO"},
	}
	for i, p := range participants {
		a = append(a, account{fmt.Sprintf("peserta%d@juri.local", i+1), p.name, models.RoleParticipant, p.opd})
	}
	return a
}

// Seed fills an empty database and reports whether it did. A database that
// already has users or organizations is left alone, so restarting with
// JURI_DEMO=1 never duplicates anything.
func Seed(ctx context.Context, st *store.Store, blobs blob.Store, pw *auth.Passwords) (bool, error) {
	empty, err := st.IsEmpty(ctx)
	if err != nil || !empty {
		return false, err
	}
	// Hash before the transaction: argon2 is slow on purpose, and SQLite holds
	// its write lock for as long as the transaction runs.
	accts := accounts()
	hashes := make([]string, len(accts))
	for i := range accts {
		if hashes[i], err = pw.Hash(ctx, Password); err != nil {
			return false, err
		}
	}
	w := &world{users: map[string]models.User{}}
	// One transaction: a seed that fails half-way leaves the database empty
	// (and its files removed), so the next start tries again.
	err = st.WithTx(ctx, func(tx *store.Store) error {
		if w.codes, err = seedOrganizations(ctx, tx); err != nil {
			return err
		}
		for i, a := range accts {
			u := models.User{Email: a.Email, Name: a.Name, Role: a.Role, PasswordHash: hashes[i], Verified: true}
			if a.OPD != "" {
				id, ok := w.codes[a.OPD]
				if !ok {
					return fmt.Errorf("account %s: unknown OPD %s", a.Email, a.OPD)
				}
				u.OrganizationID = &id
			}
			if err := tx.CreateUser(ctx, system, &u); err != nil {
				return fmt.Errorf("account %s: %w", a.Email, err)
			}
			w.users[a.Email] = u
		}
		_, err := seedCompetition(ctx, tx, blobs, w)
		return err
	})
	if err != nil {
		for _, k := range w.keys {
			_ = blobs.Delete(context.WithoutCancel(ctx), k)
		}
		return false, err
	}
	return true, nil
}

func seedOrganizations(ctx context.Context, tx *store.Store) (map[string]int64, error) {
	codes := map[string]int64{}
	for _, o := range organizations() {
		m := models.Organization{Code: o.Code, Name: o.Name, Kind: o.Kind}
		if o.Parent != "" {
			p := codes[o.Parent]
			m.ParentID = &p
		}
		if err := tx.CreateOrganization(ctx, system, &m); err != nil {
			return nil, fmt.Errorf("organization %s: %w", o.Code, err)
		}
		codes[o.Code] = m.ID
	}
	return codes, nil
}
