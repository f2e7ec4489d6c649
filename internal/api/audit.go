package api

import (
	"net/http"

	"github.com/haizhi-dev/haizhi"
)

// auditList answers GET /audit: events in the caller's PermAuditView scope, newest
// first, filtered by action, record_type, record_id and actor_id.
func (a *API) auditList(w http.ResponseWriter, r *http.Request) {
	q := newQuery(r)
	f := haizhi.AuditFilter{
		Action:     q.str("action"),
		RecordType: q.str("record_type"),
		RecordID:   q.str("record_id"),
		ActorID:    q.id("actor_id"),
		Page:       q.page(),
	}
	if err := q.err(); err != nil {
		a.writeError(w, r, err)
		return
	}
	events, total, err := a.svc.Audit.FindAuditEvents(r.Context(), f)
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.json(w, r, http.StatusOK, newList(events, total, f.Page))
}

// auditVerify answers GET /audit/verify: a walk of the whole hash chain, which the
// service allows to holders of PermAuditView on the root.
func (a *API) auditVerify(w http.ResponseWriter, r *http.Request) {
	res, err := a.svc.Audit.VerifyAudit(r.Context())
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	a.json(w, r, http.StatusOK, res)
}
