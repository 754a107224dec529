package content

import (
	"strconv"
	"strings"
)

// Estimate is a salary range the guide does not give, derived from figures it does give: a
// national level range scaled by how a location's band compares with the national average.
//
// The location bands and the national average apply to the same experience (3-5 years in the
// built-in guide), so their ratio says how much more or less a location pays than the country
// for the same person. The estimate applies that ratio to a level's national range:
//
//	factor   = band midpoint / national midpoint
//	estimate = level min × factor to level max × factor, each rounded to the nearest $1,000
//
// Halves round up. The level's open top ("$220K+") stays open.
type Estimate struct {
	Band     Band
	Level    Level
	National Range // the national average the factor divides by
	Range    Range // the estimate
}

// Estimate derives the range of level lv in the location of band b (see Estimate).
func (s Salary) Estimate(b Band, lv Level) Estimate {
	num, den := int64(b.Range.Min+b.Range.Max), int64(s.National.Min+s.National.Max)
	return Estimate{
		Band:     b,
		Level:    lv,
		National: s.National,
		Range: Range{
			Min:    scaleToThousand(lv.Range.Min, num, den),
			Max:    scaleToThousand(lv.Range.Max, num, den),
			OrMore: lv.Range.OrMore,
		},
	}
}

// Mid is the midpoint of r, rounded down to the dollar: "$135,000" for "$110,000 - $160,000".
func (r Range) Mid() Dollars { return (r.Min + r.Max) / 2 }

// Factor is the band's midpoint over the national midpoint: 1.125 for Seattle.
func (e Estimate) Factor() float64 {
	return float64(e.Band.Range.Min+e.Band.Range.Max) / float64(e.National.Min+e.National.Max)
}

// FactorString renders the factor to at most three decimals, with "≈" when that rounds it:
// "1.125", "≈1.271".
func (e Estimate) FactorString() string {
	f := e.Factor()
	s := strings.TrimRight(strings.TrimRight(strconv.FormatFloat(f, 'f', 3, 64), "0"), ".")
	if exact, _ := strconv.ParseFloat(s, 64); exact != f {
		return "≈" + s
	}
	return s
}

// scaleToThousand is d × num / den rounded to the nearest $1,000, halves up, computed in
// integers so that no figure depends on floating-point rounding.
func scaleToThousand(d Dollars, num, den int64) Dollars {
	if den <= 0 {
		return 0
	}
	x, q := int64(d)*num, 1000*den // the result in thousands is x / q
	return Dollars((2*x + q) / (2 * q) * 1000)
}
