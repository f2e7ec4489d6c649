package web_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/apptest"
	"github.com/haizhi-dev/haizhi/internal/web"
)

// rubricValues fills every criterion of a rubric at the same fraction of its range,
// on its step.
func rubricValues(r *haizhi.RoundRubric, frac float64) map[string]float64 {
	out := map[string]float64{}
	for _, c := range r.Criteria {
		v := c.Min + (c.Max-c.Min)*frac
		if c.Step > 0 {
			v = c.Min + math.Round((v-c.Min)/c.Step)*c.Step
		}
		out[c.Key] = v
	}
	return out
}

// actorOf acts as a user of the demo, with their grants.
func actorOf(t *testing.T, env *apptest.Env, userID int64) context.Context {
	t.Helper()
	u, err := env.Services.Users.FindUserByID(apptest.Sys(), userID)
	if err != nil {
		t.Fatal(err)
	}
	return haizhi.NewContextWithActor(context.Background(), u.Actor("127.0.0.1", "test"))
}

// readBoard reads scoreboard events from an open stream into ch.
func readBoard(body io.Reader, ch chan<- haizhi.Scoreboard) {
	sc := bufio.NewScanner(body)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for sc.Scan() {
		if line, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
			var b haizhi.Scoreboard
			if json.Unmarshal([]byte(line), &b) == nil {
				ch <- b
			}
		}
	}
	close(ch)
}

// TestLiveFinalPages runs the demo's hall B from the pages: the operator's rooms and
// presenter view; the judges' phones (a judge in conflict is told to abstain and cannot
// open the entry; scoring before the pitch is refused); the scoreboard stream shows a
// submitted score; a tie is broken with a reason; the chief judge signs; the score sheet
// comes as a page, Excel and PDF. Judges, applicants and another district are refused.
func TestLiveFinalPages(t *testing.T) {
	env := apptest.NewDemoEnv(t, "sqlite", web.Options{})
	sys := apptest.Sys()
	ed, _ := judgedEdition(t, env)
	rooms, err := env.Services.Live.FindRooms(sys, ed.ID)
	if err != nil || len(rooms) != 2 {
		t.Fatalf("demo rooms: %v", err)
	}
	var room *haizhi.FinalRoom
	for _, r := range rooms {
		for _, j := range r.Judges {
			if j.Chief && j.Name == "Prof. Anna Müller" {
				room = r
			}
		}
	}
	if room == nil {
		t.Fatal("the demo judge chairs no room")
	}
	rid := id(room.ID)
	base := "/manage/final/rooms/" + rid
	op := demoLogin(t, env, "operator@demo.haizhi.org")
	body := expectStatus(t, env.Get(t, op, "/manage/editions/"+id(ed.ID)+"/final"), http.StatusOK, "rooms")
	expectContains(t, body, "rooms", rooms[0].Name, rooms[1].Name, "抽签种子", strconv.FormatInt(*room.DrawSeed, 10), "主评委")
	expectContains(t, expectStatus(t, env.Get(t, op, base+"/present"), http.StatusOK, "present"), "present", "开始第 1 位路演", "暂无项目路演")
	// The decided preliminary round still shows how its judges scored.
	body = expectStatus(t, env.Get(t, op, "/manage/editions/"+id(ed.ID)+"/rounds/preliminary/scores"), http.StatusOK, "decided scores")
	expectContains(t, body, "decided scores", "本轮晋级已确定", "校准")
	if strings.Contains(body, "/scores/apply") {
		t.Error("a decided round offers to apply scores again")
	}

	// Refusals: judges and applicants never reach the board; judges of other rooms and
	// operators of another district do not find the room.
	chief := demoLogin(t, env, "judge@demo.haizhi.org")
	expectStatus(t, env.Get(t, chief, base+"/board"), http.StatusForbidden, "judge on the board")
	expectStatus(t, env.Get(t, chief, base+"/events"), http.StatusForbidden, "judge on the stream")
	applicant := demoLogin(t, env, "applicant@demo.haizhi.org")
	for _, p := range []string{base + "/board", base + "/sheet", base + "/sheet.xlsx", "/judging/rooms/" + rid} {
		expectStatus(t, env.Get(t, applicant, p), http.StatusForbidden, "applicant "+p)
	}
	gongshu := demoLogin(t, env, "gongshu.operator@demo.haizhi.org")
	expectStatus(t, env.Get(t, gongshu, base+"/present"), http.StatusNotFound, "another district")
	other := rooms[0]
	if other.ID == room.ID {
		other = rooms[1]
	}
	outsider, err := env.Services.Users.FindUserByID(sys, other.Judges[0].UserID)
	if err != nil {
		t.Fatal(err)
	}
	expectStatus(t, env.Get(t, demoLogin(t, env, outsider.Email), "/judging/rooms/"+rid), http.StatusNotFound, "a judge of the other room")

	// The phones of the room's judges.
	expectContains(t, expectStatus(t, env.Get(t, chief, "/judging"), http.StatusOK, "workspace"), "workspace", "/judging/rooms/"+rid)
	phones := map[int64]*http.Client{}
	for _, j := range room.Judges {
		u, err := env.Services.Users.FindUserByID(sys, j.UserID)
		if err != nil {
			t.Fatal(err)
		}
		phones[j.UserID] = demoLogin(t, env, u.Email)
	}
	rubric, err := env.Services.Scoring.FindRubric(sys, ed.ID, haizhi.RoundFinal)
	if err != nil {
		t.Fatal(err)
	}
	first := room.Order[0].EntryID
	form := url.Values{"action": {"submit"}, "room": {rid}}
	for k, v := range rubricValues(rubric, 0.8) {
		form.Set("score_"+k, strconv.FormatFloat(v, 'f', -1, 64))
	}
	var anyone *http.Client // a judge of the room who is not its chief
	for _, j := range room.Judges {
		if !j.Chief {
			anyone = phones[j.UserID]
		}
	}
	expectStatus(t, env.PostForm(t, anyone, "/judging/entries/"+id(first)+"/scores", form), http.StatusUnprocessableEntity, "score before the pitch")

	// The board's stream, open before the first pitch.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, env.Server.URL+base+"/events", nil)
	res, err := op.Do(req)
	if err != nil || res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("stream: %v %v", res, err)
	}
	defer res.Body.Close()
	boards := make(chan haizhi.Scoreboard, 64)
	go readBoard(res.Body, boards)
	next := func(what string, ok func(b haizhi.Scoreboard) bool) haizhi.Scoreboard {
		t.Helper()
		deadline := time.After(10 * time.Second)
		for {
			select {
			case b, open := <-boards:
				if !open {
					t.Fatalf("%s: the stream ended", what)
				}
				if ok(b) {
					return b
				}
			case <-deadline:
				t.Fatalf("%s: no such board within 10 s", what)
			}
		}
	}
	next("first board", func(b haizhi.Scoreboard) bool { return len(b.Rows) == len(room.Order) })
	expectStatus(t, env.PostForm(t, op, base+"/stage", url.Values{"position": {"1"}, "phase": {"pitch"}}), http.StatusSeeOther, "first pitch")
	next("on stage", func(b haizhi.Scoreboard) bool { return b.Room.Current == 1 && b.Room.Phase == haizhi.PhasePitch })

	submitted := 0
	for _, j := range room.Judges {
		v, err := env.Services.Live.JudgeView(actorOf(t, env, j.UserID), room.ID)
		if err != nil {
			t.Fatal(err)
		}
		phone := phones[j.UserID]
		page := expectStatus(t, env.Get(t, phone, "/judging/rooms/"+rid), http.StatusOK, "phone")
		if v.Slots[0].Abstain {
			expectContains(t, page, "abstaining phone", `class="flash flash-warning" role="alert"`)
			expectStatus(t, env.Get(t, phone, "/judging/entries/"+id(first)), http.StatusNotFound, "conflicted judge opens the entry")
			continue
		}
		expectContains(t, page, "phone", `class="btn btn-primary btn-block" href="/judging/entries/`+id(first)+"?room="+rid)
		res := env.PostForm(t, phone, "/judging/entries/"+id(first)+"/scores", form)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/judging/rooms/"+rid {
			t.Fatalf("submit: %d %s %s", res.StatusCode, res.Header.Get("Location"), apptest.Body(t, res))
		}
		res.Body.Close()
		submitted++
		n := submitted
		next("a submitted score", func(b haizhi.Scoreboard) bool { return b.Rows[0].Submitted == n })
	}
	if submitted < 5 {
		t.Fatalf("only %d judges could score the first entry", submitted)
	}

	// The rest of the order through the services; the second and third tie.
	op0 := operatorCtx(t, env)
	for i, s := range room.Order[1:] {
		if _, err := env.Services.Live.SetStage(op0, room.ID, s.Position, haizhi.PhaseScoring); err != nil {
			t.Fatal(err)
		}
		frac := 0.15 + 0.05*float64(i) // one step apart on every scale; below the first entry's 0.8
		if i == 1 {
			frac = 0.15 // the same marks as the entry before: a tie
		}
		for _, j := range room.Judges {
			if _, err := env.Services.Scoring.SaveSheet(actorOf(t, env, j.UserID), s.EntryID, rubricValues(rubric, frac), "", true); err != nil &&
				haizhi.ErrorCode(err) != haizhi.ENOTFOUND { // a judge in conflict cannot score
				t.Fatal(err)
			}
		}
	}
	b := next("a tie", func(b haizhi.Scoreboard) bool { return len(b.Ties) == 1 })
	body = expectStatus(t, env.Get(t, op, base+"/present"), http.StatusOK, "tie form")
	expectContains(t, body, "tie form", "待裁定的同分", "记录同分裁定")
	expectContains(t, expectStatus(t, env.Get(t, chief, "/judging/rooms/"+rid), http.StatusOK, "chief waits"), "chief waits", "The sign-off opens when every project has all its scores")
	order := id(b.Ties[0][1]) + "," + id(b.Ties[0][0])
	expectStatus(t, env.PostForm(t, op, base+"/tie", url.Values{"order": {order}, "reason": {""}}), http.StatusSeeOther, "tie without reason")
	if r, _ := env.Services.Live.FindRoom(sys, room.ID); len(r.TieBreaks) != 0 {
		t.Fatal("a tie-break without a reason was recorded")
	}
	expectStatus(t, env.PostForm(t, op, base+"/tie", url.Values{"order": {order}, "reason": {"主评委裁定：现场答辩更充分。"}}), http.StatusSeeOther, "tie")
	next("ready", func(b haizhi.Scoreboard) bool { return b.Ready })

	// The sign-off: only the chief, only with the confirmation.
	if res := env.PostForm(t, anyone, "/judging/rooms/"+rid+"/sign", url.Values{"confirm": {"yes"}}); res.StatusCode != http.StatusForbidden {
		t.Fatalf("a judge who is not chief signs: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	expectStatus(t, env.PostForm(t, chief, "/judging/rooms/"+rid+"/sign", url.Values{}), http.StatusSeeOther, "sign without confirming")
	if r, _ := env.Services.Live.FindRoom(sys, room.ID); r.SignedAt != nil {
		t.Fatal("signed without the confirmation")
	}
	expectContains(t, expectStatus(t, env.Get(t, chief, "/judging/rooms/"+rid), http.StatusOK, "chief"), "chief", "Sign the score sheet", "Final score")
	expectStatus(t, env.PostForm(t, chief, "/judging/rooms/"+rid+"/sign", url.Values{"confirm": {"yes"}}), http.StatusSeeOther, "sign")
	signed := next("signed", func(b haizhi.Scoreboard) bool { return b.Room.SignedAt != nil })

	// The score sheet in three forms.
	body = expectStatus(t, env.Get(t, op, base+"/sheet"), http.StatusOK, "sheet")
	expectContains(t, body, "sheet", "SHA-256 "+signed.Room.Digest, "主评委裁定：现场答辩更充分。", "Prof. Anna Müller 于")
	res = env.Get(t, op, base+"/sheet.xlsx")
	xlsx := apptest.Body(t, res)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(xlsx, "PK") {
		t.Fatalf("Excel sheet: %d", res.StatusCode)
	}
	res = env.Get(t, op, base+"/sheet.pdf")
	doc := apptest.Body(t, res)
	if bin := os.Getenv("HAIZHI_CHROMIUM"); bin != "" {
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(doc, "%PDF-") {
			t.Fatalf("PDF sheet: %d %.300s", res.StatusCode, doc)
		}
	} else if res.StatusCode != http.StatusOK && res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("PDF sheet without a configured browser: %d", res.StatusCode)
	}
	// Signed: the stage and the scores are closed.
	expectStatus(t, env.PostForm(t, op, base+"/stage", url.Values{"position": {"1"}, "phase": {"pitch"}}), http.StatusSeeOther, "stage after signing")
	if r, _ := env.Services.Live.FindRoom(sys, room.ID); r.Current != 0 {
		t.Fatal("the stage moved after the sign-off")
	}
}

// TestFinalRoomForms: an operator adds a room from the form (a room without a chief
// comes back with the error, the choices kept), changes it, and deletes it before any
// draw; a drawn room can be neither changed nor deleted.
func TestFinalRoomForms(t *testing.T) {
	env := apptest.NewDemoEnv(t, "sqlite", web.Options{})
	sys := apptest.Sys()
	ed, _ := judgedEdition(t, env)
	rooms, err := env.Services.Live.FindRooms(sys, ed.ID)
	if err != nil {
		t.Fatal(err)
	}
	seated := map[int64]bool{}
	for _, r := range rooms {
		for _, j := range r.Judges {
			seated[j.UserID] = true
		}
	}
	pool, _, err := env.Services.Judges.FindJudges(sys, haizhi.JudgeFilter{EditionID: ed.ID})
	if err != nil {
		t.Fatal(err)
	}
	var free []string
	for _, j := range pool {
		if !seated[j.UserID] && len(free) < 3 {
			free = append(free, id(j.UserID))
		}
	}
	page := "/manage/editions/" + id(ed.ID) + "/final"
	op := demoLogin(t, env, "operator@demo.haizhi.org")
	form := url.Values{"name": {"C厅 · 备用"}, "pitch_minutes": {"6"}, "qa_minutes": {"4"}, "capacity": {"0"}, "track": {"ai"}, "judge": free}
	body := expectStatus(t, env.PostForm(t, op, page+"/rooms", form), http.StatusUnprocessableEntity, "no chief")
	expectContains(t, body, "no chief", "请在本场评委中指定且仅指定一位主评委", `value="`+free[0]+`" aria-label`, "C厅 · 备用")
	form.Set("chief", free[0])
	expectStatus(t, env.PostForm(t, op, page+"/rooms", form), http.StatusSeeOther, "add")
	rooms, _ = env.Services.Live.FindRooms(sys, ed.ID)
	added := rooms[len(rooms)-1]
	if added.Name != "C厅 · 备用" || len(added.Judges) != 3 || id(added.Chief()) != free[0] || added.PitchMinutes != 6 {
		t.Fatalf("added room: %+v", added)
	}
	edit := "/manage/final/rooms/" + id(added.ID)
	body = expectStatus(t, env.Get(t, op, edit+"/edit"), http.StatusOK, "edit form")
	expectContains(t, body, "edit form", `value="C厅 · 备用"`, `name="chief" value="`+free[0]+`" checked`)
	form.Set("name", "C厅 · 机动")
	form.Set("qa_minutes", "61")
	expectContains(t, expectStatus(t, env.PostForm(t, op, edit, form), http.StatusUnprocessableEntity, "bad minutes"), "bad minutes", "请填写 1 至 60 分钟")
	form.Set("qa_minutes", "3")
	expectStatus(t, env.PostForm(t, op, edit, form), http.StatusSeeOther, "save")
	if r, _ := env.Services.Live.FindRoom(sys, added.ID); r.Name != "C厅 · 机动" || r.QAMinutes != 3 {
		t.Fatalf("saved room: %+v", r)
	}
	expectStatus(t, env.PostForm(t, op, edit+"/delete", url.Values{}), http.StatusSeeOther, "delete")
	if _, err := env.Services.Live.FindRoom(sys, added.ID); haizhi.ErrorCode(err) != haizhi.ENOTFOUND {
		t.Fatalf("deleted room: %v", err)
	}
	drawn := "/manage/final/rooms/" + id(rooms[0].ID)
	expectStatus(t, env.PostForm(t, op, drawn+"/delete", url.Values{}), http.StatusSeeOther, "delete a drawn room")
	if _, err := env.Services.Live.FindRoom(sys, rooms[0].ID); err != nil {
		t.Fatalf("a drawn room was deleted: %v", err)
	}
	expectStatus(t, env.PostForm(t, op, drawn, form), http.StatusUnprocessableEntity, "change a drawn room")
	judge := demoLogin(t, env, "judge@demo.haizhi.org")
	expectStatus(t, env.PostForm(t, judge, drawn+"/delete", url.Values{}), http.StatusForbidden, "a judge deletes")
}
