package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// criterionRow is one row of the rubric editor as typed.
type criterionRow struct {
	Index                                                       int
	Key, NameZH, NameEN, HelpZH, HelpEN, Weight, Min, Max, Step string
	Errs                                                        map[string]string
}

// editionRubric shows a round's rubric editor.
func (s *Server) editionRubric(w http.ResponseWriter, r *http.Request) {
	s.renderRubric(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderRubric(w http.ResponseWriter, r *http.Request, status int, typed url.Values, err error) {
	ed, ferr := s.svc.Competitions.FindEditionByID(r.Context(), pathID(r, "id"))
	if ferr != nil {
		s.fail(w, r, ferr)
		return
	}
	round := haizhi.RoundKind(r.PathValue("round"))
	cur, ferr := s.svc.Scoring.FindRubric(r.Context(), ed.ID, round)
	if ferr != nil && haizhi.ErrorCode(ferr) != haizhi.ENOTFOUND {
		s.fail(w, r, ferr)
		return
	}
	v := s.newView(r, "rubric.title", nil)
	if err != nil {
		v.Form = newForm(v, r, err)
	}
	if typed == nil {
		typed = url.Values{}
		if cur != nil {
			typed.Set("version", strconv.Itoa(cur.Version))
			typed.Set("method", string(cur.Method))
			if cur.Blind {
				typed.Set("blind", "yes")
			}
			for _, c := range cur.Criteria {
				for k, val := range map[string]string{"crit_key": c.Key, "crit_zh": c.NameZH, "crit_en": c.NameEN, "crit_help_zh": c.HelpZH, "crit_help_en": c.HelpEN,
					"crit_weight": num(c.Weight), "crit_min": num(c.Min), "crit_max": num(c.Max), "crit_step": num(c.Step)} {
					typed.Add(k, val)
				}
			}
		}
	}
	rows := []criterionRow{}
	n := len(typed["crit_key"])
	for i := range n + blankRows {
		at := func(k string) string {
			if i < len(typed[k]) {
				return typed[k][i]
			}
			return ""
		}
		row := criterionRow{Index: i, Key: at("crit_key"), NameZH: at("crit_zh"), NameEN: at("crit_en"), HelpZH: at("crit_help_zh"), HelpEN: at("crit_help_en"),
			Weight: at("crit_weight"), Min: at("crit_min"), Max: at("crit_max"), Step: at("crit_step")}
		if i >= n {
			row.Max = "10"
			row.Weight = "1"
			row.Min = "0"
		}
		if v.Form != nil {
			row.Errs = rowErrors(v.Form, "criteria."+strconv.Itoa(i)+".", nil)
		}
		rows = append(rows, row)
	}
	rd := haizhi.Round{Kind: round}
	for _, x := range ed.Structure.Rounds {
		if x.Kind == round {
			rd = x
		}
	}
	// Each method with what it does, in the reader's language; the trimmed mean unless
	// chosen otherwise.
	method := haizhi.ScoreMethod(typed.Get("method"))
	if method == "" {
		method = haizhi.MethodTrimmedMean
	}
	var methods []methodChoice
	for _, m := range haizhi.ScoreMethods() {
		methods = append(methods, methodChoice{Value: m, Label: v.T("method." + string(m)), Help: v.T("method_help." + string(m)), Selected: m == method})
	}
	v.Data = map[string]any{"Edition": ed, "Round": rd, "Rows": rows, "Version": typed.Get("version"), "Blind": typed.Get("blind") == "yes",
		"Methods": methods}
	s.render(w, r, status, "edition_rubric", v)
}

// methodChoice is a scoring method offered in the rubric editor, explained.
type methodChoice struct {
	Value       haizhi.ScoreMethod
	Label, Help string
	Selected    bool
}

// num writes a number as typed, without trailing zeros.
func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// editionRubricSave saves a round's rubric; rows without key and names are skipped.
func (s *Server) editionRubricSave(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	pf := r.PostForm
	rubric := &haizhi.RoundRubric{EditionID: pathID(r, "id"), Round: haizhi.RoundKind(r.PathValue("round")), Blind: pf.Get("blind") == "yes",
		Method: haizhi.ScoreMethod(pf.Get("method"))}
	rubric.Version, _ = strconv.Atoi(pf.Get("version"))
	errs := map[string]string{}
	keep := url.Values{"version": {pf.Get("version")}, "blind": {pf.Get("blind")}, "method": {pf.Get("method")}}
	for i, key := range pf["crit_key"] {
		at := func(k string) string {
			if i < len(pf[k]) {
				return strings.TrimSpace(pf[k][i])
			}
			return ""
		}
		if strings.TrimSpace(key) == "" && at("crit_zh") == "" && at("crit_en") == "" {
			continue
		}
		idx := len(rubric.Criteria)
		for _, k := range []string{"crit_key", "crit_zh", "crit_en", "crit_help_zh", "crit_help_en", "crit_weight", "crit_min", "crit_max", "crit_step"} {
			keep.Add(k, at(k))
		}
		c := haizhi.RubricCriterion{Key: key, NameZH: at("crit_zh"), NameEN: at("crit_en"), HelpZH: at("crit_help_zh"), HelpEN: at("crit_help_en")}
		for field, dst := range map[string]*float64{"weight": &c.Weight, "min": &c.Min, "max": &c.Max, "step": &c.Step} {
			text := at("crit_" + field)
			if text == "" && field == "step" {
				continue
			}
			f, err := strconv.ParseFloat(text, 64)
			if err != nil {
				errs["criteria."+strconv.Itoa(idx)+"."+field] = "error.number_invalid"
			}
			*dst = f
		}
		rubric.Criteria = append(rubric.Criteria, c)
	}
	var err error
	if len(errs) > 0 {
		err = haizhi.Invalid(errs)
	} else {
		_, err = s.svc.Scoring.SetRubric(r.Context(), rubric)
	}
	if err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		s.renderRubric(w, r, formStatus(err), keep, err)
		return
	}
	s.setFlash(r, "success", "rubric.saved")
	redirect(w, r, r.URL.Path)
}
