package sqldb

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// UpdateEditionStructure replaces an edition's divisions, tracks, rounds, quotas and prize
// tiers in one transaction, keeping the ids of divisions and tracks by code and of rounds
// by kind.
func (s *CompetitionService) UpdateEditionStructure(ctx context.Context, id int64, version int, st haizhi.EditionStructure) (*haizhi.Edition, error) {
	if err := st.Validate(); err != nil {
		return nil, err
	}
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
	e.Version, e.UpdatedAt = e.Version+1, tx.now
	if _, err := tx.Exec(`UPDATE editions SET version = ?, updated_at = ? WHERE id = ?`, e.Version, e.UpdatedAt, id); err != nil {
		return nil, fmt.Errorf("update edition: %w", err)
	}
	if e.Structure, err = loadStructure(tx, id); err != nil {
		return nil, err
	}
	tx.Audit("edition.structure", "edition", id, e.UnitPath, map[string]any{"divisions": divKeys, "tracks": trackKeys,
		"rounds": roundKeys, "quotas": len(st.Quotas), "prize_tiers": len(st.PrizeTiers), "version": e.Version})
	return e, tx.Commit()
}

// SetEditionStatus moves an edition along its statuses.
func (s *CompetitionService) SetEditionStatus(ctx context.Context, id int64, version int, status haizhi.EditionStatus) (*haizhi.Edition, error) {
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
	if !slices.Contains(e.Status.Next(), status) {
		return nil, &haizhi.Error{Code: haizhi.EINVALID, Key: "error.status_transition", Message: fmt.Sprintf("An edition cannot go from %s to %s.", e.Status, status)}
	}
	if e.Structure, err = loadStructure(tx, id); err != nil {
		return nil, err
	}
	if status == haizhi.EditionOpen {
		if err := e.Structure.ReadyToOpen(); err != nil {
			return nil, err
		}
	}
	from := e.Status
	e.Status, e.Version, e.UpdatedAt = status, e.Version+1, tx.now
	if _, err := tx.Exec(`UPDATE editions SET status = ?, version = ?, updated_at = ? WHERE id = ?`, string(status), e.Version, e.UpdatedAt, id); err != nil {
		return nil, fmt.Errorf("set edition status: %w", err)
	}
	tx.Audit("edition.status", "edition", id, e.UnitPath, map[string]any{"from": from, "to": status})
	return e, tx.Commit()
}

// UpdateEditionForm replaces an edition's application form, retiring the fields it drops.
func (s *CompetitionService) UpdateEditionForm(ctx context.Context, id int64, version int, form haizhi.AppForm) (*haizhi.Edition, error) {
	if err := form.Validate(); err != nil {
		return nil, err
	}
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
	if e.Form, err = loadForm(tx, id); err != nil {
		return nil, err
	}
	next, err := e.Form.Revise(form, e.Status != haizhi.EditionDraft)
	if err != nil {
		return nil, err
	}
	// A question an eligibility rule tests must stay, and stay testable.
	if e.Rules, err = loadRules(tx, id); err != nil {
		return nil, err
	}
	if haizhi.ValidateRules(e.Rules, next) != nil {
		return nil, &haizhi.Error{Code: haizhi.EINVALID, Key: "error.field_in_rule", Message: "An eligibility rule tests a question this change removes or retypes."}
	}
	doc, err := json.Marshal(next)
	if err != nil {
		return nil, fmt.Errorf("encode form: %w", err)
	}
	e.Form, e.Version, e.UpdatedAt = next, e.Version+1, tx.now
	if _, err := tx.Exec(`UPDATE editions SET form = ?, version = ?, updated_at = ? WHERE id = ?`, string(doc), e.Version, e.UpdatedAt, id); err != nil {
		return nil, fmt.Errorf("update form: %w", err)
	}
	if e.Structure, err = loadStructure(tx, id); err != nil {
		return nil, err
	}
	active := 0
	for _, f := range next.Fields {
		if !f.Retired {
			active++
		}
	}
	tx.Audit("edition.form", "edition", id, e.UnitPath, map[string]any{"sections": len(next.Sections), "fields": active,
		"retired": len(next.Fields) - active, "version": e.Version})
	return e, tx.Commit()
}

// UpdateEditionRules replaces an edition's eligibility rules.
func (s *CompetitionService) UpdateEditionRules(ctx context.Context, id int64, version int, rules []haizhi.EligibilityRule) (*haizhi.Edition, error) {
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
	if e.Form, err = loadForm(tx, id); err != nil {
		return nil, err
	}
	if rules == nil {
		rules = []haizhi.EligibilityRule{}
	}
	if err := haizhi.ValidateRules(rules, e.Form); err != nil {
		return nil, err
	}
	doc, err := json.Marshal(rules)
	if err != nil {
		return nil, fmt.Errorf("encode rules: %w", err)
	}
	e.Rules, e.Version, e.UpdatedAt = rules, e.Version+1, tx.now
	if _, err := tx.Exec(`UPDATE editions SET rules = ?, version = ?, updated_at = ? WHERE id = ?`, string(doc), e.Version, e.UpdatedAt, id); err != nil {
		return nil, fmt.Errorf("update rules: %w", err)
	}
	if e.Structure, err = loadStructure(tx, id); err != nil {
		return nil, err
	}
	keys := make([]string, len(rules))
	for i, r := range rules {
		keys[i] = r.Key
	}
	tx.Audit("edition.rules", "edition", id, e.UnitPath, map[string]any{"rules": keys, "version": e.Version})
	return e, tx.Commit()
}

// loadRules reads an edition's eligibility rules.
func loadRules(tx *Tx, id int64) ([]haizhi.EligibilityRule, error) {
	var doc string
	if err := tx.QueryRow(`SELECT rules FROM editions WHERE id = ?`, id).Scan(&doc); err != nil {
		return nil, fmt.Errorf("load rules: %w", err)
	}
	rules := []haizhi.EligibilityRule{}
	if err := json.Unmarshal([]byte(doc), &rules); err != nil {
		return nil, fmt.Errorf("decode rules of edition %d: %w", id, err)
	}
	return rules, nil
}

// loadForm reads an edition's application form.
func loadForm(tx *Tx, id int64) (haizhi.AppForm, error) {
	var doc string
	if err := tx.QueryRow(`SELECT form FROM editions WHERE id = ?`, id).Scan(&doc); err != nil {
		return haizhi.AppForm{}, fmt.Errorf("load form: %w", err)
	}
	f := haizhi.AppForm{Sections: []haizhi.FormSection{}, Fields: []haizhi.FormField{}}
	if err := json.Unmarshal([]byte(doc), &f); err != nil {
		return f, fmt.Errorf("decode form of edition %d: %w", id, err)
	}
	return f, nil
}

// syncKeyed makes the rows of table for an edition exactly keys, in that order: a row whose
// key stays is updated in place (keeping its id), a new key is inserted, a key that went is
// deleted. vals[i] are the values of cols for keys[i]. It returns key → id.
func syncKeyed(tx *Tx, table, keyCol string, editionID int64, keys []string, cols []string, vals [][]any) (map[string]int64, error) {
	rows, err := tx.Query(`SELECT id, `+keyCol+` FROM `+table+` WHERE edition_id = ?`, editionID)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", table, err)
	}
	existing := map[string]int64{}
	for rows.Next() {
		var id int64
		var k string
		if err := rows.Scan(&id, &k); err != nil {
			rows.Close()
			return nil, fmt.Errorf("%s: %w", table, err)
		}
		existing[k] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", table, err)
	}
	ids := make(map[string]int64, len(keys))
	for _, k := range keys {
		ids[k] = 0
	}
	for k, id := range existing {
		if _, keep := ids[k]; !keep {
			if _, err := tx.Exec(`DELETE FROM `+table+` WHERE id = ?`, id); err != nil {
				return nil, fmt.Errorf("%s: remove %s: %w", table, k, err)
			}
		}
	}
	set := strings.Join(cols, " = ?, ") + " = ?, position = ?"
	insert := `INSERT INTO ` + table + ` (edition_id, ` + keyCol + `, ` + strings.Join(cols, ", ") + `, position) VALUES (?, ?, ` +
		qmarks(len(cols)) + `, ?)`
	for i, k := range keys {
		if id, ok := existing[k]; ok {
			if _, err := tx.Exec(`UPDATE `+table+` SET `+set+` WHERE id = ?`, append(append([]any{}, vals[i]...), i, id)...); err != nil {
				return nil, fmt.Errorf("%s: update %s: %w", table, k, err)
			}
			ids[k] = id
			continue
		}
		id, err := tx.InsertID(insert, append(append([]any{editionID, k}, vals[i]...), i)...)
		if err != nil {
			return nil, fmt.Errorf("%s: add %s: %w", table, k, err)
		}
		ids[k] = id
	}
	return ids, nil
}

// loadStructure reads an edition's structure in display order.
func loadStructure(tx *Tx, id int64) (haizhi.EditionStructure, error) {
	st := haizhi.EditionStructure{Divisions: []haizhi.Division{}, Tracks: []haizhi.Track{}, Rounds: []haizhi.Round{},
		Quotas: []haizhi.Quota{}, PrizeTiers: []haizhi.PrizeTier{}}
	err := eachRow(tx, `SELECT id, code, name_zh, name_en FROM edition_divisions WHERE edition_id = ? ORDER BY position`, []any{id},
		func(scan func(...any) error) error {
			var d haizhi.Division
			err := scan(&d.ID, &d.Code, &d.NameZH, &d.NameEN)
			st.Divisions = append(st.Divisions, d)
			return err
		})
	if err == nil {
		err = eachRow(tx, `SELECT id, code, name_zh, name_en FROM edition_tracks WHERE edition_id = ? ORDER BY position`, []any{id},
			func(scan func(...any) error) error {
				var t haizhi.Track
				err := scan(&t.ID, &t.Code, &t.NameZH, &t.NameEN)
				st.Tracks = append(st.Tracks, t)
				return err
			})
	}
	if err == nil {
		err = eachRow(tx, `SELECT id, kind, name_zh, name_en, opens_at, closes_at FROM edition_rounds WHERE edition_id = ? ORDER BY position`, []any{id},
			func(scan func(...any) error) error {
				var r haizhi.Round
				err := scan(&r.ID, &r.Kind, &r.NameZH, &r.NameEN, &r.OpensAt, &r.ClosesAt)
				r.OpensAt, r.ClosesAt = r.OpensAt.UTC(), r.ClosesAt.UTC()
				st.Rounds = append(st.Rounds, r)
				return err
			})
	}
	if err == nil {
		err = eachRow(tx, `SELECT r.kind, d.code, t.code, q.quota FROM round_quotas q
			JOIN edition_rounds r ON r.id = q.round_id JOIN edition_divisions d ON d.id = q.division_id JOIN edition_tracks t ON t.id = q.track_id
			WHERE r.edition_id = ? ORDER BY r.position, d.position, t.position`, []any{id},
			func(scan func(...any) error) error {
				var q haizhi.Quota
				err := scan(&q.Round, &q.Division, &q.Track, &q.Count)
				st.Quotas = append(st.Quotas, q)
				return err
			})
	}
	if err == nil {
		err = eachRow(tx, `SELECT rank, name_zh, name_en, count FROM prize_tiers WHERE edition_id = ? ORDER BY rank`, []any{id},
			func(scan func(...any) error) error {
				var t haizhi.PrizeTier
				err := scan(&t.Rank, &t.NameZH, &t.NameEN, &t.Count)
				st.PrizeTiers = append(st.PrizeTiers, t)
				return err
			})
	}
	if err != nil {
		return st, fmt.Errorf("load edition structure: %w", err)
	}
	return st, nil
}

// eachRow runs query and calls fn with each row's Scan.
func eachRow(tx *Tx, query string, args []any, fn func(scan func(...any) error) error) error {
	rows, err := tx.Query(query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}
