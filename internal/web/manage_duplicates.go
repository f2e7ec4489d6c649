package web

import (
	"net/http"

	"github.com/haizhi-dev/haizhi"
)

// editionDuplicates lists the entries of an edition that look like another entry of the
// competition (the same talent twice, or one project brought by two people), with the
// evidence, filtered by reason.
func (s *Server) editionDuplicates(w http.ResponseWriter, r *http.Request) {
	ed, err := s.svc.Competitions.FindEditionByID(r.Context(), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	reason := haizhi.DuplicateReason(r.URL.Query().Get("reason"))
	page := pageOf(r, haizhi.DefaultPageSize)
	pairs, total, err := s.svc.Duplicates.FindDuplicates(r.Context(), haizhi.DuplicateFilter{EditionID: ed.ID, Reason: reason, Page: page})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "duplicates.title", nil)
	reasons := []option{{Value: "", Label: v.T("entries.all"), Selected: reason == ""}}
	for _, x := range haizhi.DuplicateReasons() {
		reasons = append(reasons, option{Value: string(x), Label: v.T("duplicates.reason." + string(x)), Selected: x == reason})
	}
	v.Data = map[string]any{"Edition": ed, "Pairs": pairs, "Total": total, "Reasons": reasons, "Pager": newPager(r.URL, page, total)}
	s.render(w, r, http.StatusOK, "edition_duplicates", v)
}
