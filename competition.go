package haizhi

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Competition is a recurring competition run by a unit (e.g. the China (Hangzhou)
// Overseas Talent Innovation and Entrepreneurship Competition, run by Yuhang district).
// It holds yearly editions.
type Competition struct {
	ID        int64     `json:"id"`
	UnitID    int64     `json:"unit_id"`
	UnitPath  string    `json:"unit_path"`
	Code      string    `json:"code"`
	NameZH    string    `json:"name_zh"`
	NameEN    string    `json:"name_en"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Name is the competition's name in locale, falling back to the other language.
func (c *Competition) Name(locale string) string { return Localized(locale, c.NameZH, c.NameEN) }

// Validate normalises c and reports field errors.
func (c *Competition) Validate() error {
	fields := map[string]string{}
	c.Code = strings.TrimSpace(strings.ToLower(c.Code))
	c.NameZH, c.NameEN = strings.TrimSpace(c.NameZH), strings.TrimSpace(c.NameEN)
	if !unitCodePattern.MatchString(c.Code) {
		fields["code"] = "error.unit_code"
	}
	validateNames(fields, "", c.NameZH, c.NameEN)
	if c.UnitID == 0 {
		fields["unit_id"] = "error.choose_one"
	}
	if len(fields) > 0 {
		return Invalid(fields)
	}
	return nil
}

// validateNames checks a zh/en name pair under prefix: at least one, neither too long.
func validateNames(fields map[string]string, prefix, zh, en string) {
	if zh == "" && en == "" {
		fields[prefix+"name_zh"] = "error.required_one_name"
	}
	for name, v := range map[string]string{"name_zh": zh, "name_en": en} {
		if utf8.RuneCountInString(v) > 200 {
			fields[prefix+name] = "error.too_long"
		}
	}
}

// EditionStatus is where an edition is in its year.
type EditionStatus string

// Edition statuses, in order.
const (
	EditionDraft    EditionStatus = "draft"    // being set up; applicants cannot see it
	EditionOpen     EditionStatus = "open"     // taking applications
	EditionClosed   EditionStatus = "closed"   // applications closed; screening and judging
	EditionFinished EditionStatus = "finished" // prizes awarded
)

// EditionStatuses lists the statuses in order.
func EditionStatuses() []EditionStatus {
	return []EditionStatus{EditionDraft, EditionOpen, EditionClosed, EditionFinished}
}

// Valid reports whether s is a known status.
func (s EditionStatus) Valid() bool { return slices.Contains(EditionStatuses(), s) }

// Next lists the statuses an edition may move to from s: forward one step, or back one
// step to correct a mistake (reopen applications, return to set-up). A finished edition
// stays finished.
func (s EditionStatus) Next() []EditionStatus {
	switch s {
	case EditionDraft:
		return []EditionStatus{EditionOpen}
	case EditionOpen:
		return []EditionStatus{EditionClosed, EditionDraft}
	case EditionClosed:
		return []EditionStatus{EditionFinished, EditionOpen}
	}
	return nil
}

// ReadyToOpen reports the problems that keep an edition with structure st from taking
// applications: it needs a division, a track and a screening round.
func (st EditionStructure) ReadyToOpen() error {
	fields := map[string]string{}
	if len(st.Divisions) == 0 {
		fields["divisions"] = "error.need_division"
	}
	if len(st.Tracks) == 0 {
		fields["tracks"] = "error.need_track"
	}
	if len(st.Rounds) == 0 || st.Rounds[0].Kind != RoundScreening {
		fields["rounds"] = "error.need_screening"
	}
	if len(fields) > 0 {
		return &Error{Code: EINVALID, Key: "error.not_ready_to_open", Message: "The edition is not set up enough to open.", Fields: fields}
	}
	return nil
}

// Edition is one year of a competition with its structure: divisions (赛区), tracks
// (industries), rounds, advancement quotas and prize tiers. Times are stored in UTC.
type Edition struct {
	ID            int64             `json:"id"`
	CompetitionID int64             `json:"competition_id"`
	UnitPath      string            `json:"unit_path"` // the competition's unit
	Year          int               `json:"year"`
	NameZH        string            `json:"name_zh"`
	NameEN        string            `json:"name_en"`
	Status        EditionStatus     `json:"status"`
	Version       int               `json:"version"`
	Structure     EditionStructure  `json:"structure"`
	Form          AppForm           `json:"form"`
	Rules         []EligibilityRule `json:"rules"`
	CreatedAt     time.Time         `json:"created_at"`
	UpdatedAt     time.Time         `json:"updated_at"`
}

// Name is the edition's name in locale, falling back to the other language.
func (e *Edition) Name(locale string) string { return Localized(locale, e.NameZH, e.NameEN) }

// Validate normalises the edition's own fields (not its structure) and reports errors.
func (e *Edition) Validate() error {
	fields := map[string]string{}
	e.NameZH, e.NameEN = strings.TrimSpace(e.NameZH), strings.TrimSpace(e.NameEN)
	validateNames(fields, "", e.NameZH, e.NameEN)
	if e.Year < 2000 || e.Year > 2100 {
		fields["year"] = "error.year"
	}
	if e.Status == "" {
		e.Status = EditionDraft
	}
	if !e.Status.Valid() {
		fields["status"] = "error.choose_one"
	}
	if e.CompetitionID == 0 {
		fields["competition_id"] = "error.choose_one"
	}
	if len(fields) > 0 {
		return Invalid(fields)
	}
	return nil
}

// Division is a global division of an edition (e.g. North America, Europe), named by a
// code unique within the edition.
type Division struct {
	ID     int64  `json:"id"`
	Code   string `json:"code"`
	NameZH string `json:"name_zh"`
	NameEN string `json:"name_en"`
}

// Track is an industry track of an edition (e.g. AI, health, high-end equipment).
type Track struct {
	ID     int64  `json:"id"`
	Code   string `json:"code"`
	NameZH string `json:"name_zh"`
	NameEN string `json:"name_en"`
}

// RoundKind names a round; an edition has each kind at most once, in this order.
type RoundKind string

// Round kinds, in order.
const (
	RoundScreening   RoundKind = "screening"   // 海选: eligibility and completeness
	RoundPreliminary RoundKind = "preliminary" // 初赛 / 初审
	RoundSemifinal   RoundKind = "semifinal"   // 复赛
	RoundFinal       RoundKind = "final"       // 决赛
)

// RoundKinds lists the kinds in order.
func RoundKinds() []RoundKind {
	return []RoundKind{RoundScreening, RoundPreliminary, RoundSemifinal, RoundFinal}
}

// Valid reports whether k is a known round kind.
func (k RoundKind) Valid() bool { return slices.Contains(RoundKinds(), k) }

// Round is one round of an edition, open from OpensAt to ClosesAt (UTC).
type Round struct {
	ID       int64     `json:"id"`
	Kind     RoundKind `json:"kind"`
	NameZH   string    `json:"name_zh"`
	NameEN   string    `json:"name_en"`
	OpensAt  time.Time `json:"opens_at"`
	ClosesAt time.Time `json:"closes_at"`
}

// Quota is how many entries of one division × track advance out of a round into the
// next (for the final: how many are placed).
type Quota struct {
	Round    RoundKind `json:"round"`
	Division string    `json:"division"` // division code
	Track    string    `json:"track"`    // track code
	Count    int       `json:"count"`
}

// PrizeTier is one tier of prizes: rank 1 is the first prize; Count is how many entries
// receive it.
type PrizeTier struct {
	Rank   int    `json:"rank"`
	NameZH string `json:"name_zh"`
	NameEN string `json:"name_en"`
	Count  int    `json:"count"`
}

// EditionStructure is everything an operator sets up for an edition, saved as a whole.
type EditionStructure struct {
	Divisions  []Division  `json:"divisions"`
	Tracks     []Track     `json:"tracks"`
	Rounds     []Round     `json:"rounds"`
	Quotas     []Quota     `json:"quotas"`
	PrizeTiers []PrizeTier `json:"prize_tiers"`
}

// Validate normalises the structure and reports every problem by field, e.g.
// "divisions.2.code" or "rounds.1.closes_at". Rounds come out in RoundKinds order, tiers
// by rank.
func (s *EditionStructure) Validate() error {
	fields := map[string]string{}
	divisions := map[string]bool{}
	for i := range s.Divisions {
		d := &s.Divisions[i]
		p := fmt.Sprintf("divisions.%d.", i)
		d.Code, d.NameZH, d.NameEN = strings.TrimSpace(strings.ToLower(d.Code)), strings.TrimSpace(d.NameZH), strings.TrimSpace(d.NameEN)
		checkCode(fields, p, "code", d.Code, divisions)
		validateNames(fields, p, d.NameZH, d.NameEN)
	}
	tracks := map[string]bool{}
	for i := range s.Tracks {
		t := &s.Tracks[i]
		p := fmt.Sprintf("tracks.%d.", i)
		t.Code, t.NameZH, t.NameEN = strings.TrimSpace(strings.ToLower(t.Code)), strings.TrimSpace(t.NameZH), strings.TrimSpace(t.NameEN)
		checkCode(fields, p, "code", t.Code, tracks)
		validateNames(fields, p, t.NameZH, t.NameEN)
	}
	slices.SortStableFunc(s.Rounds, func(a, b Round) int {
		return slices.Index(RoundKinds(), a.Kind) - slices.Index(RoundKinds(), b.Kind)
	})
	rounds := map[RoundKind]bool{}
	for i := range s.Rounds {
		r := &s.Rounds[i]
		p := fmt.Sprintf("rounds.%d.", i)
		r.NameZH, r.NameEN = strings.TrimSpace(r.NameZH), strings.TrimSpace(r.NameEN)
		r.OpensAt, r.ClosesAt = r.OpensAt.UTC(), r.ClosesAt.UTC()
		switch {
		case !r.Kind.Valid():
			fields[p+"kind"] = "error.choose_one"
		case rounds[r.Kind]:
			fields[p+"kind"] = "error.duplicate"
		}
		rounds[r.Kind] = true
		if r.OpensAt.IsZero() {
			fields[p+"opens_at"] = "error.required"
		}
		if r.ClosesAt.IsZero() {
			fields[p+"closes_at"] = "error.required"
		} else if !r.ClosesAt.After(r.OpensAt) {
			fields[p+"closes_at"] = "error.closes_before_opens"
		}
		if i > 0 && !s.Rounds[i-1].ClosesAt.IsZero() && r.OpensAt.Before(s.Rounds[i-1].ClosesAt) {
			fields[p+"opens_at"] = "error.round_overlap"
		}
	}
	type cell struct {
		round     RoundKind
		div, trak string
	}
	quotas := map[cell]bool{}
	for i := range s.Quotas {
		q := &s.Quotas[i]
		p := fmt.Sprintf("quotas.%d.", i)
		q.Division, q.Track = strings.TrimSpace(strings.ToLower(q.Division)), strings.TrimSpace(strings.ToLower(q.Track))
		if !rounds[q.Round] {
			fields[p+"round"] = "error.unknown_choice"
		}
		if !divisions[q.Division] {
			fields[p+"division"] = "error.unknown_choice"
		}
		if !tracks[q.Track] {
			fields[p+"track"] = "error.unknown_choice"
		}
		if q.Count < 0 || q.Count > 100_000 {
			fields[p+"count"] = "error.count_range"
		}
		c := cell{q.Round, q.Division, q.Track}
		if quotas[c] {
			fields[p+"round"] = "error.duplicate"
		}
		quotas[c] = true
	}
	slices.SortStableFunc(s.PrizeTiers, func(a, b PrizeTier) int { return a.Rank - b.Rank })
	for i := range s.PrizeTiers {
		t := &s.PrizeTiers[i]
		p := fmt.Sprintf("prize_tiers.%d.", i)
		t.NameZH, t.NameEN = strings.TrimSpace(t.NameZH), strings.TrimSpace(t.NameEN)
		if t.Rank != i+1 {
			fields[p+"rank"] = "error.rank_sequence"
		}
		if t.Count < 1 || t.Count > 1000 {
			fields[p+"count"] = "error.count_range"
		}
		validateNames(fields, p, t.NameZH, t.NameEN)
	}
	if len(fields) > 0 {
		return Invalid(fields)
	}
	return nil
}

// checkCode checks the code in field name under prefix and that it is new to seen, then
// records it.
func checkCode(fields map[string]string, prefix, name, code string, seen map[string]bool) {
	switch {
	case !unitCodePattern.MatchString(code):
		fields[prefix+name] = "error.unit_code"
	case seen[code]:
		fields[prefix+name] = "error.duplicate"
	}
	seen[code] = true
}

// CompetitionFilter selects competitions.
type CompetitionFilter struct {
	Query string // in code and names
	Page  Page
}

// EditionFilter selects editions.
type EditionFilter struct {
	CompetitionID  int64
	CompetitionIDs []int64 // any of these (a page of competitions, in one query)
	Status         EditionStatus
	Page           Page
}

// CompetitionService stores competitions and their editions. Every method needs
// PermCompetitionManage on the competition's unit, except that lists show only what lies
// in the actor's scope.
type CompetitionService interface {
	// CreateCompetition adds c under c.UnitID; sets ID, UnitPath and the times. ECONFLICT
	// with a field error when the code is taken.
	CreateCompetition(ctx context.Context, c *Competition) error
	// FindCompetitions lists competitions by code, with the total before paging.
	FindCompetitions(ctx context.Context, f CompetitionFilter) ([]*Competition, int, error)
	// CreateEdition adds a draft edition (version 1, empty structure) to a competition;
	// ECONFLICT when the competition already has one for the year.
	CreateEdition(ctx context.Context, e *Edition) error
	// FindEditionByID returns an edition with its whole structure.
	FindEditionByID(ctx context.Context, id int64) (*Edition, error)
	// FindEditions lists editions, newest year first, without their structure.
	FindEditions(ctx context.Context, f EditionFilter) ([]*Edition, int, error)
	// UpdateEditionStructure replaces the edition's structure with s when version is the
	// current one (else ECONFLICT "error.version_conflict"). Divisions and tracks keep
	// their ids by code, rounds by kind, so records that point at them stay attached.
	UpdateEditionStructure(ctx context.Context, id int64, version int, s EditionStructure) (*Edition, error)
	// SetEditionStatus moves the edition to status, one of its status's Next, when version
	// is current. Opening needs ReadyToOpen. EINVALID "error.status_transition" otherwise.
	SetEditionStatus(ctx context.Context, id int64, version int, status EditionStatus) (*Edition, error)
	// UpdateEditionForm replaces the application form when version is current. Fields
	// left out are retired, not deleted (AppForm.Revise); a field's type is fixed once
	// the edition has left its draft.
	UpdateEditionForm(ctx context.Context, id int64, version int, form AppForm) (*Edition, error)
	// UpdateEditionRules replaces the eligibility rules when version is current; they
	// must fit the edition's form (ValidateRules).
	UpdateEditionRules(ctx context.Context, id int64, version int, rules []EligibilityRule) (*Edition, error)
	// FindOpenEditions lists the editions taking entries (open, screening not closed), with
	// their structure and form, soonest deadline first. Anyone may call it.
	FindOpenEditions(ctx context.Context, p Page) ([]*Edition, int, error)
	// FindPublishedEdition returns an edition that is not a draft, with its structure,
	// form and rules, for anyone; a draft only for those who manage it.
	FindPublishedEdition(ctx context.Context, id int64) (*Edition, error)
}
