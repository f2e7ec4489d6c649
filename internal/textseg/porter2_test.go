package textseg

import "testing"

// TestStem checks the Porter2 stemmer on words whose stems were produced by
// the Snowball project's own C implementation (libstemmer), covering every
// step of the algorithm and its exceptions.
func TestStem(t *testing.T) {
	tests := []struct{ word, want string }{
		{"battery", "batteri"},
		{"batteries", "batteri"},
		{"learning", "learn"},
		{"learned", "learn"},
		{"learns", "learn"},
		{"running", "run"},
		{"hopping", "hop"},
		{"hoping", "hope"},
		{"hoped", "hope"},
		{"caresses", "caress"},
		{"ponies", "poni"},
		{"ties", "tie"},
		{"cries", "cri"},
		{"gas", "gas"},
		{"gaps", "gap"},
		{"kiwis", "kiwi"},
		{"this", "this"},
		{"news", "news"},
		{"skies", "sky"},
		{"skis", "ski"},
		{"dying", "die"},
		{"early", "earli"},
		{"only", "onli"},
		{"agreed", "agre"},
		{"feed", "feed"},
		{"generously", "generous"},
		{"generation", "generat"},
		{"communism", "communism"},
		{"arsenal", "arsenal"},
		{"conditional", "condit"},
		{"relational", "relat"},
		{"valency", "valenc"},
		{"digitizer", "digit"},
		{"conformably", "conform"},
		{"radically", "radic"},
		{"differently", "differ"},
		{"vietnamization", "vietnam"},
		{"operator", "oper"},
		{"feudalism", "feudal"},
		{"decisiveness", "decis"},
		{"hopefulness", "hope"},
		{"callousness", "callous"},
		{"formality", "formal"},
		{"sensitivity", "sensit"},
		{"sensibility", "sensibl"},
		{"triplicate", "triplic"},
		{"formative", "format"},
		{"electrical", "electr"},
		{"goodness", "good"},
		{"allowance", "allow"},
		{"inference", "infer"},
		{"gyroscopic", "gyroscop"},
		{"adjustable", "adjust"},
		{"defensible", "defens"},
		{"irritant", "irrit"},
		{"replacement", "replac"},
		{"dependent", "depend"},
		{"adoption", "adopt"},
		{"homologous", "homolog"},
		{"activate", "activ"},
		{"effective", "effect"},
		{"bowdlerize", "bowdler"},
		{"controll", "control"},
		{"roll", "roll"},
		{"fluently", "fluentli"},
		{"abilities", "abil"},
		{"ability", "abil"},
		{"innings", "inning"},
		{"outings", "outing"},
		{"herring", "herring"},
		{"proceed", "proceed"},
		{"exceed", "exceed"},
		{"toys", "toy"},
		{"enjoying", "enjoy"},
		{"sayings", "say"},
		{"crying", "cri"},
		{"companies", "compani"},
		{"technologies", "technolog"},
		{"technology", "technolog"},
		{"innovation", "innov"},
		{"innovative", "innov"},
		{"manufacturing", "manufactur"},
		{"manufacturer", "manufactur"},
		{"semiconductors", "semiconductor"},
		{"storage", "storag"},
		{"management", "manag"},
		{"intelligence", "intellig"},
		{"artificial", "artifici"},
		{"engineering", "engin"},
		{"designed", "design"},
		{"chips", "chip"},
		{"energies", "energi"},
		{"photovoltaic", "photovolta"},
		{"company's", "compani"},
		{"o'clock", "o'clock"},
		// Snowball 3.0 no longer undoubles after a single a, e or o
		// (libstemmer 2.2 gave "ad"), so add, added and adding agree.
		{"added", "add"},
		{"adding", "add"},
		{"add", "add"},
		{"egged", "egg"},
		{"offing", "off"},
		{"evening", "evening"},
		// Words shorter than three letters are not stemmed.
		{"as", "as"},
		{"is", "is"},
		{"s", "s"},
	}
	for _, tt := range tests {
		if got := stem(tt.word); got != tt.want {
			t.Errorf("stem(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

// TestStemInflectionsAgree checks that the inflected forms search relies on
// reduce to one stem.
func TestStemInflectionsAgree(t *testing.T) {
	groups := [][]string{
		{"battery", "batteries"},
		{"learn", "learns", "learned", "learning"},
		{"design", "designs", "designed", "designing"},
		{"innovate", "innovates", "innovation", "innovations"},
		{"company", "companies", "company's"},
		{"manufacture", "manufacturer", "manufacturing"},
		{"add", "adds", "added", "adding"},
	}
	for _, g := range groups {
		want := stem(g[0])
		for _, w := range g[1:] {
			if got := stem(w); got != want {
				t.Errorf("stem(%q) = %q, want %q like %q", w, got, want, g[0])
			}
		}
	}
}
