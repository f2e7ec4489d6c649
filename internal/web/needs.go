package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/haizhi-dev/haizhi"
)

// needs lists the needs the signed-in person may read: published ones for everyone, and
// for enterprises their own, for operators every need of their subtree. Filters, search
// and sort are done in SQL.
func (s *Server) needs(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page := pageOf(r, haizhi.DefaultPageSize)
	f := haizhi.NeedFilter{Kind: haizhi.NeedKind(q.Get("kind")), Industry: q.Get("industry"), Status: haizhi.NeedStatus(q.Get("status")),
		Query: strings.TrimSpace(q.Get("q")), Sort: q.Get("sort"), Mine: q.Get("mine") == "1", Page: page}
	list, total, err := s.svc.Needs.FindNeeds(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "needs.title", nil)
	a := haizhi.ActorFromContext(r.Context())
	v.Data = map[string]any{
		"Needs": list, "Total": total, "Pager": newPager(r.URL, page, total), "F": f,
		"Kinds": haizhi.NeedKinds(), "Industries": haizhi.Industries(), "Statuses": haizhi.NeedStatuses(),
		// Who may publish sees the button and the status filter.
		"CanPublish": a.CanAnywhere(haizhi.PermEnterpriseWork) || a.CanAnywhere(haizhi.PermMatchManage),
	}
	s.render(w, r, http.StatusOK, "needs", v)
}

// need shows one need.
func (s *Server) need(w http.ResponseWriter, r *http.Request) {
	n, err := s.svc.Needs.FindNeedByID(r.Context(), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "", nil)
	v.Title = n.Title(v.Locale)
	a := haizhi.ActorFromContext(r.Context())
	manage := a.Can(haizhi.PermMatchManage, n.UnitPath) || (n.OwnerID != 0 && n.OwnerID == a.UserID)
	v.Data = map[string]any{"Need": n, "Manage": manage, "Statuses": haizhi.NeedStatuses()}
	s.render(w, r, http.StatusOK, "need", v)
}

// needNew is the form for a new need.
func (s *Server) needNew(w http.ResponseWriter, r *http.Request) {
	s.renderNeedForm(w, r, http.StatusOK, &haizhi.Need{Kind: haizhi.NeedTechnology}, nil)
}

// needEdit is the form for changing a need.
func (s *Server) needEdit(w http.ResponseWriter, r *http.Request) {
	n, err := s.svc.Needs.FindNeedByID(r.Context(), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderNeedForm(w, r, http.StatusOK, n, nil)
}

// needUnits are the units the actor may file a need under: those where they hold the
// enterprise role, and every unit of the subtrees they run as operators.
func (s *Server) needUnits(r *http.Request) ([]option, error) {
	a := haizhi.ActorFromContext(r.Context())
	var out []option
	seen := map[int64]bool{}
	for _, g := range a.Grants {
		if g.Role == haizhi.RoleEnterprise && !seen[g.UnitID] {
			seen[g.UnitID] = true
			out = append(out, option{Value: strconv.FormatInt(g.UnitID, 10), Label: g.UnitName})
		}
	}
	if a.CanAnywhere(haizhi.PermMatchManage) {
		managed, err := s.managedUnitOptions(r, haizhi.PermMatchManage)
		if err != nil {
			return nil, err
		}
		for _, o := range managed {
			if id, _ := strconv.ParseInt(o.Value, 10, 64); !seen[id] {
				out = append(out, o)
			}
		}
	}
	return out, nil
}

func (s *Server) renderNeedForm(w http.ResponseWriter, r *http.Request, status int, n *haizhi.Need, err error) {
	units, uerr := s.needUnits(r)
	if uerr != nil {
		s.fail(w, r, uerr)
		return
	}
	if len(units) == 0 {
		s.renderError(w, r, http.StatusForbidden, "error.forbidden")
		return
	}
	v := s.newView(r, "needs.new", nil)
	if n.ID != 0 {
		v.Title = v.T("needs.edit")
	}
	if err != nil {
		v.Form = newForm(v, r, err)
	}
	kinds, industries := []option{}, []option{{Value: "", Label: v.T("admin.choose")}}
	for _, k := range haizhi.NeedKinds() {
		kinds = append(kinds, option{Value: string(k), Label: v.T("need_kind." + string(k))})
	}
	for _, in := range haizhi.Industries() {
		industries = append(industries, option{Value: in, Label: v.T("industry." + in)})
	}
	amount := func(x int64) string {
		if x == 0 {
			return ""
		}
		return strconv.FormatInt(x, 10)
	}
	deadline := ""
	if n.Deadline != nil {
		deadline = n.Deadline.In(shanghai).Format(time.DateOnly)
	}
	unit := ""
	if n.UnitID != 0 {
		unit = strconv.FormatInt(n.UnitID, 10)
	}
	v.Data = map[string]any{"Need": n, "F": map[string]field{
		"unit_id":        newField(v, "unit_id", "select", "needs.unit", true, unit).withOptions(units...),
		"kind":           newField(v, "kind", "select", "needs.kind", true, string(n.Kind)).withOptions(kinds...),
		"enterprise":     newField(v, "enterprise", "text", "needs.enterprise", true, n.Enterprise),
		"industry":       newField(v, "industry", "select", "needs.industry", true, n.Industry).withOptions(industries...),
		"title_zh":       newField(v, "title_zh", "text", "needs.title_zh", false, n.TitleZH),
		"title_en":       newField(v, "title_en", "text", "needs.title_en", false, n.TitleEN),
		"description_zh": newField(v, "description_zh", "textarea", "needs.description_zh", false, n.DescriptionZH),
		"description_en": newField(v, "description_en", "textarea", "needs.description_en", false, n.DescriptionEN),
		"keywords":       newField(v, "keywords", "text", "needs.keywords", false, strings.Join(n.Keywords, ", ")),
		"location":       newField(v, "location", "text", "needs.location", false, n.Location),
		"budget_yuan":    newField(v, "budget_yuan", "number", "needs.budget", false, amount(n.BudgetYuan)),
		"reward_yuan":    newField(v, "reward_yuan", "number", "needs.reward", false, amount(n.RewardYuan)),
		"deadline":       newField(v, "deadline", "date", "needs.deadline", false, deadline),
	}}
	s.render(w, r, status, "need_form", v)
}

// needFromForm reads the need form into n; malformed numbers and dates are field errors.
func needFromForm(f url.Values, n *haizhi.Need) error {
	errs := map[string]string{}
	n.UnitID, _ = strconv.ParseInt(f.Get("unit_id"), 10, 64)
	n.Kind, n.Industry = haizhi.NeedKind(f.Get("kind")), f.Get("industry")
	n.Enterprise, n.Location = f.Get("enterprise"), f.Get("location")
	n.TitleZH, n.TitleEN, n.DescriptionZH, n.DescriptionEN = f.Get("title_zh"), f.Get("title_en"), f.Get("description_zh"), f.Get("description_en")
	n.Keywords = haizhi.SplitList(f.Get("keywords"))
	for name, dst := range map[string]*int64{"budget_yuan": &n.BudgetYuan, "reward_yuan": &n.RewardYuan} {
		*dst = 0
		if x := strings.TrimSpace(strings.ReplaceAll(f.Get(name), ",", "")); x != "" {
			v, err := strconv.ParseInt(x, 10, 64)
			if err != nil {
				errs[name] = "error.number_invalid"
			}
			*dst = v
		}
	}
	n.Deadline = nil
	if x := strings.TrimSpace(f.Get("deadline")); x != "" {
		d, err := time.ParseInLocation(time.DateOnly, x, shanghai)
		if err != nil {
			errs["deadline"] = "error.date_invalid"
		} else {
			end := d.Add(24*time.Hour - time.Second) // the whole day, in Beijing time
			n.Deadline = &end
		}
	}
	if len(errs) > 0 {
		return haizhi.Invalid(errs)
	}
	return nil
}

// needSave creates or changes a need from the form.
func (s *Server) needSave(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	n := &haizhi.Need{}
	if id := r.PathValue("id"); id != "" {
		cur, err := s.svc.Needs.FindNeedByID(r.Context(), pathID(r, "id"))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		n.ID, n.Version = cur.ID, cur.Version
		if v, err := strconv.Atoi(r.PostForm.Get("version")); err == nil {
			n.Version = v // the version the form was filled in from
		}
	}
	err := needFromForm(r.PostForm, n)
	if err == nil {
		err = s.svc.Needs.SaveNeed(r.Context(), n)
	}
	if err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		s.renderNeedForm(w, r, http.StatusUnprocessableEntity, n, err)
		return
	}
	s.setFlash(r, "success", "needs.saved")
	redirect(w, r, "/needs/"+strconv.FormatInt(n.ID, 10))
}

// needStatus publishes, closes or reopens a need.
func (s *Server) needStatus(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	n, err := s.svc.Needs.SetNeedStatus(r.Context(), pathID(r, "id"), haizhi.NeedStatus(r.PostForm.Get("status")))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(r, "success", "needs.status_changed")
	redirect(w, r, "/needs/"+strconv.FormatInt(n.ID, 10))
}
