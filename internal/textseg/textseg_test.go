package textseg_test

import (
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/haizhi-dev/haizhi/internal/textseg"
)

// MustSegmenter returns the process-wide Segmenter, so that the dictionary
// is loaded once per test binary.
func MustSegmenter(tb testing.TB) *textseg.Segmenter {
	tb.Helper()
	return textseg.Default()
}

// matches reports whether a search for query finds doc: every query token
// must be among the document tokens, as an FTS5 or tsquery AND would demand.
func matches(s *textseg.Segmenter, doc, query string) bool {
	q := s.Query(query)
	if len(q) == 0 {
		return false
	}
	indexed := strings.Fields(s.Document(doc))
	for _, t := range q {
		if !slices.Contains(indexed, t) {
			return false
		}
	}
	return true
}

func TestSearch(t *testing.T) {
	s := MustSegmenter(t)
	tests := []struct {
		name, doc, query string
		want             bool
	}{
		{"two-character word inside a phrase", "高性能芯片设计", "芯片", true},
		{"two-character word at the end", "新型存储芯片", "芯片", true},
		{"word inside a longer word", "新型存储芯片", "存储", true},
		{"battery word", "固态电池", "电池", true},
		{"battery word in a system", "固态电池储能系统", "电池", true},
		{"storage word in a system", "固态电池储能系统", "储能", true},
		{"long word finds itself", "人工智能", "人工智能", true},
		{"part of a long word", "基于人工智能的医疗影像", "智能", true},
		{"long word needs all of it", "智能手机", "人工智能", false},
		{"multi-word query, all present", "高性能芯片设计", "芯片设计", true},
		{"multi-word query, one missing", "高性能芯片设计", "芯片制造", false},
		{"absent word", "固态电池储能系统", "芯片", false},
		{"singular finds plural", "Solid-state batteries for storage", "battery", true},
		{"plural finds singular", "A battery pack", "Batteries", true},
		{"verb forms", "Machine learning platform", "learn", true},
		{"case and full width", "ＡＩ芯片", "ai", true},
		{"digits and letters", "5G基站", "5G", true},
		{"mixed query", "基于AI的固态电池battery管理", "电池 batteries", true},
		{"mixed query, English missing", "基于AI的固态电池管理", "电池 batteries", false},
		{"single character alone", "锂与钠的比较", "锂", true},
		{"diacritics folded", "Zürich office", "zurich", true},
		{"stop words only", "the battery", "the", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := matches(s, tt.doc, tt.query); got != tt.want {
				t.Errorf("search %q in %q = %v, want %v (document %q, query %q)",
					tt.query, tt.doc, got, tt.want, s.Document(tt.doc), s.Query(tt.query))
			}
		})
	}
}

func TestTokens(t *testing.T) {
	s := MustSegmenter(t)
	tests := []struct {
		name, text string
		want       []string
	}{
		{"empty", "", nil},
		{"blank", " \t\n　", nil},
		{"punctuation only", "，。！？、（）()*:-\"'", nil},
		{"two-character word", "芯片", []string{"芯片"}},
		{"long and short words", "人工智能", []string{"人工", "人工智能", "智能"}},
		{"phrase", "固态电池储能系统", []string{"固态", "电池", "储能", "系统"}},
		{"function characters dropped", "的了是", nil},
		{"English stop words and stems",
			"The batteries are charging quickly", []string{"batteri", "charg", "quick"}},
		{"possessive and contraction", "The company's chips don't overheat",
			[]string{"compani", "chip", "dont", "overheat"}},
		{"hyphen splits words", "learning-based", []string{"learn", "base"}},
		{"digits kept", "5G network in 2024, v2.0", []string{"5g", "network", "2024", "v2", "0"}},
		{"mixed", "基于AI的固态电池battery管理",
			[]string{"基于", "ai", "固态", "电池", "batteri", "管理"}},
		{"full width", "ＡＩ芯片２０２４", []string{"ai", "芯片", "2024"}},
		{"diacritics folded", "Zürich naïve café", []string{"zurich", "naiv", "cafe"}},
		{"other scripts lower-cased", "Привет МИР", []string{"привет", "мир"}},
		{"duplicates kept", "电池 电池", []string{"电池", "电池"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.Tokens(tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("Tokens(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestTokensContainWords(t *testing.T) {
	s := MustSegmenter(t)
	tests := []struct {
		text string
		want []string
	}{
		{"高性能芯片设计", []string{"芯片", "设计", "高性能", "性能"}},
		{"新型存储芯片", []string{"芯片", "存储", "存储芯片", "新型"}},
		{"固态电池", []string{"电池", "固态"}},
		{"基于人工智能的锂电池管理系统", []string{"人工智能", "智能", "人工", "锂电池", "电池", "管理", "系统"}},
	}
	for _, tt := range tests {
		got := s.Tokens(tt.text)
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("Tokens(%q) = %q, missing %q", tt.text, got, w)
			}
		}
	}
}

func TestQuery(t *testing.T) {
	s := MustSegmenter(t)
	tests := []struct {
		query string
		want  []string
	}{
		{"", nil},
		{"  ", nil},
		{"芯片", []string{"芯片"}},
		{"电池", []string{"电池"}},
		{"人工智能", []string{"人工智能"}},
		{"高性能芯片设计", []string{"高性能", "芯片", "设计"}},
		{"人工智能芯片", []string{"人工智能", "芯片"}},
		{"锂", []string{"锂"}},
		{"的", nil},
		{"Batteries AND chips", []string{"batteri", "chip"}},
		{"\"solid state\" -battery*", []string{"solid", "state", "batteri"}},
		{"电池 电池 battery batteries", []string{"电池", "batteri"}},
	}
	for _, tt := range tests {
		if got := s.Query(tt.query); !slices.Equal(got, tt.want) {
			t.Errorf("Query(%q) = %q, want %q", tt.query, got, tt.want)
		}
	}
}

func TestDocument(t *testing.T) {
	s := MustSegmenter(t)
	tests := []struct {
		texts []string
		want  string
	}{
		{nil, ""},
		{[]string{""}, ""},
		{[]string{"固态电池", "Solid-state batteries", "电池 battery"},
			"固态 电池 solid state batteri"},
		{[]string{"人工智能芯片", "芯片"}, "人工 人工智能 智能 芯片"},
	}
	for _, tt := range tests {
		if got := s.Document(tt.texts...); got != tt.want {
			t.Errorf("Document(%q) = %q, want %q", tt.texts, got, tt.want)
		}
	}
}

// TestQueryFindsContainingDocument checks the promise behind Query: a
// document that contains the query text verbatim matches every query token
// of two or more characters, wherever the query starts and ends.
func TestQueryFindsContainingDocument(t *testing.T) {
	s := MustSegmenter(t)
	doc := []rune(paragraphZH)
	indexed := strings.Fields(s.Document(paragraphZH))
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		i := rng.IntN(len(doc))
		j := min(len(doc), i+1+rng.IntN(12))
		query := string(doc[i:j])
		for _, tok := range s.Query(query) {
			if utf8.RuneCountInString(tok) >= 2 && !slices.Contains(indexed, tok) {
				t.Errorf("Query(%q) token %q is not indexed for the paragraph", query, tok)
			}
		}
	}
}

// TestConcurrentUse runs the segmenter from several goroutines; with -race
// it checks that tokenising shares no mutable state.
func TestConcurrentUse(t *testing.T) {
	s := MustSegmenter(t)
	want := s.Document(paragraphMixed)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 20 {
				if got := s.Document(paragraphMixed); got != want {
					t.Errorf("concurrent Document differs")
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestDefault(t *testing.T) {
	if textseg.Default() != textseg.Default() {
		t.Error("Default returned two different segmenters")
	}
}

// paragraphZH is a Chinese project summary of the kind the site indexes.
const paragraphZH = "本项目面向新能源汽车与电网侧储能市场，研发高安全性固态电池及其电池管理系统。" +
	"团队在高性能芯片设计、新型存储芯片和人工智能算法方面积累了多项发明专利，" +
	"已与多家整车企业开展联合测试，计划三年内实现产业化，年产能达到十万套。"

// paragraphMixed is a bilingual summary of about 1 KB.
const paragraphMixed = paragraphZH +
	"The project develops solid-state batteries and an AI-based battery management system (BMS) " +
	"for electric vehicles and grid-scale energy storage. Our team holds 12 invention patents in " +
	"high-performance chip design, novel memory chips and machine learning; pilot production " +
	"starts in 2025 with a capacity of 100,000 packs per year. 基于AI的固态电池battery管理，" +
	"支持5G远程监控与ＯＴＡ升级。The company's founders previously worked at leading " +
	"semiconductor manufacturers in Zürich and Shenzhen, and are seeking Series A funding. " +
	"项目已获得国家高新技术企业认定，核心团队来自清华大学与中国科学院，拟落地深圳前海。"
