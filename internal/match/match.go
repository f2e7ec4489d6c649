// Package match recommends enterprise needs, landing sites and investors to projects,
// and projects to needs and sites, and explains every recommendation.
//
// It is pure: plain values in, plain values out. Text is tokenised by a Tokenizer passed
// in (production passes textseg.Default().Tokens; tests may pass anything simpler), so the
// package itself imports nothing but the standard library.
//
// # Text relevance
//
// Every item's text (title, keywords, summary or description, a site's policies, an
// investor's focus) is tokenised and mapped onto the concepts of a bilingual term list
// (terms.tsv, embedded; see Terms): 电池, "battery" and "batteries" become the concept
// battery, 无人机 and "UAV" the concept drone. A concept also counts, at half weight, as
// its parent (固态电池 → battery). Tokens that belong to no concept stay features of their
// own, so same-language words still match. Place concepts (杭州, Yuhang) serve location
// matching only.
//
// A feature's weight in an item is w = tf·(k+1)/(tf+k) · idf with k = 1.2 and the BM25
// idf ln(1 + (N − df + 0.5)/(df + 0.5)) over all items of the corpus; tf counts title and
// keyword occurrences twice. Each item's weights are then divided by their sum, so an
// item's weights add up to 1. The text score of a pair is seen from each side: the
// project's text score is the share of the project's weight that the other item shares
// (how much of what the project offers the need asks for), the need's text score the share
// of the need's weight that the project shares (how much of the need the project covers).
// Both lie in [0, 1].
//
// # Structured fit and the two sides
//
// Each side's score is its text score scaled by the facts that matter to that side (see
// Weights for the formula and the default weights of the facts):
//
//	project's view of a need      same industry, budget vs funding need, preferred location
//	need's view of a project      same industry, funding need within budget, project maturity
//	project's view of a site      site's industries, subsidy ceiling vs funding need, preferred location
//	site's view of a project      site's industries, room left (capacity)
//	project's view of an investor investor's industries, ticket range vs funding need
//	investor's view of a project  investor's industries, funding need within ticket, stage
//
// A fact that is not known (no budget given, no industry) counts as 0.5, neither for nor
// against. The combined score is the harmonic mean of the two sides, 2ab/(a+b): it is
// high only when both sides are, so a need that a project solves but that brings the
// project nothing (or the reverse) ranks low. A pair with no shared text feature is never
// recommended.
//
// # Scale
//
// Items are indexed once (New) in inverted indexes per kind. A query walks the postings
// of the asking item's features, accumulating both sides' partial text scores per
// candidate, but skips features found in more than MaxPostings items of the other kind
// (by default 10% of them: words like 企业 or "system", and broad concepts such as
// battery, whose postings are long and whose weight is low). If every feature is skipped
// the query walks them all. The best Candidates by partial score are then scored exactly,
// skipped features and structured fit included, and the top k returned. A query's work is
// bounded by the postings of its selective features, never by all pairs; the price is
// that an item sharing only common words with the asking item is not considered. With
// the defaults nothing is skipped up to 1,000 items of a kind; on the generated
// benchmark corpus of 50,000 needs the top 10 keep 98.5% of the exact top 10's needs.
//
// # Reasons
//
// Every Recommendation carries Reasons: a code and arguments the web layer translates,
// and an English text. The codes are listed with the Reason type.
package match

import (
	"errors"
	"strings"
)

// Tokenizer splits text into tokens. It must return the same tokens for the same text
// and be safe for concurrent use; textseg.Segmenter.Tokens is both.
type Tokenizer func(text string) []string

// Kind is the kind of item a project is matched with.
type Kind string

// The kinds of item a project is matched with.
const (
	KindNeed     Kind = "need"
	KindSite     Kind = "site"
	KindInvestor Kind = "investor"
)

// Stages are the project stages in order of maturity, as in the root package.
var stages = []string{"idea", "prototype", "revenue", "scaling"}

// Project is what a talent brings: the technology and business that may land. Text may be
// Chinese, English or both (join TitleZH and TitleEN with a space). FundingNeed is in yuan,
// 0 when not given.
type Project struct {
	ID                 string
	Title              string
	Summary            string
	Industry           string // track code, e.g. "ai", "health", "equipment"
	Keywords           []string
	Stage              string // idea, prototype, revenue, scaling; "" when not given
	FundingNeed        int64
	PreferredLocations []string // where the project would like to land, e.g. "余杭区", "Hangzhou"
}

// Need is an enterprise's technology demand, talent demand or open challenge (揭榜挂帅).
// Budget is in yuan, 0 when not given.
type Need struct {
	ID          string
	Title       string
	Description string
	Industry    string
	Keywords    []string
	Location    string
	Budget      int64
}

// Site is a park, platform or base where projects land. SubsidyCeiling is the most a
// project can get there, in yuan; Capacity is how many more projects it can take. Either
// is 0 when not given; leave a site that is full out of the corpus.
type Site struct {
	ID             string
	Name           string
	Industries     []string
	Keywords       []string
	Policies       string // the support on offer: subsidies, space, housing, in any language
	SubsidyCeiling int64
	Location       string
	Capacity       int
}

// Investor is a fund or angel with focus industries, stages and a ticket range in yuan
// (TicketMax 0: no upper bound).
type Investor struct {
	ID         string
	Name       string
	Industries []string
	Stages     []string
	TicketMin  int64
	TicketMax  int64
	Focus      string // what the investor looks for, in any language
	Keywords   []string
}

// Corpus is everything a Matcher recommends from.
type Corpus struct {
	Projects  []Project
	Needs     []Need
	Sites     []Site
	Investors []Investor
}

// Weights say how much the facts of a pair count against its text relevance. A side's
// score is its text score scaled by its facts:
//
//	side = text · (1 − Facts + Facts · facts)
//
// where facts is the weighted mean of the side's facts (each in [0, 1], 0.5 when not
// known; see the package documentation for which facts each side has). Facts in favour
// leave the text score whole, facts against cut it by up to the share Facts, and a pair
// that shares no text scores 0 whatever its facts.
type Weights struct {
	Facts    float64 // share of a side's score that its facts can take away, in [0, 1]
	Industry float64 // same industry, or the industry among a site's or investor's
	Money    float64 // funding need against budget, subsidy ceiling or ticket
	Location float64 // the other item lies in a location the project prefers
	Stage    float64 // the project's maturity (needs) or stage among an investor's stages
	Capacity float64 // the site has room left
}

// DefaultWeights are the weights New uses when Options.Weights is zero. Text decides what
// a pair is about, so it carries the score; the facts decide among pairs about the same
// thing, the industry and the money most.
var DefaultWeights = Weights{Facts: 0.5, Industry: 0.4, Money: 0.3, Location: 0.15, Stage: 0.15, Capacity: 0.15}

// Defaults of Options.
const (
	DefaultMaxPostings = 1000
	DefaultCandidates  = 200
)

// Options configure New.
type Options struct {
	// Tokenize splits text into tokens; required.
	Tokenize Tokenizer
	// Terms is the bilingual term list; nil means DefaultTerms().
	Terms *Terms
	// Weights of the score components; the zero value means DefaultWeights.
	Weights Weights
	// MaxPostings is the number of items of a kind above which a feature found in them is
	// skipped when gathering candidates (see Scale in the package documentation);
	// 0 means DefaultMaxPostings or 10% of the items, whichever is larger; negative means
	// never skip.
	MaxPostings int
	// Candidates is how many candidates per query are scored exactly; 0 means
	// DefaultCandidates or 10·k, whichever is larger; negative means all.
	Candidates int
	// Workers is how many goroutines index the corpus and run batch queries; 0 means
	// GOMAXPROCS.
	Workers int
}

// Recommendation is one recommended pair: a project and a need, site or investor.
type Recommendation struct {
	Project string `json:"project"`
	Kind    Kind   `json:"kind"`
	Target  string `json:"target"` // the id of the need, site or investor
	// Score is the harmonic mean of ProjectSide and TargetSide, in [0, 1].
	Score float64 `json:"score"`
	// ProjectSide is how good the pair is for the project; TargetSide for the need, site
	// or investor. Both lie in [0, 1].
	ProjectSide float64  `json:"project_side"`
	TargetSide  float64  `json:"target_side"`
	Reasons     []Reason `json:"reasons"`
}

// Reason is one fact that earned a recommendation its score. Code says which, Args give
// its values (money in yuan as plain integers, so a translation can format them), Text
// says it in English. The codes:
//
//	shared_terms           terms: the shared terms, "zh / en" where the term list maps them, joined by ", "
//	same_industry          industry
//	funding_within_budget  funding, budget: the project's funding need fits the need's budget
//	budget_covers_part     funding, budget, percent: the budget covers at least half of it
//	subsidy_covers_funding funding, ceiling: the site's subsidy ceiling covers the funding need
//	subsidy_covers_part    funding, ceiling, percent: the ceiling covers at least half of it
//	funding_within_ticket  funding, min, max: the funding need lies in the investor's ticket range (max "" when open)
//	stage_in_focus         stage: the investor invests at the project's stage
//	mature_stage           stage: the project already has revenue (revenue, scaling)
//	preferred_location     location, preferred: the need or site lies where the project would like to land
//	site_has_room          capacity: projects the site can still take
type Reason struct {
	Code string            `json:"code"`
	Args map[string]string `json:"args"`
	Text string            `json:"text"`
}

// Pair names a project and a need, site or investor, for feedback: a pair in an Excluded
// set ("not relevant") is never recommended.
type Pair struct {
	Project string
	Kind    Kind
	Target  string
}

// Excluded is a set of pairs never to recommend. The nil set excludes nothing. A
// Matcher only reads it, so one set can serve concurrent queries.
type Excluded struct {
	byProject map[string]map[target]bool
	byTarget  map[target]map[string]bool
}

// target names a need, site or investor.
type target struct {
	kind Kind
	id   string
}

// NewExcluded returns the set of the given pairs.
func NewExcluded(pairs ...Pair) *Excluded {
	e := &Excluded{byProject: map[string]map[target]bool{}, byTarget: map[target]map[string]bool{}}
	for _, p := range pairs {
		t := target{p.Kind, p.Target}
		if e.byProject[p.Project] == nil {
			e.byProject[p.Project] = map[target]bool{}
		}
		e.byProject[p.Project][t] = true
		if e.byTarget[t] == nil {
			e.byTarget[t] = map[string]bool{}
		}
		e.byTarget[t][p.Project] = true
	}
	return e
}

// Has reports whether p is in the set.
func (e *Excluded) Has(p Pair) bool {
	return e != nil && e.byProject[p.Project][target{p.Kind, p.Target}]
}

// ErrNotFound is returned (wrapped) when a query names an item the corpus lacks.
var ErrNotFound = errors.New("not found")

// sameCode reports whether two industry or stage codes are the same, ignoring case and
// surrounding space.
func sameCode(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}
