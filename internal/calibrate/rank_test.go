package calibrate

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// scoresOf builds scores from "entry:judge=value" words.
func scoresOf(tb testing.TB, spec string) []Score {
	tb.Helper()
	var out []Score
	for _, w := range strings.Fields(spec) {
		var s Score
		ej, v, ok := strings.Cut(w, "=")
		s.Entry, s.Judge, _ = strings.Cut(ej, ":")
		if _, err := fmt.Sscan(v, &s.Value); !ok || err != nil {
			tb.Fatalf("bad score %q", w)
		}
		out = append(out, s)
	}
	return out
}

// show renders a ranking as "rank.entry=score/counted" words.
func show(rs []EntryScore) string {
	var b strings.Builder
	for i, r := range rs {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%d.%s=%v/%d", r.Rank, r.Entry, r.Score, r.Counted)
	}
	return b.String()
}

func TestRankMeans(t *testing.T) {
	for _, tc := range []struct {
		name         string
		scores       string
		raw, trimmed string
	}{
		{"one score each",
			"a:j1=80 b:j1=90 c:j1=85",
			"1.b=90/1 2.c=85/1 3.a=80/1",
			"1.b=90/1 2.c=85/1 3.a=80/1"},
		{"four scores: plain mean, nothing dropped",
			"a:j1=90 a:j2=80 a:j3=70 a:j4=60",
			"1.a=75/4", "1.a=75/4"},
		// Five: drop 95 and 60, (80 + 85 + 90) / 3 = 85; raw (95+60+80+85+90) / 5 = 82.
		{"five scores: drop one highest and one lowest",
			"a:j1=95 a:j2=60 a:j3=80 a:j4=85 a:j5=90",
			"1.a=82/5", "1.a=85/3"},
		// Two highs of 90 and two lows of 70: one of each goes, (90 + 80 + 70) / 3 = 80.
		{"five with repeated extremes",
			"a:j1=90 a:j2=90 a:j3=80 a:j4=70 a:j5=70",
			"1.a=80/5", "1.a=80/3"},
		// Six: drop 90 and 80, keep 84, 84.21, 84, 84.21 → 84.105 → 84.11 (half up on the
		// decimal value; in binary the mean is 84.10499999999999).
		{"six scores, half-up on the decimal mean",
			"a:j1=90 a:j2=84 a:j3=84.21 a:j4=84 a:j5=84.21 a:j6=80",
			"1.a=84.4/6", "1.a=84.11/4"},
		// Raw: a and b tie at 85 and share rank 1, listed by entry id; c is 3rd.
		// Trimmed: a = (85+85+85)/3 = 85, b = (86+85+84)/3 = 85: still tied.
		{"ties share a rank, ordered by entry id",
			"b:j1=100 b:j2=70 b:j3=86 b:j4=85 b:j5=84 a:j1=85 a:j2=85 a:j3=85 a:j4=85 a:j5=85 c:j1=80",
			"1.a=85/5 1.b=85/5 3.c=80/1",
			"1.a=85/3 1.b=85/3 3.c=80/1"},
		// The trimmed mean can reverse the raw order: x's one outlier is dropped.
		{"an outlier judge",
			"x:j1=99 x:j2=80 x:j3=80 x:j4=80 x:j5=40 y:j1=85 y:j2=84 y:j3=83 y:j4=82 y:j5=81",
			"1.y=83/5 2.x=75.8/5",
			"1.y=83/3 2.x=80/3"},
		// Thirds: (90+85+85)/3 = 86.666… → 86.67; (90+90+85)/3 = 88.333… → 88.33.
		{"thirds", "p:j1=90 p:j2=85 p:j3=85 q:j1=90 q:j2=90 q:j3=85",
			"1.q=88.33/3 2.p=86.67/3", "1.q=88.33/3 2.p=86.67/3"},
		{"no scores", "", "", ""},
	} {
		scores := scoresOf(t, tc.scores)
		if got := show(Rank(scores, RawMean, Options{})); got != tc.raw {
			t.Errorf("%s: raw mean %q, want %q", tc.name, got, tc.raw)
		}
		if got := show(Rank(scores, TrimmedMean, Options{})); got != tc.trimmed {
			t.Errorf("%s: trimmed mean %q, want %q", tc.name, got, tc.trimmed)
		}
	}
}

func TestRankUnknownMethod(t *testing.T) {
	if got := Rank(scoresOf(t, "a:j=1"), Method("median"), Options{}); got != nil {
		t.Errorf("unknown method ranked: %v", got)
	}
	for _, m := range Methods() {
		if !m.Valid() {
			t.Errorf("%s is not valid", m)
		}
	}
	if Method("").Valid() {
		t.Error("the empty method is valid")
	}
}

func TestRankSkipsUnusableValues(t *testing.T) {
	scores := scoresOf(t, "a:j1=80 a:j2=90")
	scores = append(scores, Score{"a", "j3", math.NaN()}, Score{"a", "j4", math.Inf(1)}, Score{"b", "j1", 2e9})
	for _, m := range Methods() {
		got := Rank(scores, m, Options{})
		if len(got) != 1 || got[0].Entry != "a" || got[0].N != 2 || math.IsNaN(got[0].Score) {
			t.Errorf("%s: %+v", m, got)
		}
	}
}

func TestCheckScores(t *testing.T) {
	if err := CheckScores(scoresOf(t, "a:j1=80 a:j2=90 b:j1=70")); err != nil {
		t.Errorf("good scores refused: %v", err)
	}
	bad := []Score{{"a", "j1", 80}, {"", "j1", 1}, {"b", "", 1}, {"c", "j1", math.NaN()}, {"d", "j1", -2e9}, {"a", "j1", 81}}
	got := strings.Join(fieldsOf(t, CheckScores(bad)), " ")
	if want := "scores[1] scores[2] scores[3] scores[4] scores[5]"; got != want {
		t.Errorf("fields %q, want %q", got, want)
	}
}
