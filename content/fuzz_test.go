package content

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Seattle, WA", "  SAN-Francisco!! ", "Remote (US)", "İstanbul", "ǅ", "\xff", "a\u0301b", "", "seattle senior", "a  b", " a", "a "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if Normalize(n) != n {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, n, Normalize(n))
		}
		if !utf8.ValidString(n) {
			t.Fatalf("invalid UTF-8: %q", n)
		}
		if normalized(s) && n != s {
			t.Fatalf("%q counts as normalized, which skips the work, but Normalize makes it %q", s, n)
		}
		if n != strings.TrimSpace(n) || strings.Contains(n, "  ") {
			t.Fatalf("spaces not collapsed: %q", n)
		}
		for _, r := range n {
			if r != ' ' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				t.Fatalf("rune %q kept in %q", r, n)
			}
		}
	})
}

func FuzzSearch(f *testing.F) {
	faq := mustEmbedded(f).FAQ
	for _, s := range []string{"degree", "salary", "testing", "django fastapi", "zzzz", "", "the a is"} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, query string, limit int) {
		got := faq.Search(query, limit)
		if len(got) > max(limit, 0) {
			t.Fatalf("Search(%q, %d) returned %d entries", query, limit, len(got))
		}
		seen := map[string]bool{}
		for _, e := range got {
			if seen[e.Slug] {
				t.Fatalf("Search(%q) returned %s twice", query, e.Slug)
			}
			seen[e.Slug] = true
		}
		if len(searchTerms(query)) == 0 && len(got) > 0 {
			t.Fatalf("Search(%q) matched without search terms", query)
		}
	})
}

func FuzzLookups(f *testing.F) {
	c := mustEmbedded(f)
	for _, s := range []string{"sf", "seatle", "db", "tech", "junior", "fintech", "remote", "xyzzy"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if b, ok := c.Salary.Band(q); ok {
			if s, ok := c.Salary.SuggestBand(q); !ok || s.Slug != b.Slug {
				t.Fatalf("Band(%q) = %s but SuggestBand = %s, %v", q, b.Slug, s.Slug, ok)
			}
		}
		c.Salary.Level(q)
		c.Questions.Category(q)
		c.Questions.Topic(q)
		c.Posting.Industry(q)
		c.Posting.WorkSetting(q)
	})
}

func FuzzLoadSalary(f *testing.F) {
	f.Add([]byte(validSalary))
	f.Add([]byte(`{"national": {"min": 1}}`))
	f.Add([]byte(`[1, "x", {}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, SalaryFile), data, 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := Load(dir)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "content: ") || !strings.Contains(err.Error(), SalaryFile) {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("Load accepted content that does not validate: %v", err)
		}
	})
}
