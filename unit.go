package haizhi

import (
	"context"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// UnitKind is the level of an organisation unit.
type UnitKind string

// Unit kinds, from the top of the tree down.
const (
	UnitCity     UnitKind = "city"
	UnitDistrict UnitKind = "district"
	UnitPark     UnitKind = "park"
	UnitPlatform UnitKind = "platform"
	UnitBase     UnitKind = "base" // offshore innovation base (离岸创新创业基地)
)

// UnitKinds lists every kind in display order.
func UnitKinds() []UnitKind {
	return []UnitKind{UnitCity, UnitDistrict, UnitPark, UnitPlatform, UnitBase}
}

// Valid reports whether k is a known kind.
func (k UnitKind) Valid() bool {
	for _, v := range UnitKinds() {
		if v == k {
			return true
		}
	}
	return false
}

// OrgUnit is a node of the organisation tree: city → district → park/platform/base. Path
// is the chain of ids from the root, "/1/4/9/", so a subtree is every unit whose Path starts
// with the unit's Path.
type OrgUnit struct {
	ID        int64     `json:"id"`
	ParentID  int64     `json:"parent_id,omitempty"` // 0 for the root
	Kind      UnitKind  `json:"kind"`
	Code      string    `json:"code"` // short unique slug, e.g. "yuhang"
	NameZH    string    `json:"name_zh"`
	NameEN    string    `json:"name_en"`
	Path      string    `json:"path"`
	Depth     int       `json:"depth"` // 0 for the root
	CreatedAt time.Time `json:"created_at"`
}

// Name returns the unit's name in the locale ("en" or "zh-CN"), falling back to the other.
func (u *OrgUnit) Name(locale string) string { return Localized(locale, u.NameZH, u.NameEN) }

var unitCodePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,39}$`)

// Validate checks the fields a user types.
func (u *OrgUnit) Validate() error {
	fields := map[string]string{}
	u.Code = strings.TrimSpace(strings.ToLower(u.Code))
	u.NameZH = strings.TrimSpace(u.NameZH)
	u.NameEN = strings.TrimSpace(u.NameEN)
	if !unitCodePattern.MatchString(u.Code) {
		fields["code"] = "error.unit_code"
	}
	if u.NameZH == "" && u.NameEN == "" {
		fields["name_zh"] = "error.required_one_name"
	}
	if utf8.RuneCountInString(u.NameZH) > 100 {
		fields["name_zh"] = "error.too_long"
	}
	if utf8.RuneCountInString(u.NameEN) > 200 {
		fields["name_en"] = "error.too_long"
	}
	if !u.Kind.Valid() {
		fields["kind"] = "error.choose_one"
	}
	if len(fields) > 0 {
		return Invalid(fields)
	}
	return nil
}

// UnitFilter selects units. Results are limited to the actor's PermUnitView scope.
type UnitFilter struct {
	ParentID *int64
	Under    string // a unit path: only that unit and its subtree
	Kind     UnitKind
	Query    string // matches code and names
	Page     Page
}

// UnitService manages the organisation tree.
type UnitService interface {
	// FindUnitByID returns a unit. Any signed-in user may read a unit they hold a grant
	// on or above; otherwise PermUnitView on the unit is needed. ENOTFOUND if missing.
	FindUnitByID(ctx context.Context, id int64) (*OrgUnit, error)
	// FindUnitByCode is FindUnitByID by code.
	FindUnitByCode(ctx context.Context, code string) (*OrgUnit, error)
	// FindUnits lists units in tree order (by path) within the actor's scope, with the
	// total count before paging.
	FindUnits(ctx context.Context, f UnitFilter) ([]*OrgUnit, int, error)
	// CountUnitsByKind counts the units of each kind within the actor's scope that match
	// f (its Kind and Page are ignored), in one query.
	CountUnitsByKind(ctx context.Context, f UnitFilter) (map[UnitKind]int, error)
	// CreateUnit adds a unit under u.ParentID (PermUnitManage on the parent) or, for the
	// system actor only, a root. It sets ID, Path, Depth and CreatedAt. ECONFLICT when the
	// code is taken.
	CreateUnit(ctx context.Context, u *OrgUnit) error
	// UpdateUnit renames a unit (PermUnitManage on it). Kind, code and names may change;
	// the parent may not.
	UpdateUnit(ctx context.Context, id int64, upd UnitUpdate) (*OrgUnit, error)
}

// UnitUpdate holds the fields of a unit that may change; nil leaves a field as it is.
type UnitUpdate struct {
	Kind   *UnitKind
	NameZH *string
	NameEN *string
}

// Localized picks zh or en text for a locale, falling back to whichever is not empty.
func Localized(locale, zh, en string) string {
	if strings.HasPrefix(locale, "en") {
		if en != "" {
			return en
		}
		return zh
	}
	if zh != "" {
		return zh
	}
	return en
}
