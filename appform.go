package haizhi

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// FieldType is the kind of answer a form field takes.
type FieldType string

// Field types of an application form.
const (
	FieldShortText FieldType = "short_text"
	FieldLongText  FieldType = "long_text"
	FieldNumber    FieldType = "number"
	FieldDate      FieldType = "date"
	FieldSingle    FieldType = "single_choice"
	FieldMultiple  FieldType = "multiple_choice"
	FieldFile      FieldType = "file"
	FieldURL       FieldType = "url"
)

// FieldTypes lists the field types in display order.
func FieldTypes() []FieldType {
	return []FieldType{FieldShortText, FieldLongText, FieldNumber, FieldDate, FieldSingle, FieldMultiple, FieldFile, FieldURL}
}

// Valid reports whether t is a known field type.
func (t FieldType) Valid() bool { return slices.Contains(FieldTypes(), t) }

// HasOptions reports whether answers are chosen from the field's options.
func (t FieldType) HasOptions() bool { return t == FieldSingle || t == FieldMultiple }

// FieldOption is one choice of a single- or multiple-choice field. Value is stored in the
// answer, so it is stable; labels may change.
type FieldOption struct {
	Value   string `json:"value"`
	LabelZH string `json:"label_zh"`
	LabelEN string `json:"label_en"`
}

// FormField is one question of an edition's application form. Key identifies it for good:
// answers are stored by key, so relabelling, reordering or moving a field keeps every
// answer, and a field taken off the form is retired (hidden from new applicants, kept
// with its answers), never deleted.
type FormField struct {
	Key      string        `json:"key"`
	Section  string        `json:"section"` // key of its section
	Type     FieldType     `json:"type"`
	LabelZH  string        `json:"label_zh"`
	LabelEN  string        `json:"label_en"`
	HelpZH   string        `json:"help_zh,omitempty"`
	HelpEN   string        `json:"help_en,omitempty"`
	Required bool          `json:"required"`
	Options  []FieldOption `json:"options,omitempty"`
	Retired  bool          `json:"retired,omitempty"`
}

// FormSection groups fields under a heading.
type FormSection struct {
	Key     string `json:"key"`
	TitleZH string `json:"title_zh"`
	TitleEN string `json:"title_en"`
}

// AppForm is an edition's application form: sections in order, and fields in order
// within them. Retired fields are kept at the end.
type AppForm struct {
	Sections []FormSection `json:"sections"`
	Fields   []FormField   `json:"fields"`
}

// Active returns the fields applicants see, in order.
func (f AppForm) Active() []FormField {
	var out []FormField
	for _, fl := range f.Fields {
		if !fl.Retired {
			out = append(out, fl)
		}
	}
	return out
}

// Validate normalises the form and reports problems by field, e.g. "fields.3.options".
func (f *AppForm) Validate() error {
	errs := map[string]string{}
	sections := map[string]bool{}
	for i := range f.Sections {
		s := &f.Sections[i]
		p := fmt.Sprintf("sections.%d.", i)
		s.Key, s.TitleZH, s.TitleEN = strings.TrimSpace(strings.ToLower(s.Key)), strings.TrimSpace(s.TitleZH), strings.TrimSpace(s.TitleEN)
		checkCode(errs, p, "key", s.Key, sections)
		if s.TitleZH == "" && s.TitleEN == "" {
			errs[p+"title_zh"] = "error.required_one_title"
		}
	}
	keys := map[string]bool{}
	for i := range f.Fields {
		fl := &f.Fields[i]
		p := fmt.Sprintf("fields.%d.", i)
		fl.Key, fl.Section = strings.TrimSpace(strings.ToLower(fl.Key)), strings.TrimSpace(strings.ToLower(fl.Section))
		fl.LabelZH, fl.LabelEN = strings.TrimSpace(fl.LabelZH), strings.TrimSpace(fl.LabelEN)
		fl.HelpZH, fl.HelpEN = strings.TrimSpace(fl.HelpZH), strings.TrimSpace(fl.HelpEN)
		checkCode(errs, p, "key", fl.Key, keys)
		if !fl.Type.Valid() {
			errs[p+"type"] = "error.choose_one"
		}
		if !fl.Retired && !sections[fl.Section] {
			errs[p+"section"] = "error.unknown_choice"
		}
		if fl.LabelZH == "" && fl.LabelEN == "" {
			errs[p+"label_zh"] = "error.required_one_title"
		}
		for name, v := range map[string]string{"label_zh": fl.LabelZH, "label_en": fl.LabelEN} {
			if utf8.RuneCountInString(v) > 300 {
				errs[p+name] = "error.too_long"
			}
		}
		for name, v := range map[string]string{"help_zh": fl.HelpZH, "help_en": fl.HelpEN} {
			if utf8.RuneCountInString(v) > 2000 {
				errs[p+name] = "error.too_long"
			}
		}
		if fl.Type.HasOptions() {
			values := map[string]bool{}
			for j := range fl.Options {
				o := &fl.Options[j]
				o.Value, o.LabelZH, o.LabelEN = strings.TrimSpace(strings.ToLower(o.Value)), strings.TrimSpace(o.LabelZH), strings.TrimSpace(o.LabelEN)
				op := fmt.Sprintf("%soptions.%d.", p, j)
				checkCode(errs, op, "value", o.Value, values)
				if o.LabelZH == "" && o.LabelEN == "" {
					errs[op+"label_zh"] = "error.required_one_name"
				}
			}
			if len(fl.Options) < 2 {
				errs[p+"options"] = "error.need_two_options"
			}
		} else {
			fl.Options = nil
		}
	}
	if len(errs) > 0 {
		return Invalid(errs)
	}
	// Retired fields go last, keeping their order.
	slices.SortStableFunc(f.Fields, func(a, b FormField) int {
		switch {
		case a.Retired == b.Retired:
			return 0
		case a.Retired:
			return 1
		}
		return -1
	})
	return nil
}

// Revise returns next as the form that replaces f: every field of f that next leaves out
// is kept, retired, so its answers stay readable. It refuses (field error
// "error.field_type_locked") to change the type of a field once applications may exist
// (locked), since the answers already given would no longer fit.
func (f AppForm) Revise(next AppForm, locked bool) (AppForm, error) {
	if err := next.Validate(); err != nil {
		return next, err
	}
	kept := map[string]int{}
	for i, fl := range next.Fields {
		kept[fl.Key] = i
	}
	errs := map[string]string{}
	for _, old := range f.Fields {
		i, ok := kept[old.Key]
		if !ok {
			old.Retired = true
			next.Fields = append(next.Fields, old)
			continue
		}
		if locked && next.Fields[i].Type != old.Type {
			errs[fmt.Sprintf("fields.%d.type", i)] = "error.field_type_locked"
		}
	}
	if len(errs) > 0 {
		return next, Invalid(errs)
	}
	return next, nil
}
