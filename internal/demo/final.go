package demo

import (
	"fmt"
	"slices"
	"time"

	"github.com/haizhi-dev/haizhi"
)

// finalRoomSpec is one room of the judged edition's live final.
type finalRoomSpec struct {
	name   string
	tracks []string
}

// The judged edition's final runs in two rooms, as the 2018 report's roadshow did by
// industry: artificial intelligence in hall A, health and high-end equipment in hall B.
var finalRooms = []finalRoomSpec{
	{"A厅 · 人工智能", []string{"ai"}},
	{"B厅 · 生命健康与高端装备", []string{"health", "equipment"}},
}

// judgesPerRoom is the panel of each room: Chinese finals are judged by five to seven.
const judgesPerRoom = 7

// loadFinal sets up the judged edition's live final, ready to run: two rooms of seven
// judges each chosen by track from the pool (one of them in conflict with a finalist of
// the room, who will be asked to abstain), a chief judge per room (the demo judge chairs
// the room of her track), and each room's running order drawn by lot yesterday with its
// seed recorded. Nothing is on stage yet: the operator starts it from the presenter view.
func (l *loader) loadFinal(je *judgedEdition) error {
	if l.s.Live == nil {
		return nil
	}
	ctx := l.operatorCtx()
	finalists, _, err := l.s.Entries.FindEntries(ctx, haizhi.EntryFilter{EditionID: je.edition.ID, Round: haizhi.RoundFinal,
		Outcome: haizhi.OutcomePending, Page: haizhi.Page{Limit: haizhi.MaxPageSize}})
	if err != nil {
		return err
	}
	conflicts, _, err := l.s.Judges.FindConflicts(ctx, haizhi.ConflictFilter{EditionID: je.edition.ID, Page: haizhi.Page{Limit: haizhi.MaxPageSize}})
	if err != nil {
		return err
	}
	trackOf := map[int64]string{}
	for _, e := range finalists {
		trackOf[e.ID] = e.TrackCode
	}
	seated := map[int64]bool{}
	at := l.now.Add(-3 * 24 * time.Hour)
	for i, spec := range finalRooms {
		l.at(at.Add(time.Duration(i) * time.Minute))
		judges := pickPanel(je.pool, spec.tracks, conflicts, trackOf, seated)
		room := &haizhi.FinalRoom{EditionID: je.edition.ID, Name: spec.name, Tracks: spec.tracks, PitchMinutes: 8, QAMinutes: 5}
		chief := slices.IndexFunc(judges, func(j *haizhi.Judge) bool { return j.Email == "judge@demo.haizhi.org" })
		if chief < 0 {
			chief = slices.IndexFunc(judges, func(j *haizhi.Judge) bool { return j.Category == haizhi.JudgeTechnical })
		}
		for k, j := range judges {
			room.Judges = append(room.Judges, haizhi.RoomJudge{UserID: j.UserID, Chief: k == max(chief, 0)})
			seated[j.UserID] = true
		}
		if err := l.s.Live.SaveRoom(ctx, room); err != nil {
			return fmt.Errorf("room %s: %w", spec.name, err)
		}
		l.at(l.now.Add(-20*time.Hour + time.Duration(i)*time.Minute))
		seed := int64(l.rng.Uint64() >> 34) // a number short enough to read out in the hall
		if _, err := l.s.Live.DrawOrder(ctx, room.ID, &seed); err != nil {
			return fmt.Errorf("draw %s: %w", spec.name, err)
		}
	}
	return nil
}

// pickPanel chooses a room's judges from the pool: the demo judge if her tracks are the
// room's, one judge in conflict with a finalist of the room (so that the abstention shows
// in the demo), then judges of the room's tracks taking each kind of expert in turn, and
// anyone left if that is not enough. Nobody sits in two rooms.
func pickPanel(pool []*haizhi.Judge, tracks []string, conflicts []*haizhi.Conflict, trackOf map[int64]string, seated map[int64]bool) []*haizhi.Judge {
	var panel []*haizhi.Judge
	take := func(j *haizhi.Judge) {
		if len(panel) < judgesPerRoom && !seated[j.UserID] && !slices.Contains(panel, j) {
			panel = append(panel, j)
		}
	}
	fits := func(j *haizhi.Judge) bool {
		for _, t := range j.Tracks {
			if slices.Contains(tracks, t) {
				return true
			}
		}
		return false
	}
	for _, j := range pool {
		if j.Email == "judge@demo.haizhi.org" && len(j.Tracks) > 0 && slices.Contains(tracks, j.Tracks[0]) {
			take(j)
		}
	}
	for _, c := range conflicts {
		if t, ok := trackOf[c.EntryID]; ok && slices.Contains(tracks, t) && !c.Lifted {
			if i := slices.IndexFunc(pool, func(j *haizhi.Judge) bool { return j.UserID == c.JudgeUserID }); i >= 0 && !seated[pool[i].UserID] {
				take(pool[i])
				break
			}
		}
	}
	for len(panel) < judgesPerRoom {
		before := len(panel)
		for _, cat := range haizhi.JudgeCategories() {
			if i := slices.IndexFunc(pool, func(j *haizhi.Judge) bool {
				return j.Category == cat && fits(j) && !seated[j.UserID] && !slices.Contains(panel, j)
			}); i >= 0 {
				take(pool[i])
			}
		}
		if len(panel) == before {
			break
		}
	}
	for _, j := range pool {
		take(j)
	}
	return panel
}
