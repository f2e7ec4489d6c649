package web

import (
	"net/http"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// competitionRow is a competition with its editions, newest first.
type competitionRow struct {
	*haizhi.Competition
	Editions []*haizhi.Edition
}

// competitions lists the competitions the actor runs, each with its editions.
func (s *Server) competitions(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	page := pageOf(r, haizhi.DefaultPageSize)
	list, total, err := s.svc.Competitions.FindCompetitions(r.Context(), haizhi.CompetitionFilter{Query: q, Page: page})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The editions of the whole page in one query; a competition has one a year, so a
	// page of competitions has at most a few hundred.
	rows := make([]competitionRow, len(list))
	if len(list) > 0 {
		ids := make([]int64, len(list))
		for i, c := range list {
			ids[i] = c.ID
		}
		eds, _, err := s.svc.Competitions.FindEditions(r.Context(), haizhi.EditionFilter{CompetitionIDs: ids, Page: haizhi.Page{Limit: haizhi.MaxPageSize}})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		byComp := map[int64][]*haizhi.Edition{}
		for _, e := range eds {
			byComp[e.CompetitionID] = append(byComp[e.CompetitionID], e)
		}
		for i, c := range list {
			rows[i] = competitionRow{Competition: c, Editions: byComp[c.ID]}
		}
	}
	v := s.newView(r, "competitions.title", map[string]any{"Competitions": rows, "Query": q, "Pager": newPager(r.URL, page, total)})
	s.render(w, r, http.StatusOK, "competitions", v)
}

// quotaTable is one round's quotas as a division x track grid with totals.
type quotaTable struct {
	Round      haizhi.Round
	Rows       []quotaRow
	TrackTotal []int
	Total      int
}

type quotaRow struct {
	Division haizhi.Division
	Counts   []int
	Total    int
}

// edition shows an edition's structure: divisions, tracks, rounds (in Hangzhou time),
// the advancement quotas per round as grids, and the prize tiers.
func (s *Server) edition(w http.ResponseWriter, r *http.Request) {
	e, err := s.svc.Competitions.FindEditionByID(r.Context(), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	st := e.Structure
	var grids []quotaTable
	for _, rd := range st.Rounds {
		g := quotaTable{Round: rd, TrackTotal: make([]int, len(st.Tracks))}
		any := false
		for _, d := range st.Divisions {
			row := quotaRow{Division: d, Counts: make([]int, len(st.Tracks))}
			for _, q := range st.Quotas {
				if q.Round != rd.Kind || q.Division != d.Code {
					continue
				}
				for i, t := range st.Tracks {
					if t.Code == q.Track {
						row.Counts[i] += q.Count
						row.Total += q.Count
						g.TrackTotal[i] += q.Count
						g.Total += q.Count
						any = true
					}
				}
			}
			g.Rows = append(g.Rows, row)
		}
		if any {
			grids = append(grids, g)
		}
	}
	prizes := 0
	for _, t := range st.PrizeTiers {
		prizes += t.Count
	}
	v := s.newView(r, "", map[string]any{"Edition": e, "Quotas": grids, "Prizes": prizes})
	v.Title = e.Name(v.Locale)
	s.render(w, r, http.StatusOK, "edition", v)
}
