package handlers

import (
	"strings"
	"testing"

	"hirebot/content"
)

func TestParseSalary(t *testing.T) {
	s := mustContent(t).Salary
	tests := []struct {
		text, location, level string
		help                  bool
	}{
		{"", "", "", false},
		{"help", "", "", true},
		{"seattle", "seattle", "", false},
		{"Seattle, WA", "seattle wa", "", false},
		{"SEATTLE senior", "seattle", "senior", false},
		{"senior seattle", "seattle", "senior", false},
		{"sf junior", "sf", "entry", false},
		{"new york lead/principal", "new york", "lead", false},
		{"Lead Principal, NYC", "nyc", "lead", false},
		{"remote mid-level", "remote", "mid", false},
		{"entry level", "", "entry", false},
		{"mid", "", "mid", false},
		{"atlantis", "atlantis", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			q := parseSalary(s, tt.text)
			level := ""
			if q.level != nil {
				level = q.level.Slug
			}
			if q.help != tt.help || q.location != tt.location || level != tt.level {
				t.Errorf("parseSalary(%q) = {help %v, location %q, level %q}; want {%v, %q, %q}",
					tt.text, q.help, q.location, level, tt.help, tt.location, tt.level)
			}
		})
	}
}

func TestSalaryBandForEveryLocationSpelling(t *testing.T) {
	h := newTestHandlers(t)
	tests := []struct{ text, location, band, note string }{
		{"seattle", "Seattle, WA", "$110,000 - $160,000", "Tech hub premium"},
		{"Seattle, WA", "Seattle, WA", "$110,000 - $160,000", "Tech hub premium"},
		{"SEATTLE", "Seattle, WA", "$110,000 - $160,000", "Tech hub premium"},
		{"sf", "San Francisco, CA", "$125,000 - $180,000", "Premium market"},
		{"san francisco", "San Francisco, CA", "$125,000 - $180,000", "Premium market"},
		{"nyc", "New York, NY", "$115,000 - $165,000", "High cost of living"},
		{"new york", "New York, NY", "$115,000 - $165,000", "High cost of living"},
		{"austin", "Austin, TX", "$95,000 - $140,000", "Growing tech market"},
		{"denver", "Denver, CO", "$90,000 - $135,000", "Emerging tech hub"},
		{"chicago", "Chicago, IL", "$85,000 - $130,000", "Major metropolitan"},
		{"remote", "Remote (US)", "$90,000 - $145,000", "Location-adjusted"},
		{"Remote (US)", "Remote (US)", "$90,000 - $145,000", "Location-adjusted"},
		{"atlanta", "Atlanta, GA", "$80,000 - $125,000", "Competitive regional market"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			m := runCommand(t, h, "/salary", tt.text)
			text := rendered(t, m)
			assertContains(t, text, tt.location, tt.band, tt.note,
				"National", "$70K-$90K", "$95K-$145K", "$130K-$180K", "$150K-$220K+",
				"$5,000-$15,000", "10-20%", "as of January 2026")
			if m.Public {
				t.Error("reply is public; lookups answer privately")
			}
			if shareValue(m) == "" {
				t.Error("reply has no share button")
			}
		})
	}
}

func TestSalaryHighlightsTheAskedLevel(t *testing.T) {
	h := newTestHandlers(t)
	tests := []struct{ text, highlighted string }{
		{"seattle senior", "*Senior: $130K-$180K*"},
		{"sf junior", "*Entry-level: $70K-$90K*"},
		{"remote lead", "*Lead/Principal: $150K-$220K+*"},
		{"mid-level", "*Mid-level: $95K-$145K*"},
	}
	for _, tt := range tests {
		text := rendered(t, runCommand(t, h, "/salary", tt.text))
		assertContains(t, text, tt.highlighted)
		if strings.Count(text, ":point_right:") != 1 {
			t.Errorf("%q: want exactly one highlighted level in:\n%s", tt.text, text)
		}
	}
}

func TestSalaryOverviewListsEveryBand(t *testing.T) {
	h := newTestHandlers(t)
	text := rendered(t, runCommand(t, h, "/salary", ""))
	assertContains(t, text, "$95,000 - $145,000", "3-5 years",
		"San Francisco, CA", "$125,000 - $180,000", "New York, NY", "$115,000 - $165,000",
		"Seattle, WA", "$110,000 - $160,000", "Austin, TX", "$95,000 - $140,000",
		"Denver, CO", "$90,000 - $135,000", "Chicago, IL", "$85,000 - $130,000",
		"Remote (US)", "$90,000 - $145,000", "Atlanta, GA", "$80,000 - $125,000",
		"Glassdoor, PayScale")
}

func TestSalaryUnknownLocation(t *testing.T) {
	h := newTestHandlers(t)
	tests := []struct{ text, suggestion string }{
		{"seatle", "Did you mean *Seattle, WA*?"},
		{"san fransisco", "Did you mean *San Francisco, CA*?"},
		{"xyzzy", ""},
	}
	for _, tt := range tests {
		m := runCommand(t, h, "/salary", tt.text)
		text := rendered(t, m)
		assertContains(t, text, "I don't have salary data for *"+tt.text+"*", "Atlanta, GA", "/salary seattle")
		if tt.suggestion != "" {
			assertContains(t, text, tt.suggestion)
		} else {
			assertNotContains(t, text, "Did you mean")
		}
		if shareValue(m) != "" {
			t.Errorf("%q: an error reply must not offer sharing", tt.text)
		}
	}
}

func TestSalaryEscapesWhatTheUserTyped(t *testing.T) {
	text := rendered(t, runCommand(t, newTestHandlers(t), "/salary", "<!channel> gotham"))
	assertNotContains(t, text, "<!channel>")
	assertContains(t, text, "&lt;!channel&gt; gotham")
}

func TestSalaryHelp(t *testing.T) {
	for _, arg := range []string{"help", "HELP", " usage "} {
		m := runCommand(t, newTestHandlers(t), "/salary", arg)
		assertContains(t, rendered(t, m), "/salary seattle", "/salary sf senior", "Locations:", "Levels:")
		if shareValue(m) != "" {
			t.Error("help must not offer sharing")
		}
	}
}

func FuzzParseSalary(f *testing.F) {
	s := mustContent(f).Salary
	for _, seed := range []string{"", "seattle", "Seattle, WA senior", "lead/principal nyc", "entry level", "\x00", "ñ 東京 senior"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		q := parseSalary(s, text)
		if q.help && (q.location != "" || q.level != nil) {
			t.Errorf("help query also has location %q / level %v", q.location, q.level)
		}
		if content.Normalize(q.location) != q.location {
			t.Errorf("location %q is not normalized", q.location)
		}
		if again := parseSalary(s, text); again.location != q.location || again.level != nil != (q.level != nil) {
			t.Errorf("parseSalary(%q) is not deterministic", text)
		}
	})
}
