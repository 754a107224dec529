package handlers

import (
	"strings"
	"testing"
)

// TestSalaryEstimateHeadline asks for every location × level: the answer leads with the estimate
// worked out by hand, says it is an estimate and how it was computed, then shows the guide's own
// figures exactly as the guide writes them, each labelled.
func TestSalaryEstimateHeadline(t *testing.T) {
	h := newTestHandlers(t)
	bands := map[string]struct{ location, band, factor, mid string }{
		"sf":      {"San Francisco, CA", "$125,000 - $180,000", "≈1.271", "$152,500"},
		"nyc":     {"New York, NY", "$115,000 - $165,000", "≈1.167", "$140,000"},
		"seattle": {"Seattle, WA", "$110,000 - $160,000", "1.125", "$135,000"},
		"austin":  {"Austin, TX", "$95,000 - $140,000", "≈0.979", "$117,500"},
		"denver":  {"Denver, CO", "$90,000 - $135,000", "≈0.938", "$112,500"},
		"chicago": {"Chicago, IL", "$85,000 - $130,000", "≈0.896", "$107,500"},
		"remote":  {"Remote (US)", "$90,000 - $145,000", "≈0.979", "$117,500"},
		"atlanta": {"Atlanta, GA", "$80,000 - $125,000", "≈0.854", "$102,500"},
	}
	levels := map[string]struct{ name, short string }{
		"junior": {"Entry-level", "$70K-$90K"},
		"mid":    {"Mid-level", "$95K-$145K"},
		"senior": {"Senior", "$130K-$180K"},
		"lead":   {"Lead/Principal", "$150K-$220K+"},
	}
	estimates := map[string]map[string]string{ // by hand: level × band midpoint / $120,000, to $1,000
		"sf":      {"junior": "$89,000 - $114,000", "mid": "$121,000 - $184,000", "senior": "$165,000 - $229,000", "lead": "$191,000 - $280,000+"},
		"nyc":     {"junior": "$82,000 - $105,000", "mid": "$111,000 - $169,000", "senior": "$152,000 - $210,000", "lead": "$175,000 - $257,000+"},
		"seattle": {"junior": "$79,000 - $101,000", "mid": "$107,000 - $163,000", "senior": "$146,000 - $203,000", "lead": "$169,000 - $248,000+"},
		"austin":  {"junior": "$69,000 - $88,000", "mid": "$93,000 - $142,000", "senior": "$127,000 - $176,000", "lead": "$147,000 - $215,000+"},
		"denver":  {"junior": "$66,000 - $84,000", "mid": "$89,000 - $136,000", "senior": "$122,000 - $169,000", "lead": "$141,000 - $206,000+"},
		"chicago": {"junior": "$63,000 - $81,000", "mid": "$85,000 - $130,000", "senior": "$116,000 - $161,000", "lead": "$134,000 - $197,000+"},
		"remote":  {"junior": "$69,000 - $88,000", "mid": "$93,000 - $142,000", "senior": "$127,000 - $176,000", "lead": "$147,000 - $215,000+"},
		"atlanta": {"junior": "$60,000 - $77,000", "mid": "$81,000 - $124,000", "senior": "$111,000 - $154,000", "lead": "$128,000 - $188,000+"},
	}
	for where, b := range bands {
		for level, lv := range levels {
			t.Run(where+" "+level, func(t *testing.T) {
				m := runCommand(t, h, "/salary", where+" "+level)
				est := estimates[where][level]
				text := rendered(t, m)
				first := strings.Index(text, "$")
				if first < 0 || !strings.HasPrefix(text[first:], est) {
					t.Errorf("the first figure is not the estimate %s:\n%s", est, text)
				}
				assertContains(t, text,
					"*Estimate: "+est+" a year* for "+lv.name+" in "+b.location,
					"An estimate, not a figure from the guide: the national "+lv.name+" range ("+lv.short+") × "+b.factor,
					"the "+b.location+" band's midpoint ("+b.mid+") over the national average's midpoint ($120,000)",
					"rounded to the nearest $1,000",
					"*From the guide:* "+b.location+" with 3-5 years of experience: "+b.band+" a year",
					"*From the guide: national ranges by level*",
					"*"+lv.name+": "+lv.short+"*",
					"$95,000 - $145,000 annually for Python Backend Developers with 3-5 years of experience",
				)
				assertContains(t, m.Text, "an estimated "+est, "the guide's "+b.location+" band: "+b.band)
			})
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
