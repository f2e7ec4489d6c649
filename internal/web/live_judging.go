package web

import (
	"net/http"
	"strconv"

	"github.com/haizhi-dev/haizhi"
)

// judgingRoom is a final room on a judge's phone: what is on stage, each entry's state
// for this judge (to score, scored with their total, abstaining, not yet presented) and,
// for the chief judge, the sign-off.
func (s *Server) judgingRoom(w http.ResponseWriter, r *http.Request) {
	view, err := s.svc.Live.JudgeView(r.Context(), pathID(r, "id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := s.newView(r, "", nil)
	v.Title = view.Room.Name
	var onStage *haizhi.JudgeRoomRow
	for i := range view.Slots {
		if view.Slots[i].Position == view.Room.Current {
			onStage = &view.Slots[i]
		}
	}
	v.Data = map[string]any{"V": view, "Room": view.Room, "OnStage": onStage}
	s.render(w, r, http.StatusOK, "judging_room", v)
}

// judgingRoomSign is the chief judge's signature on the room's score sheet.
func (s *Server) judgingRoomSign(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	id := pathID(r, "id")
	back := "/judging/rooms/" + strconv.FormatInt(id, 10)
	if r.PostForm.Get("confirm") != "yes" {
		s.setFlash(r, "error", "live.sign_confirm_required")
		redirect(w, r, back)
		return
	}
	if _, err := s.svc.Live.SignOff(r.Context(), id); err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		s.setFlash(r, "error", haizhi.ErrorKey(err))
		redirect(w, r, back)
		return
	}
	s.live.poke()
	s.setFlash(r, "success", "live.signed")
	redirect(w, r, back)
}
