package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// sites lists the landing sites: published ones for everyone signed in, and for
// operators every site of their subtree.
func (s *Server) sites(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page := pageOf(r, haizhi.DefaultPageSize)
	f := haizhi.SiteFilter{Kind: haizhi.SiteKind(q.Get("kind")), Industry: q.Get("industry"), Query: strings.TrimSpace(q.Get("q")), Page: page}
	list, total, err := s.svc.Sites.FindSites(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "sites.title", nil)
	v.Data = map[string]any{"Sites": list, "Total": total, "Pager": newPager(r.URL, page, total), "F": f,
		"Kinds": haizhi.SiteKinds(), "Industries": haizhi.Industries(),
		"CanManage": haizhi.ActorFromContext(r.Context()).CanAnywhere(haizhi.PermMatchManage)}
	s.render(w, r, http.StatusOK, "sites", v)
}

// siteNew and siteEdit show the site form to operators.
func (s *Server) siteNew(w http.ResponseWriter, r *http.Request) {
	s.renderSiteForm(w, r, http.StatusOK, &haizhi.Site{Kind: haizhi.SitePark}, nil)
}

func (s *Server) siteEdit(w http.ResponseWriter, r *http.Request) {
	site, err := s.svc.Sites.FindSiteByID(r.Context(), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderSiteForm(w, r, http.StatusOK, site, nil)
}

// managedUnitOptions are the units in the subtrees where the actor holds p.
func (s *Server) managedUnitOptions(r *http.Request, p haizhi.Permission) ([]option, error) {
	a := haizhi.ActorFromContext(r.Context())
	units, _, err := s.svc.Units.FindUnits(r.Context(), haizhi.UnitFilter{Page: haizhi.Page{Limit: haizhi.MaxPageSize}})
	if err != nil {
		return nil, err
	}
	locale := s.locale(r)
	var out []option
	for _, u := range units {
		if a.Can(p, u.Path) {
			out = append(out, option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name(locale)})
		}
	}
	return out, nil
}

func (s *Server) renderSiteForm(w http.ResponseWriter, r *http.Request, status int, site *haizhi.Site, err error) {
	units, uerr := s.managedUnitOptions(r, haizhi.PermMatchManage)
	if uerr != nil {
		s.fail(w, r, uerr)
		return
	}
	if len(units) == 0 {
		s.renderError(w, r, http.StatusForbidden, "error.forbidden")
		return
	}
	v := s.newView(r, "sites.new", nil)
	if site.ID != 0 {
		v.Title = site.Name(v.Locale)
	}
	if err != nil {
		v.Form = newForm(v, r, err)
	}
	kinds := []option{}
	for _, k := range haizhi.SiteKinds() {
		kinds = append(kinds, option{Value: string(k), Label: v.T("site_kind." + string(k))})
	}
	checked := map[string]bool{}
	for _, in := range site.Industries {
		checked[in] = true
	}
	num := func(x int64) string { return strconv.FormatInt(x, 10) }
	v.Data = map[string]any{"Site": site, "Industries": haizhi.Industries(), "Checked": checked, "F": map[string]field{
		"unit_id":          newField(v, "unit_id", "select", "needs.unit", true, num(site.UnitID)).withOptions(units...),
		"kind":             newField(v, "kind", "select", "sites.kind", true, string(site.Kind)).withOptions(kinds...),
		"name_zh":          newField(v, "name_zh", "text", "field.name_zh", false, site.NameZH),
		"name_en":          newField(v, "name_en", "text", "field.name_en", false, site.NameEN),
		"policies_zh":      newField(v, "policies_zh", "textarea", "sites.policies_zh", false, site.PoliciesZH),
		"policies_en":      newField(v, "policies_en", "textarea", "sites.policies_en", false, site.PoliciesEN),
		"subsidy_max_yuan": newField(v, "subsidy_max_yuan", "number", "sites.subsidy", false, num(site.SubsidyMaxYuan)),
		"space_m2":         newField(v, "space_m2", "number", "sites.space", false, num(int64(site.SpaceM2))),
		"housing_units":    newField(v, "housing_units", "number", "sites.housing", false, num(int64(site.HousingUnits))),
		"capacity":         newField(v, "capacity", "number", "sites.capacity", false, num(int64(site.Capacity))),
		"address":          newField(v, "address", "text", "sites.address", false, site.Address),
	}}
	s.render(w, r, status, "site_form", v)
}

// siteFromForm reads the site form; malformed numbers are field errors.
func siteFromForm(f url.Values, site *haizhi.Site) error {
	errs := map[string]string{}
	site.UnitID, _ = strconv.ParseInt(f.Get("unit_id"), 10, 64)
	site.Kind, site.NameZH, site.NameEN = haizhi.SiteKind(f.Get("kind")), f.Get("name_zh"), f.Get("name_en")
	site.PoliciesZH, site.PoliciesEN, site.Address = f.Get("policies_zh"), f.Get("policies_en"), f.Get("address")
	site.Industries, site.Published = f["industry"], f.Get("published") == "1"
	number := func(name string) int64 {
		x := strings.TrimSpace(strings.ReplaceAll(f.Get(name), ",", ""))
		if x == "" {
			return 0
		}
		n, err := strconv.ParseInt(x, 10, 64)
		if err != nil {
			errs[name] = "error.number_invalid"
		}
		return n
	}
	site.SubsidyMaxYuan = number("subsidy_max_yuan")
	site.SpaceM2, site.HousingUnits, site.Capacity = int(number("space_m2")), int(number("housing_units")), int(number("capacity"))
	if len(errs) > 0 {
		return haizhi.Invalid(errs)
	}
	return nil
}

// siteSave creates or changes a site from the form.
func (s *Server) siteSave(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	site := &haizhi.Site{}
	if r.PathValue("id") != "" {
		site.ID = pathID(r, "id")
		site.Version, _ = strconv.Atoi(r.PostForm.Get("version"))
	}
	err := siteFromForm(r.PostForm, site)
	if err == nil {
		err = s.svc.Sites.SaveSite(r.Context(), site)
	}
	if err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		s.renderSiteForm(w, r, http.StatusUnprocessableEntity, site, err)
		return
	}
	s.setFlash(r, "success", "sites.saved")
	redirect(w, r, "/sites")
}

// investors lists the investors the programme works with.
func (s *Server) investors(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page := pageOf(r, haizhi.DefaultPageSize)
	f := haizhi.InvestorFilter{Kind: haizhi.InvestorKind(q.Get("kind")), Industry: q.Get("industry"), Stage: haizhi.ProjectStage(q.Get("stage")),
		Query: strings.TrimSpace(q.Get("q")), Page: page}
	list, total, err := s.svc.Sites.FindInvestors(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "investors.title", nil)
	v.Data = map[string]any{"Investors": list, "Total": total, "Pager": newPager(r.URL, page, total), "F": f,
		"Kinds": haizhi.InvestorKinds(), "Industries": haizhi.Industries(), "Stages": haizhi.ProjectStages()}
	s.render(w, r, http.StatusOK, "investors", v)
}
