package sqldb

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/haizhi-dev/haizhi"
)

// editEdition runs change on an edition the actor manages, in one write transaction,
// when version is the current one (else ECONFLICT "error.version_conflict"). change sees
// the edition with its structure, form and rules loaded, writes its own columns or rows,
// and returns the audit summary; editEdition then advances the version, reloads the
// edition as it now is and appends the audit event action.
func (s *CompetitionService) editEdition(ctx context.Context, id int64, version int, action string,
	change func(tx *Tx, e *haizhi.Edition) (map[string]any, error)) (*haizhi.Edition, error) {
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	e, err := managedEdition(tx, id)
	if err != nil {
		return nil, err
	}
	if e.Version != version {
		return nil, &haizhi.Error{Code: haizhi.ECONFLICT, Key: "error.version_conflict", Message: "The edition was changed by someone else."}
	}
	if err := loadEditionParts(tx, e); err != nil {
		return nil, err
	}
	summary, err := change(tx, e)
	if err != nil {
		return nil, err
	}
	e.Version, e.UpdatedAt = e.Version+1, tx.now
	if _, err := tx.Exec(`UPDATE editions SET version = ?, updated_at = ? WHERE id = ?`, e.Version, e.UpdatedAt, id); err != nil {
		return nil, fmt.Errorf("update edition: %w", err)
	}
	if err := loadEditionParts(tx, e); err != nil {
		return nil, err
	}
	summary["version"] = e.Version
	tx.Audit(action, "edition", id, e.UnitPath, summary)
	return e, tx.Commit()
}

// loadEditionParts reads an edition's structure, form and rules.
func loadEditionParts(tx *Tx, e *haizhi.Edition) error {
	var err error
	if e.Structure, err = loadStructure(tx, e.ID); err != nil {
		return err
	}
	if e.Form, err = loadForm(tx, e.ID); err != nil {
		return err
	}
	e.Rules, err = loadRules(tx, e.ID)
	return err
}

// UpdateEditionStructure replaces an edition's divisions, tracks, rounds, quotas and prize
// tiers, keeping the ids of divisions and tracks by code and of rounds by kind.
func (s *CompetitionService) UpdateEditionStructure(ctx context.Context, id int64, version int, st haizhi.EditionStructure) (*haizhi.Edition, error) {
	if err := st.Validate(); err != nil {
		return nil, err
	}
	return s.editEdition(ctx, id, version, "edition.structure", func(tx *Tx, e *haizhi.Edition) (map[string]any, error) {
		if err := structureInUse(tx, e, st); err != nil {
			return nil, err
		}
		divKeys, divVals := make([]string, len(st.Divisions)), make([][]any, len(st.Divisions))
		for i, d := range st.Divisions {
			divKeys[i], divVals[i] = d.Code, []any{d.NameZH, d.NameEN}
		}
		divIDs, err := syncKeyed(tx, "edition_divisions", "code", id, divKeys, []string{"name_zh", "name_en"}, divVals)
		if err != nil {
			return nil, err
		}
		trackKeys, trackVals := make([]string, len(st.Tracks)), make([][]any, len(st.Tracks))
		for i, t := range st.Tracks {
			trackKeys[i], trackVals[i] = t.Code, []any{t.NameZH, t.NameEN}
		}
		trackIDs, err := syncKeyed(tx, "edition_tracks", "code", id, trackKeys, []string{"name_zh", "name_en"}, trackVals)
		if err != nil {
			return nil, err
		}
		roundKeys, roundVals := make([]string, len(st.Rounds)), make([][]any, len(st.Rounds))
		for i, r := range st.Rounds {
			roundKeys[i], roundVals[i] = string(r.Kind), []any{r.NameZH, r.NameEN, r.OpensAt, r.ClosesAt}
		}
		roundIDs, err := syncKeyed(tx, "edition_rounds", "kind", id, roundKeys, []string{"name_zh", "name_en", "opens_at", "closes_at"}, roundVals)
		if err != nil {
			return nil, err
		}
		// Quotas and tiers are plain values: written afresh.
		if _, err := tx.Exec(`DELETE FROM round_quotas WHERE round_id IN (SELECT id FROM edition_rounds WHERE edition_id = ?)`, id); err != nil {
			return nil, fmt.Errorf("clear quotas: %w", err)
		}
		for _, q := range st.Quotas {
			if _, err := tx.Exec(`INSERT INTO round_quotas (round_id, division_id, track_id, quota) VALUES (?, ?, ?, ?)`,
				roundIDs[string(q.Round)], divIDs[q.Division], trackIDs[q.Track], q.Count); err != nil {
				return nil, fmt.Errorf("save quota: %w", err)
			}
		}
		if _, err := tx.Exec(`DELETE FROM prize_tiers WHERE edition_id = ?`, id); err != nil {
			return nil, fmt.Errorf("clear prize tiers: %w", err)
		}
		for _, t := range st.PrizeTiers {
			if _, err := tx.Exec(`INSERT INTO prize_tiers (edition_id, rank, name_zh, name_en, count) VALUES (?, ?, ?, ?, ?)`,
				id, t.Rank, t.NameZH, t.NameEN, t.Count); err != nil {
				return nil, fmt.Errorf("save prize tier: %w", err)
			}
		}
		return map[string]any{"divisions": divKeys, "tracks": trackKeys, "rounds": roundKeys, "quotas": len(st.Quotas), "prize_tiers": len(st.PrizeTiers)}, nil
	})
}

// structureInUse refuses to drop a division, track or round that entries are in: they
// would lose their place.
func structureInUse(tx *Tx, e *haizhi.Edition, next haizhi.EditionStructure) error {
	errs := map[string]string{}
	count := func(cond string, arg any) (int, error) {
		var n int
		err := tx.QueryRow(`SELECT COUNT(*) FROM entries WHERE edition_id = ? AND `+cond, e.ID, arg).Scan(&n)
		return n, err
	}
	for _, d := range e.Structure.Divisions {
		if slices.ContainsFunc(next.Divisions, func(x haizhi.Division) bool { return x.Code == d.Code }) {
			continue
		}
		if n, err := count("division_id = ?", d.ID); err != nil {
			return fmt.Errorf("division in use: %w", err)
		} else if n > 0 {
			errs["divisions"] = "error.division_in_use"
		}
	}
	for _, t := range e.Structure.Tracks {
		if slices.ContainsFunc(next.Tracks, func(x haizhi.Track) bool { return x.Code == t.Code }) {
			continue
		}
		if n, err := count("track_id = ?", t.ID); err != nil {
			return fmt.Errorf("track in use: %w", err)
		} else if n > 0 {
			errs["tracks"] = "error.track_in_use"
		}
	}
	for _, r := range e.Structure.Rounds {
		if slices.ContainsFunc(next.Rounds, func(x haizhi.Round) bool { return x.Kind == r.Kind }) {
			continue
		}
		if n, err := count("round = ?", string(r.Kind)); err != nil {
			return fmt.Errorf("round in use: %w", err)
		} else if n > 0 {
			errs["rounds"] = "error.round_in_use"
		}
	}
	if len(errs) > 0 {
		return haizhi.Invalid(errs)
	}
	return nil
}

// SetEditionStatus moves an edition along its statuses; opening needs a ready structure.
func (s *CompetitionService) SetEditionStatus(ctx context.Context, id int64, version int, status haizhi.EditionStatus) (*haizhi.Edition, error) {
	return s.editEdition(ctx, id, version, "edition.status", func(tx *Tx, e *haizhi.Edition) (map[string]any, error) {
		if !slices.Contains(e.Status.Next(), status) {
			return nil, &haizhi.Error{Code: haizhi.EINVALID, Key: "error.status_transition", Message: fmt.Sprintf("An edition cannot go from %s to %s.", e.Status, status)}
		}
		if status == haizhi.EditionOpen {
			if err := e.Structure.ReadyToOpen(); err != nil {
				return nil, err
			}
		}
		from := e.Status
		e.Status = status
		if _, err := tx.Exec(`UPDATE editions SET status = ? WHERE id = ?`, string(status), id); err != nil {
			return nil, fmt.Errorf("set edition status: %w", err)
		}
		return map[string]any{"from": from, "to": status}, nil
	})
}

// UpdateEditionForm replaces an edition's application form, retiring the fields it drops.
// A question an eligibility rule tests must stay, and stay testable.
func (s *CompetitionService) UpdateEditionForm(ctx context.Context, id int64, version int, form haizhi.AppForm) (*haizhi.Edition, error) {
	if err := form.Validate(); err != nil {
		return nil, err
	}
	return s.editEdition(ctx, id, version, "edition.form", func(tx *Tx, e *haizhi.Edition) (map[string]any, error) {
		next, err := e.Form.Revise(form, e.Status != haizhi.EditionDraft)
		if err != nil {
			return nil, err
		}
		if haizhi.ValidateRules(e.Rules, next) != nil {
			return nil, &haizhi.Error{Code: haizhi.EINVALID, Key: "error.field_in_rule", Message: "An eligibility rule tests a question this change removes or retypes."}
		}
		if err := writeJSON(tx, id, "form", next); err != nil {
			return nil, err
		}
		active := len(next.Active())
		return map[string]any{"sections": len(next.Sections), "fields": active, "retired": len(next.Fields) - active}, nil
	})
}

// UpdateEditionRules replaces an edition's eligibility rules, which must fit its form.
func (s *CompetitionService) UpdateEditionRules(ctx context.Context, id int64, version int, rules []haizhi.EligibilityRule) (*haizhi.Edition, error) {
	if rules == nil {
		rules = []haizhi.EligibilityRule{}
	}
	return s.editEdition(ctx, id, version, "edition.rules", func(tx *Tx, e *haizhi.Edition) (map[string]any, error) {
		if err := haizhi.ValidateRules(rules, e.Form); err != nil {
			return nil, err
		}
		if err := writeJSON(tx, id, "rules", rules); err != nil {
			return nil, err
		}
		keys := make([]string, len(rules))
		for i, r := range rules {
			keys[i] = r.Key
		}
		return map[string]any{"rules": keys}, nil
	})
}

// writeJSON stores v as the JSON document in column col ("form" or "rules") of an edition.
func writeJSON(tx *Tx, id int64, col string, v any) error {
	doc, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", col, err)
	}
	if _, err := tx.Exec(`UPDATE editions SET `+col+` = ? WHERE id = ?`, string(doc), id); err != nil {
		return fmt.Errorf("update %s: %w", col, err)
	}
	return nil
}
