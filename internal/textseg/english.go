package textseg

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// maxTokenBytes bounds the length of a token. Longer runs of letters and
// digits (hashes, pasted base64, URLs without separators) are dropped rather
// than indexed: they are never typed into a search box, and PostgreSQL
// refuses to index words of 2 KB and more.
const maxTokenBytes = 100

// appendWord appends the token of one run of letters and digits (outside Han
// script) to dst: lower-cased, Latin diacritics folded, English stop words
// dropped and plain a–z words stemmed with Porter2. Apostrophes inside the
// run help the stemmer (company's → compani) and never reach the token.
func appendWord(dst []string, word string) []string {
	w := foldWord(word)
	if w == "" || isEnglishStopWord(strings.ReplaceAll(w, "'", "")) {
		return dst
	}
	if isStemmable(w) {
		w = stem(w)
	}
	w = strings.ReplaceAll(w, "'", "")
	if w == "" || len(w) > maxTokenBytes {
		return dst
	}
	return append(dst, w)
}

// foldWord lower-cases word and strips diacritics from Latin letters
// (Zürich → zurich, naïve → naive), as SQLite's unicode61 tokenizer does by
// default, so that the same word typed with or without accents matches on
// both databases. Letters of other scripts keep their marks. Runes that are
// neither letters, digits nor apostrophes are dropped.
func foldWord(word string) string {
	ascii := true
	for i := 0; i < len(word); i++ {
		if word[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(word)
	}

	var b strings.Builder
	b.Grow(len(word))
	for _, r := range word {
		r = unicode.ToLower(r)
		switch {
		case r == '\'' || r == '\u2019':
			b.WriteByte('\'')
		case r >= utf8.RuneSelf && unicode.Is(unicode.Latin, r):
			// Decompose (é → e + U+0301) and keep only the letters.
			for _, d := range norm.NFD.String(string(r)) {
				if isWordRune(d) {
					b.WriteRune(unicode.ToLower(d))
				}
			}
		case isWordRune(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isStemmable reports whether w consists of a–z letters and apostrophes
// only, the input the Porter2 stemmer expects.
func isStemmable(w string) bool {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if (c < 'a' || c > 'z') && c != '\'' {
			return false
		}
	}
	return true
}

// isEnglishStopWord reports whether w, lower-case and without apostrophes,
// is one of the small set of English function words left out of the index.
// The list is short on purpose: it holds only words that carry no meaning
// on their own, so that no content word is ever lost. ("us" is not on it,
// because lower-cased it is also the US.)
func isEnglishStopWord(w string) bool {
	switch w {
	case "a", "about", "after", "all", "also", "am", "an", "and", "any", "are",
		"as", "at", "be", "been", "before", "being", "between", "both", "but",
		"by", "can", "could", "did", "do", "does", "each", "for", "from",
		"had", "has", "have", "he", "her", "his", "how", "i", "if", "in",
		"into", "is", "it", "its", "may", "might", "more", "most", "must",
		"no", "nor", "not", "of", "on", "or", "other", "our", "over", "shall",
		"she", "should", "so", "some", "such", "than", "that", "the", "their",
		"them", "then", "there", "these", "they", "this", "those", "through",
		"to", "under", "until", "up", "very", "was", "we", "were", "what",
		"when", "where", "which", "while", "who", "whom", "why", "will",
		"with", "would", "you", "your":
		return true
	}
	return false
}
