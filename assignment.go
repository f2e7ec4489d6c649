package haizhi

import (
	"context"
	"slices"
	"time"
)

// Assignment gives an entry to a judge to score in a round. A proposed assignment is a
// draft only operators see; publishing it tells the judges.
type Assignment struct {
	ID          int64     `json:"id"`
	EditionID   int64     `json:"edition_id"`
	Round       RoundKind `json:"round"`
	EntryID     int64     `json:"entry_id"`
	JudgeUserID int64     `json:"judge_user_id"`
	Affinity    float64   `json:"affinity"`
	Manual      bool      `json:"manual"` // set by hand, not by the solver
	Published   bool      `json:"published"`
	CreatedAt   time.Time `json:"created_at"`
	// For lists.
	JudgeName  string `json:"judge_name,omitempty"`
	EntryTitle string `json:"entry_title,omitempty"`
	Track      string `json:"track,omitempty"`
	Submitted  bool   `json:"submitted"` // the judge's sheet is submitted
	Reopened   bool   `json:"reopened"`  // an operator reopened the sheet; the judge has not submitted it again
}

// AssignOptions are the conditions of a proposed assignment: K distinct judges per entry
// and, optionally for every entry, at least one judge of NeedCategory and at most
// MaxPerInstitution judges of one institution (0: no cap).
type AssignOptions struct {
	K                 int           `json:"k"`
	NeedCategory      JudgeCategory `json:"need_category,omitempty"`
	MaxPerInstitution int           `json:"max_per_institution,omitempty"`
}

// Validate reports problems by field: "k" (1 to 50), "need_category" (a known category
// or none), "max_per_institution" (0 to 50).
func (o AssignOptions) Validate() error {
	errs := map[string]string{}
	if o.K < 1 || o.K > 50 {
		errs["k"] = "error.count_range"
	}
	if o.NeedCategory != "" && !o.NeedCategory.Valid() {
		errs["need_category"] = "error.choose_one"
	}
	if o.MaxPerInstitution < 0 || o.MaxPerInstitution > 50 {
		errs["max_per_institution"] = "error.count_range"
	}
	if len(errs) > 0 {
		return Invalid(errs)
	}
	return nil
}

// AssignmentReason explains, in a reader's language, why no assignment exists (or why
// one is not proven optimal): Key names a catalogue message ("assign_reason.<code>") and
// Args fill its placeholders. Args hold numbers, strings (a category's code under
// "Category") and lists of names ([]string under "Entries", "Judges", "Institutions",
// with the number left out under "More…"), which the page joins in the reader's way.
// Text is the same in English, for logs and the API.
type AssignmentReason struct {
	Key  string         `json:"key"`
	Args map[string]any `json:"args,omitempty"`
	Text string         `json:"text"`
}

// AssignmentPlan is the outcome of proposing an assignment: "optimal", with its total
// affinity; "feasible" (every condition met, the optimum not proven within the search
// limit), with the reason; or "infeasible" (or "unknown"), with the reasons.
type AssignmentPlan struct {
	Status        string             `json:"status"`
	Options       AssignOptions      `json:"options"`
	TotalAffinity float64            `json:"total_affinity"`
	Assigned      int                `json:"assigned"`
	Reasons       []AssignmentReason `json:"reasons,omitempty"`
}

// Saved reports whether the plan replaced the round's draft.
func (p *AssignmentPlan) Saved() bool { return p.Status == "optimal" || p.Status == "feasible" }

// AssignmentFilter selects the assignments of a round.
type AssignmentFilter struct {
	EditionID   int64
	Round       RoundKind
	JudgeUserID int64
	EntryID     int64
	Page        Page
}

// JudgeAffinity scores how well a judge's expertise fits an entry, from 0 to 1: half for
// judging the entry's track, half for the share of the judge's keywords found in the
// entry's text (title, summary, keywords), compared as tokens. It is pure; tokens is the
// text segmenter.
func JudgeAffinity(j *Judge, e *Entry, tokens func(string) []string) float64 {
	score := 0.0
	if slices.Contains(j.Tracks, e.TrackCode) {
		score += 0.5
	}
	if len(j.Keywords) == 0 {
		return score
	}
	text := map[string]bool{}
	for _, s := range []string{e.Project.TitleZH, e.Project.TitleEN, e.Project.SummaryZH, e.Project.SummaryEN} {
		for _, t := range tokens(s) {
			text[t] = true
		}
	}
	for _, k := range e.Project.Keywords {
		for _, t := range tokens(k) {
			text[t] = true
		}
	}
	hit := 0
	for _, k := range j.Keywords {
		ts := tokens(k)
		found := len(ts) > 0
		for _, t := range ts {
			found = found && text[t]
		}
		if found {
			hit++
		}
	}
	return score + 0.5*float64(hit)/float64(len(j.Keywords))
}

// AssignmentService assigns a round's entries to judges. Operators (PermCompetitionManage
// on the competition's unit) propose, adjust and publish; a judge sees their own
// published assignments, never an entry they are in conflict with.
type AssignmentService interface {
	// ProposeAssignment computes the optimal assignment of the round's pending entries to
	// the pool, opts.K judges each within every judge's loads, no conflicted pair, the
	// options' category and institution conditions met, maximising the affinity; it
	// replaces the round's unpublished assignments and remembers the options for the
	// preview. An infeasible round keeps the previous draft and says why. Bad options are
	// EINVALID with field problems; a published round is EINVALID
	// "error.assignments_published".
	ProposeAssignment(ctx context.Context, editionID int64, round RoundKind, opts AssignOptions) (*AssignmentPlan, error)
	// FindAssignments lists assignments with the total (operators: all of the round,
	// published or not; a judge: their own published ones).
	FindAssignments(ctx context.Context, f AssignmentFilter) ([]*Assignment, int, error)
	// SetAssignment adds or removes one pair by hand before publishing; a conflicted pair
	// is refused (EINVALID "error.conflicted_pair"), and so is any change once the round
	// is published (EINVALID "error.assignments_published").
	SetAssignment(ctx context.Context, editionID int64, round RoundKind, entryID, judgeUserID int64, assigned bool) error
	// PreviewAssignment sums up the round's assignment for the operator (see
	// AssignmentPreview); its lists are pages of f.
	PreviewAssignment(ctx context.Context, f PreviewFilter) (*AssignmentPreview, error)
	// FindEntryAssignments lists a page of the round's pending entries, each with its
	// judges and the pool members in conflict with it, with the total (operators).
	FindEntryAssignments(ctx context.Context, f AssignmentFilter) ([]*EntryAssignments, int, error)
	// FindAssignedEntry returns an entry to the judge it is published to, unless the
	// judge has a conflict with it (then ENOTFOUND, as for anyone else).
	FindAssignedEntry(ctx context.Context, entryID int64) (*Entry, error)
	// PublishAssignments publishes the round's assignments and mails each judge their
	// count; it returns how many were published.
	PublishAssignments(ctx context.Context, editionID int64, round RoundKind) (int, error)
}
