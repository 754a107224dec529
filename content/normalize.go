package content

import (
	"strings"
	"unicode"
)

// Normalize lowercases s, turns every rune that is not a letter or a digit into a
// space, collapses runs of spaces and trims the ends:
// "Seattle, WA" becomes "seattle wa" and "  SAN-Francisco!! " becomes "san francisco".
// Every lookup in this package compares normalized strings.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		r = unicode.ToLower(r)
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
