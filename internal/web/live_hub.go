package web

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"time"

	"github.com/haizhi-dev/haizhi"
)

// livePoll is how often a room with watchers checks its board version. A submit on this
// node wakes the room at once; one on another node is seen within this interval.
const livePoll = 250 * time.Millisecond

// liveHub fans a room's scoreboard out to every screen watching it. Each watched room has
// one goroutine that polls the room's cheap version token and, when it changes, computes
// the board once and hands the same bytes to every watcher; a slow watcher skips to the
// newest board rather than holding anyone up. Nodes share nothing: the database is the
// only source, so any node can serve any screen.
type liveHub struct {
	svc    haizhi.LiveService
	logger *slog.Logger
	mu     sync.Mutex
	rooms  map[int64]*roomFeed
}

// roomFeed is one watched room.
type roomFeed struct {
	watchers map[*watcher]bool
	wake     chan struct{}
	last     []byte // the newest board and stage, for new watchers
	stage    []byte
}

// watcher is one open event stream: it receives the newest payload only.
type watcher struct {
	board   chan []byte // capacity 1
	private bool        // a judge: the stage only, never the scores
}

func newLiveHub(svc haizhi.LiveService, logger *slog.Logger) *liveHub {
	return &liveHub{svc: svc, logger: logger, rooms: map[int64]*roomFeed{}}
}

// watch registers a watcher of a room and returns it with a function to leave.
func (h *liveHub) watch(roomID int64, stageOnly bool) (*watcher, func()) {
	w := &watcher{board: make(chan []byte, 1), private: stageOnly}
	h.mu.Lock()
	f := h.rooms[roomID]
	if f == nil {
		f = &roomFeed{watchers: map[*watcher]bool{}, wake: make(chan struct{}, 1)}
		h.rooms[roomID] = f
		go h.run(roomID, f)
	}
	f.watchers[w] = true
	if p := f.payload(w); p != nil {
		w.board <- p
	}
	h.mu.Unlock()
	return w, func() {
		h.mu.Lock()
		delete(f.watchers, w)
		h.mu.Unlock()
	}
}

func (f *roomFeed) payload(w *watcher) []byte {
	if w.private {
		return f.stage
	}
	return f.last
}

// poke wakes every watched room to check its version now: a score was just submitted
// or the stage moved on this node.
func (h *liveHub) poke() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, f := range h.rooms {
		select {
		case f.wake <- struct{}{}:
		default:
		}
	}
}

// stagePayload is what a judge's phone hears: which entry is on stage, nothing more.
type stagePayload struct {
	Version        int              `json:"version"`
	Current        int              `json:"current"`
	Phase          haizhi.LivePhase `json:"phase"`
	PhaseStartedAt *time.Time       `json:"phase_started_at,omitempty"`
	Signed         bool             `json:"signed"`
}

// run polls one room while it has watchers.
func (h *liveHub) run(roomID int64, f *roomFeed) {
	ctx := haizhi.NewContextWithActor(context.Background(), haizhi.SystemActor("scoreboard"))
	tick := time.NewTicker(livePoll)
	defer tick.Stop()
	seen := ""
	for {
		h.mu.Lock()
		if len(f.watchers) == 0 {
			delete(h.rooms, roomID)
			h.mu.Unlock()
			return
		}
		h.mu.Unlock()
		if v, err := h.svc.BoardVersion(ctx, roomID); err != nil {
			h.logger.Warn("scoreboard version", "room", roomID, "err", err)
		} else if v != seen {
			if b, err := h.svc.Scoreboard(ctx, roomID); err != nil {
				h.logger.Warn("scoreboard", "room", roomID, "err", err)
			} else {
				seen = v
				h.publish(f, b)
			}
		}
		select {
		case <-tick.C:
		case <-f.wake:
		}
	}
}

// publish hands the board to every watcher, replacing any board it has not read yet.
func (h *liveHub) publish(f *roomFeed, b *haizhi.Scoreboard) {
	board, err := json.Marshal(b)
	if err != nil {
		h.logger.Error("scoreboard encode", "err", err)
		return
	}
	r := b.Room
	stage, _ := json.Marshal(stagePayload{Version: r.Version, Current: r.Current, Phase: r.Phase, PhaseStartedAt: r.PhaseStartedAt, Signed: r.SignedAt != nil})
	h.mu.Lock()
	defer h.mu.Unlock()
	stageChanged := string(stage) != string(f.stage)
	f.last, f.stage = board, stage
	for w := range f.watchers {
		if w.private && !stageChanged {
			continue
		}
		p := f.payload(w)
		select {
		case <-w.board: // drop the unread older payload
		default:
		}
		w.board <- p
	}
}
