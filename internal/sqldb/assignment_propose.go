package sqldb

import (
	"context"
	"fmt"
	"strconv"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/assign"
	"github.com/haizhi-dev/haizhi/internal/textseg"
)

// ProposeAssignment solves the round's assignment; see haizhi.AssignmentService.
func (s *AssignmentService) ProposeAssignment(ctx context.Context, editionID int64, round haizhi.RoundKind, opts haizhi.AssignOptions) (*haizhi.AssignmentPlan, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	tx, err := s.db.BeginTx(ctx, true)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	ed, err := managedEditionParts(tx, editionID)
	if err != nil {
		return nil, err
	}
	if _, err := roundOf(ed, round); err != nil {
		return nil, err
	}
	if pub, err := roundPublished(tx, editionID, round); err != nil {
		return nil, err
	} else if pub {
		return nil, errPublished()
	}
	pool, err := poolOf(tx, editionID)
	if err != nil {
		return nil, err
	}
	entries, err := editionEntries(tx, editionID, round)
	if err != nil {
		return nil, err
	}
	conflicts, err := conflictSet(tx, editionID)
	if err != nil {
		return nil, err
	}
	// The solver's ids are labels an operator can read in its English reasons ("Prof.
	// Huber #12", "Solid-state cells #345"); the number after '#' is the record's id. The
	// translated reasons use the names alone.
	in := assign.Instance{}
	seg := textseg.Default()
	locale := readerLocale(tx.Actor())
	names := reasonNames{labels: map[string]string{}, institutions: map[string]string{}}
	judgeLabel := map[int64]string{}
	for _, j := range pool {
		label := j.Name + " #" + strconv.FormatInt(j.UserID, 10)
		judgeLabel[j.UserID], names.labels[label] = label, j.Name
		org := haizhi.OrgKey(j.Institution)
		if _, ok := names.institutions[org]; !ok {
			names.institutions[org] = j.Institution
		}
		in.Judges = append(in.Judges, assign.Judge{ID: label, MinLoad: j.MinLoad, MaxLoad: j.MaxLoad,
			Category: string(j.Category), Institution: org})
	}
	affinity := map[[2]int64]float64{}
	for _, e := range entries {
		title := e.Project.Title(locale)
		eid := title + " #" + strconv.FormatInt(e.ID, 10)
		names.labels[eid] = title
		in.Entries = append(in.Entries, assign.Entry{ID: eid, JudgesRequired: opts.K, NeedCategory: string(opts.NeedCategory),
			MaxPerInstitution: opts.MaxPerInstitution})
		for _, j := range pool {
			jid := judgeLabel[j.UserID]
			if conflicts[[2]int64{e.ID, j.UserID}] {
				in.Conflicts = append(in.Conflicts, assign.Conflict{Entry: eid, Judge: jid})
				continue
			}
			if a := haizhi.JudgeAffinity(j, e, seg.Tokens); a > 0 {
				affinity[[2]int64{e.ID, j.UserID}] = a
				in.Affinity = append(in.Affinity, assign.Affinity{Entry: eid, Judge: jid, Score: a})
			}
		}
	}
	res, err := assign.Solve(in)
	if err != nil {
		return nil, fmt.Errorf("assign: %w", err)
	}
	plan := &haizhi.AssignmentPlan{Status: res.Status, Options: opts, TotalAffinity: res.TotalAffinity}
	for _, r := range res.Reasons {
		plan.Reasons = append(plan.Reasons, names.reason(r))
	}
	if !plan.Saved() {
		return plan, nil
	}
	if _, err := tx.Exec(`DELETE FROM assignments WHERE edition_id = ? AND round = ? AND published = FALSE`, editionID, string(round)); err != nil {
		return nil, fmt.Errorf("clear draft: %w", err)
	}
	for _, p := range res.Assignments {
		eid, jid := labelID(p.Entry), labelID(p.Judge)
		if _, err := tx.Exec(`INSERT INTO assignments (edition_id, round, entry_id, judge_user_id, affinity, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			editionID, string(round), eid, jid, affinity[[2]int64{eid, jid}], tx.now); err != nil {
			return nil, fmt.Errorf("save assignment: %w", err)
		}
	}
	// The preview measures the draft, hand-adjusted or not, against these conditions.
	if _, err := tx.Exec(`INSERT INTO assignment_rounds (edition_id, round, k, need_category, max_per_institution, proposed_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (edition_id, round) DO UPDATE SET k = excluded.k, need_category = excluded.need_category,
		max_per_institution = excluded.max_per_institution, proposed_at = excluded.proposed_at`,
		editionID, string(round), opts.K, string(opts.NeedCategory), opts.MaxPerInstitution, tx.now); err != nil {
		return nil, fmt.Errorf("save assignment options: %w", err)
	}
	plan.Assigned = len(res.Assignments)
	tx.Audit("assignment.propose", "edition", editionID, ed.UnitPath, map[string]any{"round": round, "k": opts.K,
		"need_category": opts.NeedCategory, "max_per_institution": opts.MaxPerInstitution, "status": res.Status,
		"entries": len(entries), "judges": len(pool), "pairs": plan.Assigned, "total_affinity": res.TotalAffinity})
	return plan, tx.Commit()
}

// reasonNames turns the solver's labels into the names a reader knows.
type reasonNames struct {
	labels       map[string]string // solver label → entry title or judge name
	institutions map[string]string // OrgKey → the institution as a judge wrote it
}

// maxListed is how many names a reason lists before saying how many more there are.
const maxListed = 10

// list puts up to maxListed names of ids under key in args, and how many were left out
// under key+"More".
func (n reasonNames) list(args map[string]any, key string, ids []string, lookup map[string]string) {
	if len(ids) == 0 {
		return
	}
	var out []string
	for _, id := range ids[:min(len(ids), maxListed)] {
		name := lookup[id]
		if name == "" {
			name = id
		}
		out = append(out, name)
	}
	args[key] = out
	if more := len(ids) - len(out); more > 0 {
		args[key+"More"] = more
	}
}

// reason translates a solver reason into a catalogue key ("assign_reason.<code>") with
// its parameters: the figures, the category's code, and the names of the entries, judges
// and institutions it is about (Entry and Judge name the first of each).
func (n reasonNames) reason(r assign.Reason) haizhi.AssignmentReason {
	args := map[string]any{"Need": r.Need, "Have": r.Have, "Short": r.Short, "Cap": r.Cap,
		"Gap": strconv.FormatFloat(r.Gap, 'f', 2, 64), "Category": r.Category}
	n.list(args, "Entries", r.Entries, n.labels)
	n.list(args, "Judges", r.Judges, n.labels)
	n.list(args, "Institutions", r.Institutions, n.institutions)
	if len(r.Entries) > 0 {
		args["Entry"] = args["Entries"].([]string)[0]
	}
	if len(r.Judges) > 0 {
		args["Judge"] = args["Judges"].([]string)[0]
	}
	return haizhi.AssignmentReason{Key: "assign_reason." + string(r.Code), Args: args, Text: r.String()}
}
