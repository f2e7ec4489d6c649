package web

import (
	"net/http"
	"slices"

	"github.com/haizhi-dev/haizhi"
)

// roleCard is one section of a user's home: a role they hold, where, and the figures or
// links that role works with.
type roleCard struct {
	Role  haizhi.Role
	Units []string
	Stats []stat
	Links []link
}

type stat struct {
	LabelKey string
	Value    int
	Href     string
}

type link struct{ LabelKey, Href string }

// home is each signed-in person's start page: one card per role they hold, with the
// figures of that role counted over the records in their units.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	a := haizhi.ActorFromContext(ctx)
	v := s.newView(r, "nav.home", nil)
	var cards []*roleCard
	byRole := map[haizhi.Role]*roleCard{}
	for _, g := range a.Grants {
		c := byRole[g.Role]
		if c == nil {
			c = &roleCard{Role: g.Role}
			byRole[g.Role] = c
			cards = append(cards, c)
		}
		c.Units = append(c.Units, g.UnitName)
	}
	slices.SortStableFunc(cards, func(x, y *roleCard) int {
		return slices.Index(haizhi.Roles(), x.Role) - slices.Index(haizhi.Roles(), y.Role)
	})
	one := haizhi.CountOnly
	for _, c := range cards {
		var err error
		switch c.Role {
		case haizhi.RoleAdmin:
			c.Stats, err = s.counts(
				countOf("home.stat_units", "/admin/units", func() (int, error) {
					_, n, err := s.svc.Units.FindUnits(ctx, haizhi.UnitFilter{Page: one})
					return n, err
				}),
				countOf("home.stat_users", "/admin/users", func() (int, error) {
					_, n, err := s.svc.Users.FindUsers(ctx, haizhi.UserFilter{Page: one})
					return n, err
				}),
				countOf("home.stat_outbox", "/admin/outbox", func() (int, error) {
					_, n, err := s.svc.Mail.FindMail(ctx, haizhi.MailFilter{Status: haizhi.MailOutbox, Page: one})
					return n, err
				}),
			)
			c.Links = []link{{"nav.audit", "/admin/audit"}, {"nav.jobs", "/admin/jobs"}, {"home.new_user", "/admin/users/new"}}
		case haizhi.RoleOperator:
			c.Stats, err = s.counts(
				countOf("home.stat_published", "/manage/posts?status=published", func() (int, error) {
					_, n, err := s.svc.Posts.FindPosts(ctx, haizhi.PostFilter{PublishedOnly: true, Page: one})
					return n, err
				}),
				countOf("home.stat_posts", "/manage/posts", func() (int, error) {
					_, n, err := s.svc.Posts.FindPosts(ctx, haizhi.PostFilter{Page: one})
					return n, err
				}),
				countOf("home.stat_users", "/admin/users", func() (int, error) {
					_, n, err := s.svc.Users.FindUsers(ctx, haizhi.UserFilter{Page: one})
					return n, err
				}),
			)
			c.Links = []link{{"home.new_post", "/manage/posts/new"}, {"nav.outbox", "/admin/outbox"}}
		case haizhi.RoleLeader:
			c.Stats, err = s.counts(
				countOf("home.stat_districts", "/admin/units?kind=district", func() (int, error) {
					_, n, err := s.svc.Units.FindUnits(ctx, haizhi.UnitFilter{Kind: haizhi.UnitDistrict, Page: one})
					return n, err
				}),
				countOf("home.stat_units", "/admin/units", func() (int, error) {
					_, n, err := s.svc.Units.FindUnits(ctx, haizhi.UnitFilter{Page: one})
					return n, err
				}),
				countOf("home.stat_published", "/news", func() (int, error) {
					_, n, err := s.svc.Posts.FindPosts(ctx, haizhi.PostFilter{PublishedOnly: true, Page: one})
					return n, err
				}),
			)
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
	}
	v.Data = map[string]any{"Cards": cards}
	s.render(w, r, http.StatusOK, "home", v)
}

type counter struct {
	stat
	count func() (int, error)
}

func countOf(label, href string, f func() (int, error)) counter {
	return counter{stat{LabelKey: label, Href: href}, f}
}

// counts runs each counter; a count the user may not see is left out rather than failing
// the page.
func (s *Server) counts(cs ...counter) ([]stat, error) {
	var out []stat
	for _, c := range cs {
		n, err := c.count()
		switch haizhi.ErrorCode(err) {
		case "":
			c.Value = n
			out = append(out, c.stat)
		case haizhi.EFORBIDDEN:
		default:
			return nil, err
		}
	}
	return out, nil
}
