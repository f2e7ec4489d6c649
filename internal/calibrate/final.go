package calibrate

// FinalTally is the live final's figure for one entry as judges submit: with at least
// TrimFrom scores it drops exactly one highest and one lowest score and averages the
// rest; with fewer it averages them all. The average is exact in decimal and rounded half
// away from zero to two decimals (see Round2), the figure the big screen shows.
//
// dropped holds the indices into scores of the dropped highest and lowest, in that
// order, or is nil when nothing was dropped. When several scores share the highest
// value, the first of them is dropped; when several share the lowest, the first of them
// other than the dropped highest (five equal scores drop indices 0 and 1). Abstaining or
// conflicted judges' scores are simply not passed in; a value that is not a finite
// number is ignored (neither counted nor dropped). With no usable score it returns 0 and
// nil. It is pure.
func FinalTally(scores []float64) (trimmed float64, dropped []int) {
	vals := make([]float64, 0, len(scores))
	at := make([]int, 0, len(scores))
	for i, v := range scores {
		if finite(v) {
			vals = append(vals, v)
			at = append(at, i)
		}
	}
	if len(vals) == 0 {
		return 0, nil
	}
	kept, hi, lo := trim(vals)
	if hi >= 0 {
		dropped = []int{at[hi], at[lo]}
	}
	return meanHalfUp(kept), dropped
}
