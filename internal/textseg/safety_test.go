package textseg_test

import (
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"testing/quick"
	"unicode"
	"unicode/utf8"

	"github.com/haizhi-dev/haizhi/internal/textseg"
)

// syntaxChars are characters with a meaning in FTS5 queries or PostgreSQL
// tsquery, or that separate tokens in the stored column.
const syntaxChars = "\"'`*:&|!()-^+<>\\{}[],.;=~@#$%?/ \t\r\n\u3000"

// checkToken reports why tok breaks the syntax guarantee, or "" if it keeps
// it: a non-empty, lower-case string of at most 100 bytes of letters and
// numbers that is not an FTS5 operator.
func checkToken(tok string) string {
	switch {
	case tok == "":
		return "empty token"
	case len(tok) > 100:
		return "token longer than 100 bytes"
	case !utf8.ValidString(tok):
		return "invalid UTF-8"
	case strings.ContainsAny(tok, syntaxChars):
		return "syntax character"
	case tok == "AND" || tok == "OR" || tok == "NOT" || tok == "NEAR":
		return "FTS5 operator"
	}
	for _, r := range tok {
		if !unicode.IsLetter(r) && !unicode.IsNumber(r) {
			return "rune " + string(r) + " is neither letter nor number"
		}
		if unicode.ToLower(r) != r {
			return "upper-case rune " + string(r)
		}
	}
	return ""
}

// checkText fails t if any token of text, in any form, breaks the guarantee.
func checkText(t *testing.T, s *textseg.Segmenter, text string) {
	t.Helper()
	for _, tok := range s.Tokens(text) {
		if why := checkToken(tok); why != "" {
			t.Fatalf("Tokens(%q) gave %q: %s", text, tok, why)
		}
	}
	for _, tok := range s.Query(text) {
		if why := checkToken(tok); why != "" {
			t.Fatalf("Query(%q) gave %q: %s", text, tok, why)
		}
	}
	doc := s.Document(text)
	if doc != strings.Join(strings.Fields(doc), " ") {
		t.Fatalf("Document(%q) = %q is not single-space separated", text, doc)
	}
}

// hostileText generates strings that mix query syntax, Chinese, English,
// digits, full-width forms, marks and invalid bytes.
type hostileText string

func (hostileText) Generate(rng *rand.Rand, size int) reflect.Value {
	pieces := []string{
		"芯片", "电池", "人工智能", "的", "锂", "高性能", "⺀", "〇", "々", "𠀀",
		"battery", "Batteries", "don't", "company’s", "AND", "OR", "NOT", "NEAR",
		"5G", "２０２４", "ＡＩ", "Zürich", "İstanbul", "ǅ", "ﬁ", "①", "Ⅻ", "x²",
		"e\u0301", "\u0301", "\u200b", "\ufeff", "\xff", "\xe8\x8a", "🙂",
		"\"", "'", "*", ":", "&", "|", "!", "(", ")", "-", "^", "+", "<", ">", "\\",
		"NEAR(", "col:", "\"a b\"*", "！", "：", "（", "）", "＊", "＂", " ", "\t", "　",
		strings.Repeat("a", 150), strings.Repeat("芯", 40),
	}
	var b strings.Builder
	for range rng.Intn(size + 1) {
		if rng.Intn(4) == 0 {
			b.WriteRune(rune(rng.Intn(0x30000)))
			continue
		}
		b.WriteString(pieces[rng.Intn(len(pieces))])
	}
	return reflect.ValueOf(hostileText(b.String()))
}

func TestTokensSyntaxSafe(t *testing.T) {
	s := MustSegmenter(t)
	safe := func(text hostileText) bool {
		checkText(t, s, string(text))
		return true
	}
	cfg := &quick.Config{MaxCount: 3000, Rand: rand.New(rand.NewSource(3))}
	if err := quick.Check(safe, cfg); err != nil {
		t.Error(err)
	}
	// Plain random strings, as testing/quick makes them.
	if err := quick.Check(func(text string) bool {
		checkText(t, s, text)
		return true
	}, &quick.Config{MaxCount: 3000, Rand: rand.New(rand.NewSource(5))}); err != nil {
		t.Error(err)
	}
}

func FuzzTokens(f *testing.F) {
	for _, seed := range []string{
		"", "高性能芯片设计", "基于AI的固态电池battery管理", "\"a\" AND (b OR c*) NOT d:e",
		"Zürich İstanbul ǅ ﬁ ①", "don't company’s o'clock", "\xff\xfe芯\xe8片",
		paragraphMixed,
	} {
		f.Add(seed)
	}
	s := MustSegmenter(f)
	f.Fuzz(func(t *testing.T, text string) {
		checkText(t, s, text)
	})
}
