package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/haizhi-dev/haizhi"
)

// finalRooms is an edition's live final: its rooms with their judges, draw and state,
// and the form for another room.
func (s *Server) finalRooms(w http.ResponseWriter, r *http.Request) {
	s.renderFinalRooms(w, r, http.StatusOK, nil)
}

func (s *Server) renderFinalRooms(w http.ResponseWriter, r *http.Request, status int, err error) {
	ed, ferr := s.svc.Competitions.FindEditionByID(r.Context(), pathID(r, "id"))
	if ferr != nil {
		s.fail(w, r, ferr)
		return
	}
	rooms, pool, total, ferr := s.roomsAndPool(r, ed.ID)
	if ferr != nil {
		s.fail(w, r, ferr)
		return
	}
	_, finalists, ferr := s.svc.Entries.FindEntries(r.Context(), haizhi.EntryFilter{EditionID: ed.ID, Round: haizhi.RoundFinal,
		Outcome: haizhi.OutcomePending, Page: haizhi.CountOnly})
	if ferr != nil {
		s.fail(w, r, ferr)
		return
	}
	_, rubricErr := s.svc.Scoring.FindRubric(r.Context(), ed.ID, haizhi.RoundFinal)
	v := s.newView(r, "live.title", nil)
	if err != nil {
		v.Form = newForm(v, r, err)
	}
	data := roomFormData(v, ed, rooms, pool, &haizhi.FinalRoom{PitchMinutes: 8, QAMinutes: 5})
	data["Rooms"], data["PoolTotal"], data["Finalists"], data["NoRubric"] = rooms, total, finalists, rubricErr != nil
	v.Data = data
	s.render(w, r, status, "final_rooms", v)
}

// finalRoomCreate adds a room with its tracks, timer and judges.
func (s *Server) finalRoomCreate(w http.ResponseWriter, r *http.Request) {
	s.saveRoom(w, r, &haizhi.FinalRoom{EditionID: pathID(r, "id")}, s.renderFinalRooms, "live.room_created")
}

// finalRoomDraw draws the room's running order, from the seed typed in or a random one.
func (s *Server) finalRoomDraw(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	var seed *int64
	if x := strings.TrimSpace(r.PostForm.Get("seed")); x != "" {
		n, err := strconv.ParseInt(x, 10, 64)
		if err != nil || n < 0 {
			s.roomFlashBack(w, r, "error.draw_seed")
			return
		}
		seed = &n
	}
	room, err := s.svc.Live.DrawOrder(r.Context(), pathID(r, "id"), seed)
	if err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		s.roomFlashBack(w, r, haizhi.ErrorKey(err))
		return
	}
	s.live.poke()
	s.setFlash(r, "success", "live.drawn")
	redirect(w, r, "/manage/editions/"+strconv.FormatInt(room.EditionID, 10)+"/final#room-"+strconv.FormatInt(room.ID, 10))
}

// roomFlashBack returns to the page the form came from with an error message.
func (s *Server) roomFlashBack(w http.ResponseWriter, r *http.Request, key string) {
	s.setFlash(r, "error", key)
	back := "/manage/final/rooms/" + r.PathValue("id") + "/present"
	if room, err := s.svc.Live.FindRoom(r.Context(), pathID(r, "id")); err == nil && r.PostForm.Get("from") == "rooms" {
		back = "/manage/editions/" + strconv.FormatInt(room.EditionID, 10) + "/final"
	}
	redirect(w, r, back)
}

// finalRoomStage moves the stage: the next presentation, its Q&A, scoring.
func (s *Server) finalRoomStage(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	pos, _ := strconv.Atoi(r.PostForm.Get("position"))
	_, err := s.svc.Live.SetStage(r.Context(), pathID(r, "id"), pos, haizhi.LivePhase(r.PostForm.Get("phase")))
	if err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		s.roomFlashBack(w, r, haizhi.ErrorKey(err))
		return
	}
	s.live.poke()
	if r.Header.Get("HX-Request") == "true" {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	redirect(w, r, "/manage/final/rooms/"+r.PathValue("id")+"/present")
}

// finalRoomTie records the order of a tied group and its reason.
func (s *Server) finalRoomTie(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	var ids []int64
	for _, x := range strings.Split(r.PostForm.Get("order"), ",") {
		if id, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	if _, err := s.svc.Live.BreakTie(r.Context(), pathID(r, "id"), ids, r.PostForm.Get("reason")); err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		key := "error.tie_group"
		if haizhi.ErrorFields(err)["reason"] != "" {
			key = "error.tie_reason"
		}
		s.roomFlashBack(w, r, key)
		return
	}
	s.live.poke()
	s.setFlash(r, "success", "live.tie_recorded")
	redirect(w, r, "/manage/final/rooms/"+r.PathValue("id")+"/present")
}

// roomFormData is what the room form needs: the pool with who sits elsewhere, and the
// room's current (or posted) set-up.
func roomFormData(v *view, ed *haizhi.Edition, rooms []*haizhi.FinalRoom, pool []*haizhi.Judge, room *haizhi.FinalRoom) map[string]any {
	seated := map[int64]string{}
	for _, rm := range rooms {
		if rm.ID == room.ID {
			continue
		}
		for _, j := range rm.Judges {
			seated[j.UserID] = rm.Name
		}
	}
	tracks := map[string]string{}
	for _, t := range ed.Structure.Tracks {
		tracks[t.Code] = v.Name(t.NameZH, t.NameEN)
	}
	checked, tracked := map[string]bool{}, map[string]bool{}
	chief := room.Chief()
	if v.Form != nil {
		for _, x := range v.Form.Values["judge"] {
			checked[x] = true
		}
		for _, x := range v.Form.Values["track"] {
			tracked[x] = true
		}
		chief, _ = strconv.ParseInt(v.Form.Value("chief"), 10, 64)
	} else {
		for _, j := range room.Judges {
			checked[strconv.FormatInt(j.UserID, 10)] = true
		}
		for _, t := range room.Tracks {
			tracked[t] = true
		}
	}
	return map[string]any{"Edition": ed, "Pool": pool, "Seated": seated, "Tracks": tracks, "Checked": checked, "Tracked": tracked, "Chief": chief,
		"Room": room,
		"F": map[string]field{
			"name":          newField(v, "name", "text", "live.room_name", true, room.Name),
			"pitch_minutes": newField(v, "pitch_minutes", "number", "live.pitch_minutes", true, strconv.Itoa(room.PitchMinutes)),
			"qa_minutes":    newField(v, "qa_minutes", "number", "live.qa_minutes", true, strconv.Itoa(room.QAMinutes)),
			"capacity":      newField(v, "capacity", "number", "live.capacity", false, strconv.Itoa(room.Capacity)),
		}}
}

// roomFromForm reads the room form; field problems come back as an EINVALID error.
func roomFromForm(f url.Values, room *haizhi.FinalRoom) error {
	room.Name, room.Tracks, room.Judges = f.Get("name"), f["track"], nil
	errs := map[string]string{}
	var err error
	if room.PitchMinutes, err = strconv.Atoi(strings.TrimSpace(f.Get("pitch_minutes"))); err != nil {
		errs["pitch_minutes"] = "error.minutes_range"
	}
	if room.QAMinutes, err = strconv.Atoi(strings.TrimSpace(f.Get("qa_minutes"))); err != nil {
		errs["qa_minutes"] = "error.minutes_range"
	}
	room.Capacity = 0
	if x := strings.TrimSpace(f.Get("capacity")); x != "" {
		if room.Capacity, err = strconv.Atoi(x); err != nil {
			errs["capacity"] = "error.room_capacity"
		}
	}
	chief := f.Get("chief")
	for _, x := range f["judge"] {
		id, err := strconv.ParseInt(x, 10, 64)
		if err != nil {
			errs["judges"] = "error.room_judges"
			continue
		}
		room.Judges = append(room.Judges, haizhi.RoomJudge{UserID: id, Chief: x == chief})
	}
	if len(errs) > 0 {
		return haizhi.Invalid(errs)
	}
	return nil
}

// finalRoomEdit changes a room before its draw.
func (s *Server) finalRoomEdit(w http.ResponseWriter, r *http.Request) {
	s.renderRoomEdit(w, r, http.StatusOK, nil)
}

func (s *Server) renderRoomEdit(w http.ResponseWriter, r *http.Request, status int, err error) {
	room, ferr := s.svc.Live.FindRoom(r.Context(), pathID(r, "id"))
	if ferr != nil {
		s.fail(w, r, ferr)
		return
	}
	ed, ferr := s.svc.Competitions.FindEditionByID(r.Context(), room.EditionID)
	if ferr != nil {
		s.fail(w, r, ferr)
		return
	}
	rooms, pool, _, ferr := s.roomsAndPool(r, ed.ID)
	if ferr != nil {
		s.fail(w, r, ferr)
		return
	}
	v := s.newView(r, "live.edit_room", nil)
	if err != nil {
		v.Form = newForm(v, r, err)
	}
	v.Data = roomFormData(v, ed, rooms, pool, room)
	s.render(w, r, status, "final_room_edit", v)
}

// finalRoomUpdate saves the changed room.
func (s *Server) finalRoomUpdate(w http.ResponseWriter, r *http.Request) {
	s.saveRoom(w, r, &haizhi.FinalRoom{ID: pathID(r, "id")}, s.renderRoomEdit, "live.room_saved")
}

// saveRoom saves the room form into room (new or existing); a problem the user can fix
// renders the form again (again) with the posted values.
func (s *Server) saveRoom(w http.ResponseWriter, r *http.Request, room *haizhi.FinalRoom,
	again func(http.ResponseWriter, *http.Request, int, error), saved string) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badForm(err))
		return
	}
	err := roomFromForm(r.PostForm, room)
	if err == nil {
		err = s.svc.Live.SaveRoom(r.Context(), room)
	}
	if err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		again(w, r, http.StatusUnprocessableEntity, err)
		return
	}
	s.setFlash(r, "success", saved)
	redirect(w, r, "/manage/editions/"+strconv.FormatInt(room.EditionID, 10)+"/final#room-"+strconv.FormatInt(room.ID, 10))
}

// roomsAndPool loads an edition's rooms and the pool to seat judges from (a final seats
// a few dozen at most, so one page of the pool), with the pool's size.
func (s *Server) roomsAndPool(r *http.Request, editionID int64) ([]*haizhi.FinalRoom, []*haizhi.Judge, int, error) {
	rooms, err := s.svc.Live.FindRooms(r.Context(), editionID)
	if err != nil {
		return nil, nil, 0, err
	}
	pool, total, err := s.svc.Judges.FindJudges(r.Context(), haizhi.JudgeFilter{EditionID: editionID, Page: haizhi.Page{Limit: haizhi.MaxPageSize}})
	return rooms, pool, total, err
}

// finalRoomDelete removes a room whose order is not drawn.
func (s *Server) finalRoomDelete(w http.ResponseWriter, r *http.Request) {
	room, err := s.svc.Live.FindRoom(r.Context(), pathID(r, "id"))
	if err == nil {
		err = s.svc.Live.DeleteRoom(r.Context(), room.ID)
	}
	if err != nil {
		if !isFormError(err) {
			s.fail(w, r, err)
			return
		}
		s.setFlash(r, "error", haizhi.ErrorKey(err))
	} else {
		s.setFlash(r, "success", "live.room_deleted")
	}
	redirect(w, r, "/manage/editions/"+strconv.FormatInt(room.EditionID, 10)+"/final")
}
