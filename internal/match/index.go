package match

import (
	"cmp"
	"errors"
	"math"
	"runtime"
	"slices"
	"sync"
)

// The kinds of item, as indexes into Matcher.idx.
const (
	kProject = iota
	kNeed
	kSite
	kInvestor
	nKinds
)

// kindOf maps a Kind to its index; ok is false for an unknown Kind.
func kindOf(k Kind) (int, bool) {
	switch k {
	case KindNeed:
		return kNeed, true
	case KindSite:
		return kSite, true
	case KindInvestor:
		return kInvestor, true
	}
	return 0, false
}

var kindNames = [nKinds]Kind{"project", KindNeed, KindSite, KindInvestor}

// bm25K is the saturation constant of term frequency.
const bm25K = 1.2

// Matcher recommends from one indexed corpus. Build it with New; it is immutable and
// safe for concurrent use.
type Matcher struct {
	opt       Options
	lx        *lexicon
	nConcepts int
	rawName   []string // raw feature f is rawName[f-nConcepts]
	corpus    Corpus
	idx       [nKinds]*index
	ids       [nKinds]map[string]int32
	loc       [nKinds][]place // location of each need and site
	prefs     [][]place       // preferred locations of each project
	scratch   sync.Pool       // *scratch
}

// index holds the items of one kind: each item's normalised feature weights (sorted by
// feature) and, for every feature, the items that have it.
type index struct {
	n           int
	off         []int32 // item i's features are feat[off[i]:off[i+1]]
	feat        []int32
	w           []float32
	postOff     []int32 // feature f's postings are postDoc[postOff[f]:postOff[f+1]]
	postDoc     []int32
	postW       []float32
	maxPostings int
}

func (x *index) vec(i int32) ([]int32, []float32) {
	a, b := x.off[i], x.off[i+1]
	return x.feat[a:b], x.w[a:b]
}

func (x *index) postings(f int32) ([]int32, []float32) {
	if int(f)+1 >= len(x.postOff) {
		return nil, nil
	}
	a, b := x.postOff[f], x.postOff[f+1]
	return x.postDoc[a:b], x.postW[a:b]
}

// place is a location's features: concepts with their ancestors, and uncovered tokens.
type place struct {
	concepts []int32
	raw      []string
	text     string
}

// rawItem is an item's extracted text features before interning.
type rawItem struct {
	concepts []int32
	ctf      []float32
	raw      []string
	rtf      []float32
}

// itemText is the text of one item: the title and keywords count twice.
type itemText struct {
	title    string
	keywords []string
	body     string
}

// New validates the corpus and indexes it. It returns an error naming the field of the
// first invalid item (see Corpus.Validate), or when opt.Tokenize is nil or a weight is
// out of range. The Matcher keeps
// the corpus's slices; do not modify them while it is in use.
func New(c Corpus, opt Options) (*Matcher, error) {
	if opt.Tokenize == nil {
		return nil, errors.New("match: Options.Tokenize is nil")
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if opt.Terms == nil {
		opt.Terms = DefaultTerms()
	}
	if opt.Weights == (Weights{}) {
		opt.Weights = DefaultWeights
	}
	if err := opt.Weights.validate(); err != nil {
		return nil, err
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	m := &Matcher{opt: opt, corpus: c, lx: compileTerms(opt.Terms, opt.Tokenize), nConcepts: opt.Terms.Len()}
	m.scratch.New = func() any { return &scratch{} }

	texts := make([][]itemText, nKinds)
	for _, p := range c.Projects {
		texts[kProject] = append(texts[kProject], itemText{p.Title, p.Keywords, p.Summary})
	}
	for _, n := range c.Needs {
		texts[kNeed] = append(texts[kNeed], itemText{n.Title, n.Keywords, n.Description})
	}
	for _, s := range c.Sites {
		texts[kSite] = append(texts[kSite], itemText{s.Name, s.Keywords, s.Policies})
	}
	for _, v := range c.Investors {
		texts[kInvestor] = append(texts[kInvestor], itemText{v.Name, v.Keywords, v.Focus})
	}
	raws := m.extractAll(texts)
	m.buildIndexes(raws)
	m.buildLocations()

	idsOf := [nKinds]func(i int) string{
		func(i int) string { return c.Projects[i].ID },
		func(i int) string { return c.Needs[i].ID },
		func(i int) string { return c.Sites[i].ID },
		func(i int) string { return c.Investors[i].ID },
	}
	for k := range nKinds {
		m.ids[k] = make(map[string]int32, len(texts[k]))
		for i := range texts[k] {
			m.ids[k][idsOf[k](i)] = int32(i)
		}
	}
	return m, nil
}

// extractAll tokenises every item's text and maps it to concepts, in parallel.
func (m *Matcher) extractAll(texts [][]itemText) [][]rawItem {
	type job struct{ k, i int }
	raws := make([][]rawItem, nKinds)
	var jobs []job
	for k := range nKinds {
		raws[k] = make([]rawItem, len(texts[k]))
		for i := range texts[k] {
			jobs = append(jobs, job{k, i})
		}
	}
	m.parallel(len(jobs), func(next func() (int, bool)) {
		b := newBag()
		for j, ok := next(); ok; j, ok = next() {
			k, i := jobs[j].k, jobs[j].i
			t := texts[k][i]
			b.reset()
			m.lx.addText(b, m.opt.Tokenize(t.title), 2)
			for _, kw := range t.keywords {
				m.lx.addText(b, m.opt.Tokenize(kw), 2)
			}
			m.lx.addText(b, m.opt.Tokenize(t.body), 1)
			raws[k][i] = b.rawItem()
		}
	})
	return raws
}

// rawItem returns the bag's features in a deterministic order.
func (b *bag) rawItem() rawItem {
	var r rawItem
	for c := range b.concepts {
		r.concepts = append(r.concepts, c)
	}
	slices.Sort(r.concepts)
	for _, c := range r.concepts {
		r.ctf = append(r.ctf, b.concepts[c])
	}
	for t := range b.raw {
		r.raw = append(r.raw, t)
	}
	slices.Sort(r.raw)
	for _, t := range r.raw {
		r.rtf = append(r.rtf, b.raw[t])
	}
	return r
}

// parallel runs work on opt.Workers goroutines; each calls next for the index of its next
// unit of work until next reports false. Units are handed out in chunks, in order.
func (m *Matcher) parallel(n int, work func(next func() (int, bool))) {
	const chunk = 64
	var mu sync.Mutex
	pos := 0
	take := func() (int, int) {
		mu.Lock()
		defer mu.Unlock()
		a := pos
		pos = min(pos+chunk, n)
		return a, pos
	}
	var wg sync.WaitGroup
	for range min(m.opt.Workers, max(1, (n+chunk-1)/chunk)) {
		wg.Go(func() {
			a, b := take()
			work(func() (int, bool) {
				if a == b {
					if a, b = take(); a == b {
						return 0, false
					}
				}
				a++
				return a - 1, true
			})
		})
	}
	wg.Wait()
}

// buildIndexes interns raw tokens as features (concepts are features 0…nConcepts−1),
// computes idf over all items, and builds each kind's normalised vectors and postings.
func (m *Matcher) buildIndexes(raws [][]rawItem) {
	ids := map[string]int32{}
	df := make([]int32, m.nConcepts)
	total := 0
	for k := range nKinds {
		for _, r := range raws[k] {
			total++
			for _, c := range r.concepts {
				df[c]++
			}
			for _, t := range r.raw {
				f, ok := ids[t]
				if !ok {
					f = int32(m.nConcepts + len(m.rawName))
					ids[t] = f
					m.rawName = append(m.rawName, t)
					df = append(df, 0)
				}
				df[f]++
			}
		}
	}
	idf := make([]float32, len(df))
	for f, d := range df {
		idf[f] = float32(math.Log(1 + (float64(total)-float64(d)+0.5)/(float64(d)+0.5)))
	}

	type fw struct {
		f int32
		w float32
	}
	for k := range nKinds {
		x := &index{n: len(raws[k]), off: make([]int32, 1, len(raws[k])+1)}
		var buf []fw
		for _, r := range raws[k] {
			buf = buf[:0]
			for j, c := range r.concepts {
				buf = append(buf, fw{c, r.ctf[j]})
			}
			for j, t := range r.raw {
				buf = append(buf, fw{ids[t], r.rtf[j]})
			}
			slices.SortFunc(buf, func(a, b fw) int { return cmp.Compare(a.f, b.f) })
			var sum float64
			for j := range buf {
				tf := float64(buf[j].w)
				buf[j].w = float32(tf * (bm25K + 1) / (tf + bm25K) * float64(idf[buf[j].f]))
				sum += float64(buf[j].w)
			}
			for _, e := range buf {
				x.feat = append(x.feat, e.f)
				x.w = append(x.w, float32(float64(e.w)/sum))
			}
			x.off = append(x.off, int32(len(x.feat)))
		}
		// Postings by counting sort: items in order within each feature.
		x.postOff = make([]int32, len(df)+1)
		for _, f := range x.feat {
			x.postOff[f+1]++
		}
		for f := range df {
			x.postOff[f+1] += x.postOff[f]
		}
		x.postDoc = make([]int32, len(x.feat))
		x.postW = make([]float32, len(x.feat))
		fill := slices.Clone(x.postOff[:len(df)])
		for i := range x.n {
			for j := x.off[i]; j < x.off[i+1]; j++ {
				f := x.feat[j]
				x.postDoc[fill[f]] = int32(i)
				x.postW[fill[f]] = x.w[j]
				fill[f]++
			}
		}
		switch mp := m.opt.MaxPostings; {
		case mp < 0:
			x.maxPostings = math.MaxInt32
		case mp == 0:
			x.maxPostings = max(DefaultMaxPostings, x.n/10)
		default:
			x.maxPostings = mp
		}
		m.idx[k] = x
	}
}

// buildLocations extracts the features of every need's and site's location and every
// project's preferred locations.
func (m *Matcher) buildLocations() {
	b := newBag()
	locate := func(s string) place {
		b.reset()
		m.lx.addLocation(b, m.opt.Tokenize(s))
		r := b.rawItem()
		return place{concepts: r.concepts, raw: r.raw, text: s}
	}
	for _, n := range m.corpus.Needs {
		m.loc[kNeed] = append(m.loc[kNeed], locate(n.Location))
	}
	for _, s := range m.corpus.Sites {
		m.loc[kSite] = append(m.loc[kSite], locate(s.Location))
	}
	m.prefs = make([][]place, len(m.corpus.Projects))
	for i, p := range m.corpus.Projects {
		for _, l := range p.PreferredLocations {
			if pl := locate(l); len(pl.concepts)+len(pl.raw) > 0 {
				m.prefs[i] = append(m.prefs[i], pl)
			}
		}
	}
}

// within reports whether location l lies in the preferred location pref: every concept
// pref names is among l's concepts and their ancestors (余杭区 lies in 杭州), or, when pref
// names no concept, every token of pref is among l's.
func within(l, pref place) bool {
	if len(l.concepts)+len(l.raw) == 0 {
		return false
	}
	if len(pref.concepts) > 0 {
		for _, c := range pref.concepts {
			if _, ok := slices.BinarySearch(l.concepts, c); !ok {
				return false
			}
		}
		return true
	}
	for _, t := range pref.raw {
		if _, ok := slices.BinarySearch(l.raw, t); !ok {
			return false
		}
	}
	return true
}
