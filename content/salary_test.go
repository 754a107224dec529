package content

import (
	"strings"
	"testing"
)

func TestSalarySeedFigures(t *testing.T) {
	s := mustEmbedded(t).Salary
	if got, want := s.National, (Range{Min: 95000, Max: 145000}); got != want {
		t.Errorf("National = %+v, want %+v", got, want)
	}
	if got := s.National.String(); got != "$95,000 - $145,000" {
		t.Errorf("National.String() = %q", got)
	}
	if want := "annually for Python Backend Developers with 3-5 years of experience"; s.NationalNote != want {
		t.Errorf("NationalNote = %q, want %q", s.NationalNote, want)
	}
	if want := "Salary data compiled from Glassdoor, PayScale, and industry surveys as of January 2026"; s.Source != want {
		t.Errorf("Source = %q, want %q", s.Source, want)
	}
}

func TestSalaryBands(t *testing.T) {
	want := []struct {
		slug, location, rng, note string
	}{
		{"san-francisco", "San Francisco, CA", "$125,000 - $180,000", "Premium market"},
		{"new-york", "New York, NY", "$115,000 - $165,000", "High cost of living"},
		{"seattle", "Seattle, WA", "$110,000 - $160,000", "Tech hub premium"},
		{"austin", "Austin, TX", "$95,000 - $140,000", "Growing tech market"},
		{"denver", "Denver, CO", "$90,000 - $135,000", "Emerging tech hub"},
		{"chicago", "Chicago, IL", "$85,000 - $130,000", "Major metropolitan"},
		{"remote-us", "Remote (US)", "$90,000 - $145,000", "Location-adjusted"},
		{"atlanta", "Atlanta, GA", "$80,000 - $125,000", "Competitive regional market"},
	}
	bands := mustEmbedded(t).Salary.Bands
	if len(bands) != len(want) {
		t.Fatalf("got %d bands, want %d", len(bands), len(want))
	}
	for i, w := range want {
		b := bands[i]
		if b.Slug != w.slug || b.Location != w.location || b.Range.String() != w.rng || b.Note != w.note {
			t.Errorf("bands[%d] = %s %q %s %q, want %s %q %s %q",
				i, b.Slug, b.Location, b.Range, b.Note, w.slug, w.location, w.rng, w.note)
		}
	}
}

func TestSalaryLevels(t *testing.T) {
	want := []struct {
		slug, name, short, long string
	}{
		{"entry", "Entry-level", "$70K-$90K", "$70,000 - $90,000"},
		{"mid", "Mid-level", "$95K-$145K", "$95,000 - $145,000"},
		{"senior", "Senior", "$130K-$180K", "$130,000 - $180,000"},
		{"lead", "Lead/Principal", "$150K-$220K+", "$150,000 - $220,000+"},
	}
	levels := mustEmbedded(t).Salary.Levels
	if len(levels) != len(want) {
		t.Fatalf("got %d levels, want %d", len(levels), len(want))
	}
	for i, w := range want {
		l := levels[i]
		if l.Slug != w.slug || l.Name != w.name || l.Range.Short() != w.short || l.Range.String() != w.long {
			t.Errorf("levels[%d] = %s %q %s %s, want %s %q %s %s",
				i, l.Slug, l.Name, l.Range.Short(), l.Range, w.slug, w.name, w.short, w.long)
		}
	}
}

func TestSalaryFactors(t *testing.T) {
	want := []Factor{
		{"Framework Expertise", "Django and FastAPI command higher salaries than Flask-only experience"},
		{"Cloud Certifications", "AWS, GCP, or Azure certifications can add $5,000-$15,000 to base salary"},
		{"Industry Specialization", "FinTech and healthcare typically offer 10-20% premium over average"},
		{"Company Stage", "Established companies often offer higher base salaries, while startups provide more equity"},
	}
	got := mustEmbedded(t).Salary.Factors
	if len(got) != len(want) {
		t.Fatalf("got %d factors, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("factors[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestDollarsAndRangeFormat(t *testing.T) {
	tests := []struct {
		r           Range
		long, short string
	}{
		{Range{Min: 110000, Max: 160000}, "$110,000 - $160,000", "$110K-$160K"},
		{Range{Min: 150000, Max: 220000, OrMore: true}, "$150,000 - $220,000+", "$150K-$220K+"},
		{Range{Min: 72500, Max: 1000000}, "$72,500 - $1,000,000", "$72.5K-$1000K"},
		{Range{Min: 999, Max: 1234}, "$999 - $1,234", "$999-$1,234"},
	}
	for _, tt := range tests {
		if got := tt.r.String(); got != tt.long {
			t.Errorf("%+v.String() = %q, want %q", tt.r, got, tt.long)
		}
		if got := tt.r.Short(); got != tt.short {
			t.Errorf("%+v.Short() = %q, want %q", tt.r, got, tt.short)
		}
	}
	if got := Dollars(-5000).String(); got != "-$5,000" {
		t.Errorf("Dollars(-5000) = %q", got)
	}
}

func TestBandLookup(t *testing.T) {
	tests := []struct{ query, want string }{
		{"Seattle", "seattle"},
		{"seattle, wa", "seattle"},
		{"SEATTLE", "seattle"},
		{"sea", "seattle"},
		{"sf", "san-francisco"},
		{"San Francisco, CA", "san-francisco"},
		{"bay area", "san-francisco"},
		{"san fran", "san-francisco"},
		{"nyc", "new-york"},
		{"New York", "new-york"},
		{"manhattan", "new-york"},
		{"remote", "remote-us"},
		{"Remote (US)", "remote-us"},
		{"remote-us", "remote-us"},
		{"US remote", "remote-us"},
		{"anywhere", "remote-us"},
		{"Austin, TX", "austin"},
		{"denver", "denver"},
		{"Chicago IL", "chicago"},
		{"atl", "atlanta"},
		{"seatle", ""},
		{"", ""},
		{"!!", ""},
		{"london", ""},
	}
	s := mustEmbedded(t).Salary
	for _, tt := range tests {
		b, ok := s.Band(tt.query)
		if ok != (tt.want != "") || b.Slug != tt.want {
			t.Errorf("Band(%q) = %q, %v; want %q", tt.query, b.Slug, ok, tt.want)
		}
	}
}

func TestLevelLookup(t *testing.T) {
	tests := []struct{ query, want string }{
		{"junior", "entry"},
		{"Jr.", "entry"},
		{"entry level", "entry"},
		{"Entry-level", "entry"},
		{"mid", "mid"},
		{"Mid-Level", "mid"},
		{"intermediate", "mid"},
		{"Senior", "senior"},
		{"sr", "senior"},
		{"lead", "lead"},
		{"principal", "lead"},
		{"staff", "lead"},
		{"Lead/Principal", "lead"},
		{"ceo", ""},
	}
	s := mustEmbedded(t).Salary
	for _, tt := range tests {
		l, ok := s.Level(tt.query)
		if ok != (tt.want != "") || l.Slug != tt.want {
			t.Errorf("Level(%q) = %q, %v; want %q", tt.query, l.Slug, ok, tt.want)
		}
	}
}

func TestSuggestBand(t *testing.T) {
	tests := []struct{ query, want string }{
		{"seatle", "seattle"},
		{"Seattle", "seattle"},
		{"san fransisco", "san-francisco"},
		{"san francsico", "san-francisco"},
		{"austn", "austin"},
		{"chic", "chicago"},
		{"new yrok", "new-york"},
		{"atlnta", "atlanta"},
		{"remot", "remote-us"},
		{"denvr", "denver"},
		{"xyzzy", ""},
		{"", ""},
		{"sx", ""},
		{"boston", ""},
		{"london", ""},
		{strings.Repeat("a", 200), ""},
	}
	s := mustEmbedded(t).Salary
	for _, tt := range tests {
		b, ok := s.SuggestBand(tt.query)
		if ok != (tt.want != "") || b.Slug != tt.want {
			t.Errorf("SuggestBand(%q) = %q, %v; want %q", tt.query, b.Slug, ok, tt.want)
		}
	}
}

func TestSalaryValidate(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*Salary)
		want   string
	}{
		{"min zero", func(s *Salary) { s.Bands[2].Range.Min = 0 }, "bands[2].range.min: must be > 0"},
		{"min above max", func(s *Salary) { s.Bands[1].Range.Min = 200000 }, "bands[1].range.max: must be >= min ($200,000)"},
		{"national", func(s *Salary) { s.National.Max = -1 }, "national.max: must be > 0"},
		{"no bands", func(s *Salary) { s.Bands = nil }, "bands: must have at least one band"},
		{"no levels", func(s *Salary) { s.Levels = nil }, "levels: must have at least one level"},
		{"bad slug", func(s *Salary) { s.Bands[0].Slug = "San Francisco" }, "bands[0].slug: \"San Francisco\" must be lowercase-kebab"},
		{"dup slug", func(s *Salary) { s.Bands[3].Slug = "seattle" }, "bands[3].slug: \"seattle\" already used by bands[2]"},
		{"shared alias", func(s *Salary) { s.Bands[3].Aliases = append(s.Bands[3].Aliases, "sf") }, "bands[3].aliases[2]: \"sf\" already leads to bands[0]"},
		{"alias is other location", func(s *Salary) { s.Bands[3].Aliases = []string{"seattle wa"} }, "bands[3].aliases[0]: \"seattle wa\" already leads to bands[2]"},
		{"repeated alias", func(s *Salary) { s.Bands[3].Aliases = []string{"atx", "atx"} }, "bands[3].aliases[1]: duplicate alias \"atx\""},
		{"alias not normalized", func(s *Salary) { s.Bands[3].Aliases = []string{"ATX"} }, "bands[3].aliases[0]: \"ATX\" must be normalized (want \"atx\")"},
		{"empty note", func(s *Salary) { s.Bands[4].Note = " " }, "bands[4].note: must not be empty"},
		{"level alias", func(s *Salary) { s.Levels[1].Aliases = []string{"junior"} }, "levels[1].aliases[0]: \"junior\" already leads to levels[0]"},
		{"no factors", func(s *Salary) { s.Factors = nil }, "factors: must have at least one item"},
		{"factor detail", func(s *Salary) { s.Factors[1].Detail = "" }, "factors[1].detail: must not be empty"},
		{"source", func(s *Salary) { s.Source = "" }, "source: must not be empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustEmbedded(t).Salary
			tt.modify(&s)
			err := s.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Validate() = %v, want %q", err, tt.want)
			}
		})
	}
}
