package match

import (
	"cmp"
	"container/heap"
	"fmt"
	"math"
	"slices"
)

// ForProject returns the k best items of kind (needs, sites or investors) for the project
// with the given id, best first, leaving out the pairs in ex. It returns fewer than k when
// fewer items share a text feature with the project, and an error wrapping ErrNotFound
// for an unknown project.
func (m *Matcher) ForProject(projectID string, kind Kind, k int, ex *Excluded) ([]Recommendation, error) {
	dst, ok := kindOf(kind)
	if !ok {
		return nil, fmt.Errorf("match: unknown kind %q (want need, site or investor)", kind)
	}
	if k <= 0 {
		return nil, fmt.Errorf("match: k = %d, want at least 1", k)
	}
	i, ok := m.ids[kProject][projectID]
	if !ok {
		return nil, fmt.Errorf("match: project %q: %w", projectID, ErrNotFound)
	}
	return m.pooledQuery(kProject, i, dst, k, ex), nil
}

// ForNeed returns the k best projects for the need with the given id, best first,
// leaving out the pairs in ex; see ForProject.
func (m *Matcher) ForNeed(needID string, k int, ex *Excluded) ([]Recommendation, error) {
	return m.forTarget(kNeed, needID, k, ex)
}

// ForSite returns the k best projects for the site with the given id, best first,
// leaving out the pairs in ex; see ForProject.
func (m *Matcher) ForSite(siteID string, k int, ex *Excluded) ([]Recommendation, error) {
	return m.forTarget(kSite, siteID, k, ex)
}

func (m *Matcher) forTarget(src int, id string, k int, ex *Excluded) ([]Recommendation, error) {
	if k <= 0 {
		return nil, fmt.Errorf("match: k = %d, want at least 1", k)
	}
	i, ok := m.ids[src][id]
	if !ok {
		return nil, fmt.Errorf("match: %s %q: %w", kindNames[src], id, ErrNotFound)
	}
	return m.pooledQuery(src, i, kProject, k, ex), nil
}

// pooledQuery runs one query with working memory from the pool.
func (m *Matcher) pooledQuery(src int, i int32, dst int, k int, ex *Excluded) []Recommendation {
	s := m.scratch.Get().(*scratch)
	defer m.scratch.Put(s)
	return m.query(s, src, i, dst, k, ex)
}

// ForEveryProject returns ForProject's answer for every project, in the corpus's order,
// computed on Options.Workers goroutines.
func (m *Matcher) ForEveryProject(kind Kind, k int, ex *Excluded) ([][]Recommendation, error) {
	dst, ok := kindOf(kind)
	if !ok {
		return nil, fmt.Errorf("match: unknown kind %q (want need, site or investor)", kind)
	}
	if k <= 0 {
		return nil, fmt.Errorf("match: k = %d, want at least 1", k)
	}
	out := make([][]Recommendation, len(m.corpus.Projects))
	m.parallel(len(out), func(next func() (int, bool)) {
		s := &scratch{} // one per goroutine, kept for all its queries
		for i, ok := next(); ok; i, ok = next() {
			out[i] = m.query(s, kProject, int32(i), dst, k, ex)
		}
	})
	return out, nil
}

// scratch is one query's working memory, pooled: per-item accumulators of both sides'
// partial text scores and the list of items touched.
type scratch struct {
	accSrc, accDst []float32
	touched        []int32
	cands          candHeap
	best           candHeap
	fits           []fit
}

// cand is a candidate item d with its score; j is its index in scratch.fits once scored.
type cand struct {
	d, j  int32
	score float64
}

// candHeap is a min-heap on (score, then later item first), so its root is the weakest
// candidate kept.
type candHeap []cand

func (h candHeap) Len() int { return len(h) }
func (h candHeap) Less(i, j int) bool {
	if h[i].score != h[j].score {
		return h[i].score < h[j].score
	}
	return h[i].d > h[j].d
}
func (h candHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *candHeap) Push(x any)   { *h = append(*h, x.(cand)) }
func (h *candHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// offer keeps c if it is among the best limit offered so far.
func (h *candHeap) offer(c cand, limit int) {
	if len(*h) < limit {
		heap.Push(h, c)
		return
	}
	if r := (*h)[0]; c.score > r.score || (c.score == r.score && c.d < r.d) {
		(*h)[0] = c
		heap.Fix(h, 0)
	}
}

// query returns the k best items of kind dst for item i of kind src; one of the two kinds
// is kProject.
func (m *Matcher) query(s *scratch, src int, i int32, dst int, k int, ex *Excluded) []Recommendation {
	x := m.idx[dst]
	if len(s.accSrc) < x.n {
		s.accSrc, s.accDst = make([]float32, x.n), make([]float32, x.n)
	}
	excluded := m.excludedFor(src, i, dst, ex)

	// Gather candidates through the postings of the selective features.
	feats, ws := m.idx[src].vec(i)
	s.touched = s.touched[:0]
	skipped := false
	for pass := 0; pass < 2 && len(s.touched) == 0; pass++ {
		for j, f := range feats {
			docs, dws := x.postings(f)
			if len(docs) > x.maxPostings && pass == 0 {
				skipped = true
				continue
			}
			w := ws[j]
			for n, d := range docs {
				if s.accSrc[d] == 0 {
					s.touched = append(s.touched, d)
				}
				s.accSrc[d] += w
				s.accDst[d] += dws[n]
			}
		}
		if !skipped {
			break // the first pass saw every feature
		}
	}
	limit := m.opt.Candidates
	switch {
	case limit == 0:
		limit = max(DefaultCandidates, 10*k)
	case limit < 0:
		limit = len(s.touched)
	}
	s.cands = s.cands[:0]
	for _, d := range s.touched {
		a, b := s.accSrc[d], s.accDst[d]
		s.accSrc[d], s.accDst[d] = 0, 0
		if excluded[d] {
			continue
		}
		s.cands.offer(cand{d: d, score: harmonic(float64(a), float64(b))}, limit)
	}

	// Score the candidates exactly and keep the best k.
	best := s.best[:0]
	fits := s.fits[:0]
	for _, c := range s.cands {
		p, t := i, c.d
		if src != kProject {
			p, t = c.d, i
		}
		tk := max(src, dst)
		f := m.score(p, tk, t)
		if f.score <= 0 {
			continue // facts can take the whole score only when Weights.Facts is 1
		}
		fits = append(fits, f)
		best.offer(cand{d: c.d, j: int32(len(fits) - 1), score: f.score}, k)
	}
	s.best, s.fits = best, fits
	slices.SortFunc(best, func(a, b cand) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(a.d, b.d)
	})
	out := make([]Recommendation, 0, len(best))
	for _, c := range best {
		p, t := i, c.d
		if src != kProject {
			p, t = c.d, i
		}
		tk := max(src, dst)
		f := fits[c.j]
		out = append(out, Recommendation{
			Project:     m.corpus.Projects[p].ID,
			Kind:        kindNames[tk],
			Target:      m.targetID(tk, t),
			Score:       f.score,
			ProjectSide: f.projectSide,
			TargetSide:  f.targetSide,
			Reasons:     m.reasons(p, tk, t),
		})
	}
	return out
}

// excludedFor returns the items of kind dst excluded for item i of kind src, or nil.
func (m *Matcher) excludedFor(src int, i int32, dst int, ex *Excluded) map[int32]bool {
	if ex == nil {
		return nil
	}
	out := map[int32]bool{}
	if src == kProject {
		for t := range ex.byProject[m.corpus.Projects[i].ID] {
			if tk, ok := kindOf(t.kind); ok && tk == dst {
				if d, ok := m.ids[dst][t.id]; ok {
					out[d] = true
				}
			}
		}
		return out
	}
	for p := range ex.byTarget[target{kindNames[src], m.targetID(src, i)}] {
		if d, ok := m.ids[kProject][p]; ok {
			out[d] = true
		}
	}
	return out
}

func (m *Matcher) targetID(tk int, t int32) string {
	switch tk {
	case kNeed:
		return m.corpus.Needs[t].ID
	case kSite:
		return m.corpus.Sites[t].ID
	}
	return m.corpus.Investors[t].ID
}

// fit is the exact score of a pair.
type fit struct {
	textProject, textTarget float64
	projectSide, targetSide float64
	score                   float64
}

// score scores project p against item t of kind tk.
func (m *Matcher) score(p int32, tk int, t int32) fit {
	var f fit
	f.textProject, f.textTarget = m.textScores(p, tk, t, nil)
	facts := m.facts(p, tk, t)
	w := m.opt.Weights
	ps := []component{{w.Industry, facts.industry}, {w.Money, facts.moneyProject}}
	ts := []component{{w.Industry, facts.industry}}
	switch tk {
	case kNeed:
		ps = append(ps, component{w.Location, facts.location})
		ts = append(ts, component{w.Money, facts.moneyTarget}, component{w.Stage, facts.stage})
	case kSite:
		ps = append(ps, component{w.Location, facts.location})
		ts = append(ts, component{w.Capacity, facts.capacity})
	case kInvestor:
		ts = append(ts, component{w.Money, facts.moneyTarget}, component{w.Stage, facts.stage})
	}
	scale := func(text float64, cs []component) float64 {
		return text * (1 - w.Facts + w.Facts*weightedMean(cs))
	}
	f.projectSide, f.targetSide = scale(f.textProject, ps), scale(f.textTarget, ts)
	f.score = harmonic(f.projectSide, f.targetSide)
	return f
}

type component struct{ weight, value float64 }

func weightedMean(cs []component) float64 {
	var sum, wsum float64
	for _, c := range cs {
		sum += c.weight * c.value
		wsum += c.weight
	}
	if wsum == 0 {
		return 0.5
	}
	return sum / wsum
}

// harmonic is the harmonic mean of a and b, 0 when either is 0.
func harmonic(a, b float64) float64 {
	if a <= 0 || b <= 0 {
		return 0
	}
	return 2 * a * b / (a + b)
}

// textScores returns the shares of the project's and the item's text weight that the two
// share, and appends each shared feature with its contribution to shared when non-nil.
func (m *Matcher) textScores(p int32, tk int, t int32, shared *[]sharedFeature) (float64, float64) {
	pf, pw := m.idx[kProject].vec(p)
	tf, tw := m.idx[tk].vec(t)
	var sp, st float64
	for a, b := 0, 0; a < len(pf) && b < len(tf); {
		switch {
		case pf[a] < tf[b]:
			a++
		case pf[a] > tf[b]:
			b++
		default:
			sp += float64(pw[a])
			st += float64(tw[b])
			if shared != nil {
				*shared = append(*shared, sharedFeature{pf[a], float64(pw[a]) + float64(tw[b])})
			}
			a++
			b++
		}
	}
	return min(sp, 1), min(st, 1)
}

type sharedFeature struct {
	f      int32
	weight float64
}

// facts are a pair's structured components, each in [0, 1], 0.5 when unknown.
type facts struct {
	industry     float64
	moneyProject float64 // the project's view of the money on offer
	moneyTarget  float64 // the need's or investor's view of the funding need
	location     float64
	stage        float64
	capacity     float64
}

func (m *Matcher) facts(p int32, tk int, t int32) facts {
	pr := &m.corpus.Projects[p]
	f := facts{industry: 0.5, moneyProject: 0.5, moneyTarget: 0.5, location: 0.5, stage: 0.5, capacity: 0.5}
	switch tk {
	case kNeed:
		n := &m.corpus.Needs[t]
		f.industry = industryFit(pr.Industry, []string{n.Industry})
		f.moneyProject = coverFit(n.Budget, pr.FundingNeed)
		f.moneyTarget = f.moneyProject
		f.location = m.locationFit(p, m.loc[kNeed][t])
		if r := stageRank(pr.Stage); r >= 0 {
			f.stage = maturity[r]
		}
	case kSite:
		s := &m.corpus.Sites[t]
		f.industry = industryFit(pr.Industry, s.Industries)
		f.moneyProject = coverFit(s.SubsidyCeiling, pr.FundingNeed)
		f.location = m.locationFit(p, m.loc[kSite][t])
		if s.Capacity > 0 {
			f.capacity = 1
		}
	case kInvestor:
		v := &m.corpus.Investors[t]
		f.industry = industryFit(pr.Industry, v.Industries)
		f.moneyProject = ticketFit(pr.FundingNeed, v.TicketMin, v.TicketMax)
		f.moneyTarget = f.moneyProject
		if len(v.Stages) > 0 && stageRank(pr.Stage) >= 0 {
			f.stage = 0
			if slices.ContainsFunc(v.Stages, func(s string) bool { return sameCode(s, pr.Stage) }) {
				f.stage = 1
			}
		}
	}
	return f
}

// maturity is how much a need's owner values a project at each stage: a working product
// is worth more to an enterprise with a problem to solve than an idea.
var maturity = [...]float64{0.25, 0.6, 0.9, 1}

// industryFit is 1 when the project's industry is among the others, 0 when it is not,
// 0.5 when either side gives none.
func industryFit(industry string, others []string) float64 {
	if industry == "" || !slices.ContainsFunc(others, func(s string) bool { return s != "" }) {
		return 0.5
	}
	if slices.ContainsFunc(others, func(s string) bool { return sameCode(s, industry) }) {
		return 1
	}
	return 0
}

// coverFit is the share of the funding need that the amount on offer covers, at most 1;
// 0.5 when either is not given.
func coverFit(offer, need int64) float64 {
	if offer <= 0 || need <= 0 {
		return 0.5
	}
	return math.Min(1, float64(offer)/float64(need))
}

// ticketFit is 1 when the funding need lies in [lo, hi] (hi 0: no upper bound), and falls
// off with the ratio by which it misses; 0.5 when the need or both bounds are not given.
func ticketFit(need, lo, hi int64) float64 {
	switch {
	case need <= 0 || (lo <= 0 && hi <= 0):
		return 0.5
	case need < lo:
		return float64(need) / float64(lo)
	case hi > 0 && need > hi:
		return float64(hi) / float64(need)
	}
	return 1
}

// locationFit is 1 when loc lies in one of the project's preferred locations, 0 when the
// project has some and loc lies in none, 0.5 when either is not given.
func (m *Matcher) locationFit(p int32, loc place) float64 {
	if len(m.prefs[p]) == 0 || len(loc.concepts)+len(loc.raw) == 0 {
		return 0.5
	}
	for _, pref := range m.prefs[p] {
		if within(loc, pref) {
			return 1
		}
	}
	return 0
}
