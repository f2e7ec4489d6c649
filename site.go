package haizhi

import (
	"context"
	"slices"
	"strings"
	"time"
)

// SiteKind is what kind of landing site a site is.
type SiteKind string

// Site kinds.
const (
	SitePark      SiteKind = "park"      // industrial park (产业园)
	SitePlatform  SiteKind = "platform"  // industrial platform (产业平台)
	SiteIncubator SiteKind = "incubator" // incubator or accelerator (孵化器)
	SiteBase      SiteKind = "base"      // innovation base, offshore base (创新基地)
)

// SiteKinds lists the kinds in display order.
func SiteKinds() []SiteKind { return []SiteKind{SitePark, SitePlatform, SiteIncubator, SiteBase} }

// Valid reports whether k is a known kind.
func (k SiteKind) Valid() bool { return slices.Contains(SiteKinds(), k) }

// Site is a place where a project can land: a park, platform, incubator or base, with
// the industries it hosts, what it offers (subsidies, space, housing) and how many more
// projects it can take. It belongs to a unit (usually the district above it, or the park's
// own unit), whose operators manage it; a published site is read by every signed-in user.
type Site struct {
	ID             int64     `json:"id"`
	UnitID         int64     `json:"unit_id"`
	UnitPath       string    `json:"-"`
	Kind           SiteKind  `json:"kind"`
	NameZH         string    `json:"name_zh"`
	NameEN         string    `json:"name_en"`
	Industries     []string  `json:"industries"` // codes of Industries()
	PoliciesZH     string    `json:"policies_zh"`
	PoliciesEN     string    `json:"policies_en"`
	SubsidyMaxYuan int64     `json:"subsidy_max_yuan"` // the largest landing subsidy; 0: none said
	SpaceM2        int       `json:"space_m2"`         // free space for new projects
	HousingUnits   int       `json:"housing_units"`    // talent apartments on offer
	Capacity       int       `json:"capacity"`         // projects it can still take; 0: not said
	Address        string    `json:"address"`
	Published      bool      `json:"published"`
	Version        int       `json:"version"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// Name is the site's name in the locale, falling back to the other language.
func (s *Site) Name(locale string) string { return Localized(locale, s.NameZH, s.NameEN) }

// Validate normalises the site and reports problems by field.
func (s *Site) Validate() error {
	errs := map[string]string{}
	s.NameZH, s.NameEN = strings.TrimSpace(s.NameZH), strings.TrimSpace(s.NameEN)
	s.PoliciesZH, s.PoliciesEN = strings.TrimSpace(s.PoliciesZH), strings.TrimSpace(s.PoliciesEN)
	s.Address = strings.TrimSpace(s.Address)
	s.Industries = cleanList(s.Industries, 10)
	if !s.Kind.Valid() {
		errs["kind"] = "error.choose_one"
	}
	validateNames(errs, "", s.NameZH, s.NameEN)
	for _, in := range s.Industries {
		if !slices.Contains(Industries(), in) {
			errs["industries"] = "error.unknown_choice"
		}
	}
	checkText(errs, "policies_zh", s.PoliciesZH, 10000, false)
	checkText(errs, "policies_en", s.PoliciesEN, 10000, false)
	checkText(errs, "address", s.Address, 300, false)
	if s.SubsidyMaxYuan < 0 || s.SubsidyMaxYuan > 1e12 {
		errs["subsidy_max_yuan"] = "error.amount_range"
	}
	for field, v := range map[string]int{"space_m2": s.SpaceM2, "housing_units": s.HousingUnits, "capacity": s.Capacity} {
		if v < 0 || v > 10_000_000 {
			errs[field] = "error.count_range"
		}
	}
	if len(errs) > 0 {
		return Invalid(errs)
	}
	return nil
}

// InvestorKind is what kind of investor an investor is.
type InvestorKind string

// Investor kinds.
const (
	InvestorVC         InvestorKind = "vc"         // venture capital fund
	InvestorAngel      InvestorKind = "angel"      // angel investor or network
	InvestorGovernment InvestorKind = "government" // government guidance fund (政府引导基金)
	InvestorCorporate  InvestorKind = "corporate"  // corporate venture arm
)

// InvestorKinds lists the kinds in display order.
func InvestorKinds() []InvestorKind {
	return []InvestorKind{InvestorVC, InvestorAngel, InvestorGovernment, InvestorCorporate}
}

// Valid reports whether k is a known kind.
func (k InvestorKind) Valid() bool { return slices.Contains(InvestorKinds(), k) }

// Investor is an investor the programme introduces projects to: its focus industries,
// the stages it invests in and its ticket size. Operators of its unit manage it;
// published investors are read by every signed-in user.
type Investor struct {
	ID            int64          `json:"id"`
	UnitID        int64          `json:"unit_id"`
	UnitPath      string         `json:"-"`
	Kind          InvestorKind   `json:"kind"`
	NameZH        string         `json:"name_zh"`
	NameEN        string         `json:"name_en"`
	Industries    []string       `json:"industries"`
	Stages        []ProjectStage `json:"stages"`
	TicketMinYuan int64          `json:"ticket_min_yuan"`
	TicketMaxYuan int64          `json:"ticket_max_yuan"` // 0: no ceiling said
	City          string         `json:"city"`
	Published     bool           `json:"published"`
	Version       int            `json:"version"`
	CreatedAt     time.Time      `json:"created_at"`
	UpdatedAt     time.Time      `json:"updated_at"`
}

// Name is the investor's name in the locale, falling back to the other language.
func (v *Investor) Name(locale string) string { return Localized(locale, v.NameZH, v.NameEN) }

// Validate normalises the investor and reports problems by field.
func (v *Investor) Validate() error {
	errs := map[string]string{}
	v.NameZH, v.NameEN, v.City = strings.TrimSpace(v.NameZH), strings.TrimSpace(v.NameEN), strings.TrimSpace(v.City)
	v.Industries = cleanList(v.Industries, 10)
	if !v.Kind.Valid() {
		errs["kind"] = "error.choose_one"
	}
	validateNames(errs, "", v.NameZH, v.NameEN)
	for _, in := range v.Industries {
		if !slices.Contains(Industries(), in) {
			errs["industries"] = "error.unknown_choice"
		}
	}
	for _, st := range v.Stages {
		if !st.Valid() {
			errs["stages"] = "error.unknown_choice"
		}
	}
	checkText(errs, "city", v.City, 100, false)
	switch {
	case v.TicketMinYuan < 0 || v.TicketMinYuan > 1e12:
		errs["ticket_min_yuan"] = "error.amount_range"
	case v.TicketMaxYuan < 0 || v.TicketMaxYuan > 1e12:
		errs["ticket_max_yuan"] = "error.amount_range"
	case v.TicketMaxYuan != 0 && v.TicketMaxYuan < v.TicketMinYuan:
		errs["ticket_max_yuan"] = "error.ticket_range"
	}
	if len(errs) > 0 {
		return Invalid(errs)
	}
	return nil
}

// SiteFilter selects sites; Query searches names and policies in Chinese and English.
type SiteFilter struct {
	Kind     SiteKind
	Industry string
	UnitID   int64
	Query    string
	Page     Page
}

// InvestorFilter selects investors.
type InvestorFilter struct {
	Kind     InvestorKind
	Industry string
	Stage    ProjectStage
	Query    string // matches the names
	Page     Page
}

// SiteService keeps the landing sites and the investors. Operators (PermMatchManage)
// write those of their subtree; every signed-in user reads what is published, operators
// also the unpublished ones of their subtree.
type SiteService interface {
	// SaveSite creates (ID 0) or changes a site at its version.
	SaveSite(ctx context.Context, s *Site) error
	// FindSiteByID returns a site the actor may read; ENOTFOUND otherwise.
	FindSiteByID(ctx context.Context, id int64) (*Site, error)
	// FindSites lists the sites the actor may read, by name, with the total.
	FindSites(ctx context.Context, f SiteFilter) ([]*Site, int, error)
	// SaveInvestor creates (ID 0) or changes an investor at its version.
	SaveInvestor(ctx context.Context, v *Investor) error
	// FindInvestors lists the investors the actor may read, by name, with the total.
	FindInvestors(ctx context.Context, f InvestorFilter) ([]*Investor, int, error)
}
