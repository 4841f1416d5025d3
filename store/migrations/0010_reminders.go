package migrations

// reminders records the reminders organizers send (to the judges behind in a
// round, to the OPDs that have not entered) and to whom, so the dashboard
// shows when each was last sent and a second one within minutes is refused.
const reminders = `
CREATE TABLE reminders (
	id {{id}},
	competition_id BIGINT NOT NULL REFERENCES competitions(id) ON DELETE CASCADE,
	round_id BIGINT REFERENCES rounds(id) ON DELETE CASCADE,
	audience VARCHAR(40) NOT NULL,
	sent_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
	sent_at {{time}} NOT NULL
);
CREATE INDEX reminders_competition ON reminders(competition_id, audience, sent_at);

CREATE TABLE reminder_recipients (
	id {{id}},
	reminder_id BIGINT NOT NULL REFERENCES reminders(id) ON DELETE CASCADE,
	user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	organization_id BIGINT REFERENCES organizations(id) ON DELETE SET NULL,
	assigned INTEGER NOT NULL DEFAULT 0,
	submitted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX reminder_recipients_reminder ON reminder_recipients(reminder_id);
`
