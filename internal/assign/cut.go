package assign

import (
	"fmt"
	"slices"
	"strings"
)

// The explanations of a failed flow come from its minimum cuts. Nodes left with excess
// (entries lacking judges) reach, over residual arcs, a closed set R with no unmet demand
// inside: every arc out of R is saturated and no flow enters R. When the sink is not in R,
// the judges in R are at their max loads and serve only the entries in R, so those
// entries' demand exceeds what R's judges (and the pairs already used) can take: that is
// the bottleneck to name. Judges left below their minimum are reached, against the
// residual arcs, from a closed set Q; when the sink is not in Q, the judges in Q are at
// exactly their minimum-or-less and receive flow only from the entries in Q or from pairs
// already used, so their minimums exceed what can reach them.

// forOut calls f for every node that node u reaches over one residual arc.
func (n *network) forOut(u int32, f func(v int32)) {
	switch {
	case u < n.nSub:
		for a := n.first[u]; a < n.first[u+1]; a++ {
			if n.rcap[a] > 0 {
				f(n.head[a])
			}
		}
		if pa := n.parentArc[u]; pa >= 0 && n.ucap[pa] > n.rcap[pa] {
			f(n.tail[pa])
		}
	case u < n.sink:
		j := u - n.nSub
		for _, a := range n.assigned[j] {
			f(n.tail[a])
		}
		if n.tRes[j] > 0 {
			f(n.sink)
		}
	default:
		for j := int32(0); j < n.nJudge; j++ {
			if n.tCap[j] > n.tRes[j] {
				f(n.nSub + j)
			}
		}
	}
}

// forIn calls f for every node that reaches node v over one residual arc; pairsIn lists
// the pair arcs into each judge.
func (n *network) forIn(v int32, pairsIn [][]int32, f func(u int32)) {
	switch {
	case v < n.nSub:
		if pa := n.parentArc[v]; pa >= 0 && n.rcap[pa] > 0 {
			f(n.tail[pa])
		}
		for a := n.first[v]; a < n.first[v+1]; a++ {
			if n.ucap[a] > n.rcap[a] { // reverse residual: head → v
				f(n.head[a])
			}
		}
	case v < n.sink:
		j := v - n.nSub
		for _, a := range pairsIn[j] {
			if n.rcap[a] > 0 {
				f(n.tail[a])
			}
		}
		if n.tCap[j] > n.tRes[j] {
			f(n.sink)
		}
	default:
		for j := int32(0); j < n.nJudge; j++ {
			if n.tRes[j] > 0 {
				f(n.nSub + j)
			}
		}
	}
}

// closure returns the nodes reachable from the starts by step, marking them in mark.
func closure(starts []int32, mark []bool, step func(u int32, f func(v int32))) []int32 {
	set := slices.Clone(starts)
	for _, s := range starts {
		mark[s] = true
	}
	for i := 0; i < len(set); i++ {
		step(set[i], func(v int32) {
			if !mark[v] {
				mark[v] = true
				set = append(set, v)
			}
		})
	}
	return set
}

// explain turns a flow with stuck excess into reasons.
func (n *network) explain(stuck []int32) []Reason {
	var reasons []Reason
	covered := make([]bool, n.sink+1)
	for _, s := range stuck {
		if covered[s] {
			continue
		}
		mark := make([]bool, n.sink+1)
		r := closure([]int32{s}, mark, n.forOut)
		for _, v := range r {
			covered[v] = true
		}
		if mark[n.sink] {
			continue // not a capacity bottleneck: the judges' minimums are, below
		}
		reasons = append(reasons, n.excessReason(s, r, mark))
	}

	var pairsIn [][]int32
	covered = make([]bool, n.sink+1)
	for j := int32(0); j < n.nJudge; j++ {
		v := n.nSub + j
		if n.excess[v] >= 0 || covered[v] {
			continue
		}
		if pairsIn == nil {
			pairsIn = make([][]int32, n.nJudge)
			for a, h := range n.head {
				if h >= n.nSub {
					pairsIn[h-n.nSub] = append(pairsIn[h-n.nSub], int32(a))
				}
			}
		}
		mark := make([]bool, n.sink+1)
		q := closure([]int32{v}, mark, func(u int32, f func(int32)) { n.forIn(u, pairsIn, f) })
		for _, u := range q {
			covered[u] = true
		}
		if mark[n.sink] {
			continue
		}
		reasons = append(reasons, n.minimumReason(q, mark))
	}
	if len(reasons) == 0 { // cannot happen for a stuck flow; say so rather than nothing
		reasons = append(reasons, Reason{Code: ReasonEntriesBottleneck, Text: "No assignment meets the constraints."})
	}
	return reasons
}

// excessReason explains the closed set r reached from stuck node s.
func (n *network) excessReason(s int32, r []int32, inR []bool) Reason {
	in := n.p.in
	var insts []string
	es, js := n.members(r)
	entries, judges := n.ids(es, js)
	need, short := 0, 0
	for _, e := range es {
		need += n.p.k[e]
	}
	for _, v := range r {
		switch {
		case v < n.nSub:
			if n.excess[v] > 0 {
				short += int(n.excess[v])
			}
			// A saturated institution arc leaving R: its cap binds.
			for a := n.first[v]; a < n.first[v+1]; a++ {
				if h := n.head[a]; h < n.nSub && !inR[h] && n.rcap[a] == 0 && n.ucap[a] > 0 {
					if inst := n.institutionOf(h); inst != "" && !slices.Contains(insts, inst) {
						insts = append(insts, inst)
					}
				}
			}
		}
	}
	fixes := "add judges free of conflicts with them, or lower judges_required"
	if len(judges) > 0 {
		fixes = fmt.Sprintf("raise the max loads of %s by %d in total, ", names(judges), short) + fixes
	}
	if len(insts) > 0 {
		fixes += fmt.Sprintf(", or allow more judges per institution (%s at the cap)", names(insts))
	}
	full := "no other judge free of conflicts with them has room left"
	if len(judges) > 0 {
		full = fmt.Sprintf("the judges they could still get (%s) are at their max loads", names(judges))
	}
	if s != n.root[n.owner[s]] { // a category node: the category judge is missing
		e := n.owner[s]
		c := in.Entries[e].NeedCategory
		return Reason{Code: ReasonCategoryBottleneck, Entries: []string{in.Entries[e].ID}, Judges: judges, Institutions: insts,
			Category: c, Need: 1, Short: 1,
			Text: fmt.Sprintf("Entry %s cannot get a judge of category %q: %s. To fix it, %s.", in.Entries[e].ID, c, full, fixes)}
	}
	subject := "Entries " + names(entries) + " need"
	if len(entries) == 1 {
		subject = "Entry " + entries[0] + " needs"
	}
	// Category needs inside the set shape it: name them.
	var needs []string
	category := ""
	for _, e := range es {
		if c := in.Entries[e].NeedCategory; c != "" && n.p.k[e] > 0 {
			needs = append(needs, fmt.Sprintf("%s needs a judge of category %q", in.Entries[e].ID, c))
			if category != "" && category != c {
				category = "*" // several: none to name
			}
			if category != "*" {
				category = c
			}
		}
	}
	note := ""
	if category == "*" {
		category = ""
	}
	if len(needs) > 0 {
		if len(needs) > 3 {
			needs = append(needs[:3], fmt.Sprintf("%d more need one", len(needs)-3))
		}
		note = " (" + strings.Join(needs, "; ") + ")"
	}
	return Reason{Code: ReasonEntriesBottleneck, Entries: entries, Judges: judges, Institutions: insts, Category: category,
		Need: need, Have: need - short, Short: short,
		Text: fmt.Sprintf("%s %s but can get only %d%s: %s; %s missing. To fix it, %s.",
			subject, plural(need, "judge", "judges in all"), need-short, note, full, plural(short, "judge place is", "judge places are"), fixes)}
}

// minimumReason explains the closed set q of judges (and entries) below their minimums.
func (n *network) minimumReason(q []int32, inQ []bool) Reason {
	in := n.p.in
	var low []string
	entries, judges := n.ids(n.members(q))
	need, unmet := 0, 0
	for j := range in.Judges {
		if v := n.nSub + int32(j); inQ[v] {
			need += in.Judges[j].MinLoad
			if n.excess[v] < 0 {
				unmet += int(-n.excess[v])
				low = append(low, in.Judges[j].ID)
			}
		}
	}
	return Reason{Code: ReasonJudgesMinBottleneck, Judges: judges, Entries: entries, Need: need, Have: need - unmet, Short: unmet,
		Text: fmt.Sprintf("The min loads of %s cannot all be met: judges %s must judge at least %d entries in all, but only %d assignments can reach them from the entries open to them (%s) without breaking other constraints. Lower their min loads by %d in total, lift conflicts so that more entries are open to them, or raise those entries' judges_required.",
			names(low), names(judges), need, need-unmet, names(entries), unmet)}
}

// members returns the entries and judges among nodes, each once, in the instance's order.
func (n *network) members(nodes []int32) (entries, judges []int32) {
	for _, v := range nodes {
		switch {
		case v < n.nSub:
			entries = append(entries, n.owner[v])
		case v < n.sink:
			judges = append(judges, v-n.nSub)
		}
	}
	slices.Sort(entries)
	slices.Sort(judges)
	return slices.Compact(entries), judges
}

// ids returns the ids of entries and judges.
func (n *network) ids(entries, judges []int32) (eids, jids []string) {
	for _, e := range entries {
		eids = append(eids, n.p.in.Entries[e].ID)
	}
	for _, j := range judges {
		jids = append(jids, n.p.in.Judges[j].ID)
	}
	return eids, jids
}

// institutionOf returns the institution of the judges below constraint node v, or "" when
// v is not an institution node.
func (n *network) institutionOf(v int32) string {
	var inst string
	for a := n.first[v]; a < n.first[v+1]; a++ {
		h := n.head[a]
		if h < n.nSub {
			if i := n.institutionOf(h); i != "" {
				return i
			}
			continue
		}
		ji := n.p.in.Judges[h-n.nSub].Institution
		if ji == "" {
			return ""
		}
		if inst == "" {
			inst = ji
		} else if inst != ji {
			return "" // a category node over several institutions
		}
	}
	return inst
}
