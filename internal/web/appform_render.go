package web

import (
	"net/http"

	"github.com/haizhi-dev/haizhi"
)

// formQuestion is one question of an application form ready for a page: its labels in
// the reader's language, its options, and the answer so far. The applicant's pages and
// the operator's preview render the same thing.
type formQuestion struct {
	Key, Type, Label, Help string
	Required               bool
	Options                []option
	Value                  string   // text, number, date, URL
	Values                 []string // choices
	Error                  string
}

type formPart struct {
	Title     string
	Questions []formQuestion
}

// appFormParts lays out the active questions of f by section, in the reader's locale,
// with answers and per-question errors (keyed by question key).
func appFormParts(v *view, f haizhi.AppForm, answers map[string][]string, errs map[string]string) []formPart {
	bySection := map[string]int{}
	parts := make([]formPart, len(f.Sections))
	for i, s := range f.Sections {
		parts[i] = formPart{Title: v.Name(s.TitleZH, s.TitleEN)}
		bySection[s.Key] = i
	}
	for _, q := range f.Active() {
		i, ok := bySection[q.Section]
		if !ok {
			continue
		}
		fq := formQuestion{Key: q.Key, Type: string(q.Type), Label: v.Name(q.LabelZH, q.LabelEN), Help: v.Name(q.HelpZH, q.HelpEN),
			Required: q.Required, Values: answers[q.Key], Error: errs[q.Key]}
		if len(fq.Values) > 0 {
			fq.Value = fq.Values[0]
		}
		for _, o := range q.Options {
			sel := false
			for _, a := range fq.Values {
				sel = sel || a == o.Value
			}
			fq.Options = append(fq.Options, option{Value: o.Value, Label: v.Name(o.LabelZH, o.LabelEN), Selected: sel})
		}
		parts[i].Questions = append(parts[i].Questions, fq)
	}
	return parts
}

// editionPreview shows the application form as an applicant would see it, in the
// reader's language, with the eligibility rules they must meet.
func (s *Server) editionPreview(w http.ResponseWriter, r *http.Request) {
	e, err := s.svc.Competitions.FindEditionByID(r.Context(), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "appform.preview_title", nil)
	v.Data = map[string]any{"Edition": e, "Parts": appFormParts(v, e.Form, nil, nil)}
	s.render(w, r, http.StatusOK, "edition_preview", v)
}
