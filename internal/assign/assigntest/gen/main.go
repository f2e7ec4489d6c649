// Command gen writes the benchmark instances of package assign as `haizhi assign` input
// files, to time the command on them:
//
//	go run ./internal/assign/assigntest/gen -kind dense  -o /tmp/dense.json
//	go run ./internal/assign/assigntest/gen -kind sparse -o /tmp/sparse.json
//	haizhi assign --in /tmp/dense.json --out /tmp/dense.result.json
//	haizhi assign --in /tmp/sparse.json --out /tmp/sparse.result.json --only-listed
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/haizhi-dev/haizhi/internal/assign"
	"github.com/haizhi-dev/haizhi/internal/assign/assigntest"
)

func main() {
	kind := flag.String("kind", "dense", "dense (2,000 entries × 300 judges × 5, every pair scored) or sparse (20,000 × 3,000 × 3, 50 candidates each; solve with --only-listed)")
	out := flag.String("o", "-", "file to write (- for standard output)")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	var in assign.Instance
	switch *kind {
	case "dense":
		in = assigntest.Dense(*seed, 2000, 300, 5, 0.03)
	case "sparse":
		in = assigntest.Sparse(*seed, 20000, 3000, 3, 50)
	default:
		fmt.Fprintf(os.Stderr, "gen: unknown -kind %q (want dense or sparse)\n", *kind)
		os.Exit(2)
	}
	w := os.Stdout
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		defer f.Close()
		w = f
	}
	if err := assigntest.WriteJSON(w, in); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
