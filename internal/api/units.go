package api

import (
	"net/http"
	"strconv"

	"github.com/haizhi-dev/haizhi"
)

// unitList answers GET /units: the units in the caller's PermUnitView scope, in tree
// order, filtered by q (code and names), kind and parent_id (0: the roots).
func (a *API) unitList(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := haizhi.UnitFilter{
		Query:    q.str("q"),
		Kind:     haizhi.UnitKind(q.oneOf("kind", strs(haizhi.UnitKinds())...)),
		ParentID: q.optionalID("parent_id"),
		Page:     q.page(),
	}
	if err := q.err(); err != nil {
		a.writeError(w, r, err)
		return
	}
	units, total, err := a.svc.Units.FindUnits(r.Context(), f)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.json(w, r, http.StatusOK, newList(units, total, f.Page))
}

// unitShow answers GET /units/{id}; the service decides whether the caller may see it.
func (a *API) unitShow(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "unit")
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	u, err := a.svc.Units.FindUnitByID(r.Context(), id)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.json(w, r, http.StatusOK, u)
}

// unitCreateRequest is the body of POST /units.
type unitCreateRequest struct {
	ParentID int64           `json:"parent_id"`
	Kind     haizhi.UnitKind `json:"kind"`
	Code     string          `json:"code"`
	NameZH   string          `json:"name_zh"`
	NameEN   string          `json:"name_en"`
}

// unitCreate answers POST /units: a new unit under parent_id (PermUnitManage on it).
func (a *API) unitCreate(w http.ResponseWriter, r *http.Request) {
	var req unitCreateRequest
	if err := a.decode(w, r, &req); err != nil {
		a.writeError(w, r, err)
		return
	}
	u := &haizhi.OrgUnit{ParentID: req.ParentID, Kind: req.Kind, Code: req.Code, NameZH: req.NameZH, NameEN: req.NameEN}
	if err := a.svc.Units.CreateUnit(r.Context(), u); err != nil {
		a.writeError(w, r, err)
		return
	}
	a.created(w, r, Prefix+"units/"+strconv.FormatInt(u.ID, 10), u)
}

// unitUpdateRequest is the body of PATCH /units/{id}; absent fields stay as they are.
type unitUpdateRequest struct {
	Kind   *haizhi.UnitKind `json:"kind"`
	NameZH *string          `json:"name_zh"`
	NameEN *string          `json:"name_en"`
}

// unitUpdate answers PATCH /units/{id}: a new kind or names (PermUnitManage on the unit).
func (a *API) unitUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "unit")
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	var req unitUpdateRequest
	if err := a.decode(w, r, &req); err != nil {
		a.writeError(w, r, err)
		return
	}
	u, err := a.svc.Units.UpdateUnit(r.Context(), id, haizhi.UnitUpdate{Kind: req.Kind, NameZH: req.NameZH, NameEN: req.NameEN})
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.json(w, r, http.StatusOK, u)
}
