package content

// SalaryIndex finds bands and levels by any of their keys (slug, name or alias, normalized) with
// one map lookup, where Salary.Band and Salary.Level scan every key of every item. Build it once
// with Salary.Index; it answers exactly as they do.
type SalaryIndex struct {
	bands  map[string]int
	levels map[string]int
	s      Salary
}

// Index builds the lookup maps of s. Where two items share a key (Validate rejects that), the
// first wins, as in Band and Level.
func (s Salary) Index() SalaryIndex {
	idx := SalaryIndex{bands: map[string]int{}, levels: map[string]int{}, s: s}
	for i, b := range s.Bands {
		addKeys(idx.bands, b.keyed(i).keys(), i)
	}
	for i, l := range s.Levels {
		addKeys(idx.levels, l.keyed(i).keys(), i)
	}
	return idx
}

func addKeys(m map[string]int, keys []string, i int) {
	for _, k := range keys {
		if _, taken := m[k]; !taken && k != "" {
			m[k] = i
		}
	}
}

// Band is Salary.Band through the index.
func (x SalaryIndex) Band(query string) (Band, bool) {
	if i, ok := x.bands[Normalize(query)]; ok {
		return x.s.Bands[i], true
	}
	return Band{}, false
}

// Level is Salary.Level through the index.
func (x SalaryIndex) Level(query string) (Level, bool) {
	if i, ok := x.levels[Normalize(query)]; ok {
		return x.s.Levels[i], true
	}
	return Level{}, false
}
