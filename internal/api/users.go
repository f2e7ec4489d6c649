package api

import (
	"net/http"
	"strconv"

	"github.com/haizhi-dev/haizhi"
)

// userList answers GET /users: users holding a grant in the caller's PermUserView scope,
// filtered by q (email and name), role and unit_id (that unit and below).
func (a *API) userList(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := haizhi.UserFilter{
		Query:  q.str("q"),
		Role:   haizhi.Role(q.oneOf("role", strs(haizhi.Roles())...)),
		UnitID: q.id("unit_id"),
		Sort:   q.oneOf("sort", "email", "name", "created", "-created"),
		Page:   q.page(),
	}
	if err := q.err(); err != nil {
		a.writeError(w, r, err)
		return
	}
	users, total, err := a.svc.Users.FindUsers(r.Context(), f)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.json(w, r, http.StatusOK, newList(users, total, f.Page))
}

// userShow answers GET /users/{id}; the service hides users outside the caller's scope.
func (a *API) userShow(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "user")
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	u, err := a.svc.Users.FindUserByID(r.Context(), id)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.json(w, r, http.StatusOK, u)
}

// userCreateRequest is the body of POST /users. There is no password: the new user sets
// one through the verification mail.
type userCreateRequest struct {
	Email  string      `json:"email"`
	Name   string      `json:"name"`
	Locale string      `json:"locale"`
	Role   haizhi.Role `json:"role"`
	UnitID int64       `json:"unit_id"`
}

// userCreate answers POST /users: an account with its first role (PermUserManage on the
// unit); the user is mailed a link to verify the address and set a password.
func (a *API) userCreate(w http.ResponseWriter, r *http.Request) {
	var req userCreateRequest
	if err := a.decode(w, r, &req); err != nil {
		a.writeError(w, r, err)
		return
	}
	u, err := a.svc.Users.CreateUser(r.Context(), haizhi.NewUser{Email: req.Email, Name: req.Name, Locale: req.Locale,
		Role: req.Role, UnitID: req.UnitID})
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.created(w, r, Prefix+"users/"+strconv.FormatInt(u.ID, 10), u)
}
