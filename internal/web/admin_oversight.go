package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// audit lists the audit events in the actor's scope, newest first, filtered by action
// and record.
func (s *Server) audit(w http.ResponseWriter, r *http.Request) {
	s.renderAudit(w, r, r.URL, nil)
}

// auditVerify walks the whole hash chain and shows the result above the newest events.
func (s *Server) auditVerify(w http.ResponseWriter, r *http.Request) {
	res, err := s.svc.Audit.VerifyAudit(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Links on the page (pager, language switch) lead to the list, not to this POST.
	s.renderAudit(w, r, &url.URL{Path: "/admin/audit"}, res)
}

// renderAudit renders the audit page for the list at u, with a verification result when
// one was asked for.
func (s *Server) renderAudit(w http.ResponseWriter, r *http.Request, u *url.URL, res *haizhi.AuditVerification) {
	q := u.Query()
	f := haizhi.AuditFilter{Action: strings.TrimSpace(q.Get("action")), RecordType: strings.TrimSpace(q.Get("record_type")),
		RecordID: strings.TrimSpace(q.Get("record_id"))}
	n, _ := strconv.Atoi(q.Get("page"))
	f.Page = haizhi.PageFromNumber(n, 50)
	events, total, err := s.svc.Audit.FindAuditEvents(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "audit.title", nil)
	v.URL = u
	v.Data = map[string]any{
		"Events": events, "Filter": f, "Verification": res, "CanVerify": canVerifyAudit(haizhi.ActorFromContext(r.Context())),
		"Filtered": f.Action != "" || f.RecordType != "" || f.RecordID != "",
		"Pager":    newPager(u, f.Page, total),
	}
	s.render(w, r, http.StatusOK, "audit", v)
}

// canVerifyAudit reports whether the actor holds PermAuditView on a root unit, which
// verifying needs: the chain runs through every unit's events.
func canVerifyAudit(a *haizhi.Actor) bool {
	if a == nil {
		return false
	}
	for _, g := range a.Grants {
		if strings.Count(g.UnitPath, "/") == 2 && a.Can(haizhi.PermAuditView, g.UnitPath) {
			return true
		}
	}
	return a.System
}

// mailStatuses are the statuses the outbox filters by, in display order.
var mailStatuses = []haizhi.MailStatus{haizhi.MailOutbox, haizhi.MailQueued, haizhi.MailSent, haizhi.MailFailed}

// outbox lists outgoing mail, newest first, filtered by status.
func (s *Server) outbox(w http.ResponseWriter, r *http.Request) {
	status := haizhi.MailStatus(r.URL.Query().Get("status"))
	if !slices.Contains(mailStatuses, status) {
		status = ""
	}
	page := pageOf(r, 20)
	list, total, err := s.svc.Mail.FindMail(r.Context(), haizhi.MailFilter{Status: status, Page: page})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "outbox.title", nil)
	opts := []option{{Value: "", Label: v.T("outbox.status_all")}}
	for _, st := range mailStatuses {
		opts = append(opts, option{Value: string(st), Label: v.T("mail_status." + string(st))})
	}
	v.Data = map[string]any{
		"Mail": list, "Statuses": selectOptions(opts, string(status)), "Filtered": status != "",
		"Pager": newPager(r.URL, page, total),
	}
	s.render(w, r, http.StatusOK, "outbox", v)
}

// outboxMessage shows one message with its full text. Links in it are shown as text: an
// admin reading someone's invitation should not follow it by accident.
func (s *Server) outboxMessage(w http.ResponseWriter, r *http.Request) {
	m, err := s.svc.Mail.FindMailByID(r.Context(), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "", map[string]any{"Mail": m, "Paragraphs": textParagraphs(m.Text)})
	v.Title = m.Subject
	s.render(w, r, http.StatusOK, "outbox_message", v)
}

// textParagraphs splits plain text into paragraphs of lines, so that a template can keep
// its line breaks with <br> while long lines still wrap on a phone.
func textParagraphs(text string) [][]string {
	var out [][]string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.Trim(p, "\n"); strings.TrimSpace(p) != "" {
			out = append(out, strings.Split(p, "\n"))
		}
	}
	return out
}

// jobStatuses are the statuses the job list filters by, in display order.
var jobStatuses = []haizhi.JobStatus{haizhi.JobQueued, haizhi.JobRunning, haizhi.JobDone, haizhi.JobFailed}

// jobs lists background jobs, newest first, filtered by status.
func (s *Server) jobs(w http.ResponseWriter, r *http.Request) {
	status := haizhi.JobStatus(r.URL.Query().Get("status"))
	if !slices.Contains(jobStatuses, status) {
		status = ""
	}
	page := pageOf(r, 20)
	list, total, err := s.svc.Jobs.FindJobs(r.Context(), status, page)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "jobs.title", nil)
	opts := []option{{Value: "", Label: v.T("jobs.status_all")}}
	for _, st := range jobStatuses {
		opts = append(opts, option{Value: string(st), Label: v.T("job_status." + string(st))})
	}
	v.Data = map[string]any{
		"Jobs": list, "Statuses": selectOptions(opts, string(status)), "Filtered": status != "",
		"Pager": newPager(r.URL, page, total),
	}
	s.render(w, r, http.StatusOK, "jobs", v)
}
