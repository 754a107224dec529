package content

import "fmt"

// RangeFor is Estimate for a location and a level looked up by name, as job postings use it:
// lo and hi are the range's ends (an open top is dropped), how says where they come from for
// the caller's label, which must call scaled figures an estimate; ok is false when the location
// or the level is unknown.
func (s Salary) RangeFor(location, level string) (lo, hi int, how string, ok bool) {
	b, okBand := s.Band(location)
	l, okLevel := s.Level(level)
	if !okBand || !okLevel {
		return 0, 0, "", false
	}
	e := s.Estimate(b, l)
	switch e.Source {
	case SourceData:
		how = fmt.Sprintf("the salary data's range for %s roles in %s", l.Name, b.Location)
	case SourceBand:
		how = fmt.Sprintf("the salary guide's band for %s", b.Location)
	default:
		how = fmt.Sprintf("the %s range (%s) scaled by %s's band (%s) against the national range (%s)",
			l.Name, l.Range.Short(), b.Location, b.Range.Short(), s.National.Short())
	}
	return int(e.Range.Min), int(e.Range.Max), how, true
}
