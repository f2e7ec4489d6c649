package haizhi

import (
	"context"
	"slices"
	"strings"
	"time"
)

// NeedKind is what an enterprise asks for.
type NeedKind string

// Need kinds.
const (
	NeedTechnology NeedKind = "technology" // a technology demand (技术需求)
	NeedTalent     NeedKind = "talent"     // a talent demand (人才需求)
	NeedChallenge  NeedKind = "challenge"  // an open challenge with a reward (揭榜挂帅)
)

// NeedKinds lists the kinds in display order.
func NeedKinds() []NeedKind { return []NeedKind{NeedTechnology, NeedTalent, NeedChallenge} }

// Valid reports whether k is a known kind.
func (k NeedKind) Valid() bool { return slices.Contains(NeedKinds(), k) }

// NeedStatus is where a need is in its life: a draft only its publisher and operators
// see, published for everyone signed in to find and match, or closed.
type NeedStatus string

// Need statuses.
const (
	NeedDraft     NeedStatus = "draft"
	NeedPublished NeedStatus = "published"
	NeedClosed    NeedStatus = "closed"
)

// NeedStatuses lists the statuses in their order.
func NeedStatuses() []NeedStatus { return []NeedStatus{NeedDraft, NeedPublished, NeedClosed} }

// Valid reports whether s is a known status.
func (s NeedStatus) Valid() bool { return slices.Contains(NeedStatuses(), s) }

// Industries are the industry codes needs, sites and investors are filed under; the
// competitions' tracks use the same codes where they match.
func Industries() []string {
	return []string{"ai", "health", "equipment", "materials", "energy", "digital", "other"}
}

// Need is a local enterprise's published demand: a technology it wants, talent it
// seeks, or an open challenge with a reward and a deadline. It belongs to a unit (the
// district or park where the enterprise is), so operators there see and manage it.
type Need struct {
	ID            int64      `json:"id"`
	UnitID        int64      `json:"unit_id"`
	UnitPath      string     `json:"-"`
	Kind          NeedKind   `json:"kind"`
	Enterprise    string     `json:"enterprise"` // the enterprise's name as it publishes
	TitleZH       string     `json:"title_zh"`
	TitleEN       string     `json:"title_en"`
	DescriptionZH string     `json:"description_zh"`
	DescriptionEN string     `json:"description_en"`
	Industry      string     `json:"industry"`
	Keywords      []string   `json:"keywords"`
	Location      string     `json:"location"`    // where the work would happen, in words
	BudgetYuan    int64      `json:"budget_yuan"` // 0: not said
	RewardYuan    int64      `json:"reward_yuan"` // open challenges: the reward
	Deadline      *time.Time `json:"deadline,omitempty"`
	Status        NeedStatus `json:"status"`
	OwnerID       int64      `json:"owner_id"` // the enterprise account; 0 when an operator published on its behalf
	PublishedAt   *time.Time `json:"published_at,omitempty"`
	Version       int        `json:"version"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
}

// Title is the need's title in the locale, falling back to the other language.
func (n *Need) Title(locale string) string { return Localized(locale, n.TitleZH, n.TitleEN) }

// Validate normalises the need and reports problems by field. A need has a title and a
// description in at least one language, a known kind and industry, and amounts that are
// not negative; an open challenge also needs its reward and deadline.
func (n *Need) Validate() error {
	errs := map[string]string{}
	n.Enterprise = strings.TrimSpace(n.Enterprise)
	n.TitleZH, n.TitleEN = strings.TrimSpace(n.TitleZH), strings.TrimSpace(n.TitleEN)
	n.DescriptionZH, n.DescriptionEN = strings.TrimSpace(n.DescriptionZH), strings.TrimSpace(n.DescriptionEN)
	n.Location = strings.TrimSpace(n.Location)
	n.Keywords = cleanList(n.Keywords, 20)
	if !n.Kind.Valid() {
		errs["kind"] = "error.choose_one"
	}
	if !slices.Contains(Industries(), n.Industry) {
		errs["industry"] = "error.choose_one"
	}
	checkText(errs, "enterprise", n.Enterprise, 200, true)
	checkText(errs, "title_zh", n.TitleZH, 200, false)
	checkText(errs, "title_en", n.TitleEN, 200, false)
	if n.TitleZH == "" && n.TitleEN == "" {
		errs["title_zh"] = "error.need_title"
	}
	checkText(errs, "description_zh", n.DescriptionZH, 5000, false)
	checkText(errs, "description_en", n.DescriptionEN, 5000, false)
	if n.DescriptionZH == "" && n.DescriptionEN == "" {
		errs["description_zh"] = "error.need_description"
	}
	checkText(errs, "location", n.Location, 200, false)
	if n.BudgetYuan < 0 || n.BudgetYuan > 1e12 {
		errs["budget_yuan"] = "error.amount_range"
	}
	if n.RewardYuan < 0 || n.RewardYuan > 1e12 {
		errs["reward_yuan"] = "error.amount_range"
	}
	if n.Kind == NeedChallenge {
		if n.RewardYuan == 0 {
			errs["reward_yuan"] = "error.challenge_reward"
		}
		if n.Deadline == nil {
			errs["deadline"] = "error.challenge_deadline"
		}
	}
	if len(errs) > 0 {
		return Invalid(errs)
	}
	return nil
}

// NeedFilter selects needs. Query is searched in the titles, descriptions, keywords and
// the enterprise's name, Chinese and English alike.
type NeedFilter struct {
	Kind     NeedKind
	Industry string
	Status   NeedStatus
	UnitID   int64 // the unit and its subtree
	Mine     bool  // the signed-in enterprise's own needs
	Query    string
	Sort     string // "published" (newest first, the default), "title", "deadline", "budget"
	Page     Page
}

// NeedService keeps enterprises' needs. An enterprise account (PermEnterpriseWork on a
// unit) publishes its own; operators (PermMatchManage) publish on an enterprise's behalf
// and manage every need of their subtree. Published needs are read by every signed-in
// user; drafts and closed needs only by their publisher and the unit's operators.
type NeedService interface {
	// SaveNeed creates a need (ID 0) in its Status (a draft when empty; importers and
	// operators may create it published at once) or changes one at its version
	// (ECONFLICT "error.version_conflict" when someone changed it first); a change leaves
	// the status as it is.
	SaveNeed(ctx context.Context, n *Need) error
	// SetNeedStatus publishes, closes or reopens (as a draft) a need.
	SetNeedStatus(ctx context.Context, id int64, status NeedStatus) (*Need, error)
	// FindNeedByID returns a need the actor may read; ENOTFOUND otherwise.
	FindNeedByID(ctx context.Context, id int64) (*Need, error)
	// FindNeeds lists the needs the actor may read that match f, with the total.
	FindNeeds(ctx context.Context, f NeedFilter) ([]*Need, int, error)
}
