package haizhi

import (
	"context"
	"slices"
	"time"
)

// EntryStatus is where an application stands with its applicant.
type EntryStatus string

// Entry statuses. A draft can be edited; a submitted entry is read-only unless an operator
// reopens it (back to draft); a withdrawn entry is out of the competition.
const (
	EntryDraft     EntryStatus = "draft"
	EntrySubmitted EntryStatus = "submitted"
	EntryWithdrawn EntryStatus = "withdrawn"
)

// EntryStatuses lists the statuses.
func EntryStatuses() []EntryStatus { return []EntryStatus{EntryDraft, EntrySubmitted, EntryWithdrawn} }

// Valid reports whether s is a known status.
func (s EntryStatus) Valid() bool { return slices.Contains(EntryStatuses(), s) }

// EntrySource is how an entry reached the competition.
type EntrySource string

// Entry sources.
const (
	SourceDirect  EntrySource = "direct"  // the talent applied online
	SourcePartner EntrySource = "partner" // a partner or workstation referred it (海外工作站)
	SourceImport  EntrySource = "import"  // an operator imported it from a spreadsheet
)

// EntrySources lists the sources.
func EntrySources() []EntrySource { return []EntrySource{SourceDirect, SourcePartner, SourceImport} }

// Valid reports whether s is a known source.
func (s EntrySource) Valid() bool { return slices.Contains(EntrySources(), s) }

// RoundOutcome is where a submitted entry stands in its current round.
type RoundOutcome string

// Round outcomes. Advancing moves the entry to the next round, pending again; advancing
// out of the final is not a thing: the final ends in prizes.
const (
	OutcomePending  RoundOutcome = "pending"
	OutcomeAdvanced RoundOutcome = "advanced" // only in a decision record: the entry moved on
	OutcomeRejected RoundOutcome = "rejected"
	// In decision records of the final only: a prize placing awarded, revoked after due
	// diligence, offered to the next-ranked entry.
	OutcomePrize        RoundOutcome = "prize"
	OutcomePrizeRevoked RoundOutcome = "prize_revoked"
	OutcomePrizeOffered RoundOutcome = "prize_offered"
)

// RejectReason is the coded reason of a rejection, reported by count.
type RejectReason string

// Reject reasons.
const (
	ReasonIneligible RejectReason = "ineligible"
	ReasonIncomplete RejectReason = "incomplete"
	ReasonOutOfScope RejectReason = "out_of_scope"
	ReasonBelowLine  RejectReason = "below_line"
	ReasonDuplicate  RejectReason = "duplicate"
	ReasonOther      RejectReason = "other"
)

// RejectReasons lists the reasons.
func RejectReasons() []RejectReason {
	return []RejectReason{ReasonIneligible, ReasonIncomplete, ReasonOutOfScope, ReasonBelowLine, ReasonDuplicate, ReasonOther}
}

// Valid reports whether r is a known reason.
func (r RejectReason) Valid() bool { return slices.Contains(RejectReasons(), r) }

// Entry is a project entered in an edition: its lead (the talent as recorded by this
// entry), the project, the answers to the edition's own questions, and where it stands.
// UnitPath is the competition's unit.
type Entry struct {
	ID           int64               `json:"id"`
	EditionID    int64               `json:"edition_id"`
	UnitPath     string              `json:"-"`
	DivisionID   int64               `json:"division_id"`
	DivisionCode string              `json:"division"`
	TrackID      int64               `json:"track_id"`
	TrackCode    string              `json:"track"`
	Status       EntryStatus         `json:"status"`
	Source       EntrySource         `json:"source"`
	OwnerID      int64               `json:"owner_id,omitempty"`    // the applicant's account
	ReferrerID   int64               `json:"referrer_id,omitempty"` // the partner's account
	Referrer     string              `json:"referrer,omitempty"`    // the referring organisation
	Lead         Talent              `json:"lead"`
	Project      Project             `json:"project"`
	Answers      map[string][]string `json:"answers"` // question key → values
	Round        RoundKind           `json:"round"`   // the round it is in (submitted entries)
	Outcome      RoundOutcome        `json:"outcome"`
	PrizeRank    int                 `json:"prize_rank,omitempty"`
	PrizeStatus  PrizeStatus         `json:"prize_status,omitempty"`
	Eligible     *bool               `json:"eligible"` // nil until evaluated
	Failed       []string            `json:"failed,omitempty"`
	SubmittedAt  *time.Time          `json:"submitted_at,omitempty"`
	Attachments  []Attachment        `json:"attachments,omitempty"`
	Version      int                 `json:"version"`
	CreatedAt    time.Time           `json:"created_at"`
	UpdatedAt    time.Time           `json:"updated_at"`
}

// Editable reports whether the entry's applicant may still change it.
func (e *Entry) Editable() bool { return e.Status == EntryDraft }

// Attachment returns the entry's first attachment in slot, or nil.
func (e *Entry) Attachment(slot AttachmentSlot) *Attachment {
	for i := range e.Attachments {
		if e.Attachments[i].Slot == slot {
			return &e.Attachments[i]
		}
	}
	return nil
}

// EntryInput is what an applicant, partner or operator writes into a draft. ID 0 creates
// an entry; CreateKey (a random token the form carries) makes creating idempotent: the
// same key gives the same entry however many times it is sent. Version guards updates.
type EntryInput struct {
	ID           int64
	EditionID    int64
	CreateKey    string
	Version      int
	DivisionCode string
	TrackCode    string
	Source       EntrySource // set by the service from the actor when empty
	Referrer     string
	Lead         Talent
	Project      Project
	Answers      map[string][]string
}

// EntryDecision is an operator's decision on an entry in a round: advance or reject
// (with a coded reason and a note), recorded for the applicant's status page and the audit.
type EntryDecision struct {
	ID        int64        `json:"id"`
	EntryID   int64        `json:"entry_id"`
	Round     RoundKind    `json:"round"`
	Outcome   RoundOutcome `json:"outcome"`
	Reason    RejectReason `json:"reason,omitempty"`
	Note      string       `json:"note,omitempty"`
	DecidedBy string       `json:"decided_by"`
	CreatedAt time.Time    `json:"created_at"`
}

// Decision asks to advance or reject several entries of one edition at once, all in the
// round they are in. Reason is required to reject.
type Decision struct {
	EditionID int64
	EntryIDs  []int64
	Outcome   RoundOutcome // OutcomeAdvanced or OutcomeRejected
	Reason    RejectReason
	Note      string
}

// EntryFilter selects entries. EditionID 0 with Mine lists the actor's own and referred
// entries across editions (the applicant's and partner's pages).
type EntryFilter struct {
	EditionID  int64
	Mine       bool
	DivisionID int64
	TrackID    int64
	Country    string // residence of the lead
	Category   NationalityCategory
	Status     EntryStatus
	Round      RoundKind
	Outcome    RoundOutcome
	Eligible   string // "yes", "no", "unknown" or ""
	Source     EntrySource
	Query      string // full text over titles, summaries, keywords, names
	Sort       string // "submitted", "-submitted" (default), "title", "country", "updated"
	Page       Page
}

// EntrySorts lists the accepted EntryFilter.Sort values.
func EntrySorts() []string {
	return []string{"-submitted", "submitted", "title", "country", "-updated"}
}

// EntryService stores entries. Applicants reach their own entries, partners the entries
// they referred, operators (PermCompetitionManage on the competition's unit) every entry
// of their editions; an entry out of reach is ENOTFOUND.
type EntryService interface {
	// SaveEntry creates (in.ID 0) or updates a draft. Creating needs an open edition and
	// is idempotent per CreateKey; updating needs the current Version (else ECONFLICT
	// "error.version_conflict") and a draft. A draft needs only a lead name and email and
	// a title; completeness is checked on submit.
	SaveEntry(ctx context.Context, in *EntryInput) (*Entry, error)
	// SubmitEntry submits a complete draft before the edition's screening round closes.
	// The deadline is checked again when the transaction commits; a late submission is
	// EINVALID "error.deadline_passed" and the draft is kept. Submitting a submitted
	// entry returns it unchanged. Eligibility is evaluated and the applicant is mailed.
	SubmitEntry(ctx context.Context, id int64) (*Entry, error)
	// WithdrawEntry takes an entry out of the competition (its owner, referrer or an
	// operator); withdrawing twice is a no-op.
	WithdrawEntry(ctx context.Context, id int64) (*Entry, error)
	// ReopenEntry returns a submitted or withdrawn entry to draft so its applicant can
	// change it (operators only), with a note mailed to the applicant.
	ReopenEntry(ctx context.Context, id int64, note string) (*Entry, error)
	// FindEntryByID returns an entry with its lead, project, answers and attachments.
	FindEntryByID(ctx context.Context, id int64) (*Entry, error)
	// FindEntries lists entries (without answers and attachments) and the total.
	FindEntries(ctx context.Context, f EntryFilter) ([]*Entry, int, error)
	// EachEntry calls fn for every entry FindEntries would list, on every page, in its
	// order, with answers and decisions loaded (for exports); fn's error stops it.
	EachEntry(ctx context.Context, f EntryFilter, fn func(e *Entry, decisions []*EntryDecision) error) error
	// AddAttachment records a stored file on a draft entry. A business plan replaces the
	// previous one (returned, so its blob can be deleted); images are capped at MaxImages.
	AddAttachment(ctx context.Context, a *Attachment) (replaced *Attachment, err error)
	// RemoveAttachment removes an attachment of a draft and returns it.
	RemoveAttachment(ctx context.Context, entryID, attachmentID int64) (*Attachment, error)
	// FindAttachment returns one attachment of an entry the actor may read.
	FindAttachment(ctx context.Context, entryID, attachmentID int64) (*Attachment, error)
	// DecideEntries advances or rejects submitted, pending entries of an edition in their
	// current round (operators), mails each applicant, and returns how many changed;
	// entries already decided are skipped.
	DecideEntries(ctx context.Context, d Decision) (int, error)
	// FindDecisions lists an entry's decisions, oldest first.
	FindDecisions(ctx context.Context, entryID int64) ([]*EntryDecision, error)
	// ImportEntries enters rows as submitted entries of an edition that is open or closed
	// (operators; an import brings records kept elsewhere, so the deadline does not apply
	// and no files are required). Every row is checked first; with a problem in any row
	// nothing is written, unless the mode is ImportValidRows, when the valid rows are;
	// ImportCheckOnly writes nothing. A row already imported (same lead email and titles)
	// is skipped, so importing a file twice changes nothing.
	ImportEntries(ctx context.Context, editionID int64, rows []ImportRow, mode ImportMode) (*ImportResult, error)
	// EvaluateEligibility re-evaluates the rules on every submitted entry of an edition
	// (operators) and returns how many are not eligible.
	EvaluateEligibility(ctx context.Context, editionID int64) (int, error)
}

// ImportMode says what an import writes.
type ImportMode int

// Import modes.
const (
	ImportAllOrNothing ImportMode = iota // every row, or none when any has a problem
	ImportValidRows                      // the rows without problems
	ImportCheckOnly                      // nothing: report the problems only
)

// ImportRow is one entry to import and the spreadsheet row it came from.
type ImportRow struct {
	Row         int
	Input       EntryInput
	SubmittedAt time.Time // when it was submitted where it was kept; zero means now
}

// ImportProblem is what is wrong with one field of one imported row: a catalogue key.
type ImportProblem struct {
	Row   int    `json:"row"`
	Field string `json:"field"`
	Key   string `json:"key"`
}

// ImportResult reports an import: how many entries were created and skipped as already
// there, every problem found, and whether anything was written.
type ImportResult struct {
	Rows     int             `json:"rows"`
	Created  int             `json:"created"`
	Skipped  int             `json:"skipped"`
	Problems []ImportProblem `json:"problems"`
	Written  bool            `json:"written"`
}
