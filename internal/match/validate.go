package match

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// MaxMoney is the largest amount of money (yuan) accepted in a funding need, budget,
// subsidy ceiling or ticket: 100 billion, as the root package's project validation.
const MaxMoney = 100_000_000_000

// Validate reports the first problem of the corpus, naming the field the way the JSON
// input of `haizhi match eval` spells it (projects[3].stage, needs[0].id): an empty or duplicate id, a
// project or need without title, an unknown stage, negative or excessive money, a ticket
// whose minimum exceeds its maximum, a negative capacity.
func (c *Corpus) Validate() error {
	ids := map[string]bool{}
	for i, p := range c.Projects {
		f := fmt.Sprintf("projects[%d]", i)
		if err := checkID(ids, f, p.ID); err != nil {
			return err
		}
		if strings.TrimSpace(p.Title) == "" && strings.TrimSpace(p.Summary) == "" {
			return fmt.Errorf("%s.title: empty (a project needs a title or a summary)", f)
		}
		if err := checkStage(f+".stage", p.Stage); err != nil {
			return err
		}
		if err := checkMoney(f+".funding_need", p.FundingNeed); err != nil {
			return err
		}
	}
	clear(ids)
	for i, n := range c.Needs {
		f := fmt.Sprintf("needs[%d]", i)
		if err := checkID(ids, f, n.ID); err != nil {
			return err
		}
		if strings.TrimSpace(n.Title) == "" && strings.TrimSpace(n.Description) == "" {
			return fmt.Errorf("%s.title: empty (a need needs a title or a description)", f)
		}
		if err := checkMoney(f+".budget", n.Budget); err != nil {
			return err
		}
	}
	clear(ids)
	for i, s := range c.Sites {
		f := fmt.Sprintf("sites[%d]", i)
		if err := checkID(ids, f, s.ID); err != nil {
			return err
		}
		if err := checkMoney(f+".subsidy_ceiling", s.SubsidyCeiling); err != nil {
			return err
		}
		if s.Capacity < 0 {
			return fmt.Errorf("%s.capacity: %d is negative", f, s.Capacity)
		}
	}
	clear(ids)
	for i, v := range c.Investors {
		f := fmt.Sprintf("investors[%d]", i)
		if err := checkID(ids, f, v.ID); err != nil {
			return err
		}
		for j, st := range v.Stages {
			if err := checkStage(fmt.Sprintf("%s.stages[%d]", f, j), st); err != nil {
				return err
			}
		}
		if err := checkMoney(f+".ticket_min", v.TicketMin); err != nil {
			return err
		}
		if err := checkMoney(f+".ticket_max", v.TicketMax); err != nil {
			return err
		}
		if v.TicketMax > 0 && v.TicketMin > v.TicketMax {
			return fmt.Errorf("%s.ticket_min: %d is above ticket_max %d", f, v.TicketMin, v.TicketMax)
		}
	}
	return nil
}

func checkID(seen map[string]bool, field, id string) error {
	switch {
	case strings.TrimSpace(id) == "":
		return fmt.Errorf("%s.id: empty", field)
	case seen[id]:
		return fmt.Errorf("%s.id: duplicate id %q", field, id)
	}
	seen[id] = true
	return nil
}

func checkStage(field, stage string) error {
	if stage == "" || slices.Contains(stages, strings.ToLower(strings.TrimSpace(stage))) {
		return nil
	}
	return fmt.Errorf("%s: unknown stage %q (want %s)", field, stage, strings.Join(stages, ", "))
}

func checkMoney(field string, v int64) error {
	switch {
	case v < 0:
		return fmt.Errorf("%s: %d is negative", field, v)
	case v > MaxMoney:
		return fmt.Errorf("%s: %d is above %d", field, v, int64(MaxMoney))
	}
	return nil
}

// stageRank is the position of stage among stages, or -1 when not given or unknown.
func stageRank(stage string) int {
	return slices.Index(stages, strings.ToLower(strings.TrimSpace(stage)))
}

// validate reports a weight that is negative or not a number, or a Facts share above 1.
func (w Weights) validate() error {
	for _, x := range []struct {
		name  string
		value float64
	}{{"Facts", w.Facts}, {"Industry", w.Industry}, {"Money", w.Money}, {"Location", w.Location}, {"Stage", w.Stage}, {"Capacity", w.Capacity}} {
		if math.IsNaN(x.value) || x.value < 0 || math.IsInf(x.value, 0) {
			return fmt.Errorf("match: Weights.%s = %v, want a non-negative number", x.name, x.value)
		}
	}
	if w.Facts > 1 {
		return fmt.Errorf("match: Weights.Facts = %v, want at most 1", w.Facts)
	}
	return nil
}
