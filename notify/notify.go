// Package notify writes the e-mails Juri sends, in Bahasa Indonesia. Each
// function returns an outbox message; the store saves it in the same
// transaction as the event, and the mail worker sends it later.
package notify

import (
	"fmt"
	"strings"
	"time"

	"github.com/juri-id/juri/models"
)

// Kinds of notification.
const (
	KindEntrySubmitted    = "entry_submitted"
	KindJudgesAssigned    = "judges_assigned"
	KindScorecardReopened = "scorecard_reopened"
	KindResultsPublished  = "results_published"
	KindObjectionAnswered = "objection_answered"
	KindRegistration      = "registration"
	KindRegistrationTaken = "registration_taken"
	KindReminderJudge     = "reminder_judge"
	KindReminderEntry     = "reminder_entry"
)

// Links builds addresses in the web app for the e-mails.
type Links struct{ Base string }

func (l Links) url(path string) string { return strings.TrimRight(l.Base, "/") + path }

// Publication is the public results page of a publication (the web app's
// /hasil/:id), the address the e-mails, the Berita Acara and its QR code give.
func (l Links) Publication(id int64) string { return l.url(fmt.Sprintf("/hasil/%d", id)) }

func msg(kind, to, subject string, lines ...string) models.OutboxMessage {
	body := strings.Join(lines, "\n") + "\n\n-- \nJuri, sistem penilaian kompetisi inovasi\nPesan ini dikirim otomatis; mohon tidak dibalas.\n"
	return models.OutboxMessage{Kind: kind, Recipient: to, Subject: subject, Body: body, Status: models.OutboxPending}
}

// EntrySubmitted confirms a submission to the participant who made it.
func (l Links) EntrySubmitted(to, name, title, competition string, entryID int64) models.OutboxMessage {
	return msg(KindEntrySubmitted, to, "Proposal inovasi diterima: "+title,
		fmt.Sprintf("Yth. %s,", name), "",
		fmt.Sprintf("Proposal \"%s\" telah diajukan pada %s.", title, competition),
		"Panitia akan melakukan seleksi administrasi; statusnya dapat Anda pantau di:",
		l.url(fmt.Sprintf("/proposal/%d", entryID)))
}

// JudgesAssigned tells a judge how many entries await them in a round.
func (l Links) JudgesAssigned(to, name, round, competition string, count int) models.OutboxMessage {
	return msg(KindJudgesAssigned, to, fmt.Sprintf("Penugasan penilaian: %d proposal", count),
		fmt.Sprintf("Yth. %s,", name), "",
		fmt.Sprintf("Anda ditugaskan menilai %d proposal pada tahap %s, %s.", count, round, competition),
		"Jika ada konflik kepentingan dengan salah satu proposal, nyatakan melalui tombol \"Mundur\" pada penugasan tersebut.",
		l.url("/penilaian"))
}

// ScorecardReopened tells a judge their submitted scorecard was reopened.
func (l Links) ScorecardReopened(to, name, title, reason string, assignmentID int64) models.OutboxMessage {
	return msg(KindScorecardReopened, to, "Lembar nilai dibuka kembali: "+title,
		fmt.Sprintf("Yth. %s,", name), "",
		fmt.Sprintf("Panitia membuka kembali lembar nilai Anda untuk \"%s\".", title),
		"Alasan: "+reason,
		"Silakan periksa dan ajukan kembali nilai Anda:",
		l.url(fmt.Sprintf("/penilaian/%d", assignmentID)))
}

// ResultsPublished tells a participant that a round's results are out.
func (l Links) ResultsPublished(to, name, title, competition string, publicationID int64, objectionDays int) models.OutboxMessage {
	lines := []string{fmt.Sprintf("Yth. %s,", name), "",
		fmt.Sprintf("Hasil \"%s\" pada %s telah diumumkan:", title, competition),
		l.Publication(publicationID)}
	if objectionDays > 0 {
		lines = append(lines, fmt.Sprintf("Masa sanggah dibuka selama %d hari sejak pengumuman.", objectionDays))
	}
	return msg(KindResultsPublished, to, "Pengumuman hasil: "+title, lines...)
}

// ObjectionAnswered gives the person who objected the organizers' answer.
func (l Links) ObjectionAnswered(to, name, status, response string, publicationID int64) models.OutboxMessage {
	decision := map[string]string{models.ObjectionAccepted: "diterima", models.ObjectionRejected: "ditolak"}[status]
	return msg(KindObjectionAnswered, to, "Jawaban atas sanggahan Anda",
		fmt.Sprintf("Yth. %s,", name), "",
		fmt.Sprintf("Sanggahan Anda %s oleh panitia.", decision),
		"Jawaban panitia: "+response,
		"Jawaban ini juga tampil pada pengumuman:",
		l.Publication(publicationID))
}

// ConfirmRegistration sends the link that turns a self-registration into an
// account; it proves the address is the registrant's.
func (l Links) ConfirmRegistration(to, name, token string, hours int) models.OutboxMessage {
	return msg(KindRegistration, to, "Konfirmasi pendaftaran akun Juri",
		fmt.Sprintf("Yth. %s,", name), "",
		"Alamat e-mail ini didaftarkan sebagai akun peserta Juri. Untuk mengaktifkan akun, buka tautan berikut:",
		l.url("/konfirmasi?token="+token),
		fmt.Sprintf("Tautan berlaku %d jam. Setelah itu panitia memverifikasi bahwa Anda bekerja di OPD yang Anda pilih.", hours),
		"Jika Anda tidak mendaftar, abaikan pesan ini; tidak ada akun yang dibuat.")
}

// RegistrationTaken tells the owner of an existing account that someone
// tried to register their address again: registration answers the same
// either way, so only the mailbox learns that the account exists.
func (l Links) RegistrationTaken(to string) models.OutboxMessage {
	return msg(KindRegistrationTaken, to, "Percobaan pendaftaran dengan alamat Anda",
		"Yth. pemilik akun,", "",
		"Seseorang mencoba mendaftarkan akun baru di Juri dengan alamat e-mail ini, padahal alamat ini sudah memiliki akun.",
		"Jika itu Anda, masuk dengan akun yang ada:",
		l.url("/masuk"),
		"Jika Anda lupa kata sandi, hubungi admin Juri. Jika bukan Anda, abaikan pesan ini; akun Anda tidak berubah.")
}

// date writes a deadline the way the regency reads it: 30-04-2020 17.00 WIB
// (Western Indonesian Time, UTC+7).
func date(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.In(time.FixedZone("WIB", 7*3600)).Format("02-01-2006 15.04") + " WIB"
}

// RemindJudge tells a judge how many of a round's scorecards are still open.
func (l Links) RemindJudge(to, name, round, competition string, submitted, assigned int, closes *time.Time) models.OutboxMessage {
	lines := []string{fmt.Sprintf("Yth. %s,", name), "",
		fmt.Sprintf("Pada tahap %s, %s, Anda telah menyelesaikan %d dari %d penilaian.", round, competition, submitted, assigned),
		fmt.Sprintf("Masih ada %d proposal yang menunggu nilai Anda.", assigned-submitted)}
	if closes != nil {
		lines = append(lines, "Penilaian ditutup pada "+date(closes)+".")
	}
	lines = append(lines, "Lanjutkan penilaian di:", l.url("/penilaian"))
	return msg(KindReminderJudge, to, fmt.Sprintf("Pengingat penilaian: %d dari %d selesai", submitted, assigned), lines...)
}

// RemindOrganization reminds a participant that their OPD has not yet
// submitted a proposal (a draft does not count).
func (l Links) RemindOrganization(to, name, organization, competition string, drafts int, closes *time.Time) models.OutboxMessage {
	lines := []string{fmt.Sprintf("Yth. %s,", name), "",
		fmt.Sprintf("%s belum mengajukan proposal inovasi pada %s.", organization, competition)}
	if drafts > 0 {
		lines = append(lines, fmt.Sprintf("Sudah ada %d draf; periksa kelengkapannya lalu ajukan.", drafts))
	}
	if closes != nil {
		lines = append(lines, "Batas pengajuan: "+date(closes)+".")
	}
	lines = append(lines, "Susun dan ajukan proposal di:", l.url("/proposal"))
	return msg(KindReminderEntry, to, "Pengingat: "+organization+" belum mengajukan proposal inovasi", lines...)
}
