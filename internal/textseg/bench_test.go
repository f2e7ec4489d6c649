package textseg_test

import (
	"testing"

	"github.com/haizhi-dev/haizhi/internal/textseg"
)

// BenchmarkNew measures loading the embedded dictionary, the start-up cost
// that Default pays once per process.
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := textseg.New(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTokens measures indexing a bilingual project summary of ~1 KB.
func BenchmarkTokens(b *testing.B) {
	s := MustSegmenter(b)
	b.SetBytes(int64(len(paragraphMixed)))
	b.ReportAllocs()
	for b.Loop() {
		s.Tokens(paragraphMixed)
	}
}

// BenchmarkDocument measures building the stored search column for the same
// summary.
func BenchmarkDocument(b *testing.B) {
	s := MustSegmenter(b)
	b.SetBytes(int64(len(paragraphMixed)))
	b.ReportAllocs()
	for b.Loop() {
		s.Document(paragraphMixed)
	}
}

// BenchmarkQuery measures tokenising a typical search box query.
func BenchmarkQuery(b *testing.B) {
	s := MustSegmenter(b)
	const q = "固态电池 battery management 人工智能芯片"
	b.SetBytes(int64(len(q)))
	b.ReportAllocs()
	for b.Loop() {
		s.Query(q)
	}
}
