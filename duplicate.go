package haizhi

import (
	"cmp"
	"context"
	"crypto/sha256"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// DuplicateReason is one piece of evidence that two entries are the same application
// entered twice: by the same talent, or the same project brought by someone else.
type DuplicateReason string

// Duplicate reasons, in the order they are listed on a pair.
const (
	// DuplicateSameAccount: both entries are owned by one applicant account.
	DuplicateSameAccount DuplicateReason = "same_account"
	// DuplicateSameEmail: the leads' email addresses are equal, ignoring case.
	DuplicateSameEmail DuplicateReason = "same_email"
	// DuplicateSamePerson: the leads have the same normalised name and the same birth date.
	DuplicateSamePerson DuplicateReason = "same_person"
	// DuplicateSimilarTitle: the titles' token sets, in Chinese or in English, have a
	// Jaccard similarity of at least DuplicateTitleSimilarity.
	DuplicateSimilarTitle DuplicateReason = "similar_title"
	// DuplicateSameSummary: the summaries, in Chinese or in English, are the same text once
	// normalised, and at least DuplicateSummaryMinLength characters long.
	DuplicateSameSummary DuplicateReason = "same_summary"
)

// DuplicateReasons lists the reasons in display order.
func DuplicateReasons() []DuplicateReason {
	return []DuplicateReason{DuplicateSameAccount, DuplicateSameEmail, DuplicateSamePerson, DuplicateSimilarTitle, DuplicateSameSummary}
}

// Valid reports whether r is a known reason.
func (r DuplicateReason) Valid() bool { return slices.Contains(DuplicateReasons(), r) }

// DuplicateTitleSimilarity is the least Jaccard similarity of two titles' token sets
// that makes them similar: "Solid-state battery cells for drones" and "Solid-state
// battery cells for delivery drones" share 5 of 6 tokens (0.83).
const DuplicateTitleSimilarity = 0.8

// DuplicateSummaryMinLength is how many letters and digits a normalised summary needs
// before an identical one counts as evidence; short stock phrases ("暂无", "See the
// business plan.") are shared by unrelated entries.
const DuplicateSummaryMinLength = 40

// DuplicateBlockLimit is how many entries may share a piece of evidence before it stops
// being evidence. A title token found in more titles than this ("system", 系统) is not
// used to find similar titles, and an address, account, person or summary shared by
// more entries than this is a placeholder of an import (such as "none@example.com"),
// not one talent; reporting every pair of such a group would bury the real duplicates.
const DuplicateBlockLimit = 200

// DuplicateEntry is one side of a duplicate pair: what an operator needs to see to judge
// it. Title is the Chinese title, TitleEN the English one; Lead and LeadZH are the lead's
// names as written; Born is zero when unknown.
type DuplicateEntry struct {
	ID        int64        `json:"id"`
	EditionID int64        `json:"edition_id"`
	Year      int          `json:"year"`
	Title     string       `json:"title"`
	TitleEN   string       `json:"title_en"`
	Lead      string       `json:"lead"`
	LeadZH    string       `json:"lead_zh"`
	Email     string       `json:"email"`
	Born      time.Time    `json:"born"`
	Division  Division     `json:"division"` // zero when the entry has none
	Track     Track        `json:"track"`    // zero when the entry has none
	Status    EntryStatus  `json:"status"`
	Source    EntrySource  `json:"source"`
	Round     RoundKind    `json:"round"`
	Outcome   RoundOutcome `json:"outcome"`
}

// DuplicatePair is two entries that look like one application entered twice, A the one
// with the lower id, with every reason found. TitleScore is the higher of the Chinese and
// the English titles' similarity (0 to 1), given for every pair so operators can weigh
// it; DuplicateSimilarTitle is among the reasons exactly when it reaches
// DuplicateTitleSimilarity.
type DuplicatePair struct {
	A          DuplicateEntry    `json:"a"`
	B          DuplicateEntry    `json:"b"`
	Reasons    []DuplicateReason `json:"reasons"`
	TitleScore float64           `json:"title_score"`
}

// Has reports whether r is among the pair's reasons.
func (p *DuplicatePair) Has(r DuplicateReason) bool { return slices.Contains(p.Reasons, r) }

// TitlePercent is TitleScore as a whole percentage, rounded down so that a pair shown as
// 80% is similar and one shown as 79% is not.
func (p *DuplicatePair) TitlePercent() int { return int(math.Floor(p.TitleScore*100 + 1e-9)) }

// DuplicateCandidate is an entry as FindDuplicatePairs compares it: the account that owns
// it (0 for none), the lead's email, names and birth date (zero when unknown), the
// project's titles and summaries, and the DuplicateEntry to report.
type DuplicateCandidate struct {
	Entry     DuplicateEntry
	OwnerID   int64
	Email     string
	Name      string
	NameZH    string
	Born      time.Time
	TitleZH   string
	TitleEN   string
	SummaryZH string
	SummaryEN string
}

// DuplicateFilter selects the duplicate pairs of an edition: pairs with at least one
// entry in EditionID, optionally only those with Reason.
type DuplicateFilter struct {
	EditionID int64
	Reason    DuplicateReason
	Page      Page
}

// DuplicateService finds entries entered twice.
type DuplicateService interface {
	// FindDuplicates returns the duplicate pairs that touch an edition, ordered by the
	// entries' ids, and their total: each pair has at least one entry in f.EditionID and
	// the other in any edition of the same competition (entries of other competitions are
	// never compared). Submitted and withdrawn entries are compared, drafts are not. Only
	// operators of the competition's unit (PermCompetitionManage) may ask; for anyone
	// else the edition is ENOTFOUND, and without a signed-in actor it is EUNAUTHORIZED.
	// An unknown f.Reason is EINVALID ("reason": "error.choose_one").
	FindDuplicates(ctx context.Context, f DuplicateFilter) ([]DuplicatePair, int, error)
}

// FindDuplicatePairs compares entries and returns every pair with at least one reason,
// once, A having the lower id, ordered by A's and then B's id. Entries with the same id
// are one entry: the later ones are ignored. titleTokens cuts a title into tokens
// (textseg's Tokens in production); repeated tokens count once.
//
// It never compares every entry with every other. Exact evidence (account, email,
// person, summary) is grouped in maps, and only entries of one group are paired. Similar
// titles are found with an inverted index over title tokens, rarest first: two token
// sets with a Jaccard similarity of at least t must share a token among the first
// |x| − ⌈t·|x|⌉ + 1 rarest of each (prefix filtering), so only those are indexed and
// probed, and only pairs that share one are scored. Tokens in more than
// DuplicateBlockLimit titles are never used, so titles whose rarest shared token is that
// common are not found by title alone. See DuplicateBlockLimit for exact evidence.
func FindDuplicatePairs(entries []DuplicateCandidate, titleTokens func(string) []string) []DuplicatePair {
	entries = distinctCandidates(entries)
	found := map[uint64]uint8{} // pairKey → bit set of reasons (bit i is DuplicateReasons()[i])
	mark := func(i, j int32, r DuplicateReason) {
		if i > j {
			i, j = j, i
		}
		found[pairKey(i, j)] |= reasonBit(r)
	}
	g := groupEvidence(entries)
	pairGroup(g.account, func(i, j int32) { mark(i, j, DuplicateSameAccount) })
	pairGroup(g.email, func(i, j int32) { mark(i, j, DuplicateSameEmail) })
	pairGroup(g.person, func(i, j int32) {
		if samePerson(&entries[i], &entries[j]) {
			mark(i, j, DuplicateSamePerson)
		}
	})
	pairGroup(g.summary, func(i, j int32) { mark(i, j, DuplicateSameSummary) })
	zh := newTitleIndex(entries, titleTokens, func(c *DuplicateCandidate) string { return c.TitleZH })
	en := newTitleIndex(entries, titleTokens, func(c *DuplicateCandidate) string { return c.TitleEN })
	for _, idx := range []*titleIndex{zh, en} {
		idx.similarPairs(func(i, j int32) { mark(i, j, DuplicateSimilarTitle) })
	}
	out := make([]DuplicatePair, 0, len(found))
	for key, bits := range found {
		i, j := int32(key>>32), int32(uint32(key))
		score := max(zh.similarity(i, j), en.similarity(i, j))
		// A pair found by other evidence whose titles share only common tokens is still
		// similar when its score says so.
		if similarEnough(score) {
			bits |= reasonBit(DuplicateSimilarTitle)
		}
		a, b := entries[i].Entry, entries[j].Entry
		if b.ID < a.ID {
			a, b = b, a
		}
		p := DuplicatePair{A: a, B: b, TitleScore: score}
		for k, r := range DuplicateReasons() {
			if bits&(1<<k) != 0 {
				p.Reasons = append(p.Reasons, r)
			}
		}
		out = append(out, p)
	}
	slices.SortFunc(out, func(x, y DuplicatePair) int {
		return cmp.Or(cmp.Compare(x.A.ID, y.A.ID), cmp.Compare(x.B.ID, y.B.ID))
	})
	return out
}

// distinctCandidates drops candidates whose id came before, so an entry is never paired
// with itself. The caller's slice is not changed.
func distinctCandidates(entries []DuplicateCandidate) []DuplicateCandidate {
	seen := make(map[int64]bool, len(entries))
	var out []DuplicateCandidate
	for i, c := range entries {
		switch {
		case !seen[c.Entry.ID] && out != nil:
			out = append(out, c)
		case seen[c.Entry.ID] && out == nil:
			out = slices.Clone(entries[:i])
		}
		seen[c.Entry.ID] = true
	}
	if out == nil {
		return entries
	}
	return out
}

func pairKey(i, j int32) uint64 { return uint64(i)<<32 | uint64(uint32(j)) }

func reasonBit(r DuplicateReason) uint8 { return 1 << slices.Index(DuplicateReasons(), r) }

func similarEnough(score float64) bool { return score >= DuplicateTitleSimilarity-1e-9 }

// evidence groups the entries' indexes by each kind of exact evidence. A person is
// grouped under the Latin and under the Chinese name (with the birth date), so
// samePerson decides on each pair of a group. A summary is grouped by the SHA-256 of its
// language and normalised text.
type evidence struct {
	account map[int64][]int32
	email   map[string][]int32
	person  map[string][]int32
	summary map[[sha256.Size]byte][]int32
}

func groupEvidence(entries []DuplicateCandidate) *evidence {
	n := len(entries)
	g := &evidence{account: make(map[int64][]int32, n), email: make(map[string][]int32, n),
		person: make(map[string][]int32, n), summary: make(map[[sha256.Size]byte][]int32, n)}
	var buf []byte
	for i := range entries {
		c, i := &entries[i], int32(i)
		if c.OwnerID != 0 {
			g.account[c.OwnerID] = append(g.account[c.OwnerID], i)
		}
		if email := NormalizeEmail(c.Email); email != "" {
			g.email[email] = append(g.email[email], i)
		}
		if !c.Born.IsZero() {
			born := DateOnly(c.Born).Format(time.DateOnly)
			latin, zh := normalizeName(c.Name), normalizeName(c.NameZH)
			if latin != "" {
				g.person[latin+"|"+born] = append(g.person[latin+"|"+born], i)
			}
			if zh != "" && zh != latin {
				g.person[zh+"|"+born] = append(g.person[zh+"|"+born], i)
			}
		}
		for lang, s := range []string{c.SummaryZH, c.SummaryEN} {
			var n int
			if buf, n = normalizeText(append(buf[:0], byte(lang)), s); n >= DuplicateSummaryMinLength {
				sum := sha256.Sum256(buf)
				g.summary[sum] = append(g.summary[sum], i)
			}
		}
	}
	return g
}

// pairGroup calls fn for every pair of every group of two to DuplicateBlockLimit members.
func pairGroup[K comparable](groups map[K][]int32, fn func(i, j int32)) {
	for _, members := range groups {
		if len(members) < 2 || len(members) > DuplicateBlockLimit {
			continue
		}
		for x, i := range members {
			for _, j := range members[x+1:] {
				fn(i, j)
			}
		}
	}
}

// samePerson reports whether two leads with a name and birth date in common are one
// person: the same birth date, and the same Latin name unless both give Chinese names
// that differ, or the same Chinese name (pinyin is spelled and ordered in many ways).
func samePerson(a, b *DuplicateCandidate) bool {
	if a.Born.IsZero() || !DateOnly(a.Born).Equal(DateOnly(b.Born)) {
		return false
	}
	zhA, zhB := normalizeName(a.NameZH), normalizeName(b.NameZH)
	if zhA != "" && zhB != "" {
		return zhA == zhB
	}
	n := normalizeName(a.Name)
	return n != "" && n == normalizeName(b.Name)
}

// normalizeName lower-cases a name and drops everything but letters and digits, so
// "Li Wei", "li-wei" and "LI·WEI" are one name.
func normalizeName(s string) string {
	b, _ := normalizeText(nil, s)
	return string(b)
}

// normalizeText appends s lower-cased, without spaces, punctuation and symbols, to dst
// and returns it with the number of characters kept.
func normalizeText(dst []byte, s string) ([]byte, int) {
	n := 0
	for _, r := range s {
		if r < utf8.RuneSelf { // ASCII, most of an English text: no tables needed
			switch {
			case 'a' <= r && r <= 'z' || '0' <= r && r <= '9':
				dst, n = append(dst, byte(r)), n+1
			case 'A' <= r && r <= 'Z':
				dst, n = append(dst, byte(r+'a'-'A')), n+1
			}
			continue
		}
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
			n++
		}
	}
	return dst, n
}

// titleIndex holds one language's title token sets. A set is the tokens' ranks in
// ascending order, a token's rank growing with the number of titles it occurs in, so a
// set starts with its rarest tokens.
type titleIndex struct {
	sets [][]int32 // by entry index; nil for no title
	df   []int32   // by rank: how many titles hold the token
}

func newTitleIndex(entries []DuplicateCandidate, titleTokens func(string) []string, title func(*DuplicateCandidate) string) *titleIndex {
	idx := &titleIndex{sets: make([][]int32, len(entries))}
	ids := map[string]int32{}
	var df []int32
	for i := range entries {
		t := strings.TrimSpace(title(&entries[i]))
		if t == "" {
			continue
		}
		toks := titleTokens(t)
		set := make([]int32, 0, len(toks))
		for _, tok := range toks {
			id, ok := ids[tok]
			if !ok {
				id = int32(len(df))
				ids[tok] = id
				df = append(df, 0)
			}
			set = append(set, id)
		}
		slices.Sort(set)
		set = slices.Compact(set)
		for _, id := range set {
			df[id]++
		}
		if len(set) > 0 {
			idx.sets[i] = set
		}
	}
	// Rank tokens by how many titles hold them, rarest first; the id breaks ties so the
	// order is the same on every run.
	byRank := make([]int32, len(df))
	for id := range byRank {
		byRank[id] = int32(id)
	}
	slices.SortFunc(byRank, func(x, y int32) int { return cmp.Or(cmp.Compare(df[x], df[y]), cmp.Compare(x, y)) })
	rank := make([]int32, len(df))
	idx.df = make([]int32, len(df))
	for r, id := range byRank {
		rank[id], idx.df[r] = int32(r), df[id]
	}
	for _, set := range idx.sets {
		for k, id := range set {
			set[k] = rank[id]
		}
		slices.Sort(set)
	}
	return idx
}

// prefixLen is how many of a set's rarest tokens any set similar to it must share one of.
func prefixLen(n int) int {
	return n - int(math.Ceil(DuplicateTitleSimilarity*float64(n)-1e-9)) + 1
}

// similarPairs calls fn for every pair of titles with a similarity of at least
// DuplicateTitleSimilarity that share a token held by at most DuplicateBlockLimit titles.
func (idx *titleIndex) similarPairs(fn func(i, j int32)) {
	postings := make([][]int32, len(idx.df)) // by rank: entries with the token in their prefix
	seen := make([]int32, len(idx.sets))
	var cand []int32
	for i, x := range idx.sets {
		if x == nil {
			continue
		}
		cand = cand[:0]
		prefix := x[:prefixLen(len(x))]
		for _, tok := range prefix {
			if idx.df[tok] > DuplicateBlockLimit {
				break // the rest of the set is as common or more
			}
			for _, j := range postings[tok] {
				if seen[j] == int32(i)+1 {
					continue
				}
				seen[j] = int32(i) + 1
				// Length filter: a set can be similar only to sets of comparable size.
				if y := idx.sets[j]; similarEnough(float64(min(len(x), len(y))) / float64(max(len(x), len(y)))) {
					cand = append(cand, j)
				}
			}
			postings[tok] = append(postings[tok], int32(i))
		}
		for _, j := range cand {
			if similarEnough(jaccard(idx.sets[j], x)) {
				fn(j, int32(i))
			}
		}
	}
}

// similarity is the Jaccard similarity of two entries' titles; 0 when one has none.
func (idx *titleIndex) similarity(i, j int32) float64 {
	x, y := idx.sets[i], idx.sets[j]
	if x == nil || y == nil {
		return 0
	}
	return jaccard(x, y)
}

// jaccard is |x ∩ y| / |x ∪ y| of two ascending sets.
func jaccard(x, y []int32) float64 {
	inter := 0
	for a, b := 0, 0; a < len(x) && b < len(y); {
		switch {
		case x[a] < y[b]:
			a++
		case x[a] > y[b]:
			b++
		default:
			inter, a, b = inter+1, a+1, b+1
		}
	}
	return float64(inter) / float64(len(x)+len(y)-inter)
}
