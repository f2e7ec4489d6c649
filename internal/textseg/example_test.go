package textseg_test

import (
	"fmt"

	"github.com/haizhi-dev/haizhi/internal/textseg"
)

func ExampleSegmenter_Document() {
	s := textseg.Default()
	fmt.Println(s.Document("高性能芯片设计", "High-performance chip designs"))
	// Output: 高性 高性能 性能 芯片 设计 high perform chip design
}

func ExampleSegmenter_Query() {
	s := textseg.Default()
	fmt.Println(s.Query("芯片"))
	fmt.Println(s.Query("人工智能 batteries"))
	// Output:
	// [芯片]
	// [人工智能 batteri]
}
