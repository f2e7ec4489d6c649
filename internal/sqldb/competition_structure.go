package sqldb

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

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
