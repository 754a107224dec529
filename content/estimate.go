package content

import "fmt"

// RangeFor is the salary range of a level in a location. A range the salary data gives for
// exactly that level and location (a row of salary.csv naming both) is used as it is. Otherwise
// the level's national range is scaled by how the location's band compares with the national
// range: each end of the level's range is multiplied by the band's end over the national end,
// and rounded to the nearest $1,000 unless the product is already whole. The mid level, whose
// range is the national one, gets the location's band exactly.
//
// how says where the figures come from, for the caller's label, which must call scaled figures
// an estimate; ok is false when the
// location or the level is unknown.
func (s Salary) RangeFor(location, level string) (lo, hi int, how string, ok bool) {
	b, okBand := s.Band(location)
	l, okLevel := s.Level(level)
	if !okBand || !okLevel {
		return 0, 0, "", false
	}
	if c, found := s.cell(b.Slug, l.Slug); found {
		return int(c.Range.Min), int(c.Range.Max), fmt.Sprintf("the salary data's range for %s roles in %s", l.Name, b.Location), true
	}
	if l.Range.Min == s.National.Min && l.Range.Max == s.National.Max {
		return int(b.Range.Min), int(b.Range.Max), fmt.Sprintf("the salary guide's band for %s", b.Location), true
	}
	lo = scale(int(l.Range.Min), int(b.Range.Min), int(s.National.Min))
	hi = scale(int(l.Range.Max), int(b.Range.Max), int(s.National.Max))
	how = fmt.Sprintf("the %s range (%s) scaled by %s's band (%s) against the national range (%s)",
		l.Name, l.Range.Short(), b.Location, b.Range.Short(), s.National.Short())
	return lo, max(lo, hi), how, true
}

// scale is v × num / den, rounded to the nearest 1,000 unless it is whole.
func scale(v, num, den int) int {
	if den <= 0 {
		return v
	}
	p := int64(v) * int64(num)
	if p%int64(den) == 0 {
		return int(p / int64(den))
	}
	thousands := (2*p/int64(den) + 1000) / 2000 // round half up, in thousands
	return int(thousands * 1000)
}

// cell returns the range salary data gives for one level in one band, if any.
func (s Salary) cell(band, level string) (Cell, bool) {
	for _, c := range s.Cells {
		if c.Band == band && c.Level == level {
			return c, true
		}
	}
	return Cell{}, false
}
