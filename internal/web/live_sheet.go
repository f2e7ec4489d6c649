package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"net/http"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/pdf"
	"github.com/haizhi-dev/haizhi/internal/sheet"
)

// finalRoomSheet is the room's score sheet as a print-ready page: every judge's mark,
// the dropped ones, the final scores and ranks, the tie-breaks, and the signature with
// the digest of what was signed.
func (s *Server) finalRoomSheet(w http.ResponseWriter, r *http.Request) {
	v, ok := s.sheetView(w, r, false)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "final_sheet", v)
}

// sheetView loads the board into the score sheet's view; inline puts the style sheet
// into the document, for printing to PDF outside the server.
func (s *Server) sheetView(w http.ResponseWriter, r *http.Request, inline bool) (*view, bool) {
	b, ed, ok := s.roomBoardView(w, r)
	if !ok {
		return nil, false
	}
	v := s.newView(r, "live.sheet", nil)
	v.Title = b.Room.Name + " · " + v.T("live.sheet")
	titles := map[int64]string{}
	for _, row := range b.Rows {
		titles[row.EntryID] = row.Title(v.Locale)
	}
	data := map[string]any{"Edition": ed, "B": b, "Room": b.Room, "Titles": titles, "Digest": b.Digest()}
	if inline {
		data["CSS"] = template.CSS(s.assets.Body("print.css")) //nolint:gosec // our own embedded style sheet
	}
	v.Data = data
	return v, true
}

// finalRoomSheetPDF prints the score sheet to PDF with the server's Chromium.
func (s *Server) finalRoomSheetPDF(w http.ResponseWriter, r *http.Request) {
	v, ok := s.sheetView(w, r, true)
	if !ok {
		return
	}
	var buf bytes.Buffer
	if err := s.tmpl.pages["final_sheet"].ExecuteTemplate(&buf, "layout", v); err != nil {
		s.serverError(w, r, fmt.Errorf("render sheet: %w", err))
		return
	}
	doc, err := s.opts.PDF.Print(r.Context(), buf.Bytes())
	if errors.Is(err, pdf.ErrUnavailable) {
		s.renderError(w, r, http.StatusServiceUnavailable, "live.pdf_unavailable")
		return
	} else if err != nil {
		s.serverError(w, r, fmt.Errorf("print sheet: %w", err))
		return
	}
	attachmentName(w, v.Title+".pdf")
	w.Header().Set("Content-Type", "application/pdf")
	_, _ = w.Write(doc)
}

// finalRoomSheetXLSX exports the score sheet to Excel: the marks sheet as shown, and the
// tie-breaks and signature.
func (s *Server) finalRoomSheetXLSX(w http.ResponseWriter, r *http.Request) {
	v, ok := s.sheetView(w, r, false)
	if !ok {
		return
	}
	b := v.Data.(map[string]any)["B"].(*haizhi.Scoreboard)
	room := b.Room
	cols := []sheet.Column{{Header: v.T("live.position"), Width: 6}, {Header: v.T("entries.col_id"), Width: 8}, {Header: v.T("entries.project"), Width: 36}}
	for _, j := range room.Judges {
		cols = append(cols, sheet.Column{Header: j.Name, Width: 12})
	}
	cols = append(cols, sheet.Column{Header: v.T("live.progress"), Width: 8}, sheet.Column{Header: v.T("live.score"), Width: 10},
		sheet.Column{Header: v.T("live.rank"), Width: 6}, sheet.Column{Header: v.T("live.dropped"), Width: 30})
	attachmentName(w, v.Title+".xlsx")
	xw := sheet.NewWriter(w)
	err := xw.Sheet(v.T("live.sheet"), cols)
	for _, row := range b.Rows {
		if err != nil {
			break
		}
		vals := []any{row.Position, row.EntryID, row.Title(v.Locale)}
		dropped := ""
		for i, sc := range row.Scores {
			switch sc.State {
			case haizhi.ScoreSubmitted:
				vals = append(vals, *sc.Value)
				if sc.Dropped {
					if dropped != "" {
						dropped += ", "
					}
					dropped += fmt.Sprintf("%s %.2f", room.Judges[i].Name, *sc.Value)
				}
			case haizhi.ScoreAbstained:
				vals = append(vals, v.T("live.abstained"))
			default:
				vals = append(vals, "")
			}
		}
		var score any = ""
		if row.Score != nil {
			score = *row.Score
		}
		var rank any = ""
		if row.Rank > 0 {
			rank = row.Rank
		}
		err = xw.Row(append(vals, fmt.Sprintf("%d/%d", row.Submitted, row.Expected), score, rank, dropped)...)
	}
	if err == nil {
		err = xw.Sheet(v.T("live.record"), []sheet.Column{{Header: v.T("live.record_item"), Width: 24}, {Header: v.T("live.record_value"), Width: 70}})
	}
	titles := v.Data.(map[string]any)["Titles"].(map[int64]string)
	var records [][2]any
	for _, t := range room.TieBreaks {
		order := ""
		for i, id := range t.EntryIDs {
			if i > 0 {
				order += " › "
			}
			order += titles[id]
		}
		records = append(records, [2]any{v.T("live.tie_breaks"), order + " — " + t.Reason + " (" + t.DecidedBy + ")"})
	}
	if room.DrawSeed != nil {
		records = append(records, [2]any{v.T("live.seed"), fmt.Sprint(*room.DrawSeed)})
	}
	if room.SignedAt != nil {
		records = append(records, [2]any{v.T("live.sign_title"), room.SignedByName + " · " + formatTime(*room.SignedAt, "2006-01-02 15:04")},
			[2]any{"SHA-256", room.Digest})
	} else {
		records = append(records, [2]any{v.T("live.sign_title"), v.T("live.not_signed")})
	}
	for _, rec := range records {
		if err != nil {
			break
		}
		err = xw.Row(rec[0], rec[1])
	}
	if err == nil {
		err = xw.Close()
	}
	if err != nil {
		s.opts.Logger.Error("export score sheet", "room", room.ID, "err", err)
	}
}
