package migrations

// feedback lets organizers release a round's jury notes to the participants:
// the moment they did, or NULL while the notes are the jury's alone.
const feedback = `
ALTER TABLE rounds ADD COLUMN feedback_released_at {{time}};
`
