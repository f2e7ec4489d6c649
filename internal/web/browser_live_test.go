package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/apptest"
	"github.com/haizhi-dev/haizhi/internal/demo"
	"github.com/haizhi-dev/haizhi/internal/web"
)

// TestLiveFinalInBrowser runs the demo's hall A in three browsers at once: the big
// screen (an operator, 1280×720) shows the first pitch and then a judge's score without
// being reloaded; the judge scores on a phone-sized viewport from the room page; a judge
// in conflict with the entry on stage is told to abstain and cannot open it; an
// applicant is refused the board.
func TestLiveFinalInBrowser(t *testing.T) {
	root := browser(t)
	env := apptest.NewDemoEnv(t, "sqlite", web.Options{})
	sys := apptest.Sys()
	ed, _ := judgedEdition(t, env)
	rooms, err := env.Services.Live.FindRooms(sys, ed.ID)
	if err != nil || len(rooms) == 0 {
		t.Fatalf("demo rooms: %v", err)
	}
	room := rooms[0]
	first := room.Order[0]
	// Who scores the first entry, and who must abstain from it.
	var scorer, abstainer string
	for _, j := range room.Judges {
		v, err := env.Services.Live.JudgeView(actorOf(t, env, j.UserID), room.ID)
		if err != nil {
			t.Fatal(err)
		}
		u, err := env.Services.Users.FindUserByID(sys, j.UserID)
		if err != nil {
			t.Fatal(err)
		}
		if v.Slots[0].Abstain {
			abstainer = u.Email
		} else if scorer == "" {
			scorer = u.Email
		}
	}
	if abstainer == "" {
		t.Fatal("the demo room has no judge in conflict with its first entry")
	}
	rubric, err := env.Services.Scoring.FindRubric(sys, ed.ID, haizhi.RoundFinal)
	if err != nil {
		t.Fatal(err)
	}
	open := func(width, height int64) context.Context {
		ctx, cancel := chromedp.NewContext(root, chromedp.WithNewBrowserContext())
		t.Cleanup(cancel)
		ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
		t.Cleanup(cancelT)
		acceptDialogs(t, ctx)
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, height)); err != nil {
			t.Fatal(err)
		}
		return ctx
	}
	base := env.Server.URL
	rid := id(room.ID)

	screen := open(1280, 720)
	if err := signIn(screen, base, "operator@demo.haizhi.org", demo.Password, "operator"); err != nil {
		t.Fatal(err)
	}
	rowProgress := `[data-board] tr[data-entry="` + id(first.EntryID) + `"] .board-progress`
	if err := chromedp.Do(screen, chromedp.Navigate(base+"/manage/final/rooms/"+rid+"/board"), chromedp.WaitVisible(css(rowProgress))); err != nil {
		t.Fatal(err)
	}
	expected := text(t, screen, rowProgress)
	// The operator starts the first pitch (from another desk): the screen follows.
	if _, err := env.Services.Live.SetStage(operatorCtx(t, env), room.ID, 1, haizhi.PhasePitch); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(screen, chromedp.Poll[chromedp.Void](`document.querySelector("[data-on-stage]").textContent.startsWith("1.")`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the board did not show the first pitch: %v", err)
	}
	if err := chromedp.Do(screen, chromedp.Poll[chromedp.Void](`/^0[78]:/.test(document.querySelector("[data-timer]").textContent)`,
		chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Errorf("the timer does not count down the 8-minute pitch: %q (%v)", text(t, screen, `[data-timer]`), err)
	}
	screenshot(t, screen, "final-board-live")

	// The judge's phone.
	phone := open(390, 844)
	if err := signIn(phone, base, scorer, demo.Password, "judge"); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(phone, chromedp.Navigate(base+"/judging/rooms/"+rid), chromedp.WaitVisible(css(`.stage-card .btn-block`))); err != nil {
		t.Fatal(err)
	}
	screenshot(t, phone, "phone-final-room")
	if err := chromedp.Do(phone, chromedp.Click(css(`.stage-card .btn-block`)), chromedp.WaitVisible(css(`[name="score_`+rubric.Criteria[0].Key+`"]`))); err != nil {
		t.Fatal(err)
	}
	if overflow, err := chromedp.Run(phone, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)); err != nil || overflow {
		t.Errorf("the final's scoring page is wider than a phone (err %v)", err)
	}
	var fill []chromedp.Action[chromedp.Void]
	for k, v := range rubricValues(rubric, 0.75) {
		fill = append(fill, chromedp.SetValue(css(`[name="score_`+k+`"]`), strconv.FormatFloat(v, 'f', -1, 64)))
	}
	fill = append(fill, chromedp.Click(css(`button[value="submit"]`)), chromedp.WaitVisible(css(`.flash-success`)))
	submitted := time.Now()
	if err := chromedp.Do(phone, fill...); err != nil {
		t.Fatal(err)
	}
	if u := text(t, phone, `h1`); !strings.Contains(u, room.Name) {
		t.Errorf("after submitting, the judge is on %q, not back in the room", u)
	}
	screenshot(t, phone, "phone-final-submitted")

	// The big screen shows the score without a reload.
	want := "1/" + strings.SplitN(expected, "/", 2)[1]
	if err := chromedp.Do(screen, chromedp.Poll[chromedp.Void](`document.querySelector(`+strconv.Quote(rowProgress)+`).textContent === `+strconv.Quote(want),
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the board still shows %q after the submit: %v", text(t, screen, rowProgress), err)
	}
	t.Logf("the board showed the score %s after the submit returned", time.Since(submitted).Round(time.Millisecond))
	screenshot(t, screen, "final-board-scored")

	// The judge in conflict: told to abstain, and the entry does not open.
	other := open(390, 844)
	if err := signIn(other, base, abstainer, demo.Password, "judge"); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(other, chromedp.Navigate(base+"/judging/rooms/"+rid), chromedp.WaitVisible(css(`.stage-card .flash-warning`))); err != nil {
		t.Fatalf("no abstention prompt: %v", err)
	}
	screenshot(t, other, "phone-final-abstain")
	if err := chromedp.Do(other, chromedp.Navigate(base+"/judging/entries/"+id(first.EntryID)), chromedp.WaitVisible(css(`h1, .empty-title`))); err != nil {
		t.Fatal(err)
	}
	if s := text(t, other, `main`); !strings.Contains(s, "404") {
		t.Errorf("a conflicted judge opened the entry: %.200q", s)
	}

	// An applicant cannot see the scores.
	applicant := open(1280, 720)
	if err := signIn(applicant, base, "applicant@demo.haizhi.org", demo.Password, "applicant"); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(applicant, chromedp.Navigate(base+"/manage/final/rooms/"+rid+"/board"), chromedp.WaitVisible(css(`main`))); err != nil {
		t.Fatal(err)
	}
	if s := text(t, applicant, `body`); !strings.Contains(s, "403") || strings.Contains(s, first.TitleZH) {
		t.Errorf("an applicant sees the board: %.300q", s)
	}
}
