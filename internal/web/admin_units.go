package web

import (
	"context"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// unitPageSize is the number of units on a page of the tree: the tree is shown whole up
// to this size and paged beyond it.
const unitPageSize = haizhi.MaxPageSize

// unitNode is a unit of the tree with the units below it on the same page.
type unitNode struct {
	*haizhi.OrgUnit
	CanManage bool
	Children  []*unitNode
}

// units shows the organisation tree in the actor's scope or, when searching or filtering
// by kind, a flat table of the matching units.
func (s *Server) units(w http.ResponseWriter, r *http.Request) {
	a := haizhi.ActorFromContext(r.Context())
	q := r.URL.Query()
	f := haizhi.UnitFilter{Query: strings.TrimSpace(q.Get("q")), Kind: haizhi.UnitKind(q.Get("kind")), Page: pageOf(r, unitPageSize)}
	if !f.Kind.Valid() {
		f.Kind = ""
	}
	list, total, err := s.svc.Units.FindUnits(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	nodes := make([]*unitNode, len(list))
	for i, u := range list {
		nodes[i] = &unitNode{OrgUnit: u, CanManage: a.Can(haizhi.PermUnitManage, u.Path)}
	}
	v := s.newView(r, "units.title", nil)
	v.Data = map[string]any{
		"Query": f.Query, "Kind": string(f.Kind), "Kinds": unitKindOptions(v, string(f.Kind), "units.kind_all"),
		"Filtered": f.Query != "" || f.Kind != "",
		"Units":    nodes, "Tree": unitTree(nodes),
		"Pager": newPager(r.URL, f.Page, total),
	}
	s.render(w, r, http.StatusOK, "units", v)
}

// unitTree nests units (in path order) under their parents; a unit whose parent is not in
// the list (the top of the actor's scope, or a parent on an earlier page) is a root.
func unitTree(nodes []*unitNode) []*unitNode {
	byID := make(map[int64]*unitNode, len(nodes))
	var roots []*unitNode
	for _, n := range nodes {
		byID[n.ID] = n
		if p, ok := byID[n.ParentID]; ok && n.ParentID != 0 {
			p.Children = append(p.Children, n)
		} else {
			roots = append(roots, n)
		}
	}
	return roots
}

// unitNew shows the form for a unit below ?parent=.
func (s *Server) unitNew(w http.ResponseWriter, r *http.Request) {
	s.renderUnitForm(w, r, http.StatusOK, nil, nil)
}

// unitCreate adds a unit and goes back to the tree.
func (s *Server) unitCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	pf := r.PostForm
	u := &haizhi.OrgUnit{ParentID: formID(pf, "parent_id"), Kind: haizhi.UnitKind(pf.Get("kind")), Code: pf.Get("code"),
		NameZH: pf.Get("name_zh"), NameEN: pf.Get("name_en")}
	if u.ParentID == 0 {
		// Only the system may add a root; a missing parent is the user's to fix.
		s.renderUnitForm(w, r, http.StatusUnprocessableEntity, nil, haizhi.Invalid(map[string]string{"parent_id": "error.choose_one"}))
		return
	}
	if err := s.svc.Units.CreateUnit(r.Context(), u); err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		s.renderUnitForm(w, r, formStatus(err), nil, err)
		return
	}
	s.setFlash(r, "success", "units.created")
	redirect(w, r, "/admin/units")
}

// unitEdit shows the form of a unit the actor may manage.
func (s *Server) unitEdit(w http.ResponseWriter, r *http.Request) {
	u, err := s.managedUnit(r, pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderUnitForm(w, r, http.StatusOK, u, nil)
}

// unitUpdate renames a unit or changes its kind; its code and parent stay.
func (s *Server) unitUpdate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	id, pf := pathID(r, "id"), r.PostForm
	kind, zh, en := haizhi.UnitKind(pf.Get("kind")), pf.Get("name_zh"), pf.Get("name_en")
	if _, err := s.svc.Units.UpdateUnit(r.Context(), id, haizhi.UnitUpdate{Kind: &kind, NameZH: &zh, NameEN: &en}); err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		u, ferr := s.managedUnit(r, id)
		if ferr != nil {
			s.fail(w, r, ferr)
			return
		}
		s.renderUnitForm(w, r, formStatus(err), u, err)
		return
	}
	s.setFlash(r, "success", "units.saved")
	redirect(w, r, "/admin/units")
}

// managedUnit loads a unit and refuses (403) one the actor may see but not manage.
func (s *Server) managedUnit(r *http.Request, id int64) (*haizhi.OrgUnit, error) {
	u, err := s.svc.Units.FindUnitByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if !haizhi.ActorFromContext(r.Context()).Can(haizhi.PermUnitManage, u.Path) {
		return nil, haizhi.ErrForbidden
	}
	return u, nil
}

// renderUnitForm shows the new-unit form (u nil) or the edit form of u.
func (s *Server) renderUnitForm(w http.ResponseWriter, r *http.Request, status int, u *haizhi.OrgUnit, err error) {
	parents, perr := s.unitsWith(r.Context(), haizhi.PermUnitManage)
	if perr != nil {
		s.fail(w, r, perr)
		return
	}
	title := "units.new_title"
	if u != nil {
		title = "units.edit_title"
	}
	v := s.newView(r, title, nil)
	if err != nil {
		v.Form = newForm(v, r, err)
	}
	def := map[string]string{"parent_id": r.URL.Query().Get("parent")}
	data := map[string]any{"Unit": u}
	if u != nil {
		def = map[string]string{"kind": string(u.Kind), "name_zh": u.NameZH, "name_en": u.NameEN}
		data["ParentName"] = unitNames(parents, v.Locale)[u.ParentID]
		if u.ParentID != 0 && data["ParentName"] == "" {
			if p, err := s.svc.Units.FindUnitByID(r.Context(), u.ParentID); err == nil {
				data["ParentName"] = p.Name(v.Locale)
			}
		}
	}
	blank := option{Value: "", Label: v.T("admin.choose")}
	data["Parent"] = newField(v, "parent_id", "select", "field.parent", true, def["parent_id"]).withOptions(append([]option{blank}, unitOptions(parents, v.Locale)...)...)
	data["Kind"] = newField(v, "kind", "select", "field.unit_kind", true, def["kind"]).withOptions(unitKindOptions(v, "", "admin.choose")...)
	data["Code"] = newField(v, "code", "text", "field.code", true)
	data["NameZH"] = newField(v, "name_zh", "text", "field.name_zh", false, def["name_zh"])
	data["NameEN"] = newField(v, "name_en", "text", "field.name_en", false, def["name_en"])
	v.Data = data
	s.render(w, r, status, "unit_form", v)
}

// unitKindOptions lists the unit kinds as options after a blank one labelled blankKey.
func unitKindOptions(v *view, selected, blankKey string) []option {
	opts := []option{{Value: "", Label: v.T(blankKey)}}
	for _, k := range haizhi.UnitKinds() {
		opts = append(opts, option{Value: string(k), Label: v.T("unit_kind." + string(k))})
	}
	return selectOptions(opts, selected)
}

// unitsWith lists, in tree order, the units on which the actor holds p, for the unit
// selects of forms and filters. It reads at most one full page (MaxPageSize units), which
// covers the tree of a city; a deeper list would need a search box instead of a select.
func (s *Server) unitsWith(ctx context.Context, p haizhi.Permission) ([]*haizhi.OrgUnit, error) {
	list, _, err := s.svc.Units.FindUnits(ctx, haizhi.UnitFilter{Page: haizhi.Page{Limit: haizhi.MaxPageSize}})
	if err != nil {
		return nil, err
	}
	a := haizhi.ActorFromContext(ctx)
	out := list[:0]
	for _, u := range list {
		if a.Can(p, u.Path) {
			out = append(out, u)
		}
	}
	return out, nil
}

// unitOptions turns units (in tree order) into select options indented by depth.
func unitOptions(units []*haizhi.OrgUnit, locale string) []option {
	top := 0
	for i, u := range units {
		if i == 0 || u.Depth < top {
			top = u.Depth
		}
	}
	opts := make([]option, len(units))
	for i, u := range units {
		opts[i] = option{Value: strconv.FormatInt(u.ID, 10), Label: strings.Repeat("\u3000", u.Depth-top) + u.Name(locale)}
	}
	return opts
}

// unitNames maps unit ids to their names in the locale.
func unitNames(units []*haizhi.OrgUnit, locale string) map[int64]string {
	m := make(map[int64]string, len(units))
	for _, u := range units {
		m[u.ID] = u.Name(locale)
	}
	return m
}

// selectOptions marks the option whose value is selected.
func selectOptions(opts []option, selected string) []option {
	for i := range opts {
		opts[i].Selected = opts[i].Value == selected
	}
	return opts
}

// scopeUnitID returns the id of the one unit under which the actor holds p, or 0 when
// they hold it on several subtrees or on the whole tree (the last id of a path is the
// unit's own).
func scopeUnitID(a *haizhi.Actor, p haizhi.Permission) int64 {
	paths := a.Scope(p)
	if len(paths) != 1 || paths[0] == "/" {
		return 0
	}
	id, err := strconv.ParseInt(path.Base(paths[0]), 10, 64)
	if err != nil {
		return 0
	}
	return id
}
