// Package textseg turns Chinese and English text into search tokens.
//
// Tokens are stored space-separated in a search column that SQLite indexes
// with FTS5's unicode61 tokenizer and PostgreSQL with
// to_tsvector('simple', tokens), and they are compared when projects are
// matched to needs. Chinese is segmented with the gse dictionary, English is
// lower-cased, stripped of stop words and stemmed with Porter2, so that
// 芯片 finds 高性能芯片设计 and "battery" finds "batteries".
//
// # Documents and queries
//
// A document is indexed with every dictionary word that occurs in its Chinese
// text (Segmenter.Tokens, Segmenter.Document); a query is cut into the words
// of gse's accurate segmentation (Segmenter.Query). Every query word of two
// or more Chinese characters is therefore found in any document that contains
// it, and callers can AND the query tokens.
//
// # Syntax safety
//
// A token is a non-empty string of at most 100 bytes made only of Unicode
// letters (category L) and numbers (category N), lower-cased. Tokens never
// contain white space, punctuation or symbols, so none of FTS5's or tsquery's
// syntax characters (" ' * : & | ! ( ) - ^ + < > \ and the like) can occur in
// one, and being lower-case no token is one of FTS5's AND, OR, NOT or NEAR
// operators. A token can therefore be quoted as is ("tok" in FTS5, 'tok' in
// tsquery). Letters and numbers are token characters for unicode61 too, so
// SQLite does not split a token further.
package textseg

import (
	"errors"
	"fmt"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/go-ego/gse"
	"golang.org/x/text/unicode/norm"
)

// Segmenter tokenises text with a loaded Chinese dictionary. It is safe for
// concurrent use. Load it once per process (see Default): loading takes about
// a second and the dictionary keeps about 130 MB of memory.
type Segmenter struct {
	seg        gse.Segmenter
	maxWordLen int // longest dictionary word, in characters
}

// New loads gse's embedded simplified-Chinese dictionary and returns a
// Segmenter that uses it. It returns an error if the dictionary is missing
// (gse built with the "ne" tag) or does not contain the words it must.
func New() (*Segmenter, error) {
	s := &Segmenter{}
	// gse's HMM model is package-level state that every Segmenter reload
	// rewrites; it only serves words the dictionary lacks, which full-mode
	// indexing does not need, so it is never loaded.
	s.seg.NotLoadHMM = true
	if err := s.seg.LoadDictEmbed("zh_s"); err != nil {
		return nil, fmt.Errorf("textseg: load dictionary: %w", err)
	}
	if s.seg.Dict == nil || s.seg.Dict.NumTokens() < 100000 {
		return nil, errors.New("textseg: embedded gse dictionary is missing or truncated")
	}
	for _, w := range []string{"芯片", "电池", "人工智能"} {
		if freq, _, ok := s.seg.Dict.Find([]byte(w)); !ok || freq <= 0 {
			return nil, fmt.Errorf("textseg: embedded gse dictionary lacks %q", w)
		}
	}
	s.maxWordLen = s.seg.Dict.MaxTokenLen()
	return s, nil
}

// loadDefault loads the process-wide Segmenter on first use.
var loadDefault = sync.OnceValues(New)

// Default returns the process-wide Segmenter, loading the dictionary on the
// first call. It panics if the embedded dictionary cannot be loaded, which
// only a broken build can cause; call New to handle that error instead.
func Default() *Segmenter {
	s, err := loadDefault()
	if err != nil {
		panic(err)
	}
	return s
}

// Tokens returns the index tokens of text in text order, duplicates kept.
// Text is normalised with NFKC, so full-width letters, digits and
// punctuation behave like their ASCII forms. Chinese text yields every
// dictionary word it contains, long and short (芯片设计 → 芯片, 设计 and any
// longer word they form), plus characters that belong to no word, minus
// function characters such as 的. Other letters and digits yield one token
// per run, lower-cased; English words are stemmed (batteries → batteri) and
// stop words dropped. Digits stay ("5G" → "5g", "2024"). Every token obeys
// the syntax guarantee in the package documentation.
func (s *Segmenter) Tokens(text string) []string {
	return s.appendTokens(nil, text, false)
}

// Document returns the tokens of all texts joined by single spaces, each
// token once, in order of first occurrence. This is the value to store in a
// search column.
func (s *Segmenter) Document(texts ...string) string {
	var tokens []string
	for _, t := range texts {
		tokens = s.appendTokens(tokens, t, false)
	}
	tokens = dedupe(tokens)
	n := max(len(tokens)-1, 0)
	for _, t := range tokens {
		n += len(t)
	}
	b := make([]byte, 0, n)
	for i, t := range tokens {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, t...)
	}
	return string(b)
}

// Query returns the tokens of a search box query, each once, for the caller
// to AND. English is treated exactly as in Tokens; Chinese is cut into the
// words of gse's accurate segmentation (芯片 → 芯片, 人工智能芯片 → 人工智能,
// 芯片), each of which Tokens has indexed in every text that contains it.
// Single characters are kept only from a Chinese run that holds no word of
// two or more characters. The result is empty when q has no searchable text.
func (s *Segmenter) Query(q string) []string {
	return dedupe(s.appendTokens(nil, q, true))
}

// appendTokens appends the tokens of text to dst, in query form when query
// is true and in document form otherwise.
func (s *Segmenter) appendTokens(dst []string, text string, query bool) []string {
	text = norm.NFKC.String(text)
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case isHanRune(r):
			j := i + size
			for j < len(text) {
				r, size := utf8.DecodeRuneInString(text[j:])
				if !isHanRune(r) {
					break
				}
				j += size
			}
			if query {
				dst = s.appendHanQuery(dst, text[i:j])
			} else {
				dst = s.appendHanDocument(dst, text[i:j])
			}
			i = j
		case isWordRune(r):
			j := wordEnd(text, i+size)
			dst = appendWord(dst, text[i:j])
			i = j
		default:
			i += size
		}
	}
	return dst
}

// wordEnd returns the end of the word that continues at byte i of text: the
// run of non-Han letters and digits, including apostrophes that stand
// between two letters (company's, don't).
func wordEnd(text string, i int) int {
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case isWordRune(r) && !isHanRune(r):
			i += size
		case r == '\'' || r == '\u2019':
			next, _ := utf8.DecodeRuneInString(text[i+size:])
			prev, _ := utf8.DecodeLastRuneInString(text[:i])
			if !unicode.IsLetter(prev) || !unicode.IsLetter(next) || isHanRune(next) {
				return i
			}
			i += size
		default:
			return i
		}
	}
	return i
}

// isWordRune reports whether r may appear in a token: a letter or a number.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// isHanRune reports whether r is a Chinese character that the dictionary
// segments. Han-script symbols such as the CJK radicals are not.
func isHanRune(r rune) bool {
	return r >= 0x2E80 && unicode.Is(unicode.Han, r) && isWordRune(r)
}

// dedupe removes repeated tokens in place, keeping first occurrences.
func dedupe(tokens []string) []string {
	seen := make(map[string]struct{}, len(tokens))
	out := tokens[:0]
	for _, t := range tokens {
		if _, ok := seen[t]; !ok {
			seen[t] = struct{}{}
			out = append(out, t)
		}
	}
	return out
}
