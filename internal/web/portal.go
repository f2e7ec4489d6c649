package web

import (
	"net/http"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// portalHome is the public front page: the latest news and policies, and a few figures
// of the network, each a count over records.
func (s *Server) portalHome(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	news, newsTotal, err := s.svc.Posts.FindPosts(ctx, haizhi.PostFilter{Kind: haizhi.PostNews, PublishedOnly: true, Page: haizhi.Page{Limit: 6}})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	policies, policyTotal, err := s.svc.Posts.FindPosts(ctx, haizhi.PostFilter{Kind: haizhi.PostPolicy, PublishedOnly: true, Page: haizhi.Page{Limit: 5}})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The unit tree is public in outline: how many districts and landing sites take part.
	sys := haizhi.NewContextWithActor(ctx, haizhi.SystemActor("portal"))
	units, err := s.svc.Units.CountUnitsByKind(sys, haizhi.UnitFilter{})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "", map[string]any{
		"News": news, "Policies": policies,
		"NewsTotal": newsTotal, "PolicyTotal": policyTotal,
		"Districts": units[haizhi.UnitDistrict], "Sites": units[haizhi.UnitPark] + units[haizhi.UnitPlatform] + units[haizhi.UnitBase],
	})
	s.render(w, r, http.StatusOK, "portal_home", v)
}

// portalList lists the published posts of one kind, newest first, with search.
func (s *Server) portalList(kind haizhi.PostKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := strings.TrimSpace(r.URL.Query().Get("q"))
		page := pageOf(r, 10)
		posts, total, err := s.svc.Posts.FindPosts(r.Context(), haizhi.PostFilter{Kind: kind, Query: q, PublishedOnly: true, Page: page})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		title := "nav.news"
		if kind == haizhi.PostPolicy {
			title = "nav.policies"
		}
		v := s.newView(r, title, map[string]any{"Posts": posts, "Query": q, "Kind": kind, "Pager": newPager(r.URL, page, total)})
		s.render(w, r, http.StatusOK, "portal_list", v)
	}
}

// portalPost shows one post. Drafts are visible only to those who may manage them.
func (s *Server) portalPost(w http.ResponseWriter, r *http.Request) {
	p, err := s.svc.Posts.FindPostByID(r.Context(), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "", p)
	v.Title = p.Title(v.Locale)
	s.render(w, r, http.StatusOK, "portal_post", v)
}

// langSwitch remembers the chosen language in a cookie and, for a signed-in user, in
// their account, then goes back to the page they were on. The switch in the header is a
// form: it changes a record, so it is a POST that cross-origin protection covers.
func (s *Server) langSwitch(w http.ResponseWriter, r *http.Request) {
	to := haizhi.NormalizeLocale(r.FormValue("to"))
	if to == "" {
		to = haizhi.LocaleZH
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: to, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	if a := haizhi.ActorFromContext(r.Context()); a != nil && a.UserID != 0 && a.Locale != to {
		if err := s.svc.Users.SetLocale(r.Context(), to); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	next := r.FormValue("next")
	if next == "" {
		next = "/"
	}
	redirect(w, r, safeNext(next))
}
