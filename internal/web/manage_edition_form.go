package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// The application form editor, like the structure editor, is one plain form: a row per
// section, a card per field (plus blank ones to add), options one per line as
// "value | 中文 | English", and a position number to reorder. Fields left out are
// retired by the service and listed at the end.

// formFieldRow is one field card of the editor with the problems of its cells.
type formFieldRow struct {
	Index                                      int
	Key, Section, Type, ZH, EN, HelpZH, HelpEN string
	Required                                   bool
	Options, Position                          string
	Errs                                       map[string]string
	SectionOptions, TypeOptions                []option
}

// editionFormEditor shows the editor.
func (s *Server) editionFormEditor(w http.ResponseWriter, r *http.Request) {
	e, err := s.svc.Competitions.FindEditionByID(r.Context(), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderFormEditor(w, r, http.StatusOK, e, appFormValues(e.Form), e.Version, nil)
}

// editionFormSave saves the form and shows it again.
func (s *Server) editionFormSave(w http.ResponseWriter, r *http.Request) {
	s.saveEditionPart(w, r, s.renderFormEditor, "appform.saved", "/form", func(id int64, version int, pf url.Values) (url.Values, error) {
		form, err := parseAppForm(pf)
		if err != nil {
			return pf, err
		}
		if _, err := s.svc.Competitions.UpdateEditionForm(r.Context(), id, version, form); err != nil {
			// The service names questions by their place in position order: show them so.
			return appFormValues(form), err
		}
		return nil, nil
	})
}

// appFormValues writes a saved form as the editor's values (active fields only).
func appFormValues(f haizhi.AppForm) url.Values {
	v := url.Values{}
	for _, s := range f.Sections {
		v.Add("section_key", s.Key)
		v.Add("section_zh", s.TitleZH)
		v.Add("section_en", s.TitleEN)
	}
	for i, fl := range f.Active() {
		v.Add("field_key", fl.Key)
		v.Add("field_section", fl.Section)
		v.Add("field_type", string(fl.Type))
		v.Add("field_zh", fl.LabelZH)
		v.Add("field_en", fl.LabelEN)
		v.Add("field_help_zh", fl.HelpZH)
		v.Add("field_help_en", fl.HelpEN)
		v.Add("field_position", strconv.Itoa((i+1)*10))
		req := "no"
		if fl.Required {
			req = "yes"
		}
		v.Add("field_required", req)
		var lines []string
		for _, o := range fl.Options {
			lines = append(lines, o.Value+" | "+o.LabelZH+" | "+o.LabelEN)
		}
		v.Add("field_options", strings.Join(lines, "\n"))
	}
	return v
}

// at is the i-th value of name in vals, or "".
func at(vals url.Values, name string, i int) string {
	if xs := vals[name]; i < len(xs) {
		return xs[i]
	}
	return ""
}

// parseAppForm reads the editor. Rows with neither key nor label are skipped; fields are
// ordered by their position numbers (ties keep the page order).
func parseAppForm(pf url.Values) (haizhi.AppForm, error) {
	var f haizhi.AppForm
	errs := map[string]string{}
	for i := range pf["section_key"] {
		k, zh, en := strings.TrimSpace(at(pf, "section_key", i)), at(pf, "section_zh", i), at(pf, "section_en", i)
		if k == "" && strings.TrimSpace(zh+en) == "" {
			continue
		}
		f.Sections = append(f.Sections, haizhi.FormSection{Key: k, TitleZH: zh, TitleEN: en})
	}
	type placed struct {
		pos int
		fl  haizhi.FormField
	}
	var fields []placed
	for i := range pf["field_key"] {
		k, zh, en := strings.TrimSpace(at(pf, "field_key", i)), at(pf, "field_zh", i), at(pf, "field_en", i)
		if k == "" && strings.TrimSpace(zh+en) == "" {
			continue
		}
		n := len(fields)
		fl := haizhi.FormField{Key: k, Section: at(pf, "field_section", i), Type: haizhi.FieldType(at(pf, "field_type", i)),
			LabelZH: zh, LabelEN: en, HelpZH: at(pf, "field_help_zh", i), HelpEN: at(pf, "field_help_en", i),
			Required: at(pf, "field_required", i) == "yes"}
		for _, line := range strings.Split(at(pf, "field_options", i), "\n") {
			if strings.TrimSpace(line) == "" {
				continue
			}
			parts := strings.SplitN(line, "|", 3)
			for len(parts) < 3 {
				parts = append(parts, "")
			}
			fl.Options = append(fl.Options, haizhi.FieldOption{Value: parts[0], LabelZH: parts[1], LabelEN: parts[2]})
		}
		pos := (n + 1) * 10
		if raw := strings.TrimSpace(at(pf, "field_position", i)); raw != "" {
			p, err := strconv.Atoi(raw)
			if err != nil {
				errs[fmt.Sprintf("fields.%d.position", n)] = "error.not_a_number"
			}
			pos = p
		}
		fields = append(fields, placed{pos, fl})
	}
	if len(errs) > 0 {
		return f, haizhi.Invalid(errs)
	}
	// A stable insertion sort by position: the page order is the tie-break, and the
	// service's field errors then refer to this order, which the page shows back.
	for i := 1; i < len(fields); i++ {
		for j := i; j > 0 && fields[j].pos < fields[j-1].pos; j-- {
			fields[j], fields[j-1] = fields[j-1], fields[j]
		}
	}
	for _, p := range fields {
		f.Fields = append(f.Fields, p.fl)
	}
	return f, nil
}

// renderFormEditor shows the editor with values and the problems of each cell.
func (s *Server) renderFormEditor(w http.ResponseWriter, r *http.Request, status int, e *haizhi.Edition, vals url.Values, version int, err error) {
	v := s.newView(r, "appform.title", nil)
	f := newForm(v, r, err)
	v.Form = f
	type sectionRow struct {
		Index               int
		Key, ZH, EN, KeyErr string
		TitleErr            string
	}
	var sections []sectionRow
	for i := range len(vals["section_key"]) + 1 {
		p := fmt.Sprintf("sections.%d.", i)
		sections = append(sections, sectionRow{Index: i, Key: at(vals, "section_key", i), ZH: at(vals, "section_zh", i), EN: at(vals, "section_en", i),
			KeyErr: f.Errors[p+"key"], TitleErr: f.Errors[p+"title_zh"]})
	}
	sectionOpts := []option{{Value: "", Label: v.T("admin.choose")}}
	for _, sec := range sections {
		if k := strings.TrimSpace(sec.Key); k != "" {
			sectionOpts = append(sectionOpts, option{Value: k, Label: v.Name(sec.ZH, sec.EN)})
		}
	}
	var fields []formFieldRow
	for i := range len(vals["field_key"]) + blankRows {
		row := formFieldRow{Index: i, Key: at(vals, "field_key", i), Section: at(vals, "field_section", i), Type: at(vals, "field_type", i),
			ZH: at(vals, "field_zh", i), EN: at(vals, "field_en", i), HelpZH: at(vals, "field_help_zh", i), HelpEN: at(vals, "field_help_en", i),
			Required: at(vals, "field_required", i) == "yes", Options: at(vals, "field_options", i), Position: at(vals, "field_position", i),
			Errs: rowErrors(f, fmt.Sprintf("fields.%d.", i), func(rest string) string {
				if strings.HasPrefix(rest, "options.") {
					return "options" // an option's problem shows under the options box
				}
				return rest
			})}
		for _, o := range sectionOpts {
			o.Selected = o.Value == row.Section
			row.SectionOptions = append(row.SectionOptions, o)
		}
		for _, t := range haizhi.FieldTypes() {
			row.TypeOptions = append(row.TypeOptions, option{Value: string(t), Label: v.T("field_type." + string(t)), Selected: string(t) == row.Type})
		}
		fields = append(fields, row)
	}
	var retired []haizhi.FormField
	for _, fl := range e.Form.Fields {
		if fl.Retired {
			retired = append(retired, fl)
		}
	}
	v.Data = map[string]any{"Edition": e, "Version": version, "Sections": sections, "Fields": fields, "Retired": retired}
	s.render(w, r, status, "edition_form_editor", v)
}
