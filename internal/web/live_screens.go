package web

import (
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/haizhi-dev/haizhi"
)

// liveHeartbeat keeps idle event streams open through proxies.
const liveHeartbeat = 20 * time.Second

// roomBoardView loads a room's board for the operator pages, or fails the request.
func (s *Server) roomBoardView(w http.ResponseWriter, r *http.Request) (*haizhi.Scoreboard, *haizhi.Edition, bool) {
	b, err := s.svc.Live.Scoreboard(r.Context(), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, false
	}
	ed, err := s.svc.Competitions.FindEditionByID(r.Context(), b.Room.EditionID)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, false
	}
	return b, ed, true
}

// tiePermutations lists the orders an operator can choose for a tied group of two or
// three; larger groups are ordered place by place.
func tiePermutations(ids []int64) [][]int64 {
	if len(ids) > 3 {
		return nil
	}
	if len(ids) <= 1 {
		return [][]int64{ids}
	}
	var out [][]int64
	for i := range ids {
		rest := make([]int64, 0, len(ids)-1)
		rest = append(rest, ids[:i]...)
		rest = append(rest, ids[i+1:]...)
		for _, p := range tiePermutations(rest) {
			out = append(out, append([]int64{ids[i]}, p...))
		}
	}
	return out
}

// finalRoomPresent is the presenter's view: the running order, the stage controls, the
// timer and the live scores.
func (s *Server) finalRoomPresent(w http.ResponseWriter, r *http.Request) {
	b, ed, ok := s.roomBoardView(w, r)
	if !ok {
		return
	}
	titles := map[int64]string{}
	v := s.newView(r, "live.present", nil)
	for _, row := range b.Rows {
		titles[row.EntryID] = row.Title(v.Locale)
	}
	type tie struct {
		IDs    []int64
		Orders [][]int64
	}
	var ties []tie
	for _, g := range b.Ties {
		ties = append(ties, tie{IDs: g, Orders: tiePermutations(g)})
	}
	v.Title = b.Room.Name + " · " + v.T("live.present")
	v.Data = map[string]any{"Edition": ed, "B": b, "Room": b.Room, "Titles": titles, "Ties": ties}
	s.render(w, r, http.StatusOK, "final_present", v)
}

// finalRoomBoard is the big screen: the scores as they arrive, full screen.
func (s *Server) finalRoomBoard(w http.ResponseWriter, r *http.Request) {
	b, ed, ok := s.roomBoardView(w, r)
	if !ok {
		return
	}
	v := s.newView(r, "live.board", nil)
	v.Title = b.Room.Name
	v.Data = map[string]any{"Edition": ed, "B": b, "Room": b.Room}
	s.render(w, r, http.StatusOK, "final_board", v)
}

// finalRoomEvents streams the room's board to an operator's screen as Server-Sent Events.
func (s *Server) finalRoomEvents(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	if _, err := s.svc.Live.Scoreboard(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.streamRoom(w, r, id, false)
}

// judgingRoomEvents streams the stage (never the scores) to a judge of the room.
func (s *Server) judgingRoomEvents(w http.ResponseWriter, r *http.Request) {
	id := pathID(r, "id")
	if _, err := s.svc.Live.JudgeView(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.streamRoom(w, r, id, true)
}

// streamRoom writes each new payload of the room as an event until the client leaves or
// the server shuts down.
func (s *Server) streamRoom(w http.ResponseWriter, r *http.Request, id int64, stageOnly bool) {
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{}) // a stream outlives the server's write timeout
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	watcher, leave := s.live.watch(id, stageOnly)
	defer leave()
	// The browser reconnects after this many milliseconds if the stream breaks.
	if _, err := io.WriteString(w, "retry: 2000\n\n"); err != nil || rc.Flush() != nil {
		return
	}
	beat := time.NewTicker(liveHeartbeat)
	defer beat.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.closing:
			return
		case p := <-watcher.board:
			if _, err := fmt.Fprintf(w, "data: %s\n\n", p); err != nil {
				return
			}
		case <-beat.C:
			if _, err := io.WriteString(w, ": beat\n\n"); err != nil {
				return
			}
		}
		if rc.Flush() != nil {
			return
		}
	}
}

// CloseStreams ends every open event stream, so a graceful shutdown need not wait for
// screens that never hang up. Browsers reconnect to another node.
func (s *Server) CloseStreams() {
	s.closeOnce.Do(func() { close(s.closing) })
}
