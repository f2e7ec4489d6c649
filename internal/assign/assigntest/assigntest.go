// Package assigntest generates assignment instances and checks results, for the tests
// and benchmarks of package assign and for the generator of CLI test files.
package assigntest

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/haizhi-dev/haizhi/internal/assign"
)

// Dense is the dense benchmark: entries × judges with k judges each, every pair
// scored, conflicts on a fraction of the pairs (about 3%), and loads between
// 60% and 135% of the average so that the instance is feasible.
func Dense(seed uint64, entries, judges, k int, conflicts float64) assign.Instance {
	r := rand.New(rand.NewPCG(seed, 1))
	in := assign.Instance{}
	for e := range entries {
		in.Entries = append(in.Entries, assign.Entry{ID: fmt.Sprintf("e%d", e), JudgesRequired: k})
	}
	avg := float64(entries*k) / float64(judges)
	for j := range judges {
		in.Judges = append(in.Judges, assign.Judge{ID: fmt.Sprintf("j%d", j),
			MinLoad: int(avg * 0.6), MaxLoad: int(math.Ceil(avg * 1.35))})
	}
	in.Affinity = make([]assign.Affinity, 0, entries*judges)
	for e := range entries {
		for j := range judges {
			if r.Float64() < conflicts {
				in.Conflicts = append(in.Conflicts, assign.Conflict{Entry: in.Entries[e].ID, Judge: in.Judges[j].ID})
			}
			in.Affinity = append(in.Affinity, assign.Affinity{Entry: in.Entries[e].ID, Judge: in.Judges[j].ID, Score: round3(r.Float64())})
		}
	}
	return in
}

// Sparse is the sparse benchmark: entries × judges with k judges each and
// `candidates` scored judges per entry (a few of them in conflict), with OnlyListedPairs
// set. Candidates cluster: each entry draws them from a window of judges around a random
// centre, as expertise would, so that popular judges compete for entries.
func Sparse(seed uint64, entries, judges, k, candidates int) assign.Instance {
	r := rand.New(rand.NewPCG(seed, 2))
	in := assign.Instance{OnlyListedPairs: true}
	for e := range entries {
		in.Entries = append(in.Entries, assign.Entry{ID: fmt.Sprintf("e%d", e), JudgesRequired: k})
	}
	avg := float64(entries*k) / float64(judges)
	for j := range judges {
		in.Judges = append(in.Judges, assign.Judge{ID: fmt.Sprintf("j%d", j),
			MinLoad: int(avg * 0.5), MaxLoad: int(math.Ceil(avg * 1.5))})
	}
	in.Affinity = make([]assign.Affinity, 0, entries*candidates)
	seen := map[int]bool{}
	for e := range entries {
		centre := r.IntN(judges)
		clear(seen)
		for len(seen) < candidates {
			j := (centre + r.IntN(4*candidates) + judges) % judges
			if seen[j] {
				continue
			}
			seen[j] = true
			in.Affinity = append(in.Affinity, assign.Affinity{Entry: in.Entries[e].ID, Judge: in.Judges[j].ID, Score: round3(r.Float64())})
			if r.Float64() < 0.03 {
				in.Conflicts = append(in.Conflicts, assign.Conflict{Entry: in.Entries[e].ID, Judge: in.Judges[j].ID})
			}
		}
	}
	return in
}

// Options shape a Random instance.
type Options struct {
	Entries, Judges int     // counts
	MaxK            int     // judges required per entry: 0 … MaxK
	Conflicts       float64 // probability that a pair is in conflict
	Listed          float64 // probability that a pair has a score
	OnlyListed      bool
	Categories      []string // judges' categories ("" allowed)
	Institutions    []string // judges' institutions ("" allowed)
	NeedCategory    float64  // probability that an entry needs a category
	Cap             float64  // probability that an entry has a max per institution (1 or 2)
	Slack           float64  // max loads sum to about demand × Slack
}

// Random returns a random instance; loads are drawn so that it is usually, not always,
// feasible.
func Random(r *rand.Rand, o Options) assign.Instance {
	in := assign.Instance{OnlyListedPairs: o.OnlyListed}
	demand := 0
	for e := range o.Entries {
		ent := assign.Entry{ID: fmt.Sprintf("e%d", e), JudgesRequired: r.IntN(min(o.MaxK, o.Judges) + 1)}
		demand += ent.JudgesRequired
		if len(o.Categories) > 0 && r.Float64() < o.NeedCategory {
			ent.NeedCategory = o.Categories[r.IntN(len(o.Categories))]
		}
		if r.Float64() < o.Cap {
			ent.MaxPerInstitution = 1 + r.IntN(2)
		}
		in.Entries = append(in.Entries, ent)
	}
	per := float64(demand) * o.Slack / float64(o.Judges)
	for j := range o.Judges {
		jd := assign.Judge{ID: fmt.Sprintf("j%d", j)}
		hi := int(per) + r.IntN(int(per)/2+2)
		jd.MaxLoad = hi
		if r.IntN(3) == 0 {
			jd.MinLoad = r.IntN(int(per*0.7) + 1)
		}
		jd.MinLoad = min(jd.MinLoad, jd.MaxLoad)
		if len(o.Categories) > 0 {
			jd.Category = o.Categories[r.IntN(len(o.Categories))]
		}
		if len(o.Institutions) > 0 {
			jd.Institution = o.Institutions[r.IntN(len(o.Institutions))]
		}
		in.Judges = append(in.Judges, jd)
	}
	for _, e := range in.Entries {
		for _, j := range in.Judges {
			if r.Float64() < o.Listed {
				in.Affinity = append(in.Affinity, assign.Affinity{Entry: e.ID, Judge: j.ID, Score: round3(r.Float64()*2 - 0.2)})
			}
			if r.Float64() < o.Conflicts {
				in.Conflicts = append(in.Conflicts, assign.Conflict{Entry: e.ID, Judge: j.ID})
			}
		}
	}
	return in
}

// round3 keeps three decimals, so that scaled scores are exact and optimal totals can be
// compared to 1e-6.
func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// Check verifies that res is a valid assignment of in: every entry has exactly its number
// of distinct judges, loads are within bounds, no pair is in conflict or (with
// OnlyListedPairs) unlisted, institution caps and category needs hold, the order is the
// instance's and TotalAffinity is the sum of the scores. It returns the first violation.
func Check(in assign.Instance, res assign.Result) error {
	entryIdx := map[string]int{}
	for i, e := range in.Entries {
		entryIdx[e.ID] = i
	}
	judgeIdx := map[string]int{}
	for i, j := range in.Judges {
		judgeIdx[j.ID] = i
	}
	type pair struct{ e, j int }
	score := map[pair]float64{}
	for _, a := range in.Affinity {
		score[pair{entryIdx[a.Entry], judgeIdx[a.Judge]}] = a.Score
	}
	conflict := map[pair]bool{}
	for _, c := range in.Conflicts {
		conflict[pair{entryIdx[c.Entry], judgeIdx[c.Judge]}] = true
	}
	got := make([][]int, len(in.Entries))
	load := make([]int, len(in.Judges))
	total := 0.0
	last := pair{-1, -1}
	for _, p := range res.Assignments {
		e, ok1 := entryIdx[p.Entry]
		j, ok2 := judgeIdx[p.Judge]
		if !ok1 || !ok2 {
			return fmt.Errorf("unknown pair %v", p)
		}
		if e < last.e || (e == last.e && j <= last.j) {
			return fmt.Errorf("pair %v out of order or repeated", p)
		}
		last = pair{e, j}
		if conflict[pair{e, j}] {
			return fmt.Errorf("pair %v is in conflict", p)
		}
		s, listed := score[pair{e, j}]
		if in.OnlyListedPairs && !listed {
			return fmt.Errorf("pair %v is not listed", p)
		}
		total += s
		got[e] = append(got[e], j)
		load[j]++
	}
	for e, ent := range in.Entries {
		if len(got[e]) != ent.JudgesRequired {
			return fmt.Errorf("entry %s has %d judges, needs %d", ent.ID, len(got[e]), ent.JudgesRequired)
		}
		per := map[string]int{}
		hasCat := false
		for _, j := range got[e] {
			jd := in.Judges[j]
			if jd.Institution != "" {
				per[jd.Institution]++
				if m := ent.MaxPerInstitution; m > 0 && per[jd.Institution] > m {
					return fmt.Errorf("entry %s has %d judges from %s, cap %d", ent.ID, per[jd.Institution], jd.Institution, m)
				}
			}
			hasCat = hasCat || (ent.NeedCategory != "" && jd.Category == ent.NeedCategory)
		}
		if ent.NeedCategory != "" && ent.JudgesRequired > 0 && !hasCat {
			return fmt.Errorf("entry %s has no judge of category %s", ent.ID, ent.NeedCategory)
		}
	}
	for j, jd := range in.Judges {
		if load[j] < jd.MinLoad || load[j] > jd.MaxLoad {
			return fmt.Errorf("judge %s has load %d outside [%d, %d]", jd.ID, load[j], jd.MinLoad, jd.MaxLoad)
		}
	}
	if math.Abs(total-res.TotalAffinity) > 1e-6*math.Max(1, math.Abs(total)) {
		return fmt.Errorf("TotalAffinity %v, pairs sum to %v", res.TotalAffinity, total)
	}
	return nil
}

// WriteJSON writes in in the `haizhi assign` file format (OnlyListedPairs and
// SearchLimit are flags there, not part of the file).
func WriteJSON(w io.Writer, in assign.Instance) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	q := func(s string) string { return strconv.Quote(s) }
	bw.WriteString(`{"entries":[`)
	for i, e := range in.Entries {
		if i > 0 {
			bw.WriteString(",\n")
		}
		fmt.Fprintf(bw, `{"id":%s,"judges_required":%d`, q(e.ID), e.JudgesRequired)
		if e.NeedCategory != "" {
			fmt.Fprintf(bw, `,"need_category":%s`, q(e.NeedCategory))
		}
		if e.MaxPerInstitution != 0 {
			fmt.Fprintf(bw, `,"max_per_institution":%d`, e.MaxPerInstitution)
		}
		bw.WriteString("}")
	}
	bw.WriteString("],\n\"judges\":[")
	for i, j := range in.Judges {
		if i > 0 {
			bw.WriteString(",\n")
		}
		fmt.Fprintf(bw, `{"id":%s,"min_load":%d,"max_load":%d`, q(j.ID), j.MinLoad, j.MaxLoad)
		if j.Category != "" {
			fmt.Fprintf(bw, `,"category":%s`, q(j.Category))
		}
		if j.Institution != "" {
			fmt.Fprintf(bw, `,"institution":%s`, q(j.Institution))
		}
		bw.WriteString("}")
	}
	bw.WriteString("],\n\"affinity\":[")
	for i, a := range in.Affinity {
		if i > 0 {
			bw.WriteString(",\n")
		}
		fmt.Fprintf(bw, `{"entry":%s,"judge":%s,"score":%s}`, q(a.Entry), q(a.Judge), strconv.FormatFloat(a.Score, 'g', -1, 64))
	}
	bw.WriteString("],\n\"conflicts\":[")
	for i, c := range in.Conflicts {
		if i > 0 {
			bw.WriteString(",\n")
		}
		fmt.Fprintf(bw, `{"entry":%s,"judge":%s}`, q(c.Entry), q(c.Judge))
	}
	bw.WriteString("]}\n")
	return bw.Flush()
}
