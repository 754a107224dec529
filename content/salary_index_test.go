package content

import "testing"

func TestSalaryIndexAnswersLikeBandAndLevel(t *testing.T) {
	c, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	s := c.Salary
	idx := s.Index()
	queries := []string{"", " ", "seattle", "Seattle, WA", "SF", "remote us", "Remote (US)", "nowhere",
		"junior", "Mid-level", "sr", "lead principal", "entry level", "senior", "xyzzy"}
	for _, b := range s.Bands {
		queries = append(queries, b.Slug, b.Location)
		queries = append(queries, b.Aliases...)
	}
	for _, l := range s.Levels {
		queries = append(queries, l.Slug, l.Name)
		queries = append(queries, l.Aliases...)
	}
	for _, q := range queries {
		wantB, wantOK := s.Band(q)
		gotB, gotOK := idx.Band(q)
		if gotOK != wantOK || gotB.Slug != wantB.Slug {
			t.Errorf("Index().Band(%q) = %q, %v; Band says %q, %v", q, gotB.Slug, gotOK, wantB.Slug, wantOK)
		}
		wantL, wantOK := s.Level(q)
		gotL, gotOK := idx.Level(q)
		if gotOK != wantOK || gotL.Slug != wantL.Slug {
			t.Errorf("Index().Level(%q) = %q, %v; Level says %q, %v", q, gotL.Slug, gotOK, wantL.Slug, wantOK)
		}
	}
}
