package haizhi

import (
	"slices"
	"strings"
)

// Role is what a user may do on an organisation unit and its subtree.
type Role string

// The roles of PRODUCT.md.
const (
	RoleAdmin      Role = "admin"      // manages units, users and everything in the subtree
	RoleOperator   Role = "operator"   // programme staff: sets up and runs the work of a unit
	RoleLiaison    Role = "liaison"    // owns projects one-to-one (联络员)
	RoleJudge      Role = "judge"      // scores assigned entries (评委)
	RoleApplicant  Role = "applicant"  // overseas talent applying (海外人才)
	RoleEnterprise Role = "enterprise" // enterprise or landing site (企业 / 园区)
	RolePartner    Role = "partner"    // overseas workstation or partner institution
	RoleLeader     Role = "leader"     // read-only dashboards and reports (领导)
)

// Roles lists every role in display order.
func Roles() []Role {
	return []Role{RoleAdmin, RoleOperator, RoleLiaison, RoleJudge, RoleApplicant, RoleEnterprise, RolePartner, RoleLeader}
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles(), r) }

// Permission names one thing a route or a service method requires.
type Permission string

// Permissions. PermPublic needs no user; PermSignedIn needs any signed-in user; the rest
// are granted by roles on units (see Role.Has).
const (
	PermPublic   Permission = "public"
	PermSignedIn Permission = "signed_in"

	PermPostManage    Permission = "post.manage"    // write and publish portal news and policies
	PermUnitView      Permission = "unit.view"      // see the unit tree below one's units
	PermUnitManage    Permission = "unit.manage"    // create and rename units
	PermUserView      Permission = "user.view"      // list users of one's units
	PermUserManage    Permission = "user.manage"    // create users, grant and revoke roles
	PermAuditView     Permission = "audit.view"     // read and verify the audit log
	PermOutboxView    Permission = "outbox.view"    // read mail that was not sent by SMTP
	PermDashboardView Permission = "dashboard.view" // figures of one's units
	PermJobView       Permission = "job.view"       // background job queue

	PermCompetitionManage Permission = "competition.manage" // set up and run competitions and their editions
	PermMatchManage       Permission = "match.manage"       // enterprises' needs, sites, investors and matchmaking events

	PermEntryApply Permission = "entry.apply" // enter projects in competitions: one's own, or referrals by a partner

	PermLiaisonWork    Permission = "liaison.work"    // the liaison's workspace
	PermJudgeWork      Permission = "judge.work"      // the judge's workspace
	PermApplicantWork  Permission = "applicant.work"  // the applicant's workspace
	PermEnterpriseWork Permission = "enterprise.work" // the enterprise's workspace
	PermPartnerWork    Permission = "partner.work"    // the partner's workspace
)

// Has reports whether role r carries permission p. Admins carry every permission; the
// workspaces of the other roles belong to those roles alone.
func (r Role) Has(p Permission) bool {
	switch p {
	case PermPublic, PermSignedIn:
		return true
	}
	switch r {
	case RoleAdmin:
		return true
	case RoleOperator:
		switch p {
		case PermPostManage, PermUnitView, PermUserView, PermDashboardView, PermOutboxView, PermCompetitionManage, PermMatchManage:
			return true
		}
	case RoleLeader:
		switch p {
		case PermUnitView, PermDashboardView:
			return true
		}
	case RoleLiaison:
		return p == PermLiaisonWork
	case RoleJudge:
		return p == PermJudgeWork
	case RoleApplicant:
		return p == PermApplicantWork || p == PermEntryApply
	case RoleEnterprise:
		return p == PermEnterpriseWork
	case RolePartner:
		return p == PermPartnerWork || p == PermEntryApply
	}
	return false
}

// Grant is a role held on an organisation unit. It covers the unit and its subtree: the
// unit's Path is a prefix of every descendant's Path.
type Grant struct {
	ID       int64  `json:"id"`
	UserID   int64  `json:"user_id"`
	Role     Role   `json:"role"`
	UnitID   int64  `json:"unit_id"`
	UnitPath string `json:"unit_path"`
	UnitName string `json:"unit_name,omitempty"` // display name in the reader's language, when loaded
}

// Covers reports whether the grant reaches a record owned by the unit at unitPath.
func (g Grant) Covers(unitPath string) bool {
	return g.UnitPath != "" && strings.HasPrefix(unitPath, g.UnitPath)
}

// ScopePaths returns the unit paths under which grants give permission p, with paths
// already covered by a shorter one removed. Storage turns them into
// "unit_path LIKE path || '%'" filters.
func ScopePaths(grants []Grant, p Permission) []string {
	var paths []string
	for _, g := range grants {
		if g.Role.Has(p) {
			paths = append(paths, g.UnitPath)
		}
	}
	slices.Sort(paths) // a prefix sorts before every path it covers
	out := paths[:0]
	for _, path := range paths {
		if len(out) > 0 && strings.HasPrefix(path, out[len(out)-1]) {
			continue
		}
		out = append(out, path)
	}
	return out
}
