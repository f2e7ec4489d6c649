package haizhi

import "slices"

// JudgeLoad is one pool member's share of a round's assignment, against their bounds.
type JudgeLoad struct {
	UserID      int64         `json:"user_id"`
	Name        string        `json:"name"`
	Category    JudgeCategory `json:"category"`
	Institution string        `json:"institution"`
	Count       int           `json:"count"`
	MinLoad     int           `json:"min_load"`
	MaxLoad     int           `json:"max_load"`
	AffinitySum float64       `json:"affinity_sum"`
}

// Below reports whether the judge has fewer entries than their minimum.
func (l JudgeLoad) Below() bool { return l.Count < l.MinLoad }

// Above reports whether the judge has more entries than their maximum (only a change by
// hand can do that).
func (l JudgeLoad) Above() bool { return l.Count > l.MaxLoad }

// TrackCoverage is how a round's assignment covers the entries of one track.
type TrackCoverage struct {
	Track   string `json:"track"`   // the track's code; "" for entries without one
	Entries int    `json:"entries"` // pending entries of the track
	Covered int    `json:"covered"` // of them, those with at least one judge
	Pairs   int    `json:"pairs"`
	Judges  int    `json:"judges"`  // distinct judges given an entry of the track
	Experts int    `json:"experts"` // pool members who list the track in their expertise
}

// Uncovered is how many of the track's entries have no judge yet.
func (c TrackCoverage) Uncovered() int { return c.Entries - c.Covered }

// AffinitySpread is the spread of the fit of a round's pairs.
type AffinitySpread struct {
	Min    float64 `json:"min"`
	Median float64 `json:"median"`
	Max    float64 `json:"max"`
}

// EntryShort is a pending entry with fewer judges than the round needs.
type EntryShort struct {
	EntryID int64  `json:"entry_id"`
	Title   string `json:"title"`
	Track   string `json:"track"`
	Judges  int    `json:"judges"`
}

// AssignmentPreview is what an operator checks before publishing a round's assignment,
// hand-adjusted or not: the figures over the whole round, and pages of the lists that can
// be long.
type AssignmentPreview struct {
	// Options are those of the last proposal; Options.K is 0 when the round was never
	// proposed. K is the number of judges each entry needs in this preview: the
	// filter's, else the proposal's.
	Options   AssignOptions  `json:"options"`
	K         int            `json:"k"`
	Published bool           `json:"published"`
	Entries   int            `json:"entries"` // pending entries of the round
	Pairs     int            `json:"pairs"`
	Manual    int            `json:"manual"` // pairs set by hand
	Affinity  AffinitySpread `json:"affinity"`
	// Loads is a page of the pool, the judges outside their bounds first; BelowMin and
	// AboveMax count them over the whole pool.
	Loads      []JudgeLoad `json:"loads"`
	LoadsTotal int         `json:"loads_total"`
	BelowMin   int         `json:"below_min"`
	AboveMax   int         `json:"above_max"`
	// Tracks covers every track of the edition (and entries without one, if any).
	Tracks []TrackCoverage `json:"tracks"`
	// Short is a page of the entries with fewer than K judges, fewest first.
	Short      []EntryShort `json:"short"`
	ShortTotal int          `json:"short_total"`
}

// PreviewFilter selects a round's preview and the pages of its lists.
type PreviewFilter struct {
	EditionID int64
	Round     RoundKind
	K         int // judges each entry needs; 0: the last proposal's
	LoadsPage Page
	ShortPage Page
}

// EntryAssignments is a pending entry of a round with its judges, for adjusting the
// assignment by hand.
type EntryAssignments struct {
	EntryID    int64         `json:"entry_id"`
	Title      string        `json:"title"`
	Track      string        `json:"track"`
	Judges     []*Assignment `json:"judges"`
	Conflicted []int64       `json:"conflicted"` // user ids of pool members with an active conflict with it
}

// HasConflict reports whether the pool member userID is in conflict with the entry.
func (e *EntryAssignments) HasConflict(userID int64) bool {
	return slices.Contains(e.Conflicted, userID)
}

// HasJudge reports whether the pool member userID is assigned the entry.
func (e *EntryAssignments) HasJudge(userID int64) bool {
	return slices.ContainsFunc(e.Judges, func(a *Assignment) bool { return a.JudgeUserID == userID })
}
