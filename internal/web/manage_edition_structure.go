package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/haizhi-dev/haizhi"
)

// The structure editor is one plain form: a row per division, track and prize tier plus
// blank rows to add more (save, and more blank rows appear), the four round kinds with
// their times in Beijing time (a round without times is not held), and a quota grid per
// round over the saved divisions and tracks. It works without JavaScript.

// blankRows is how many empty rows each list offers for new items.
const blankRows = 2

// localLayout is the value format of <input type="datetime-local">.
const localLayout = "2006-01-02T15:04"

// structRow is one editable row: code (divisions and tracks) or count (tiers), names, and
// the problem of each cell.
type structRow struct {
	Index               int
	Code, ZH, EN, Count string
	CodeErr, NameErr    string
	CountErr, RankErr   string
}

type roundRow struct {
	Kind                  haizhi.RoundKind
	Opens, Closes, ZH, EN string
	OpensErr, ClosesErr   string
	NameErr, KindErr      string
}

type quotaCell struct {
	Name, Value, Err string
}

type quotaGrid struct {
	Kind   haizhi.RoundKind
	Tracks []haizhi.Track
	Rows   []quotaGridRow
}

type quotaGridRow struct {
	Division haizhi.Division
	Cells    []quotaCell
}

// editionStructureForm shows the editor.
func (s *Server) editionStructureForm(w http.ResponseWriter, r *http.Request) {
	e, err := s.svc.Competitions.FindEditionByID(r.Context(), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderStructure(w, r, http.StatusOK, e, structureValues(e.Structure), e.Version, nil)
}

// rowErrors returns the problems of the row whose fields start with prefix
// ("fields.3."), by the rest of their names ("label_zh"); fold maps a rest to the cell
// that shows it (nil keeps it).
func rowErrors(f *form, prefix string, fold func(string) string) map[string]string {
	out := map[string]string{}
	for name, msg := range f.Errors {
		if rest, ok := strings.CutPrefix(name, prefix); ok {
			if fold != nil {
				rest = fold(rest)
			}
			out[rest] = msg
		}
	}
	return out
}

// editionRender shows an edition editor: the edition, the values to show (saved or as
// typed), the version the form carries, and the problems.
type editionRender func(w http.ResponseWriter, r *http.Request, status int, e *haizhi.Edition, vals url.Values, version int, err error)

// saveEditionPart is the POST of an edition editor: save parses the form and stores it,
// returning the values to show again if it fails; a problem the user can fix shows the
// editor again with them, anything else fails the request; success goes to next.
func (s *Server) saveEditionPart(w http.ResponseWriter, r *http.Request, render editionRender, flash, next string,
	save func(id int64, version int, pf url.Values) (url.Values, error)) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	id, pf := pathID(r, "id"), r.PostForm
	version, _ := strconv.Atoi(pf.Get("version"))
	vals, err := save(id, version, pf)
	if err == nil {
		s.setFlash(r, "success", flash)
		redirect(w, r, "/manage/editions/"+strconv.FormatInt(id, 10)+next)
		return
	}
	if !isFormError(err) {
		s.fail(w, r, err)
		return
	}
	e, ferr := s.svc.Competitions.FindEditionByID(r.Context(), id)
	if ferr != nil {
		s.fail(w, r, ferr)
		return
	}
	// On a version conflict the reader sees what they typed, and saving again overwrites
	// knowingly: the form then carries the current version.
	if haizhi.ErrorKey(err) != "error.version_conflict" {
		e.Version = version
	}
	render(w, r, formStatus(err), e, vals, e.Version, err)
}

// editionStructureSave saves the structure and goes back to the edition.
func (s *Server) editionStructureSave(w http.ResponseWriter, r *http.Request) {
	s.saveEditionPart(w, r, s.renderStructure, "competitions.structure_saved", "", func(id int64, version int, pf url.Values) (url.Values, error) {
		st, err := parseStructure(pf)
		if err == nil {
			_, err = s.svc.Competitions.UpdateEditionStructure(r.Context(), id, version, st)
		}
		return pf, err
	})
}

// structureValues writes a saved structure as the form's values.
func structureValues(st haizhi.EditionStructure) url.Values {
	v := url.Values{}
	for _, d := range st.Divisions {
		v.Add("div_code", d.Code)
		v.Add("div_zh", d.NameZH)
		v.Add("div_en", d.NameEN)
	}
	for _, t := range st.Tracks {
		v.Add("track_code", t.Code)
		v.Add("track_zh", t.NameZH)
		v.Add("track_en", t.NameEN)
	}
	for _, rd := range st.Rounds {
		p := "round_" + string(rd.Kind) + "_"
		v.Set(p+"opens", rd.OpensAt.In(haizhi.Shanghai).Format(localLayout))
		v.Set(p+"closes", rd.ClosesAt.In(haizhi.Shanghai).Format(localLayout))
		v.Set(p+"zh", rd.NameZH)
		v.Set(p+"en", rd.NameEN)
	}
	for _, q := range st.Quotas {
		v.Set(quotaName(q.Round, q.Division, q.Track), strconv.Itoa(q.Count))
	}
	for _, t := range st.PrizeTiers {
		v.Add("tier_zh", t.NameZH)
		v.Add("tier_en", t.NameEN)
		v.Add("tier_count", strconv.Itoa(t.Count))
	}
	return v
}

func quotaName(k haizhi.RoundKind, div, track string) string {
	return "quota_" + string(k) + "_" + div + "_" + track
}

// parseStructure reads the form. Blank rows are skipped; a value that is not a number or
// a time is an error on its cell, named as the service names it.
func parseStructure(pf url.Values) (haizhi.EditionStructure, error) {
	st := haizhi.EditionStructure{}
	fields := map[string]string{}
	rows := func(prefix string, names ...string) [][]string {
		var out [][]string
		for i := range pf[prefix+"_"+names[0]] {
			row := make([]string, len(names))
			blank := true
			for j, n := range names {
				if vals := pf[prefix+"_"+n]; i < len(vals) {
					row[j] = strings.TrimSpace(vals[i])
				}
				blank = blank && row[j] == ""
			}
			if !blank {
				out = append(out, row)
			}
		}
		return out
	}
	for _, r := range rows("div", "code", "zh", "en") {
		st.Divisions = append(st.Divisions, haizhi.Division{Code: r[0], NameZH: r[1], NameEN: r[2]})
	}
	for _, r := range rows("track", "code", "zh", "en") {
		st.Tracks = append(st.Tracks, haizhi.Track{Code: r[0], NameZH: r[1], NameEN: r[2]})
	}
	for _, k := range haizhi.RoundKinds() {
		p := "round_" + string(k) + "_"
		opens, closes := strings.TrimSpace(pf.Get(p+"opens")), strings.TrimSpace(pf.Get(p+"closes"))
		zh, en := strings.TrimSpace(pf.Get(p+"zh")), strings.TrimSpace(pf.Get(p+"en"))
		if opens == "" && closes == "" && zh == "" && en == "" {
			continue
		}
		i := len(st.Rounds)
		rd := haizhi.Round{Kind: k, NameZH: zh, NameEN: en}
		var err error
		if opens != "" {
			if rd.OpensAt, err = time.ParseInLocation(localLayout, opens, haizhi.Shanghai); err != nil {
				fields[fmt.Sprintf("rounds.%d.opens_at", i)] = "error.datetime"
			}
		}
		if closes != "" {
			if rd.ClosesAt, err = time.ParseInLocation(localLayout, closes, haizhi.Shanghai); err != nil {
				fields[fmt.Sprintf("rounds.%d.closes_at", i)] = "error.datetime"
			}
		}
		st.Rounds = append(st.Rounds, rd)
	}
	for _, k := range haizhi.RoundKinds() {
		for _, d := range st.Divisions {
			for _, t := range st.Tracks {
				name := quotaName(k, strings.ToLower(d.Code), strings.ToLower(t.Code))
				raw := strings.TrimSpace(pf.Get(name))
				if raw == "" {
					continue
				}
				n, err := strconv.Atoi(raw)
				if err != nil {
					fields[name] = "error.not_a_number"
					continue
				}
				if n < 0 {
					fields[name] = "error.count_range"
					continue
				}
				st.Quotas = append(st.Quotas, haizhi.Quota{Round: k, Division: d.Code, Track: t.Code, Count: n})
			}
		}
	}
	for i, r := range rows("tier", "zh", "en", "count") {
		n, err := strconv.Atoi(r[2])
		if err != nil {
			fields[fmt.Sprintf("prize_tiers.%d.count", i)] = "error.not_a_number"
		}
		st.PrizeTiers = append(st.PrizeTiers, haizhi.PrizeTier{Rank: i + 1, NameZH: r[0], NameEN: r[1], Count: n})
	}
	if len(fields) > 0 {
		return st, haizhi.Invalid(fields)
	}
	return st, nil
}

// renderStructure shows the editor with values (saved or as typed) and the problems.
func (s *Server) renderStructure(w http.ResponseWriter, r *http.Request, status int, e *haizhi.Edition, vals url.Values, version int, err error) {
	v := s.newView(r, "competitions.structure_title", nil)
	f := newForm(v, r, err)
	v.Form = f
	list := func(prefix, field string, coded bool) []structRow {
		n := len(vals[prefix+"_"+map[bool]string{true: "code", false: "zh"}[coded]])
		out := make([]structRow, 0, n+blankRows)
		for i := range n + blankRows {
			at := func(name string) string {
				if xs := vals[prefix+"_"+name]; i < len(xs) {
					return xs[i]
				}
				return ""
			}
			p := fmt.Sprintf("%s.%d.", field, i)
			row := structRow{Index: i, Code: at("code"), ZH: at("zh"), EN: at("en"), Count: at("count"),
				CodeErr: f.Errors[p+"code"], NameErr: f.Errors[p+"name_zh"] + f.Errors[p+"name_en"], CountErr: f.Errors[p+"count"], RankErr: f.Errors[p+"rank"]}
			out = append(out, row)
		}
		return out
	}
	var rounds []roundRow
	i := 0
	for _, k := range haizhi.RoundKinds() {
		pre := "round_" + string(k) + "_"
		rr := roundRow{Kind: k, Opens: vals.Get(pre + "opens"), Closes: vals.Get(pre + "closes"), ZH: vals.Get(pre + "zh"), EN: vals.Get(pre + "en")}
		if rr.Opens != "" || rr.Closes != "" || rr.ZH != "" || rr.EN != "" {
			p := fmt.Sprintf("rounds.%d.", i)
			rr.OpensErr, rr.ClosesErr, rr.KindErr = f.Errors[p+"opens_at"], f.Errors[p+"closes_at"], f.Errors[p+"kind"]
			rr.NameErr = f.Errors[p+"name_zh"] + f.Errors[p+"name_en"]
			i++
		}
		rounds = append(rounds, rr)
	}
	var grids []quotaGrid
	st := e.Structure
	if len(st.Divisions) > 0 && len(st.Tracks) > 0 {
		for _, k := range haizhi.RoundKinds() {
			g := quotaGrid{Kind: k, Tracks: st.Tracks}
			for _, d := range st.Divisions {
				row := quotaGridRow{Division: d}
				for _, t := range st.Tracks {
					name := quotaName(k, d.Code, t.Code)
					row.Cells = append(row.Cells, quotaCell{Name: name, Value: vals.Get(name), Err: f.Errors[name]})
				}
				g.Rows = append(g.Rows, row)
			}
			grids = append(grids, g)
		}
	}
	v.Data = map[string]any{"Edition": e, "Version": version, "Divisions": list("div", "divisions", true),
		"Tracks": list("track", "tracks", true), "Rounds": rounds, "Quotas": grids, "Tiers": list("tier", "prize_tiers", false)}
	s.render(w, r, status, "edition_structure", v)
}
