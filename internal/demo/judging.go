package demo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/haizhi-dev/haizhi"
)

// The current year's edition of the demo competition, in its judging phase: its call
// closed three and a half weeks ago with about 180 entries; screening rejected the
// ineligible and a copied project; a pool of 23 judges of every kind scored the
// preliminary round online (three judges an entry, assigned by the solver and
// published, every sheet submitted under the judge's own account); the calibrated scores
// were applied to the ranking and the quotas sent 22 finalists to the final roadshow,
// which is still to come.

// judgedEdition is the current year's edition once its preliminary round is decided: the
// edition, its judge pool and the finalists (entry ids, pending in the final round), for
// the final to be set up from.
type judgedEdition struct {
	edition   *haizhi.Edition
	pool      []*haizhi.Judge
	finalists []int64
}

// loadCurrentEdition writes the current year's edition, judged up to its final, and is
// the place where its final is set up: the live final's loader (rooms, running order
// drawn by lot, live scoring) takes the judged edition here.
func (l *loader) loadCurrentEdition() error {
	je, err := l.loadJudgedEdition()
	if err != nil || je == nil || len(je.finalists) == 0 {
		return err
	}
	return l.loadFinal(je)
}

// loadJudgedEdition writes the current year's edition (the year of "today" in Hangzhou)
// up to its final and returns it; nil when the loader has no competition or entries.
// Without the judging services it stops after the screening.
func (l *loader) loadJudgedEdition() (*judgedEdition, error) {
	if l.competition == nil || l.s.Entries == nil {
		return nil, nil
	}
	local := l.now.In(haizhi.Shanghai)
	today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, haizhi.Shanghai)
	day := func(days, hour int) time.Time { return today.AddDate(0, 0, days).Add(time.Duration(hour) * time.Hour) }
	st := judgedStructure(day)
	seed := l.rng.Uint64()
	apps := judgedApplicants(applEditionJudged(local.Year(), st.Rounds[0].OpensAt.UTC(), st.Rounds[0].ClosesAt.UTC(), seed))

	l.at(day(-122, 10))
	ed, err := l.addEdition(local.Year(), st)
	if err != nil {
		return nil, err
	}
	l.at(st.Rounds[0].OpensAt)
	if ed, err = l.setStatus(ed, haizhi.EditionOpen); err != nil {
		return nil, err
	}
	judging := l.s.Judges != nil && l.s.Assignments != nil && l.s.Scoring != nil && l.s.Rankings != nil
	var specs []poolJudge
	if judging {
		if specs, err = l.inviteJudgedPool(ed, day); err != nil {
			return nil, err
		}
	}
	l.at(st.Rounds[0].ClosesAt.Add(time.Minute))
	if ed, err = l.setStatus(ed, haizhi.EditionClosed); err != nil {
		return nil, err
	}
	ids, err := l.loadJudgedEntries(ed, apps, day)
	if err != nil {
		return nil, err
	}
	je := &judgedEdition{edition: ed}
	if !judging {
		return je, nil
	}
	if err := l.prepareJudging(ed, day); err != nil {
		return nil, err
	}
	quality := map[int64]float64{}
	for i, a := range apps {
		quality[ids[i]] = a.Quality
	}
	if err := l.judgePreliminary(ed, specs, quality, rand.New(rand.NewPCG(seed, 2)), day); err != nil {
		return nil, err
	}
	if je.finalists, err = l.advanceToFinal(ed, day); err != nil {
		return nil, err
	}
	for _, sp := range specs {
		je.pool = append(je.pool, &sp.Judge)
	}
	return je, nil
}

// inviteJudgedPool invites the judged edition's pool in the call's last week, a few
// judges a day, and returns it with the judges' user ids filled in.
func (l *loader) inviteJudgedPool(ed *haizhi.Edition, day func(days, hour int) time.Time) ([]poolJudge, error) {
	ctx := l.operatorCtx()
	specs := judgedPool()
	for i := range specs {
		l.at(day(-31+i/6, 10+i%6))
		j := specs[i].Judge
		j.EditionID = ed.ID
		// Every demo judge can sign in with the demo password, to score the live final
		// on a phone; the invitation then grants the judge role to the account.
		if _, ok := l.users[j.Email]; !ok {
			if _, err := l.s.Users.CreateUser(l.ctx, haizhi.NewUser{Email: j.Email, Name: j.Name, Locale: j.Locale,
				Password: Password, Role: haizhi.RoleJudge, UnitID: l.units["yuhang"].ID}); err != nil {
				return nil, fmt.Errorf("judge account %s: %w", j.Email, err)
			}
		}
		if err := l.s.Judges.InviteJudge(ctx, &j); err != nil {
			return nil, fmt.Errorf("judge %s: %w", j.Email, err)
		}
		specs[i].Judge = j
	}
	return specs, nil
}

// prepareJudging computes the pool's conflicts with the entries once the screening is
// done, and sets the rubrics of the preliminary round and the final.
func (l *loader) prepareJudging(ed *haizhi.Edition, day func(days, hour int) time.Time) error {
	ctx := l.operatorCtx()
	l.at(day(-22, 16))
	if _, err := l.s.Judges.ComputeConflicts(ctx, ed.ID); err != nil {
		return fmt.Errorf("conflicts: %w", err)
	}
	l.at(day(-22, 17))
	for _, r := range []*haizhi.RoundRubric{preliminaryRubric(ed.ID), finalRubric(ed.ID)} {
		if _, err := l.s.Scoring.SetRubric(ctx, r); err != nil {
			return fmt.Errorf("%s rubric: %w", r.Round, err)
		}
	}
	return nil
}

// sheetEvent is one write of a judge's score sheet: a draft or the submission.
type sheetEvent struct {
	at      time.Time
	judge   int // index in the pool
	entryID int64
	values  map[string]float64
	comment string
	submit  bool
}

// judgePreliminary has the solver propose three judges an entry for the preliminary
// round, publishes the assignment, and has every judge score their entries over the
// round's two and a half weeks, each under their own account: some save a draft first,
// all submit.
func (l *loader) judgePreliminary(ed *haizhi.Edition, specs []poolJudge, quality map[int64]float64, r *rand.Rand, day func(days, hour int) time.Time) error {
	ctx := l.operatorCtx()
	l.at(day(-21, 10))
	plan, err := l.s.Assignments.ProposeAssignment(ctx, ed.ID, haizhi.RoundPreliminary, haizhi.AssignOptions{K: 3})
	if err != nil {
		return fmt.Errorf("propose assignment: %w", err)
	}
	if !plan.Saved() {
		return fmt.Errorf("propose assignment: %s %v", plan.Status, plan.Reasons)
	}
	l.at(day(-21, 11))
	if _, err := l.s.Assignments.PublishAssignments(ctx, ed.ID, haizhi.RoundPreliminary); err != nil {
		return fmt.Errorf("publish assignment: %w", err)
	}
	byJudge := map[int64][]int64{}
	for page := 0; ; page++ {
		list, _, err := l.s.Assignments.FindAssignments(ctx, haizhi.AssignmentFilter{EditionID: ed.ID, Round: haizhi.RoundPreliminary,
			Page: haizhi.Page{Offset: page * haizhi.MaxPageSize, Limit: haizhi.MaxPageSize}})
		if err != nil {
			return err
		}
		for _, a := range list {
			byJudge[a.JudgeUserID] = append(byJudge[a.JudgeUserID], a.EntryID)
		}
		if len(list) < haizhi.MaxPageSize {
			break
		}
	}
	rubric := preliminaryRubric(ed.ID)
	// What every judge sees alike in an entry besides its overall quality: stronger on
	// one criterion, weaker on another.
	entryIDs := slices.Sorted(func(yield func(int64) bool) {
		for id := range quality {
			if !yield(id) {
				return
			}
		}
	})
	profile := map[int64][]float64{}
	for _, id := range entryIDs {
		p := make([]float64, len(rubric.Criteria))
		for k := range p {
			p[k] = 0.6 * r.NormFloat64()
		}
		profile[id] = p
	}
	opens, closes := day(-21, 11), day(-4, 17)
	var events []sheetEvent
	for ji, sp := range specs {
		entries := slices.Sorted(slices.Values(byJudge[sp.UserID]))
		// Each judge starts a few days in and finishes before the deadline, scoring at
		// a steady pace in between.
		start := opens.Add(time.Duration(r.Float64()*4*24) * time.Hour)
		end := closes.Add(-time.Duration(r.Float64()*3*24) * time.Hour)
		for n, id := range entries {
			at := start.Add(time.Duration((float64(n) + r.Float64()) / float64(len(entries)) * float64(end.Sub(start))))
			values := judgeValues(rubric, sp, quality[id], profile[id], r)
			comment := ""
			if r.Float64() < sp.comments {
				comment = sheetComment(sp.Locale, rubric, values, r)
			}
			// Some sheets are begun as a draft a few hours before they are submitted.
			if draftAt := at.Add(-time.Duration(2+r.IntN(20)) * time.Hour); r.IntN(100) < 15 && draftAt.After(opens) {
				draft := map[string]float64{}
				for _, c := range rubric.Criteria[:2] {
					draft[c.Key] = values[c.Key]
				}
				events = append(events, sheetEvent{at: draftAt, judge: ji, entryID: id, values: draft})
			}
			events = append(events, sheetEvent{at: at, judge: ji, entryID: id, values: values, comment: comment, submit: true})
		}
	}
	slices.SortStableFunc(events, func(a, b sheetEvent) int { return a.at.Compare(b.at) })
	judgeCtx := make([]context.Context, len(specs))
	for i, sp := range specs {
		u, err := l.s.Users.FindUserByID(l.ctx, sp.UserID)
		if err != nil {
			return fmt.Errorf("judge %s: %w", sp.Email, err)
		}
		judgeCtx[i] = haizhi.NewContextWithActor(l.ctx, u.Actor("", ""))
	}
	for _, ev := range events {
		l.at(ev.at)
		if _, err := l.s.Scoring.SaveSheet(judgeCtx[ev.judge], ev.entryID, ev.values, ev.comment, ev.submit); err != nil {
			return fmt.Errorf("sheet of %s for entry %d: %w", specs[ev.judge].Email, ev.entryID, err)
		}
	}
	return nil
}

// judgeValues is one judge's scores of an entry: the middle of the scale moved by the
// entry's quality and profile (stretched by the judge's spread), the judge's bias, and
// noise; on the criterion's range, in its steps.
func judgeValues(rubric *haizhi.RoundRubric, sp poolJudge, quality float64, profile []float64, r *rand.Rand) map[string]float64 {
	values := map[string]float64{}
	for k, c := range rubric.Criteria {
		mid, unit, step := (c.Min+c.Max)/2, (c.Max-c.Min)/10, c.Step
		if step == 0 {
			step = unit / 2
		}
		v := mid + 0.6*unit + unit*(sp.spread*(1.1*quality+profile[k])+sp.bias+0.55*r.NormFloat64())
		v = math.Round((v-c.Min)/step)*step + c.Min
		values[c.Key] = min(c.Max, max(c.Min+unit, v))
	}
	return values
}

// sheetComment picks a comment in the judge's language that fits the scores.
func sheetComment(locale string, rubric *haizhi.RoundRubric, values map[string]float64, r *rand.Rand) string {
	total, err := rubric.Total(values)
	if err != nil {
		return ""
	}
	level := 1
	switch {
	case total >= 75:
		level = 0
	case total < 50:
		level = 2
	}
	if locale != haizhi.LocaleEN {
		locale = haizhi.LocaleZH
	}
	return applPick(r, sheetComments[locale][level])
}

// advanceToFinal applies the preliminary round's calibrated scores to its ranking the
// morning after the round closed, confirms every cell's advancement by the quotas (a tie
// at a line advances every tied entry, recorded in the audit log), and returns the
// finalists.
func (l *loader) advanceToFinal(ed *haizhi.Edition, day func(days, hour int) time.Time) ([]int64, error) {
	ctx := l.operatorCtx()
	l.at(day(-3, 10))
	if _, err := l.s.Scoring.ApplyMethod(ctx, ed.ID, haizhi.RoundPreliminary); err != nil {
		return nil, fmt.Errorf("apply scores: %w", err)
	}
	ranking, err := l.s.Rankings.FindRanking(ctx, ed.ID, haizhi.RoundPreliminary)
	if err != nil {
		return nil, err
	}
	var cells []string
	tied := false
	for _, c := range ranking.Cells {
		cells = append(cells, c.Division+"/"+c.Track)
		tied = tied || len(c.Tied) > 0
	}
	l.at(day(-3, 11))
	if _, _, err := l.s.Rankings.ConfirmAdvancement(ctx, ed.ID, haizhi.RoundPreliminary, cells, tied); err != nil {
		return nil, fmt.Errorf("advancement: %w", err)
	}
	list, _, err := l.s.Entries.FindEntries(ctx, haizhi.EntryFilter{EditionID: ed.ID, Round: haizhi.RoundFinal, Page: haizhi.Page{Limit: haizhi.MaxPageSize}})
	if err != nil {
		return nil, err
	}
	var finalists []int64
	for _, e := range list {
		finalists = append(finalists, e.ID)
	}
	return finalists, nil
}
