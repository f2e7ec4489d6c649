package haizhi

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"
)

// RubricCriterion is one thing judges score in a round, with its weight, range and the
// descriptors that tell judges what the scores mean.
type RubricCriterion struct {
	Key    string  `json:"key"`
	NameZH string  `json:"name_zh"`
	NameEN string  `json:"name_en"`
	HelpZH string  `json:"help_zh,omitempty"` // descriptors: what a high and a low score mean
	HelpEN string  `json:"help_en,omitempty"`
	Weight float64 `json:"weight"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
	Step   float64 `json:"step,omitempty"` // 0: any value; 0.5: halves
}

// RoundRubric is how judges score a round's entries and how their totals become an
// entry's score. Blind rounds hide the applicants' names and institutions from the judges.
// The method is chosen with the criteria, before scores are in: like them, it cannot
// change once a sheet of the round is submitted.
type RoundRubric struct {
	EditionID int64             `json:"edition_id"`
	Round     RoundKind         `json:"round"`
	Criteria  []RubricCriterion `json:"criteria"`
	Blind     bool              `json:"blind"`
	Method    ScoreMethod       `json:"method"` // empty means MethodTrimmedMean
	Version   int               `json:"version"`
}

// Validate normalises the rubric (an empty method becomes the trimmed mean) and reports
// problems by "criteria.N.field" and "method".
func (r *RoundRubric) Validate() error {
	errs := map[string]string{}
	if r.Method == "" {
		r.Method = MethodTrimmedMean
	}
	if !r.Method.Valid() {
		errs["method"] = "error.choose_one"
	}
	if len(r.Criteria) == 0 {
		errs["criteria"] = "error.rubric_empty"
	}
	seen := map[string]bool{}
	for i := range r.Criteria {
		c := &r.Criteria[i]
		p := fmt.Sprintf("criteria.%d.", i)
		c.Key = strings.TrimSpace(strings.ToLower(c.Key))
		c.NameZH, c.NameEN = strings.TrimSpace(c.NameZH), strings.TrimSpace(c.NameEN)
		checkCode(errs, p, "key", c.Key, seen)
		validateNames(errs, p, c.NameZH, c.NameEN)
		if !(c.Weight > 0) || c.Weight > 1000 {
			errs[p+"weight"] = "error.rubric_weight"
		}
		if !(c.Min < c.Max) || math.IsInf(c.Max, 0) || c.Max > 1000 || c.Min < -1000 {
			errs[p+"max"] = "error.rubric_range"
		}
		if c.Step < 0 || (c.Step > 0 && math.Abs(math.Round((c.Max-c.Min)/c.Step)*c.Step-(c.Max-c.Min)) > 1e-9) {
			errs[p+"step"] = "error.rubric_step"
		}
	}
	if len(errs) > 0 {
		return Invalid(errs)
	}
	return nil
}

// Total is the weighted score of values, normalised to 0–100: each criterion scaled over
// its range, then averaged by weight. Missing, out-of-range or off-step values are field
// errors "scores.<key>".
func (r *RoundRubric) Total(values map[string]float64) (float64, error) {
	errs := map[string]string{}
	sum, weights := 0.0, 0.0
	for _, c := range r.Criteria {
		v, ok := values[c.Key]
		switch {
		case !ok:
			errs["scores."+c.Key] = "error.score_missing"
			continue
		case math.IsNaN(v) || v < c.Min || v > c.Max:
			errs["scores."+c.Key] = "error.score_out_of_range"
			continue
		case c.Step > 0 && math.Abs(math.Round((v-c.Min)/c.Step)*c.Step-(v-c.Min)) > 1e-9:
			errs["scores."+c.Key] = "error.score_off_step"
			continue
		}
		sum += c.Weight * (v - c.Min) / (c.Max - c.Min)
		weights += c.Weight
	}
	if len(errs) > 0 {
		return 0, Invalid(errs)
	}
	return math.Round(100*sum/weights*1e6) / 1e6, nil
}

// ScoreSheet is a judge's scores of one assigned entry: a draft until submitted, then
// locked. An operator can reopen a submitted sheet with a reason: it is a draft again,
// and the judge sees it marked reopened, with the reason, until they submit it again.
type ScoreSheet struct {
	AssignmentID int64              `json:"assignment_id"`
	EntryID      int64              `json:"entry_id"`
	JudgeUserID  int64              `json:"judge_user_id"`
	Round        RoundKind          `json:"round"`
	Values       map[string]float64 `json:"values"`
	Comment      string             `json:"comment"`
	Total        *float64           `json:"total"` // set when complete
	SubmittedAt  *time.Time         `json:"submitted_at,omitempty"`
	ReopenedAt   *time.Time         `json:"reopened_at,omitempty"` // the last reopening
	ReopenReason string             `json:"reopen_reason,omitempty"`
	UpdatedAt    time.Time          `json:"updated_at"`
	// For lists.
	JudgeName string `json:"judge_name,omitempty"`
}

// Reopened reports whether an operator reopened the sheet and the judge has not
// submitted it again.
func (s *ScoreSheet) Reopened() bool { return s.ReopenedAt != nil && s.SubmittedAt == nil }

// ScoringService keeps rubrics and judges' score sheets. Operators set rubrics and read
// every sheet of their editions; a judge writes and reads only the sheets of entries
// published to them (never a conflicted one) and never another judge's while the round
// is being scored.
type ScoringService interface {
	// SetRubric replaces a round's rubric (operators) when version is current; refused
	// once a sheet of the round has been submitted (EINVALID "error.rubric_in_use").
	SetRubric(ctx context.Context, r *RoundRubric) (*RoundRubric, error)
	// FindRubric returns a round's rubric (operators, and the round's judges); ENOTFOUND
	// when the round has none yet.
	FindRubric(ctx context.Context, editionID int64, round RoundKind) (*RoundRubric, error)
	// SaveSheet saves the judge's draft for an assigned entry, or submits it (submit: every
	// criterion scored, then locked). Saving a submitted sheet is EINVALID
	// "error.sheet_locked"; submitting twice returns it unchanged.
	SaveSheet(ctx context.Context, entryID int64, values map[string]float64, comment string, submit bool) (*ScoreSheet, error)
	// FindSheets lists sheets: a judge their own; operators every sheet of an edition's
	// round.
	FindSheets(ctx context.Context, editionID int64, round RoundKind) ([]*ScoreSheet, error)
	// FindEntrySheets lists the sheets of one entry in its current round with the judges'
	// names, drafts included (operators, PermCompetitionManage on the edition's unit;
	// ENOTFOUND for anyone else).
	FindEntrySheets(ctx context.Context, entryID int64) ([]*ScoreSheet, error)
	// ReopenSheet turns the submitted sheet of an assignment back into a draft so its
	// judge can correct it (operators, PermCompetitionManage on the edition's unit;
	// ENOTFOUND for anyone else). A reason is required (EINVALID "reason":
	// "error.required"); a sheet not submitted is EINVALID "error.sheet_not_submitted". It
	// is audited as score.reopen with the reason.
	ReopenSheet(ctx context.Context, assignmentID int64, reason string) error
	// CompareMethods ranks the round's pending entries from their submitted sheets by
	// every method side by side, with where each entry stands against the round's
	// advancement lines under each, and the round's chosen method (operators).
	CompareMethods(ctx context.Context, editionID int64, round RoundKind) (*MethodComparison, error)
	// ApplyMethod puts the scores of the round's pending entries under the round's chosen
	// method (its rubric's) into the round's ranking (operators), replacing typed-in
	// scores; the ranking page then computes advancement from them. It returns how many
	// entries got a score; a round without a rubric is ENOTFOUND.
	ApplyMethod(ctx context.Context, editionID int64, round RoundKind) (int, error)
}

// ScoreMethod is how judges' totals become an entry's score.
type ScoreMethod string

// Score methods (internal/calibrate computes them).
const (
	MethodRawMean     ScoreMethod = "raw_mean"     // the mean of the judges' totals
	MethodTrimmedMean ScoreMethod = "trimmed_mean" // the highest and lowest dropped from five scores up
	MethodCalibrated  ScoreMethod = "calibrated"   // each judge's totals as z-scores, so a harsh judge sinks no one
)

// ScoreMethods lists the methods.
func ScoreMethods() []ScoreMethod {
	return []ScoreMethod{MethodRawMean, MethodTrimmedMean, MethodCalibrated}
}

// Valid reports whether m is a known method.
func (m ScoreMethod) Valid() bool {
	for _, x := range ScoreMethods() {
		if x == m {
			return true
		}
	}
	return false
}

// Standing is where an entry stands against its cell's advancement line (or the
// final's prize places) under one method.
type Standing string

// Standings. StandingNone: the entry's cell has no quota, so there is no line.
const (
	StandingIn   Standing = "in"   // above the line: advances
	StandingTied Standing = "tied" // on the line, tied with an entry below it: the operator decides
	StandingOut  Standing = "out"  // below the line
	StandingNone Standing = ""
)

// MethodScore is an entry's score, rank and standing under one method.
type MethodScore struct {
	Score    float64  `json:"score"`
	Rank     int      `json:"rank"`
	Standing Standing `json:"standing,omitempty"`
}

// EntryMethods is one entry's scores under every method.
type EntryMethods struct {
	EntryID  int64                       `json:"entry_id"`
	Title    string                      `json:"title"`
	Sheets   int                         `json:"sheets"` // submitted sheets
	ByMethod map[ScoreMethod]MethodScore `json:"by_method"`
	Spread   int                         `json:"spread"`   // worst rank minus best rank across methods
	Crossing bool                        `json:"crossing"` // its standing at the line depends on the method
}

// MethodComparison is a round's ranking under every method.
type MethodComparison struct {
	Round   RoundKind       `json:"round"`
	Method  ScoreMethod     `json:"method"`   // the round's chosen method
	HasLine bool            `json:"has_line"` // the round has quotas (or, for the final, prize places)
	Entries []*EntryMethods `json:"entries"`  // by rank under the chosen method
	Judges  int             `json:"judges"`
	Pending int             `json:"pending"` // entries of the round without a submitted sheet
	// Decided: the round's advancement is decided and no entry is pending; the
	// comparison is over every entry its judges scored, as a record.
	Decided bool `json:"decided"`
}
