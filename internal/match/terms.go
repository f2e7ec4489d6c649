package match

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

//go:embed terms.tsv
var termsTSV string

// Concept is one line of the term list: a concept with its Chinese and English variants.
type Concept struct {
	ID       string
	Parent   string // "" for none
	Category string // ai, health, equipment, general or place
	ZH       []string
	EN       []string
}

// Label is how a reason shows the concept: "电池 / battery", or the one variant there is.
func (c Concept) Label() string {
	switch {
	case len(c.ZH) > 0 && len(c.EN) > 0:
		return c.ZH[0] + " / " + c.EN[0]
	case len(c.ZH) > 0:
		return c.ZH[0]
	case len(c.EN) > 0:
		return c.EN[0]
	}
	return c.ID
}

// Terms is a parsed bilingual term list. It is immutable and safe for concurrent use.
type Terms struct {
	concepts []Concept
	byID     map[string]int
}

// categories are the allowed values of Concept.Category.
var categories = map[string]bool{"ai": true, "health": true, "equipment": true, "general": true, "place": true}

var defaultTerms = sync.OnceValues(func() (*Terms, error) { return ParseTerms(termsTSV) })

// DefaultTerms returns the embedded term list (terms.tsv), parsed once per process. It
// panics if the embedded file is malformed, which a test rules out.
func DefaultTerms() *Terms {
	t, err := defaultTerms()
	if err != nil {
		panic(err)
	}
	return t
}

// ParseTerms parses a term list in the format of terms.tsv: lines of five tab-separated
// columns (id, parent or "-", category, Chinese variants, English variants, variants
// separated by "|"); blank lines and lines starting with # are ignored. The error names
// the line.
func ParseTerms(text string) (*Terms, error) {
	t := &Terms{byID: map[string]int{}}
	lineOf := map[string]int{}
	for n, line := range strings.Split(text, "\n") {
		n++
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			return nil, fmt.Errorf("terms line %d: want 5 tab-separated columns, got %d", n, len(f))
		}
		c := Concept{ID: f[0], Parent: f[1], Category: f[2], ZH: variants(f[3]), EN: variants(f[4])}
		if c.Parent == "-" {
			c.Parent = ""
		}
		switch {
		case !validID(c.ID):
			return nil, fmt.Errorf("terms line %d: id %q: want lower_snake_case", n, c.ID)
		case lineOf[c.ID] > 0:
			return nil, fmt.Errorf("terms line %d: id %q already on line %d", n, c.ID, lineOf[c.ID])
		case !categories[c.Category]:
			return nil, fmt.Errorf("terms line %d: category %q: want ai, health, equipment, general or place", n, c.Category)
		case len(c.ZH)+len(c.EN) == 0:
			return nil, fmt.Errorf("terms line %d: concept %q has no variant", n, c.ID)
		}
		lineOf[c.ID] = n
		t.byID[c.ID] = len(t.concepts)
		t.concepts = append(t.concepts, c)
	}
	for _, c := range t.concepts {
		if c.Parent == "" {
			continue
		}
		if _, ok := t.byID[c.Parent]; !ok {
			return nil, fmt.Errorf("terms line %d: parent %q of %q is not a concept", lineOf[c.ID], c.Parent, c.ID)
		}
		// Walk up: a cycle would make ancestors endless.
		seen := map[string]bool{c.ID: true}
		for p := c.Parent; p != ""; p = t.concepts[t.byID[p]].Parent {
			if seen[p] {
				return nil, fmt.Errorf("terms line %d: parents of %q form a cycle through %q", lineOf[c.ID], c.ID, p)
			}
			seen[p] = true
		}
	}
	return t, nil
}

// variants splits a column of "|"-separated variants, dropping empty ones.
func variants(col string) []string {
	var out []string
	for _, v := range strings.Split(col, "|") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func validID(id string) bool {
	if id == "" {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' {
			return false
		}
	}
	return true
}

// Len returns the number of concepts.
func (t *Terms) Len() int { return len(t.concepts) }

// Concept returns the concept with the given id.
func (t *Terms) Concept(id string) (Concept, bool) {
	i, ok := t.byID[id]
	if !ok {
		return Concept{}, false
	}
	return t.concepts[i], true
}

// phraseWindow is how far apart (in tokens) two consecutive tokens of a multi-token
// variant may lie: Chinese segmentation interleaves overlapping words (计算机视觉 → 计算,
// 计算机, 算机, 视觉) and English text puts words in between ("solid-state lithium
// batteries" still says solid-state battery).
const phraseWindow = 3

// lexicon is a term list compiled for one tokenizer: each variant is tokenised as text
// would be, so the matcher compares like with like.
type lexicon struct {
	terms     *Terms
	single    map[string][]int32 // a one-token variant → its concepts
	phrases   map[string][]phrase
	ancestors [][]int32 // concept → parent, grandparent, …
	place     []bool
}

// phrase is a variant of several tokens, indexed by its first.
type phrase struct {
	rest    []string
	concept int32
}

func compileTerms(t *Terms, tokenize Tokenizer) *lexicon {
	lx := &lexicon{
		terms:     t,
		single:    map[string][]int32{},
		phrases:   map[string][]phrase{},
		ancestors: make([][]int32, len(t.concepts)),
		place:     make([]bool, len(t.concepts)),
	}
	for i, c := range t.concepts {
		ci := int32(i)
		lx.place[i] = c.Category == "place"
		for p := c.Parent; p != ""; p = t.concepts[t.byID[p]].Parent {
			lx.ancestors[i] = append(lx.ancestors[i], int32(t.byID[p]))
		}
		seen := map[string]bool{}
		for _, v := range append(append([]string(nil), c.ZH...), c.EN...) {
			toks := tokenize(v)
			key := strings.Join(toks, "\x00")
			if len(toks) == 0 || seen[key] {
				continue // a variant the tokenizer drops, or one already compiled
			}
			seen[key] = true
			if len(toks) == 1 {
				lx.single[toks[0]] = appendConcept(lx.single[toks[0]], ci)
				continue
			}
			lx.phrases[toks[0]] = append(lx.phrases[toks[0]], phrase{rest: toks[1:], concept: ci})
		}
	}
	return lx
}

func appendConcept(list []int32, c int32) []int32 {
	for _, x := range list {
		if x == c {
			return list
		}
	}
	return append(list, c)
}

// bag accumulates the features of one item: concept weights and raw-token weights. It
// is reused from item to item by one goroutine.
type bag struct {
	concepts map[int32]float32
	raw      map[string]float32
	covered  []bool
}

func newBag() *bag {
	return &bag{concepts: map[int32]float32{}, raw: map[string]float32{}}
}

func (b *bag) reset() {
	clear(b.concepts)
	clear(b.raw)
}

// addText adds the features of toks, one field's tokens, with weight boost per
// occurrence. A concept also adds its ancestors at half the weight per generation. Place
// concepts and the tokens they cover add nothing: places are matched as locations, not
// as topics. Tokens covered by no concept are kept unless they carry no meaning alone
// (a single Chinese character, a number, a single letter).
func (lx *lexicon) addText(b *bag, toks []string, boost float32) {
	b.covered = lx.match(toks, b.covered, func(c int32) {
		if lx.place[c] {
			return
		}
		b.concepts[c] += boost
		w := boost
		for _, a := range lx.ancestors[c] {
			w /= 2
			b.concepts[a] += w
		}
	})
	for i, t := range toks {
		if !b.covered[i] && meaningful(t) {
			b.raw[t] += boost
		}
	}
}

// addLocation adds the features of a location: every concept it names with its
// ancestors (余杭区 → yuhang, hangzhou, zhejiang), and its uncovered tokens.
func (lx *lexicon) addLocation(b *bag, toks []string) {
	b.covered = lx.match(toks, b.covered, func(c int32) {
		b.concepts[c] = 1
		for _, a := range lx.ancestors[c] {
			b.concepts[a] = 1
		}
	})
	for i, t := range toks {
		if !b.covered[i] && meaningful(t) {
			b.raw[t] = 1
		}
	}
}

// match calls found for every concept occurrence in toks and returns, in covered
// (reused), which tokens some occurrence covers.
func (lx *lexicon) match(toks []string, covered []bool, found func(int32)) []bool {
	covered = slices.Grow(covered[:0], len(toks))[:len(toks)]
	clear(covered)
	for i, t := range toks {
		for _, c := range lx.single[t] {
			found(c)
			covered[i] = true
		}
		for _, ph := range lx.phrases[t] {
			if end, ok := matchRest(toks, i, ph.rest); ok {
				found(ph.concept)
				// The phrase covers its own tokens; words in between stay as they are.
				covered[i] = true
				for j, r := i+1, 0; j <= end && r < len(ph.rest); j++ {
					if toks[j] == ph.rest[r] {
						covered[j] = true
						r++
					}
				}
			}
		}
	}
	return covered
}

// matchRest reports whether the tokens of rest follow position i of toks in order, each
// within phraseWindow of the previous one, and returns the position of the last.
func matchRest(toks []string, i int, rest []string) (int, bool) {
	at := i
	for _, want := range rest {
		found := -1
		for j := at + 1; j < len(toks) && j <= at+phraseWindow; j++ {
			if toks[j] == want {
				found = j
				break
			}
		}
		if found < 0 {
			return 0, false
		}
		at = found
	}
	return at, true
}

// meaningful reports whether a token that no concept covers is worth a feature: not a
// single Chinese character, not a number, not a single letter.
func meaningful(t string) bool {
	r, size := utf8.DecodeRuneInString(t)
	if size == len(t) {
		return false // one character, Chinese or Latin
	}
	if unicode.Is(unicode.Han, r) {
		return true
	}
	for _, r := range t {
		if !unicode.IsDigit(r) {
			return true
		}
	}
	return false
}
