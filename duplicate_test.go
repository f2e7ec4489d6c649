package haizhi_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/haizhi-dev/haizhi"
	"github.com/haizhi-dev/haizhi/internal/textseg"
)

// dupCandidate is a candidate with the given id and nothing else in common with anyone.
func dupCandidate(id int64) haizhi.DuplicateCandidate {
	return haizhi.DuplicateCandidate{
		Entry: haizhi.DuplicateEntry{ID: id, EditionID: 1, Year: 2026},
		Email: fmt.Sprintf("lead%d@x.example", id), Name: fmt.Sprintf("Lead %c", 'A'+rune(id%26)),
		TitleEN: fmt.Sprintf("Project number %d", id),
	}
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// describePairs renders pairs as "1-2 same_email,similar_title 83".
func describePairs(pairs []haizhi.DuplicatePair) []string {
	out := []string{}
	for _, p := range pairs {
		var rs []string
		for _, r := range p.Reasons {
			rs = append(rs, string(r))
		}
		out = append(out, fmt.Sprintf("%d-%d %s %d", p.A.ID, p.B.ID, strings.Join(rs, ","), p.TitlePercent()))
	}
	return out
}

const longSummary = "Solid-state lithium cells with a ceramic electrolyte: twice the energy density of today's packs, no fire risk."

func TestFindDuplicatePairs(t *testing.T) {
	tokens := textseg.Default().Tokens
	tests := []struct {
		name   string
		change func(a, b *haizhi.DuplicateCandidate)
		want   []string
	}{
		{"nothing in common", func(a, b *haizhi.DuplicateCandidate) {}, []string{}},
		{"same account", func(a, b *haizhi.DuplicateCandidate) { a.OwnerID, b.OwnerID = 7, 7 },
			[]string{"1-2 same_account 50"}},
		{"different accounts", func(a, b *haizhi.DuplicateCandidate) { a.OwnerID, b.OwnerID = 7, 8 }, []string{}},
		{"same email, case and spaces ignored", func(a, b *haizhi.DuplicateCandidate) { a.Email, b.Email = "Anna@TUM.example", " anna@tum.example" },
			[]string{"1-2 same_email 50"}},
		{"same person: name written differently, same birth date", func(a, b *haizhi.DuplicateCandidate) {
			a.Name, b.Name = "Li Wei", "LI-WEI"
			a.Born, b.Born = day(1985, 6, 1), day(1985, 6, 1)
		}, []string{"1-2 same_person 50"}},
		{"same Chinese name, pinyin in another order", func(a, b *haizhi.DuplicateCandidate) {
			a.Name, a.NameZH, b.Name, b.NameZH = "Wei Zhang", "张伟", "Zhang Wei", "张 伟"
			a.Born, b.Born = day(1985, 6, 1), day(1985, 6, 1)
		}, []string{"1-2 same_person 50"}},
		{"same pinyin, different Chinese names", func(a, b *haizhi.DuplicateCandidate) {
			a.Name, a.NameZH, b.Name, b.NameZH = "Li Wei", "李伟", "Li Wei", "李薇"
			a.Born, b.Born = day(1985, 6, 1), day(1985, 6, 1)
		}, []string{}},
		{"same pinyin, one without a Chinese name", func(a, b *haizhi.DuplicateCandidate) {
			a.Name, a.NameZH, b.Name = "Li Wei", "李伟", "Li Wei"
			a.Born, b.Born = day(1985, 6, 1), day(1985, 6, 1)
		}, []string{"1-2 same_person 50"}},
		{"same name, another birth date", func(a, b *haizhi.DuplicateCandidate) {
			a.Name, b.Name = "Li Wei", "Li Wei"
			a.Born, b.Born = day(1985, 6, 1), day(1985, 6, 2)
		}, []string{}},
		{"same name, birth dates unknown", func(a, b *haizhi.DuplicateCandidate) { a.Name, b.Name = "Li Wei", "Li Wei" }, []string{}},
		{"similar English titles", func(a, b *haizhi.DuplicateCandidate) {
			a.TitleEN, b.TitleEN = "Solid-state battery cells for drones", "Solid-state battery cells for delivery drones"
		}, []string{"1-2 similar_title 83"}},
		{"similar Chinese titles, one word more", func(a, b *haizhi.DuplicateCandidate) {
			a.TitleZH, b.TitleZH = "面向边缘计算的低功耗AI芯片", "面向边缘计算的低功耗AI芯片模组"
		}, []string{"1-2 similar_title 87"}},
		{"Chinese titles one word apart but short: 6 of 8 tokens", func(a, b *haizhi.DuplicateCandidate) {
			a.TitleZH, b.TitleZH = "高性能存储芯片设计", "高性能存储芯片研发"
		}, []string{}},
		{"clearly different titles", func(a, b *haizhi.DuplicateCandidate) {
			a.TitleZH, a.TitleEN = "高性能存储芯片设计", "High-performance memory chip design"
			b.TitleZH, b.TitleEN = "基因测序数据分析平台", "Genome sequencing analytics platform"
		}, []string{}},
		{"Chinese title of one, English of the other", func(a, b *haizhi.DuplicateCandidate) {
			a.TitleZH, a.TitleEN, b.TitleZH, b.TitleEN = "固态电池", "", "", "固态电池"
		}, []string{}},
		{"same summary, spacing, case and punctuation aside", func(a, b *haizhi.DuplicateCandidate) {
			a.SummaryEN, b.SummaryEN = longSummary, "  "+strings.ToUpper(strings.ReplaceAll(longSummary, ", ", " , "))
		}, []string{"1-2 same_summary 50"}},
		{"same Chinese summary", func(a, b *haizhi.DuplicateCandidate) {
			s := "本项目研发新一代固态锂电池，采用陶瓷电解质，能量密度是现有电池的两倍，且无起火风险，适用于无人机与电动汽车。"
			a.SummaryZH, b.SummaryZH = s, s+"\n"
		}, []string{"1-2 same_summary 50"}},
		{"same short summary", func(a, b *haizhi.DuplicateCandidate) {
			a.SummaryEN, b.SummaryEN = "See the business plan.", "See the business plan."
		}, []string{}},
		{"one's Chinese summary is the other's English one", func(a, b *haizhi.DuplicateCandidate) { a.SummaryZH, b.SummaryEN = longSummary, longSummary }, []string{}},
		{"a double entry: everything the same, in the same cell", func(a, b *haizhi.DuplicateCandidate) {
			*b = *a
			b.Entry.ID = 2
			a.OwnerID, b.OwnerID = 7, 7
			a.Name, b.Name, a.Born, b.Born = "Anna Berg", "Anna Berg", day(1984, 5, 1), day(1984, 5, 1)
			a.Email, b.Email = "anna@tum.example", "anna@tum.example"
			a.TitleEN, b.TitleEN = "Solid-state battery cells for drones", "Solid-state battery cells for drones"
			a.SummaryEN, b.SummaryEN = longSummary, longSummary
			a.Entry.Division, b.Entry.Division = haizhi.Division{Code: "europe"}, haizhi.Division{Code: "europe"}
		}, []string{"1-2 same_account,same_email,same_person,similar_title,same_summary 100"}},
		{"the same entry twice is no pair", func(a, b *haizhi.DuplicateCandidate) { *b = *a }, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := dupCandidate(1), dupCandidate(2)
			tt.change(&a, &b)
			// Given in either order, the pair is reported once, the lower id first.
			for _, in := range [][]haizhi.DuplicateCandidate{{a, b}, {b, a}} {
				got := describePairs(haizhi.FindDuplicatePairs(in, tokens))
				if !slices.Equal(got, tt.want) {
					t.Errorf("got %q, want %q", got, tt.want)
				}
			}
		})
	}
}

func TestFindDuplicatePairsReportsEvidence(t *testing.T) {
	a, b := dupCandidate(5), dupCandidate(3)
	a.Entry.EditionID, a.Entry.Year, a.Entry.Title, a.Entry.Track = 10, 2018, "无人机电池", haizhi.Track{Code: "equipment", NameZH: "高端装备"}
	a.Email, b.Email = "anna@tum.example", "ANNA@tum.example"
	pairs := haizhi.FindDuplicatePairs([]haizhi.DuplicateCandidate{a, b}, strings.Fields)
	if len(pairs) != 1 {
		t.Fatalf("pairs = %+v", pairs)
	}
	p := pairs[0]
	if p.A.ID != 3 || p.B.ID != 5 || p.B.Year != 2018 || p.B.EditionID != 10 || p.B.Track.NameZH != "高端装备" || p.B.Title != "无人机电池" {
		t.Errorf("entries: %+v", p)
	}
	if !p.Has(haizhi.DuplicateSameEmail) || p.Has(haizhi.DuplicateSameAccount) {
		t.Errorf("Has: %v", p.Reasons)
	}
}

func TestFindDuplicatePairsOrderAndGroups(t *testing.T) {
	// Three entries of one account give three pairs, ordered by ids whatever the input
	// order.
	var in []haizhi.DuplicateCandidate
	for _, id := range []int64{30, 10, 20} {
		c := dupCandidate(id)
		c.OwnerID = 9
		in = append(in, c)
	}
	got := describePairs(haizhi.FindDuplicatePairs(in, strings.Fields))
	want := []string{"10-20 same_account 50", "10-30 same_account 50", "20-30 same_account 50"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	// An address shared by more than DuplicateBlockLimit entries is an import's
	// placeholder, not a person: it pairs nobody.
	in = nil
	for id := range int64(haizhi.DuplicateBlockLimit + 1) {
		c := dupCandidate(id + 1)
		c.Email = "none@example.com"
		in = append(in, c)
	}
	if got := haizhi.FindDuplicatePairs(in, strings.Fields); len(got) != 0 {
		t.Errorf("placeholder address: %d pairs", len(got))
	}
}

func TestFindDuplicatePairsCommonTokens(t *testing.T) {
	// Many titles share "smart" and "platform"; two also share the rare words that make
	// them similar, and only they are paired.
	var in []haizhi.DuplicateCandidate
	for id := range int64(2 * haizhi.DuplicateBlockLimit) {
		c := dupCandidate(id + 1)
		c.TitleEN = fmt.Sprintf("smart platform w%d", id)
		in = append(in, c)
	}
	a, b := dupCandidate(1001), dupCandidate(1002)
	a.TitleEN, b.TitleEN = "smart platform for solid state battery cells", "smart platform for solid state battery cells drones"
	in = append(in, a, b)
	got := describePairs(haizhi.FindDuplicatePairs(in, strings.Fields))
	if want := []string{"1001-1002 similar_title 87"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	// Titles whose only shared tokens are common are found by title alone no more, but a
	// pair found by other evidence still shows their similarity as a reason.
	in = in[:len(in)-2]
	in[0].TitleEN, in[1].TitleEN = "smart platform", "smart platform"
	in[0].OwnerID, in[1].OwnerID = 4, 4
	got = describePairs(haizhi.FindDuplicatePairs(in, strings.Fields))
	if want := []string{"1-2 same_account,similar_title 100"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestFindDuplicatePairsMatchesBruteForce compares the blocked search with comparing
// every pair, on random entries with much in common and too few for DuplicateBlockLimit
// to matter.
func TestFindDuplicatePairsMatchesBruteForce(t *testing.T) {
	words := strings.Fields("solid state battery cell drone delivery chip memory design edge ai low power sensor gene")
	summaries := []string{"", "Short.", longSummary, strings.ToLower(longSummary), "A different summary that is long enough to count as evidence."}
	names := []string{"Li Wei", "li wei", "Anna Berg", "Zhang Wei", ""}
	namesZH := []string{"", "李伟", "李薇", "张伟"}
	borns := []time.Time{{}, day(1985, 6, 1), day(1990, 1, 2)}
	seen := map[haizhi.DuplicateReason]int{}
	for seed := range uint64(20) {
		r := rand.New(rand.NewPCG(seed, 1))
		var in []haizhi.DuplicateCandidate
		for id := range int64(150) {
			c := dupCandidate(id + 1)
			c.OwnerID = int64(r.IntN(40))
			c.Email = fmt.Sprintf("p%d@x.example", r.IntN(60))
			c.Name, c.NameZH, c.Born = names[r.IntN(len(names))], namesZH[r.IntN(len(namesZH))], borns[r.IntN(len(borns))]
			for _, title := range []*string{&c.TitleZH, &c.TitleEN} {
				var ws []string
				for range 1 + r.IntN(7) {
					ws = append(ws, words[r.IntN(len(words))])
				}
				*title = strings.Join(ws, " ")
			}
			c.SummaryZH, c.SummaryEN = summaries[r.IntN(len(summaries))], summaries[r.IntN(len(summaries))]
			in = append(in, c)
		}
		got := describePairs(haizhi.FindDuplicatePairs(in, strings.Fields))
		want := bruteForcePairs(in)
		if !slices.Equal(got, want) {
			t.Fatalf("seed %d: got %d pairs, want %d\ngot  %q\nwant %q", seed, len(got), len(want), got, want)
		}
		for _, p := range got {
			for _, r := range haizhi.DuplicateReasons() {
				if strings.Contains(p, string(r)) {
					seen[r]++
				}
			}
		}
	}
	// The random entries exercised every reason.
	for _, r := range haizhi.DuplicateReasons() {
		if seen[r] == 0 {
			t.Errorf("no pair with %s", r)
		}
	}
}

// bruteForcePairs is FindDuplicatePairs by the definition, comparing every pair, for
// entries given in id order.
func bruteForcePairs(in []haizhi.DuplicateCandidate) []string {
	normalised := map[string]string{}
	norm := func(s string) string {
		if n, ok := normalised[s]; ok {
			return n
		}
		normalised[s] = strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsNumber(r) {
				return unicode.ToLower(r)
			}
			return -1
		}, s)
		return normalised[s]
	}
	set := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.Fields(s) {
			m[w] = true
		}
		return m
	}
	titles := map[string]map[string]bool{}
	for _, c := range in {
		titles[c.TitleZH], titles[c.TitleEN] = set(c.TitleZH), set(c.TitleEN)
	}
	jaccard := func(x, y string) float64 {
		a, b := titles[x], titles[y]
		if len(a) == 0 || len(b) == 0 {
			return 0
		}
		inter := 0
		for w := range a {
			if b[w] {
				inter++
			}
		}
		return float64(inter) / float64(len(a)+len(b)-inter)
	}
	sameSummary := func(x, y string) bool { return len([]rune(norm(x))) >= 40 && norm(x) == norm(y) }
	out := []string{}
	for i, a := range in {
		for _, b := range in[i+1:] {
			var rs []string
			if a.OwnerID != 0 && a.OwnerID == b.OwnerID {
				rs = append(rs, "same_account")
			}
			if strings.EqualFold(a.Email, b.Email) {
				rs = append(rs, "same_email")
			}
			if !a.Born.IsZero() && a.Born.Equal(b.Born) {
				zh := a.NameZH != "" && b.NameZH != ""
				if (zh && norm(a.NameZH) == norm(b.NameZH)) || (!zh && norm(a.Name) != "" && norm(a.Name) == norm(b.Name)) {
					rs = append(rs, "same_person")
				}
			}
			score := max(jaccard(a.TitleZH, b.TitleZH), jaccard(a.TitleEN, b.TitleEN))
			if score >= 0.8 {
				rs = append(rs, "similar_title")
			}
			if sameSummary(a.SummaryZH, b.SummaryZH) || sameSummary(a.SummaryEN, b.SummaryEN) {
				rs = append(rs, "same_summary")
			}
			if len(rs) > 0 {
				p := haizhi.DuplicatePair{TitleScore: score}
				out = append(out, fmt.Sprintf("%d-%d %s %d", a.Entry.ID, b.Entry.ID, strings.Join(rs, ","), p.TitlePercent()))
			}
		}
	}
	return out
}

// syntheticCandidates makes n entries shaped like a large competition: titles of four to
// nine words drawn from a vocabulary with a few very common words (Zipf), summaries of
// forty words, people with their own addresses. About one entry in a hundred copies an
// earlier project with a word more in its title, and one in a hundred is an earlier
// lead entering again.
func syntheticCandidates(n int) []haizhi.DuplicateCandidate {
	r := rand.New(rand.NewPCG(1, 2))
	vocab := make([]string, 20000)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%d", i)
	}
	zipf := rand.NewZipf(r, 1.1, 10, uint64(len(vocab)-1))
	text := func(words int) string {
		ws := make([]string, words)
		for i := range ws {
			ws[i] = vocab[zipf.Uint64()]
		}
		return strings.Join(ws, " ")
	}
	out := make([]haizhi.DuplicateCandidate, n)
	for i := range out {
		c := &out[i]
		c.Entry = haizhi.DuplicateEntry{ID: int64(i + 1), EditionID: int64(1 + i%8)}
		c.Email = fmt.Sprintf("lead%d@x.example", i)
		c.Name = fmt.Sprintf("%s %s", vocab[r.IntN(2000)], vocab[r.IntN(2000)])
		c.Born = day(1960+r.IntN(40), time.Month(1+r.IntN(12)), 1+r.IntN(28))
		c.TitleEN, c.TitleZH = text(4+r.IntN(6)), ""
		c.SummaryEN = text(40)
		switch k := r.IntN(100); {
		case k == 0 && i > 0:
			src := &out[r.IntN(i)]
			c.TitleEN, c.SummaryEN = src.TitleEN+" "+vocab[r.IntN(len(vocab))], src.SummaryEN
		case k == 1 && i > 0:
			src := &out[r.IntN(i)]
			c.Email, c.Name, c.Born, c.OwnerID = src.Email, src.Name, src.Born, src.OwnerID
		case k < 50:
			c.OwnerID = int64(i + 1)
		}
	}
	return out
}

func TestFindDuplicatePairsAtScale(t *testing.T) {
	if testing.Short() {
		t.Skip("large")
	}
	in := syntheticCandidates(100_000)
	start := time.Now()
	pairs := haizhi.FindDuplicatePairs(in, strings.Fields)
	took := time.Since(start)
	// Roughly a thousand copies and a thousand repeated leads were planted.
	if len(pairs) < 1500 || len(pairs) > 3000 {
		t.Errorf("%d pairs among 100,000 synthetic entries", len(pairs))
	}
	t.Logf("%d pairs in %v", len(pairs), took)
}

func BenchmarkFindDuplicatePairs(b *testing.B) {
	in := syntheticCandidates(100_000)
	b.ResetTimer()
	for b.Loop() {
		haizhi.FindDuplicatePairs(in, strings.Fields)
	}
}

// BenchmarkFindDuplicatePairsSegmented is BenchmarkFindDuplicatePairs with Chinese and
// English titles cut by the real segmenter, as the service does: the segmenting of
// 200,000 titles is most of the time.
func BenchmarkFindDuplicatePairsSegmented(b *testing.B) {
	in := syntheticCandidates(100_000)
	han := []rune("电池芯片智能系统平台基因测序诊断传感器网络材料能源储能光伏氢燃料医疗设备机器人自动驾驶无人机导航数据分析云计算边缘低功耗高性能新型固态锂离子半导体光刻封装测试精准农业环境监测水处理碳捕集生物制药疫苗抗体细胞治疗影像")
	for i := range in {
		c := &in[i]
		var zh strings.Builder
		for _, w := range strings.Fields(c.TitleEN) {
			var k int
			fmt.Sscanf(w, "w%d", &k)
			zh.WriteRune(han[k%len(han)])
			zh.WriteRune(han[(k/len(han))%len(han)])
		}
		c.TitleZH = zh.String()
		c.TitleEN = strings.NewReplacer("w1", "battery w", "w2", "sensor w", "w3", "drones w").Replace(c.TitleEN)
	}
	tokens := textseg.Default().Tokens
	b.ResetTimer()
	for b.Loop() {
		haizhi.FindDuplicatePairs(in, tokens)
	}
}
