package proposal

import (
	"fmt"
	"slices"
	"strings"
)

// Action is something that moves an entry from one status to another.
type Action string

// The actions of an entry's life.
const (
	Submit           Action = "submit"            // the participant hands the entry in
	Withdraw         Action = "withdraw"          // the participant takes it out for good
	ScreenEligible   Action = "screen.eligible"   // screening: lolos
	ScreenIneligible Action = "screen.ineligible" // screening: tidak lolos
	ScreenReturned   Action = "screen.returned"   // screening: perlu perbaikan
	Advance          Action = "advance"           // out of a scoring round into the next: finalist
)

// Move is one row of the table: the statuses an action starts from and the
// status it leads to.
type Move struct {
	From []string
	To   string
}

// Moves is the whole lifecycle of an entry in one table. Screening decisions
// can be corrected (eligible <-> ineligible) until the entry goes further; a
// returned entry waits for the participant to submit again; an ineligible or
// withdrawn entry is out. Advancing accepts a submitted entry too, for a
// competition whose first round is scored without screening.
var Moves = map[Action]Move{
	Submit:           {From: []string{Draft, Returned}, To: Submitted},
	Withdraw:         {From: []string{Draft, Submitted, Returned, Eligible, Finalist}, To: Withdrawn},
	ScreenEligible:   {From: []string{Submitted, Eligible, Ineligible}, To: Eligible},
	ScreenIneligible: {From: []string{Submitted, Eligible, Ineligible}, To: Ineligible},
	ScreenReturned:   {From: []string{Submitted, Eligible, Ineligible}, To: Returned},
	Advance:          {From: []string{Submitted, Eligible}, To: Finalist},
}

// EditableStatuses are those in which a participant may change the entry's
// text and files.
var EditableStatuses = []string{Draft, Returned}

// Editable reports whether a participant may change the entry (text, files).
func Editable(status string) bool { return slices.Contains(EditableStatuses, status) }

// Allows reports whether action a may start from status.
func (a Action) Allows(status string) bool { return slices.Contains(Moves[a].From, status) }

// Check explains, in words for the participant or organizer, why action a
// cannot start from status; nil when it can.
func (a Action) Check(status string) error {
	if a.Allows(status) {
		return nil
	}
	return &MoveError{Action: a, Status: status}
}

// MoveError is an action refused by the entry's status.
type MoveError struct {
	Action Action
	Status string
}

func (e *MoveError) Error() string {
	from := strings.Join(Moves[e.Action].From, " or ")
	switch e.Action {
	case Submit:
		return fmt.Sprintf("the entry is %s; only %s entries can be submitted", e.Status, from)
	case Withdraw:
		return fmt.Sprintf("the entry is %s; it cannot be withdrawn", e.Status)
	case ScreenEligible, ScreenIneligible, ScreenReturned:
		return fmt.Sprintf("the entry is %s; only %s entries can be screened", e.Status, from)
	}
	return fmt.Sprintf("the entry is %s; it cannot %s", e.Status, e.Action)
}

// ScreenAction is the action of a screening decision ("eligible",
// "ineligible" or "returned"), and false for any other word.
func ScreenAction(decision string) (Action, bool) {
	switch decision {
	case Eligible:
		return ScreenEligible, true
	case Ineligible:
		return ScreenIneligible, true
	case Returned:
		return ScreenReturned, true
	}
	return "", false
}

// Decisions an organizer may take when screening.
var Decisions = []string{Eligible, Ineligible, Returned}
