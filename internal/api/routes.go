package api

import (
	"net/http"
	"slices"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// Route is one line of the route table: a method, a ServeMux path pattern under Prefix
// and the permission the route needs.
type Route struct {
	Method  string            // "GET", "POST", "PATCH" or "DELETE"
	Pattern string            // a ServeMux path pattern, e.g. "/api/v1/posts/{id}"
	Perm    haizhi.Permission // what the caller must hold on some unit
	handler http.HandlerFunc
}

// Routes returns the route table: every operation of the API with its permission, in one
// place. PermPublic routes serve guests; every other route answers 401 to a caller with
// no token and 403 to one who holds the permission on no unit. Handlers then leave the
// record's own unit to the services.
func (a *API) Routes() []Route { return slices.Clone(a.routes) }

func (a *API) table() []Route {
	return []Route{
		// Documentation.
		{"GET", "/api/v1/openapi.json", haizhi.PermPublic, a.openAPI},
		{"GET", "/api/v1/docs", haizhi.PermPublic, a.docs},

		// The caller.
		{"GET", "/api/v1/me", haizhi.PermSignedIn, a.me},

		// Organisation units.
		{"GET", "/api/v1/units", haizhi.PermUnitView, a.unitList},
		{"GET", "/api/v1/units/{id}", haizhi.PermSignedIn, a.unitShow},
		{"POST", "/api/v1/units", haizhi.PermUnitManage, a.unitCreate},
		{"PATCH", "/api/v1/units/{id}", haizhi.PermUnitManage, a.unitUpdate},

		// People.
		{"GET", "/api/v1/users", haizhi.PermUserView, a.userList},
		{"GET", "/api/v1/users/{id}", haizhi.PermUserView, a.userShow},
		{"POST", "/api/v1/users", haizhi.PermUserManage, a.userCreate},

		// Portal posts: published ones are public, drafts only for their managers.
		{"GET", "/api/v1/posts", haizhi.PermPublic, a.postList},
		{"GET", "/api/v1/posts/{id}", haizhi.PermPublic, a.postShow},
		{"POST", "/api/v1/posts", haizhi.PermPostManage, a.postCreate},
		{"PATCH", "/api/v1/posts/{id}", haizhi.PermPostManage, a.postUpdate},
		{"DELETE", "/api/v1/posts/{id}", haizhi.PermPostManage, a.postDelete},
		{"POST", "/api/v1/posts/{id}/publish", haizhi.PermPostManage, a.postPublish(true)},
		{"POST", "/api/v1/posts/{id}/unpublish", haizhi.PermPostManage, a.postPublish(false)},

		// Oversight.
		{"GET", "/api/v1/audit", haizhi.PermAuditView, a.auditList},
		{"GET", "/api/v1/audit/verify", haizhi.PermAuditView, a.auditVerify},
	}
}

// register installs the route table on the mux. Each path also gets a pattern without a
// method, which the mux prefers only when no method matches: it answers 405 with the
// methods the path does allow. Anything else under Prefix is a JSON 404.
func (a *API) register() {
	allowed := map[string][]string{}
	var paths []string
	for _, rt := range a.routes {
		a.mux.Handle(rt.Method+" "+rt.Pattern, a.require(rt.Perm, rt.handler))
		if _, ok := allowed[rt.Pattern]; !ok {
			paths = append(paths, rt.Pattern)
		}
		allowed[rt.Pattern] = append(allowed[rt.Pattern], rt.Method)
		if rt.Method == http.MethodGet {
			allowed[rt.Pattern] = append(allowed[rt.Pattern], http.MethodHead)
		}
	}
	for _, p := range paths {
		methods := allowed[p]
		slices.Sort(methods)
		a.mux.Handle(p, a.methodNotAllowed(strings.Join(methods, ", ")))
	}
	a.mux.HandleFunc(Prefix, a.notFound)
}

// require wraps a handler with authentication and the route's permission check.
func (a *API) require(p haizhi.Permission, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Answers depend on the token; no cache may keep them.
		w.Header().Set("Cache-Control", "no-store")
		r, err := a.authenticate(r)
		if err != nil {
			a.unauthorized(w, r, err)
			return
		}
		actor := haizhi.ActorFromContext(r.Context())
		switch {
		case p == haizhi.PermPublic || actor.CanAnywhere(p):
			h(w, r)
		case actor == nil:
			a.unauthorized(w, r, tokenRequired())
		default:
			a.writeError(w, r, haizhi.ErrForbidden)
		}
	})
}

// notFound answers a path under Prefix that no route serves.
func (a *API) notFound(w http.ResponseWriter, r *http.Request) {
	a.writeError(w, withoutActor(r), &haizhi.Error{Code: haizhi.ENOTFOUND, Key: "error.not_found",
		Message: "No such API path."})
}

// methodNotAllowed answers a path that exists with a method it does not serve.
func (a *API) methodNotAllowed(allow string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = withoutActor(r)
		w.Header().Set("Allow", allow)
		a.writeErrorBody(w, r, http.StatusMethodNotAllowed, "method_not_allowed", "error.method_not_allowed",
			"This path does not accept the method "+r.Method+".")
	})
}
