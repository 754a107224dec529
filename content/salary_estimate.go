package content

// Estimate is the salary range of one level in one location, and where it comes from.
//
// The salary data may give that range itself, in a row of salary.csv naming both the level and
// the location; it is then used as it is (SourceData). The guide otherwise gives a band per
// location and a range per level nationally. The bands and the national range apply to the same
// experience (3-5 years in the built-in guide), so the level whose range is the national one
// gets the location's band as it is (SourceBand), and any other level's national range is
// scaled end by end by how the band compares with the national range (SourceScaled):
//
//	min = level min × band min / national min
//	max = level max × band max / national max
//
// each rounded to the nearest $1,000, halves up. A scaled level's open top ("$220K+") stays open;
// a maximum that would fall below the minimum is the minimum.
type Estimate struct {
	Band     Band
	Level    Level
	National Range // the national range the band's ends are divided by
	Range    Range
	Source   EstimateSource
}

// EstimateSource says where an Estimate's range comes from.
type EstimateSource int

const (
	SourceScaled EstimateSource = iota // the level's national range scaled by the band
	SourceBand                         // the guide's band: the level's range is the national one
	SourceData                         // salary.csv's range for that level in that location
)

// Exact reports whether the range is a figure the guide or the salary data gives as it is, not
// one scaled from them.
func (e Estimate) Exact() bool { return e.Source != SourceScaled }

// Estimate is the range of level lv in the location of band b (see Estimate).
func (s Salary) Estimate(b Band, lv Level) Estimate {
	e := Estimate{Band: b, Level: lv, National: s.National}
	switch c, ok := s.cell(b.Slug, lv.Slug); {
	case ok:
		e.Range, e.Source = c.Range, SourceData
	case lv.Range.Min == s.National.Min && lv.Range.Max == s.National.Max:
		e.Range, e.Source = b.Range, SourceBand
	default:
		lo := scaleToThousand(lv.Range.Min, int64(b.Range.Min), int64(s.National.Min))
		hi := scaleToThousand(lv.Range.Max, int64(b.Range.Max), int64(s.National.Max))
		e.Range = Range{Min: lo, Max: max(lo, hi), OrMore: lv.Range.OrMore}
	}
	return e
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

// cell returns the range the salary data gives for one level in one band, if any.
func (s Salary) cell(band, level string) (Cell, bool) {
	for _, c := range s.Cells {
		if c.Band == band && c.Level == level {
			return c, true
		}
	}
	return Cell{}, false
}
