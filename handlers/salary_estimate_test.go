package handlers

import (
	"context"
	"strings"
	"testing"

	"hirebot/content"
)

// TestSalaryEstimateHeadline asks for every location × level: the answer leads with the range
// worked out by hand, says whether it is an estimate (and how it was computed) or the guide's
// band, then shows the guide's own figures exactly as the guide writes them, each labelled.
func TestSalaryEstimateHeadline(t *testing.T) {
	h := newTestHandlers(t)
	bands := map[string]struct{ location, band, minRatio, maxRatio string }{
		"sf":      {"San Francisco, CA", "$125,000 - $180,000", "125/95", "180/145"},
		"nyc":     {"New York, NY", "$115,000 - $165,000", "115/95", "165/145"},
		"seattle": {"Seattle, WA", "$110,000 - $160,000", "110/95", "160/145"},
		"austin":  {"Austin, TX", "$95,000 - $140,000", "95/95", "140/145"},
		"denver":  {"Denver, CO", "$90,000 - $135,000", "90/95", "135/145"},
		"chicago": {"Chicago, IL", "$85,000 - $130,000", "85/95", "130/145"},
		"remote":  {"Remote (US)", "$90,000 - $145,000", "90/95", "145/145"},
		"atlanta": {"Atlanta, GA", "$80,000 - $125,000", "80/95", "125/145"},
	}
	levels := map[string]struct{ name, short, min, max string }{
		"junior": {"Entry-level", "$70K-$90K", "$70K", "$90K"},
		"mid":    {"Mid-level", "$95K-$145K", "$95K", "$145K"},
		"senior": {"Senior", "$130K-$180K", "$130K", "$180K"},
		"lead":   {"Lead/Principal", "$150K-$220K+", "$150K", "$220K"},
	}
	// By hand: level min × band min / $95K and level max × band max / $145K, to $1,000 (the
	// arithmetic is in content's TestSalaryEstimates); mid-level is the band.
	ranges := map[string]map[string]string{
		"sf":      {"junior": "$92,000 - $112,000", "mid": "$125,000 - $180,000", "senior": "$171,000 - $223,000", "lead": "$197,000 - $273,000+"},
		"nyc":     {"junior": "$85,000 - $102,000", "mid": "$115,000 - $165,000", "senior": "$157,000 - $205,000", "lead": "$182,000 - $250,000+"},
		"seattle": {"junior": "$81,000 - $99,000", "mid": "$110,000 - $160,000", "senior": "$151,000 - $199,000", "lead": "$174,000 - $243,000+"},
		"austin":  {"junior": "$70,000 - $87,000", "mid": "$95,000 - $140,000", "senior": "$130,000 - $174,000", "lead": "$150,000 - $212,000+"},
		"denver":  {"junior": "$66,000 - $84,000", "mid": "$90,000 - $135,000", "senior": "$123,000 - $168,000", "lead": "$142,000 - $205,000+"},
		"chicago": {"junior": "$63,000 - $81,000", "mid": "$85,000 - $130,000", "senior": "$116,000 - $161,000", "lead": "$134,000 - $197,000+"},
		"remote":  {"junior": "$66,000 - $90,000", "mid": "$90,000 - $145,000", "senior": "$123,000 - $180,000", "lead": "$142,000 - $220,000+"},
		"atlanta": {"junior": "$59,000 - $78,000", "mid": "$80,000 - $125,000", "senior": "$109,000 - $155,000", "lead": "$126,000 - $190,000+"},
	}
	for where, b := range bands {
		for level, lv := range levels {
			t.Run(where+" "+level, func(t *testing.T) {
				m := runCommand(t, h, "/salary", where+" "+level)
				r := ranges[where][level]
				text := rendered(t, m)
				first := strings.Index(text, "$")
				if first < 0 || !strings.HasPrefix(text[first:], r) {
					t.Errorf("the first figure is not the range %s:\n%s", r, text)
				}
				assertContains(t, text,
					"*From the guide:* "+b.location+" with 3-5 years of experience: "+b.band+" a year",
					"*From the guide: national ranges by level*",
					"*"+lv.name+": "+lv.short+"*",
					"$95,000 - $145,000 annually for Python Backend Developers with 3-5 years of experience",
				)
				if level == "mid" {
					if r != b.band {
						t.Fatalf("mid-level in %s is %s, not the band %s", b.location, r, b.band)
					}
					assertContains(t, text,
						"*The guide's band: "+r+" a year* for Mid-level in "+b.location,
						"Not an estimate: the national Mid-level range ($95K-$145K) is the national average the bands are set against, so Mid-level is the "+b.location+" band.")
					assertContains(t, m.Text, "Mid-level in "+b.location+": "+r+" a year, the guide's "+b.location+" band")
					if strings.Contains(text, "Estimate") {
						t.Errorf("the band is called an estimate:\n%s", text)
					}
					return
				}
				assertContains(t, text,
					"*Estimate: "+r+" a year* for "+lv.name+" in "+b.location,
					"An estimate, not a figure from the guide: the national "+lv.name+" range ("+lv.short+") scaled by the "+b.location+" band against the national band: "+
						lv.min+" × "+b.minRatio+" and "+lv.max+" × "+b.maxRatio+", each rounded to the nearest $1,000.",
				)
				assertContains(t, m.Text, "an estimated "+r, "the guide's "+b.location+" band: "+b.band)
			})
		}
	}
}

// TestSalaryMidLevelSeattleIsTheGuidesBand: /salary seattle mid shows the guide's Seattle band,
// the same figures as /salary seattle, and says it is the band.
func TestSalaryMidLevelSeattleIsTheGuidesBand(t *testing.T) {
	h := newTestHandlers(t)
	text := rendered(t, runCommand(t, h, "/salary", "seattle mid"))
	assertContains(t, text, "*The guide's band: $110,000 - $160,000 a year* for Mid-level in Seattle, WA",
		"*From the guide:* Seattle, WA with 3-5 years of experience: $110,000 - $160,000 a year")
	for _, other := range []string{"$107,000", "$163,000", "Estimate"} {
		if strings.Contains(text, other) {
			t.Errorf("/salary seattle mid shows %q:\n%s", other, text)
		}
	}
}

// TestSalaryBandSaysWhatExperienceItIsFor: without a level the headline stays the guide's band,
// labelled with the experience it applies to, and no estimate is shown.
func TestSalaryBandSaysWhatExperienceItIsFor(t *testing.T) {
	h := newTestHandlers(t)
	text := rendered(t, runCommand(t, h, "/salary", "seattle"))
	assertContains(t, text, "*$110,000 - $160,000* a year in Seattle, WA with 3-5 years of experience", "`/salary seattle senior`")
	if strings.Contains(strings.ToLower(text), "estimate:") {
		t.Errorf("a band without a level shows an estimate:\n%s", text)
	}
}

// TestSalaryShowsTheSalaryDataAsItIs: a salary.csv row for the level in the location is shown as
// it is, labelled as the salary data's, in /salary and /salary compare.
func TestSalaryShowsTheSalaryDataAsItIs(t *testing.T) {
	c := *mustContent(t)
	c.Salary.Cells = []content.Cell{{Band: "austin", Level: "entry", Range: content.Range{Min: 72500, Max: 91000}}}
	h := testHandlers{content: &c, Lookups: NewLookups(&c, func(n int) int { return n - 1 })}
	resp, err := h.Lookups.Salary(context.Background(), Command{Name: "/salary", Text: "austin junior", UserID: "U1", ChannelID: "C1"})
	if err != nil || len(resp.Replies) != 1 {
		t.Fatalf("/salary austin junior: %+v, %v", resp, err)
	}
	m := resp.Replies[0]
	assertContains(t, rendered(t, m), "*From the salary data: $72,500 - $91,000 a year* for Entry-level in Austin, TX",
		"Not an estimate: the salary data's own range for Entry-level in Austin, TX.")
	assertContains(t, m.Text, "Entry-level in Austin, TX: $72,500 - $91,000 a year from the salary data (the guide's Austin, TX band: $95,000 - $140,000")
	_, cm := compare(t, h, "compare junior", "F0CHART")
	assertContains(t, rendered(t, cm), "*Austin, TX*\nSalary data: $72,500 - $91,000\nGuide band: $95,000 - $140,000",
		"*Seattle, WA*\nEstimate: $81,000 - $99,000 (× 110/95, × 160/145)", "that range is shown instead, marked as such")
}

func TestRatioReadsAsTheGuidesFigures(t *testing.T) {
	for _, tt := range []struct {
		num, den content.Dollars
		want     string
	}{
		{110000, 95000, "110/95"},
		{72500, 95000, "72.5/95"},
		{72250, 95000, "72,250/95,000"},
	} {
		if got := ratio(tt.num, tt.den); got != tt.want {
			t.Errorf("ratio(%d, %d) = %q, want %q", tt.num, tt.den, got, tt.want)
		}
	}
}
