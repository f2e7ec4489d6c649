package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// SubmitEntry submits a complete draft before the deadline; see haizhi.EntryService.
func (s *EntryService) SubmitEntry(ctx context.Context, id int64) (*haizhi.Entry, error) {
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	e, _, err := reachableEntry(tx, id, false)
	if err != nil {
		return nil, err
	}
	switch e.Status {
	case haizhi.EntrySubmitted:
		return e, nil // a double click or a retry: already done
	case haizhi.EntryWithdrawn:
		return nil, haizhi.Errorf(haizhi.EINVALID, "error.entry_withdrawn", "The entry was withdrawn.")
	}
	if e.OwnerID != 0 {
		var verified sql.NullTime
		if err := tx.QueryRow(`SELECT email_verified_at FROM users WHERE id = ?`, e.OwnerID).Scan(&verified); err != nil {
			return nil, fmt.Errorf("entry owner: %w", err)
		}
		if !verified.Valid {
			return nil, haizhi.Errorf(haizhi.EINVALID, "error.email_unverified", "Confirm your email address before you submit.")
		}
	}
	ed, err := entryEdition(tx, e.EditionID)
	if err != nil {
		return nil, err
	}
	deadline := screeningClose(ed)
	if ed.Status != haizhi.EditionOpen || tx.now.After(deadline) {
		return nil, errDeadline()
	}
	if err := completeEntry(ed, e); err != nil {
		return nil, err
	}
	elig := haizhi.Evaluate(ed.Rules, e.RuleAnswers(), deadline)
	res, err := tx.Exec(`UPDATE entries SET status = ?, round = ?, outcome = ?, eligible = ?, failed = ?, submitted_at = ?,
		version = version + 1, updated_at = ? WHERE id = ? AND status = ?`,
		string(haizhi.EntrySubmitted), string(ed.Structure.Rounds[0].Kind), string(haizhi.OutcomePending), elig.Eligible,
		failedKeys(elig), tx.now, tx.now, id, string(haizhi.EntryDraft))
	if err != nil {
		return nil, fmt.Errorf("submit entry: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		// Another request changed it since we read it: on PostgreSQL a double click's
		// second submit waits here for the first to commit. Done is done.
		tx.Rollback()
		now, err := s.FindEntryByID(ctx, id)
		if err == nil && now.Status != haizhi.EntrySubmitted {
			err = &haizhi.Error{Code: haizhi.ECONFLICT, Key: "error.version_conflict", Message: "The entry was changed elsewhere."}
		}
		return now, err
	}
	if err := s.mailEntry(tx, e, ed, "submitted", nil); err != nil {
		return nil, err
	}
	tx.Audit("entry.submit", "entry", id, e.UnitPath, map[string]any{"eligible": elig.Eligible, "failed": failedKeys(elig)})
	// The deadline holds at the moment of commit, not only when the request began: a
	// submission that reaches this point late is refused and the draft stays as it was.
	if s.db.Now().After(deadline) {
		return nil, errDeadline()
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return s.FindEntryByID(ctx, id)
}

func errDeadline() error {
	return haizhi.Errorf(haizhi.EINVALID, "error.deadline_passed", "The deadline for entries has passed; your draft is kept.")
}

// completeEntry checks what a submitted entry needs: a complete lead and project, a
// division and a track, a business plan, and every required answer.
func completeEntry(ed *haizhi.Edition, e *haizhi.Entry) error {
	errs := map[string]string{}
	lead, project := e.Lead, e.Project
	for _, err := range []error{lead.Validate(true), project.Validate(true)} {
		maps.Copy(errs, haizhi.ErrorFields(err))
	}
	if e.DivisionID == 0 {
		errs["division"] = "error.required"
	}
	if e.TrackID == 0 {
		errs["track"] = "error.required"
	}
	if e.Attachment(haizhi.SlotBusinessPlan) == nil {
		errs["business_plan"] = "error.required"
	}
	_, err := haizhi.CleanAnswers(ed.Form, e.Answers, true, func(key string) bool { return e.Attachment(haizhi.FormSlot(key)) != nil })
	maps.Copy(errs, haizhi.ErrorFields(err))
	if len(errs) > 0 {
		return &haizhi.Error{Code: haizhi.EINVALID, Key: "error.entry_incomplete", Message: "The entry is not complete.", Fields: errs}
	}
	return nil
}

func failedKeys(el haizhi.Eligibility) string {
	var keys []string
	for _, r := range el.Failed {
		keys = append(keys, r.Rule.Key)
	}
	return strings.Join(keys, ",")
}

// mailEntry tells the entry's applicant (its owner's account, else the lead's address)
// of a change, in their language; extra, when given, adds values written in that
// language.
func (s *EntryService) mailEntry(tx *Tx, e *haizhi.Entry, ed *haizhi.Edition, change string, extra func(locale string) map[string]string) error {
	to, locale, name := e.Lead.Email, e.Lead.Locale, e.Lead.Name
	if e.OwnerID != 0 {
		if err := tx.QueryRow(`SELECT email, locale, name FROM users WHERE id = ?`, e.OwnerID).Scan(&to, &locale, &name); err != nil {
			return fmt.Errorf("entry owner: %w", err)
		}
	}
	data := map[string]string{"change": change, "name": name, "title": e.Project.Title(locale), "edition": ed.Name(locale),
		"link":  strings.TrimSuffix(s.db.opts.PublicURL, "/") + "/my/entries/" + strconv.FormatInt(e.ID, 10),
		"round": "", "reason": "", "note": ""}
	if extra != nil {
		maps.Copy(data, extra(locale))
	}
	return enqueueMail(tx, to, locale, "entry_update", data)
}

// WithdrawEntry takes an entry out; see haizhi.EntryService.
func (s *EntryService) WithdrawEntry(ctx context.Context, id int64) (*haizhi.Entry, error) {
	return s.changeStatus(ctx, id, false, "entry.withdraw", "withdrawn", "",
		func(e *haizhi.Entry) (haizhi.EntryStatus, error) {
			if e.Status == haizhi.EntryWithdrawn {
				return "", nil
			}
			if e.Outcome == haizhi.OutcomeRejected || e.PrizeRank > 0 {
				return "", haizhi.Errorf(haizhi.EINVALID, "error.entry_decided", "The entry has been decided and cannot change.")
			}
			return haizhi.EntryWithdrawn, nil
		})
}

// ReopenEntry returns an entry to draft; see haizhi.EntryService.
func (s *EntryService) ReopenEntry(ctx context.Context, id int64, note string) (*haizhi.Entry, error) {
	return s.changeStatus(ctx, id, true, "entry.reopen", "reopened", strings.TrimSpace(note),
		func(e *haizhi.Entry) (haizhi.EntryStatus, error) {
			if e.Status == haizhi.EntryDraft {
				return "", nil
			}
			if e.Outcome == haizhi.OutcomeRejected || (e.Round != "" && e.Round != haizhi.RoundScreening) {
				return "", haizhi.Errorf(haizhi.EINVALID, "error.entry_decided", "The entry has been decided and cannot change.")
			}
			return haizhi.EntryDraft, nil
		})
}

// changeStatus moves an entry to the status next returns ("" means nothing to do: the
// entry is returned as it is), mails the applicant and audits action.
func (s *EntryService) changeStatus(ctx context.Context, id int64, manageOnly bool, action, change, note string,
	next func(*haizhi.Entry) (haizhi.EntryStatus, error)) (*haizhi.Entry, error) {
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	e, _, err := reachableEntry(tx, id, manageOnly)
	if err != nil {
		return nil, err
	}
	status, err := next(e)
	if err != nil || status == "" {
		return e, err
	}
	res, err := tx.Exec(`UPDATE entries SET status = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`,
		string(status), tx.now, id, e.Version)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", action, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		// A concurrent request (a double click) changed it first; report it as it is.
		tx.Rollback()
		return s.FindEntryByID(ctx, id)
	}
	ed, err := entryEdition(tx, e.EditionID)
	if err != nil {
		return nil, err
	}
	if err := s.mailEntry(tx, e, ed, change, func(string) map[string]string { return map[string]string{"note": note} }); err != nil {
		return nil, err
	}
	tx.Audit(action, "entry", id, e.UnitPath, map[string]any{"from": e.Status, "to": status, "note": note})
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return s.FindEntryByID(ctx, id)
}

// MaxDecisionBatch is the most entries one bulk decision takes.
const MaxDecisionBatch = 1000

// DecideEntries advances or rejects entries in their round; see haizhi.EntryService.
func (s *EntryService) DecideEntries(ctx context.Context, d haizhi.Decision) (int, error) {
	d.Note = strings.TrimSpace(d.Note)
	switch {
	case d.Outcome != haizhi.OutcomeAdvanced && d.Outcome != haizhi.OutcomeRejected:
		return 0, haizhi.Invalid(map[string]string{"outcome": "error.choose_one"})
	case d.Outcome == haizhi.OutcomeRejected && !d.Reason.Valid():
		return 0, haizhi.Invalid(map[string]string{"reason": "error.required"})
	case len(d.EntryIDs) == 0:
		return 0, haizhi.Invalid(map[string]string{"entries": "error.choose_entries"})
	case len(d.EntryIDs) > MaxDecisionBatch:
		return 0, haizhi.Invalid(map[string]string{"entries": "error.too_many"})
	}
	if d.Outcome == haizhi.OutcomeAdvanced {
		d.Reason = ""
	}
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	ed, err := managedEditionParts(tx, d.EditionID)
	if err != nil {
		return 0, err
	}
	changed, err := s.decideIn(tx, ed, d)
	if err != nil {
		return 0, err
	}
	return changed, tx.Commit()
}

// decideIn applies a decision to the entries of ed (loaded with its parts) in tx: each
// submitted entry still pending in its round advances or is rejected, with a decision
// record, a mail and an audit event. Others are skipped. It returns how many changed.
func (s *EntryService) decideIn(tx *Tx, ed *haizhi.Edition, d haizhi.Decision) (int, error) {
	changed := 0
	for _, id := range slices.Compact(slices.Sorted(slices.Values(d.EntryIDs))) {
		e, err := loadEntry(tx, id)
		if haizhi.ErrorCode(err) == haizhi.ENOTFOUND {
			continue
		} else if err != nil {
			return 0, err
		}
		if e.EditionID != ed.ID || e.Status != haizhi.EntrySubmitted || e.Outcome != haizhi.OutcomePending {
			continue
		}
		nextRound, outcome := e.Round, haizhi.OutcomeRejected
		if d.Outcome == haizhi.OutcomeAdvanced {
			if nextRound = roundAfter(ed, e.Round); nextRound == "" {
				continue // the final ends in prizes, not in advancing
			}
			outcome = haizhi.OutcomePending
		}
		if _, err := tx.Exec(`UPDATE entries SET round = ?, outcome = ?, version = version + 1, updated_at = ? WHERE id = ?`,
			string(nextRound), string(outcome), tx.now, id); err != nil {
			return 0, fmt.Errorf("decide entry: %w", err)
		}
		if err := recordDecision(tx, id, e.Round, d.Outcome, d.Reason, d.Note); err != nil {
			return 0, err
		}
		if err := s.mailDecision(tx, e, ed, d); err != nil {
			return 0, err
		}
		tx.Audit("entry.decide", "entry", id, e.UnitPath, map[string]any{"round": e.Round, "outcome": d.Outcome, "reason": d.Reason, "note": d.Note})
		changed++
	}
	return changed, nil
}

// recordDecision appends a decision record for an entry's status page.
func recordDecision(tx *Tx, entryID int64, round haizhi.RoundKind, outcome haizhi.RoundOutcome, reason haizhi.RejectReason, note string) error {
	if _, err := tx.Exec(`INSERT INTO entry_decisions (entry_id, round, outcome, reason, note, decided_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		entryID, string(round), string(outcome), string(reason), note, tx.Actor().AuditName(), tx.now); err != nil {
		return fmt.Errorf("record decision: %w", err)
	}
	return nil
}

// mailDecision tells the applicant of a decision, naming the round and the reason in
// their language.
func (s *EntryService) mailDecision(tx *Tx, e *haizhi.Entry, ed *haizhi.Edition, d haizhi.Decision) error {
	return s.mailEntry(tx, e, ed, string(d.Outcome), func(locale string) map[string]string {
		round := string(e.Round)
		for _, r := range ed.Structure.Rounds {
			if r.Kind == e.Round {
				round = haizhi.Localized(locale, r.NameZH, r.NameEN)
			}
		}
		extra := map[string]string{"round": round, "note": d.Note}
		if d.Outcome == haizhi.OutcomeRejected {
			extra["reason"] = rejectReasonText(locale, d.Reason)
		}
		return extra
	})
}

// rejectReasonText names a reject reason for a mail in locale.
func rejectReasonText(locale string, r haizhi.RejectReason) string {
	zh := map[haizhi.RejectReason][2]string{
		haizhi.ReasonIneligible: {"不符合参赛条件", "the entry does not meet the conditions of entry"},
		haizhi.ReasonIncomplete: {"报名材料不完整", "the entry is incomplete"},
		haizhi.ReasonOutOfScope: {"项目不属于本届大赛的产业领域", "the project is outside this edition's industries"},
		haizhi.ReasonBelowLine:  {"评审排名未进入晋级名额", "its ranking was below the advancement line"},
		haizhi.ReasonDuplicate:  {"与其他报名重复", "it duplicates another entry"},
		haizhi.ReasonOther:      {"详见主办方留言", "see the organisers' note"},
	}[r]
	return haizhi.Localized(locale, zh[0], zh[1])
}

// roundAfter returns the kind of the round after kind in the edition, or "".
func roundAfter(ed *haizhi.Edition, kind haizhi.RoundKind) haizhi.RoundKind {
	for i, r := range ed.Structure.Rounds {
		if r.Kind == kind && i+1 < len(ed.Structure.Rounds) {
			return ed.Structure.Rounds[i+1].Kind
		}
	}
	return ""
}

// FindDecisions lists an entry's decisions; see haizhi.EntryService.
func (s *EntryService) FindDecisions(ctx context.Context, entryID int64) ([]*haizhi.EntryDecision, error) {
	tx, err := s.db.BeginTx(ctx, false)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if _, _, err := reachableEntry(tx, entryID, false); err != nil {
		return nil, err
	}
	out := []*haizhi.EntryDecision{}
	err = eachRow(tx, `SELECT id, entry_id, round, outcome, reason, note, decided_by, created_at FROM entry_decisions WHERE entry_id = ? ORDER BY id`,
		[]any{entryID}, func(scan func(...any) error) error {
			d := &haizhi.EntryDecision{}
			if err := scan(&d.ID, &d.EntryID, &d.Round, &d.Outcome, &d.Reason, &d.Note, &d.DecidedBy, &d.CreatedAt); err != nil {
				return err
			}
			d.CreatedAt = d.CreatedAt.UTC()
			out = append(out, d)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("find decisions: %w", err)
	}
	return out, nil
}

// EvaluateEligibility re-evaluates every submitted entry; see haizhi.EntryService.
func (s *EntryService) EvaluateEligibility(ctx context.Context, editionID int64) (int, error) {
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	ed, err := managedEditionParts(tx, editionID)
	if err != nil {
		return 0, err
	}
	ids, err := editionEntryIDs(tx, editionID)
	if err != nil {
		return 0, err
	}
	notEligible := 0
	err = eachEntryBatch(tx, ids, false, func(e *haizhi.Entry, _ []*haizhi.EntryDecision) error {
		el := haizhi.Evaluate(ed.Rules, e.RuleAnswers(), screeningClose(ed))
		if !el.Eligible {
			notEligible++
		}
		if _, err := tx.Exec(`UPDATE entries SET eligible = ?, failed = ? WHERE id = ?`, el.Eligible, failedKeys(el), e.ID); err != nil {
			return fmt.Errorf("store eligibility: %w", err)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	tx.Audit("edition.evaluate_eligibility", "edition", editionID, ed.UnitPath, map[string]any{"entries": len(ids), "not_eligible": notEligible})
	return notEligible, tx.Commit()
}

// editionEntryIDs lists the ids of an edition's submitted entries, by id.
func editionEntryIDs(tx *Tx, editionID int64) ([]int64, error) {
	var ids []int64
	err := eachRow(tx, `SELECT id FROM entries WHERE edition_id = ? AND status = ? ORDER BY id`, []any{editionID, string(haizhi.EntrySubmitted)}, func(scan func(...any) error) error {
		var id int64
		err := scan(&id)
		ids = append(ids, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list entries: %w", err)
	}
	return ids, nil
}

// editionEntries loads the submitted entries of an edition (without answers), by id;
// round, when given, keeps those pending in it.
func editionEntries(tx *Tx, editionID int64, round haizhi.RoundKind) ([]*haizhi.Entry, error) {
	q, args := `SELECT `+entryColumns+entryFrom+` WHERE e.edition_id = ? AND e.status = ?`, []any{editionID, string(haizhi.EntrySubmitted)}
	if round != "" {
		q, args = q+` AND e.round = ? AND e.outcome = 'pending'`, append(args, string(round))
	}
	var out []*haizhi.Entry
	err := eachRow(tx, q+` ORDER BY e.id`, args, func(scan func(...any) error) error {
		e, err := scanEntry(rowScanner(scan))
		out = append(out, e)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load entries: %w", err)
	}
	return out, nil
}

// errNoRows reports whether err is sql.ErrNoRows.
func errNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
