package gen

import (
	"fmt"
	"time"

	"github.com/juri-id/juri/models"
)

// offices are the regency's secretariats, dinas and badan; the remaining
// OPDs are puskesmas, kecamatan and kelurahan of the places in text.go.
var offices = []struct{ code, name, kind string }{
	{"SETDA", "Sekretariat Daerah", "sekretariat"}, {"INSP", "Inspektorat Daerah", "inspektorat"},
	{"DISDIKBUD", "Dinas Pendidikan dan Kebudayaan", "dinas"}, {"DINKES", "Dinas Kesehatan", "dinas"},
	{"DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "dinas"}, {"DINSOS", "Dinas Sosial", "dinas"},
	{"DINDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "dinas"}, {"DPMD", "Dinas Pemberdayaan Masyarakat dan Desa", "dinas"},
	{"DISHUB", "Dinas Perhubungan", "dinas"}, {"DINKOMINFO", "Dinas Komunikasi dan Informatika", "dinas"},
	{"DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "dinas"}, {"DINPERTAN", "Dinas Pertanian dan Pangan", "dinas"},
	{"DINPERIKANAN", "Dinas Perikanan", "dinas"}, {"BAPPEDA", "Badan Perencanaan Pembangunan Daerah", "badan"},
	{"BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", "badan"}, {"BKPSDM", "Badan Kepegawaian dan Pengembangan SDM", "badan"},
	{"BPBD", "Badan Penanggulangan Bencana Daerah", "badan"}, {"RSUD-KAJEN", "RSUD Kajen", "rsud"}, {"RSUD-KRATON", "RSUD Kraton", "rsud"},
}

// people makes the OPDs, one participant per OPD, the admin, the organizer
// and the judges, all with the one password hash.
func (g *generator) people() (int, error) {
	created := g.at(120 * 24 * time.Hour)
	for i := 0; i < g.cfg.OPDs; i++ {
		o := models.Organization{CreatedAt: created, UpdatedAt: created}
		switch p, k := places[i%len(places)], i/len(places); {
		case i < len(offices):
			o.Code, o.Name, o.Kind = offices[i].code, offices[i].name, offices[i].kind
		case (i-len(offices))%3 == 0:
			o.Code, o.Name, o.Kind = fmt.Sprintf("PKM-%03d", i), fmt.Sprintf("Puskesmas %s %d", p, k+1), "puskesmas"
		case (i-len(offices))%3 == 1:
			o.Code, o.Name, o.Kind = fmt.Sprintf("KEC-%03d", i), fmt.Sprintf("Kecamatan %s %d", p, k+1), "kecamatan"
		default:
			o.Code, o.Name, o.Kind = fmt.Sprintf("KEL-%03d", i), fmt.Sprintf("Kelurahan %s %d", p, k+1), "kelurahan"
		}
		g.orgs = append(g.orgs, o)
	}
	if err := g.bulk(&g.orgs, 500); err != nil {
		return 0, err
	}
	user := func(email, name string, role models.Role, org *int64) models.User {
		return models.User{Email: email, Name: name, Role: role, OrganizationID: org, PasswordHash: g.hash, Verified: true,
			CreatedAt: created, UpdatedAt: created}
	}
	users := []models.User{
		user("admin@bench.juri.local", "Admin Bench", models.RoleAdmin, nil),
		user("panitia@bench.juri.local", "Panitia Bench", models.RoleOrganizer, nil),
	}
	for j := 0; j < g.cfg.Judges; j++ {
		users = append(users, user(fmt.Sprintf("juri%03d@bench.juri.local", j+1), "Dr. "+g.txt.person(), models.RoleJudge, nil))
	}
	for i := range g.orgs {
		org := g.orgs[i].ID
		users = append(users, user(fmt.Sprintf("peserta%03d@bench.juri.local", i+1), g.txt.person(), models.RoleParticipant, &org))
	}
	if err := g.bulk(&users, 500); err != nil {
		return 0, err
	}
	g.admin, g.organizer = users[0], users[1]
	g.judges = users[2 : 2+g.cfg.Judges]
	for _, u := range users[2+g.cfg.Judges:] {
		g.participants[*u.OrganizationID] = u
	}
	g.res.Admin = User{ID: g.admin.ID, Email: g.admin.Email}
	g.res.Organizer = User{ID: g.organizer.ID, Email: g.organizer.Email}
	for _, j := range g.judges {
		g.res.Judges = append(g.res.Judges, User{ID: j.ID, Email: j.Email})
	}
	for _, o := range g.orgs {
		g.global.add(o.CreatedAt, models.User{}, "organization.create", "organization", o.ID, map[string]any{"code": o.Code, "name": o.Name})
	}
	for _, u := range users[1:] {
		g.global.add(u.CreatedAt, g.admin, "user.create", "user", u.ID, map[string]any{"email": u.Email, "role": u.Role})
	}
	return len(g.orgs) + len(users), nil
}
