package content

// Suggest returns the candidate nearest to a query that matched nothing, for a "did you mean"
// reply, or false when none is near enough. Query and candidates are compared normalized; a
// candidate matches when it equals the query, starts with it or has it as a whole word (three
// or four characters at least), or is a few typos away, fewer for short candidates
// ("systemdesign" finds "System Design", "Jane" finds "Jane Doe", "xyzzy" finds nothing). The
// earliest of equally near candidates wins. /salary's SuggestBand uses the same measure.
func Suggest(query string, candidates []string) (string, bool) {
	q := Normalize(query)
	best, bestDist := -1, 0
	for i, c := range candidates {
		if d, ok := closeness(q, Normalize(c)); ok && (best < 0 || d < bestDist) {
			best, bestDist = i, d
		}
	}
	if best < 0 {
		return "", false
	}
	return candidates[best], true
}
