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
