package textseg

import (
	"strings"
	"unicode/utf8"
)

// appendHanDocument appends the index tokens of run, a string of Han
// characters only, to dst. It emits, in order of position (and at one
// position shortest first), every dictionary word of two or more characters
// that occurs anywhere in run: gse's search mode widened to its full mode,
// so 高性能芯片设计 yields 高性, 高性能, 性能, 芯片 and 设计. This is what makes
// a two-character query word such as 芯片 find every text that contains it,
// whatever the segmenter would have made of the surrounding characters.
// A character that no such word covers is emitted on its own unless it is a
// function character such as 的.
func (s *Segmenter) appendHanDocument(dst []string, run string) []string {
	offsets := runeOffsets(run)
	n := len(offsets) - 1
	if n == 1 {
		return appendHanChar(dst, run)
	}

	b := []byte(run)
	coveredUntil := 0 // characters before this index lie inside a word
	for i := range n {
		start := len(dst)
		for k := i + 2; k <= n && k-i <= s.maxWordLen; k++ {
			freq, _, ok := s.seg.Dict.Find(b[offsets[i]:offsets[k]])
			if !ok {
				break // no dictionary word starts with these characters
			}
			if freq > 0 {
				dst = append(dst, run[offsets[i]:offsets[k]])
				coveredUntil = max(coveredUntil, k)
			}
		}
		if len(dst) == start && coveredUntil <= i {
			dst = appendHanChar(dst, run[offsets[i]:offsets[i+1]])
		}
	}
	return dst
}

// appendHanQuery appends the query tokens of run, a string of Han characters
// only, to dst: the words of gse's accurate segmentation that are two or
// more characters long (人工智能芯片 → 人工智能, 芯片). Each is a dictionary word,
// so appendHanDocument has indexed it in any text that contains it; a
// document containing the query text therefore matches all of these tokens.
// Only when run holds no such word (a single character, or a name the
// dictionary lacks) are its characters used, minus function characters.
func (s *Segmenter) appendHanQuery(dst []string, run string) []string {
	start := len(dst)
	for _, sg := range s.seg.Segment([]byte(run)) {
		word := run[sg.Start():sg.End()]
		if utf8.RuneCountInString(word) >= 2 {
			dst = append(dst, word)
		}
	}
	if len(dst) > start {
		return dst
	}
	for i, r := range run {
		dst = appendHanChar(dst, run[i:i+utf8.RuneLen(r)])
	}
	return dst
}

// appendHanChar appends the single Han character c to dst unless it is a
// function character.
func appendHanChar(dst []string, c string) []string {
	if isChineseStopChar(c) {
		return dst
	}
	return append(dst, c)
}

// isChineseStopChar reports whether c is a single Chinese function character
// (particles, conjunctions, common prepositions) that is never worth a token
// of its own.
func isChineseStopChar(c string) bool {
	return len(c) == 3 && strings.Contains(chineseStopChars, c)
}

// chineseStopChars lists the function characters dropped by
// isChineseStopChar; every entry is three bytes of UTF-8.
const chineseStopChars = "的地得了着过是在和与及或而且并也就都之其这那把被对从向为于以将但又吗呢吧啊呀嘛么个些"

// runeOffsets returns the byte offset of every rune of s followed by len(s).
func runeOffsets(s string) []int {
	offsets := make([]int, 0, len(s)/3+1)
	for i := range s {
		offsets = append(offsets, i)
	}
	return append(offsets, len(s))
}
