package content

import (
	"testing"
)

// mustEmbedded loads the compiled-in content or fails the test.
func mustEmbedded(t testing.TB) *Content {
	t.Helper()
	c, err := Embedded()
	if err != nil {
		t.Fatalf("Embedded: %v", err)
	}
	return c
}

func TestEmbeddedIsValid(t *testing.T) {
	c := mustEmbedded(t)
	if err := c.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
}

func TestEmbeddedReturnsIndependentCopies(t *testing.T) {
	a, b := mustEmbedded(t), mustEmbedded(t)
	a.Salary.Bands[0].Location = "changed"
	if b.Salary.Bands[0].Location == "changed" {
		t.Fatal("two loads share memory")
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Seattle, WA", "seattle wa"},
		{"  SAN-Francisco!! ", "san francisco"},
		{"Remote (US)", "remote us"},
		{"Lead/Principal", "lead principal"},
		{"e-commerce", "e commerce"},
		{"401(k)", "401 k"},
		{"Zürich", "zürich"},
		{"", ""},
		{" \t\n!!", ""},
		{"a\u00a0b", "a b"},
		{"\xff\xfeabc", "abc"},
		// Already normalized, or nearly: the quick path must agree with the full one.
		{"seattle senior", "seattle senior"},
		{"401 k", "401 k"},
		{"seattle  senior", "seattle senior"},
		{" seattle", "seattle"},
		{"seattle ", "seattle"},
		{"Seattle", "seattle"},
		{"a", "a"},
		{" ", ""},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
