package api

import "net/http"

// me answers GET /me: the user the token belongs to, with their grants, as loaded when
// the token was checked.
func (a *API) me(w http.ResponseWriter, r *http.Request) {
	u := tokenUser(r.Context())
	if u == nil {
		a.unauthorized(w, r, tokenRequired())
		return
	}
	a.json(w, r, http.StatusOK, u)
}
