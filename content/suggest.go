package content

// Suggest returns the candidate nearest to a query that matched nothing, for a "did you mean"
// reply, or false when none is near enough. Query and candidates are compared normalized; a
// candidate matches when it equals the query, starts with it or has it as a whole word (three
// or four characters at least), or is a few typos away, fewer for short candidates
// ("systemdesign" finds "System Design", "Jane" finds "Jane Doe", "xyzzy" finds nothing). The
// earliest of equally near candidates wins. Salary.SuggestBand goes through it too.
func Suggest(query string, candidates []string) (string, bool) {
	i := nearest(query, candidates)
	if i < 0 {
		return "", false
	}
	return candidates[i], true
}

// nearest is Suggest returning the index of the candidate, or -1 for none.
func nearest(query string, candidates []string) int {
	q := Normalize(query)
	best, bestDist := -1, 0
	for i, c := range candidates {
		if d, ok := closeness(q, Normalize(c)); ok && (best < 0 || d < bestDist) {
			best, bestDist = i, d
		}
	}
	return best
}
