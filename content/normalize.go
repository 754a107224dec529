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
	if normalized(s) {
		return s // most lookups are typed as they are keyed: no copy
	}
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

// normalized reports whether Normalize would return s unchanged, for the ASCII strings it can
// tell at a glance: lowercase letters and digits in words with single spaces between them.
func normalized(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == ' ' && i > 0 && i < len(s)-1 && s[i-1] != ' ':
		default:
			return false
		}
	}
	return true
}
