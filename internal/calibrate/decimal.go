package calibrate

import (
	"math"
	"math/big"
	"strconv"
)

// Scores are decimals to the people who give and read them: a judge types 84.12, the big
// screen shows 84.13. A float64 holds neither exactly, so arithmetic on floats and
// math.Round(x*100)/100 get the half-way cases wrong (1.005 rounds to 1.00, the mean of
// 84.12 and 84.13 to 84.12). Here every value is taken as its shortest decimal form (the
// digits strconv prints, which is what the judge typed), means are computed exactly in
// decimal, and the result is rounded half away from zero ("四舍五入") to two decimals.

// fastDecimals is the number of decimals the integer fast path keeps; values with more
// decimals, or of magnitude fastLimit or more, take the exact big.Rat path.
const (
	fastDecimals = 8
	fastLimit    = 1e9
)

// scaled returns v's shortest decimal form as an integer count of 10^-fastDecimals, and
// false when that is not exact or might overflow.
func scaled(v float64) (int64, bool) {
	if !(math.Abs(v) < fastLimit) {
		return 0, false // also NaN
	}
	var buf [40]byte
	s := strconv.AppendFloat(buf[:0], v, 'f', -1, 64)
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	var n int64
	decimals := -1
	for _, c := range s {
		if c == '.' {
			decimals = 0
			continue
		}
		n = n*10 + int64(c-'0')
		if decimals >= 0 {
			decimals++
			if decimals > fastDecimals {
				return 0, false
			}
		}
	}
	for decimals = max(decimals, 0); decimals < fastDecimals; decimals++ {
		n *= 10
	}
	if neg {
		n = -n
	}
	return n, true
}

// meanHalfUp is the exact decimal mean of vals rounded half away from zero to two
// decimals; 0 for none. vals must be finite.
func meanHalfUp(vals []float64) float64 {
	if len(vals) == 0 {
		return 0
	}
	var sum int64
	for _, v := range vals {
		x, ok := scaled(v)
		if !ok || (x > 0 && sum > math.MaxInt64-x) || (x < 0 && sum < math.MinInt64+1-x) {
			return meanHalfUpExact(vals)
		}
		sum += x
	}
	// sum is in units of 10^-8; the result is in units of 10^-2.
	den := uint64(len(vals)) * 1_000_000
	neg := sum < 0
	num := uint64(sum)
	if neg {
		num = uint64(-sum)
	}
	q, r := num/den, num%den
	if r >= den-r {
		q++
	}
	// q < 2^53, so float64(q) is exact and the division is the double nearest q/100.
	f := float64(q) / 100
	if neg && q != 0 {
		f = -f
	}
	return f
}

// meanHalfUpExact is meanHalfUp on big.Rat, for values the fast path cannot hold.
func meanHalfUpExact(vals []float64) float64 {
	sum := new(big.Rat)
	for _, v := range vals {
		sum.Add(sum, decimalRat(v))
	}
	sum.Quo(sum, new(big.Rat).SetInt64(int64(len(vals))))
	return roundRat(sum)
}

// decimalRat is v's shortest decimal form as an exact rational. v must be finite.
func decimalRat(v float64) *big.Rat {
	r, ok := new(big.Rat).SetString(strconv.FormatFloat(v, 'g', -1, 64))
	if !ok {
		panic("calibrate: not a finite number: " + strconv.FormatFloat(v, 'g', -1, 64))
	}
	return r
}

// roundRat rounds x half away from zero to two decimals and returns the nearest float64.
func roundRat(x *big.Rat) float64 {
	t := new(big.Rat).Mul(x, big.NewRat(100, 1))
	num := new(big.Int).Abs(t.Num())
	den := t.Denom()
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	if r.Lsh(r, 1).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if t.Sign() < 0 {
		q.Neg(q)
	}
	f, _ := new(big.Rat).SetFrac(q, big.NewInt(100)).Float64()
	return f
}

// Round2 rounds v to two decimals, half away from zero, on its decimal value: 84.125 →
// 84.13, 1.005 → 1.01, 2.675 → 2.68, −0.125 → −0.13. Non-finite values are returned as
// they are.
func Round2(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	if f, ok := round2Digits(v); ok {
		return f
	}
	return meanHalfUpExact([]float64{v})
}

// round2Digits rounds v on the digits of its shortest decimal form: the two decimals
// kept, plus one when the third is 5 or more (the form is exact, so that is half away
// from zero). It declines values whose hundredths do not fit a float64 exactly.
func round2Digits(v float64) (float64, bool) {
	if !(math.Abs(v) < 1e13) {
		return 0, false
	}
	var buf [40]byte
	s := strconv.AppendFloat(buf[:0], v, 'f', -1, 64)
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	var n int64
	decimals := -1
	for _, c := range s {
		if c == '.' {
			decimals = 0
			continue
		}
		if decimals == 2 {
			if c >= '5' {
				n++
			}
			break
		}
		n = n*10 + int64(c-'0')
		if decimals >= 0 {
			decimals++
		}
	}
	for decimals = max(decimals, 0); decimals < 2; decimals++ {
		n *= 10
	}
	f := float64(n) / 100
	if neg && n != 0 {
		f = -f
	}
	return f, true
}
