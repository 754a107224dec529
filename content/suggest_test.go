package content

import "testing"

func TestSuggest(t *testing.T) {
	names := []string{"System Design", "Database Design", "Jane Doe", "Janet Smith", "sf"}
	for _, tt := range []struct {
		query, want string
		ok          bool
	}{
		{"systemdesign", "System Design", true},
		{"system desing", "System Design", true},
		{"Jane", "Jane Doe", true},
		{"jane doe", "Jane Doe", true},
		{"DOE", "", false}, // too short for a whole-word match
		{"smith", "Janet Smith", true},
		{"sd", "", false},
		{"xyzzy", "", false},
		{"", "", false},
	} {
		got, ok := Suggest(tt.query, names)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Suggest(%q) = %q, %v; want %q, %v", tt.query, got, ok, tt.want, tt.ok)
		}
	}
}

// TestSuggestBandIsSuggest checks /salary suggests as every other lookup does: the band it
// suggests owns the key Suggest picks among all bands' slugs, locations and aliases.
func TestSuggestBandIsSuggest(t *testing.T) {
	s := mustEmbedded(t).Salary
	var keys []string
	for i, b := range s.Bands {
		keys = append(keys, b.keyed(i).keys()...)
	}
	for _, q := range []string{"seatle", "chic", "san fransisco", "remot", "nyc", "xyzzy", "", "Austin, TX"} {
		b, ok := s.SuggestBand(q)
		k, want := Suggest(q, keys)
		if ok != want {
			t.Fatalf("SuggestBand(%q) found %v, Suggest %v", q, ok, want)
		}
		if owner, _ := s.Band(k); ok && owner.Slug != b.Slug {
			t.Errorf("SuggestBand(%q) = %s, Suggest picks %q of %s", q, b.Slug, k, owner.Slug)
		}
	}
}
