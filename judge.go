package haizhi

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode"
)

// JudgeCategory is the kind of expert a judge is; panels often need one of each.
type JudgeCategory string

// Judge categories.
const (
	JudgeTechnical    JudgeCategory = "technical"    // technical expert (技术专家)
	JudgeInvestor     JudgeCategory = "investor"     // investor (投资人)
	JudgeEntrepreneur JudgeCategory = "entrepreneur" // entrepreneur (企业家)
	JudgeOfficial     JudgeCategory = "official"     // official or policy expert
)

// JudgeCategories lists the categories in display order.
func JudgeCategories() []JudgeCategory {
	return []JudgeCategory{JudgeTechnical, JudgeInvestor, JudgeEntrepreneur, JudgeOfficial}
}

// Valid reports whether c is a known category.
func (c JudgeCategory) Valid() bool { return slices.Contains(JudgeCategories(), c) }

// Judge is a member of an edition's judge pool: a user with the judge role, their
// expertise, and how many entries they take in a round.
type Judge struct {
	ID          int64         `json:"id"` // of the pool membership
	EditionID   int64         `json:"edition_id"`
	UserID      int64         `json:"user_id"`
	Name        string        `json:"name"`
	Email       string        `json:"email"`
	Locale      string        `json:"locale"`
	Category    JudgeCategory `json:"category"`
	Institution string        `json:"institution"`
	Country     string        `json:"country"`
	Tracks      []string      `json:"tracks"`   // track codes of the edition
	Keywords    []string      `json:"keywords"` // expertise, zh or en
	MinLoad     int           `json:"min_load"`
	MaxLoad     int           `json:"max_load"`
	CreatedAt   time.Time     `json:"created_at"`
}

// Validate normalises the judge's profile and reports problems by field.
func (j *Judge) Validate() error {
	fields := map[string]string{}
	j.Name, j.Institution = strings.TrimSpace(j.Name), strings.TrimSpace(j.Institution)
	j.Email = NormalizeEmail(j.Email)
	j.Country = strings.ToUpper(strings.TrimSpace(j.Country))
	j.Keywords = cleanList(j.Keywords, 20)
	j.Tracks = cleanList(j.Tracks, 20)
	if j.Locale = NormalizeLocale(j.Locale); j.Locale == "" {
		j.Locale = LocaleZH
	}
	checkText(fields, "name", j.Name, 100, true)
	checkText(fields, "institution", j.Institution, 200, true)
	if !ValidEmail(j.Email) {
		fields["email"] = "error.email_invalid"
	}
	if j.Country != "" && !ValidCountry(j.Country) {
		fields["country"] = "error.choose_one"
	}
	if !j.Category.Valid() {
		fields["category"] = "error.choose_one"
	}
	if j.MinLoad < 0 || j.MinLoad > 1000 {
		fields["min_load"] = "error.count_range"
	}
	if j.MaxLoad < 1 || j.MaxLoad > 1000 || j.MaxLoad < j.MinLoad {
		fields["max_load"] = "error.load_range"
	}
	if len(fields) > 0 {
		return Invalid(fields)
	}
	return nil
}

// ConflictKind says where a conflict of interest (回避) comes from.
type ConflictKind string

// Conflict kinds. Computed conflicts are found from the records and recomputed when they
// change; declared ones come from the judge; pinned ones from an operator.
const (
	ConflictInstitution ConflictKind = "institution" // computed: same institution or employer as the lead or a team member
	ConflictTeam        ConflictKind = "team"        // computed: the judge is the lead or on the team
	ConflictReferrer    ConflictKind = "referrer"    // computed: the judge's organisation referred the entry
	ConflictDeclared    ConflictKind = "declared"    // the judge declared it, with a reason
	ConflictPinned      ConflictKind = "pinned"      // an operator set it, with a reason
)

// ConflictKinds lists the kinds.
func ConflictKinds() []ConflictKind {
	return []ConflictKind{ConflictInstitution, ConflictTeam, ConflictReferrer, ConflictDeclared, ConflictPinned}
}

// Computed reports whether the kind is found from the records.
func (k ConflictKind) Computed() bool {
	return k == ConflictInstitution || k == ConflictTeam || k == ConflictReferrer
}

// Conflict is a judge's conflict of interest with an entry. A lifted conflict (an
// operator judged it harmless, with a reason) no longer keeps the judge away; its record
// stays.
type Conflict struct {
	ID           int64        `json:"id"`
	EditionID    int64        `json:"edition_id"`
	EntryID      int64        `json:"entry_id"`
	JudgeUserID  int64        `json:"judge_user_id"`
	Kind         ConflictKind `json:"kind"`
	Evidence     string       `json:"evidence"` // what matched, or the reason given
	Lifted       bool         `json:"lifted"`
	LiftedReason string       `json:"lifted_reason,omitempty"`
	CreatedBy    string       `json:"created_by"`
	CreatedAt    time.Time    `json:"created_at"`
	// For lists.
	JudgeName  string `json:"judge_name,omitempty"`
	EntryTitle string `json:"entry_title,omitempty"`
}

// Active reports whether the conflict keeps the judge away from the entry.
func (c *Conflict) Active() bool { return !c.Lifted }

// OrgKey normalises an organisation's name for comparison: lower case, letters and
// digits only, common suffixes dropped, so "Fraunhofer-Gesellschaft e.V." and
// "fraunhofer gesellschaft" match and "Tsinghua University" equals "tsinghua univ.".
func OrgKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	k := b.String()
	for _, suffix := range []string{"university", "univ", "inc", "ltd", "limited", "gmbh", "ev", "co", "corp", "corporation", "有限公司", "公司", "大学"} {
		if len(k) > len(suffix)+2 {
			k = strings.TrimSuffix(k, suffix)
		}
	}
	return k
}

// EntryConflicts finds the computed conflicts between a judge and an entry: the judge is
// the lead or a team member (by email, or by name at the same institution), shares an
// institution or employer with them, or belongs to the organisation that referred the
// entry. It returns each kind once with its evidence. It is pure.
func EntryConflicts(j *Judge, e *Entry) []Conflict {
	var out []Conflict
	add := func(k ConflictKind, evidence string) {
		for _, c := range out {
			if c.Kind == k {
				return
			}
		}
		out = append(out, Conflict{EditionID: e.EditionID, EntryID: e.ID, JudgeUserID: j.UserID, Kind: k, Evidence: evidence})
	}
	jOrg, jName := OrgKey(j.Institution), OrgKey(j.Name)
	if NormalizeEmail(e.Lead.Email) == NormalizeEmail(j.Email) {
		add(ConflictTeam, e.Lead.Email)
	}
	for _, m := range e.Project.Team {
		if OrgKey(m.Name) == jName && jName != "" && (m.Institution == "" || OrgKey(m.Institution) == jOrg) {
			add(ConflictTeam, m.Name)
		}
	}
	if jOrg != "" {
		for _, org := range []string{e.Lead.Institution, e.Lead.Employer} {
			if OrgKey(org) == jOrg {
				add(ConflictInstitution, org)
			}
		}
		for _, m := range e.Project.Team {
			if OrgKey(m.Institution) == jOrg {
				add(ConflictInstitution, m.Institution+" ("+m.Name+")")
			}
		}
		if e.Referrer != "" && OrgKey(e.Referrer) == jOrg {
			add(ConflictReferrer, e.Referrer)
		}
	}
	return out
}

// JudgeFilter selects an edition's judges.
type JudgeFilter struct {
	EditionID int64
	Category  JudgeCategory
	Track     string
	Query     string // name, email, institution
	Page      Page
}

// ConflictFilter selects conflicts of an edition.
type ConflictFilter struct {
	EditionID   int64
	EntryID     int64
	JudgeUserID int64
	Kind        ConflictKind
	Lifted      *bool
	Page        Page
}

// JudgeService keeps an edition's judge pool and its conflicts of interest. Operators
// (PermCompetitionManage on the competition's unit) manage both; a judge (PermJudgeWork)
// reads and edits their own profile and declares their own conflicts.
type JudgeService interface {
	// InviteJudge adds a person to the edition's pool: their account is created when
	// new (and mailed an invitation to set a password) or given the judge role on the
	// competition's unit. ECONFLICT when already in the pool.
	InviteJudge(ctx context.Context, j *Judge) error
	// UpdateJudge changes a pool member's profile and loads (operators; a judge their own
	// profile, not their loads).
	UpdateJudge(ctx context.Context, j *Judge) (*Judge, error)
	// FindJudges lists an edition's pool with the total.
	FindJudges(ctx context.Context, f JudgeFilter) ([]*Judge, int, error)
	// ComputeConflicts recomputes the computed conflicts of the edition's pool against
	// its submitted entries, keeping declared, pinned and lifted records, and returns how
	// many active conflicts there are.
	ComputeConflicts(ctx context.Context, editionID int64) (int, error)
	// DeclareConflict records the signed-in judge's conflict with an entry, with a reason.
	DeclareConflict(ctx context.Context, entryID int64, reason string) (*Conflict, error)
	// PinConflict sets a conflict between a judge and an entry (operators), with a reason.
	PinConflict(ctx context.Context, entryID, judgeUserID int64, reason string) (*Conflict, error)
	// LiftConflict lifts a conflict (operators) with a reason; the record stays.
	LiftConflict(ctx context.Context, conflictID int64, reason string) (*Conflict, error)
	// FindConflicts lists conflicts with the total.
	FindConflicts(ctx context.Context, f ConflictFilter) ([]*Conflict, int, error)
}
