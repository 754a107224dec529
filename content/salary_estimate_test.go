package content

import (
	"strings"
	"testing"
)

// TestSalaryEstimates checks every location × level estimate against figures worked out by hand:
// the national level range × (band min + band max) / ($95,000 + $145,000), to the nearest $1,000.
func TestSalaryEstimates(t *testing.T) {
	want := map[string]map[string]string{ // band → level → estimate
		"san-francisco": {"entry": "$89,000 - $114,000", "mid": "$121,000 - $184,000", "senior": "$165,000 - $229,000", "lead": "$191,000 - $280,000+"},
		"new-york":      {"entry": "$82,000 - $105,000", "mid": "$111,000 - $169,000", "senior": "$152,000 - $210,000", "lead": "$175,000 - $257,000+"},
		"seattle":       {"entry": "$79,000 - $101,000", "mid": "$107,000 - $163,000", "senior": "$146,000 - $203,000", "lead": "$169,000 - $248,000+"},
		"austin":        {"entry": "$69,000 - $88,000", "mid": "$93,000 - $142,000", "senior": "$127,000 - $176,000", "lead": "$147,000 - $215,000+"},
		"denver":        {"entry": "$66,000 - $84,000", "mid": "$89,000 - $136,000", "senior": "$122,000 - $169,000", "lead": "$141,000 - $206,000+"},
		"chicago":       {"entry": "$63,000 - $81,000", "mid": "$85,000 - $130,000", "senior": "$116,000 - $161,000", "lead": "$134,000 - $197,000+"},
		"remote-us":     {"entry": "$69,000 - $88,000", "mid": "$93,000 - $142,000", "senior": "$127,000 - $176,000", "lead": "$147,000 - $215,000+"},
		"atlanta":       {"entry": "$60,000 - $77,000", "mid": "$81,000 - $124,000", "senior": "$111,000 - $154,000", "lead": "$128,000 - $188,000+"},
	}
	s := mustEmbedded(t).Salary
	n := 0
	for _, b := range s.Bands {
		for _, lv := range s.Levels {
			w, ok := want[b.Slug][lv.Slug]
			if !ok {
				t.Errorf("no hand-computed estimate for %s × %s", b.Slug, lv.Slug)
				continue
			}
			n++
			if got := s.Estimate(b, lv).Range.String(); got != w {
				t.Errorf("Estimate(%s, %s) = %s, want %s", b.Slug, lv.Slug, got, w)
			}
		}
	}
	if n != 32 {
		t.Errorf("checked %d estimates, want 8 locations × 4 levels", n)
	}
}

func TestSalaryEstimateFactor(t *testing.T) {
	s := mustEmbedded(t).Salary
	for _, tt := range []struct{ band, factor, bandMid string }{
		{"seattle", "1.125", "$135,000"},
		{"san-francisco", "≈1.271", "$152,500"},
		{"denver", "≈0.938", "$112,500"},
		{"austin", "≈0.979", "$117,500"},
	} {
		b, _ := s.Band(tt.band)
		e := s.Estimate(b, s.Levels[0])
		if got := e.FactorString(); got != tt.factor {
			t.Errorf("%s: FactorString() = %q, want %q", tt.band, got, tt.factor)
		}
		if got := b.Range.Mid().String(); got != tt.bandMid {
			t.Errorf("%s: band midpoint = %s, want %s", tt.band, got, tt.bandMid)
		}
	}
	if got := s.National.Mid().String(); got != "$120,000" {
		t.Errorf("national midpoint = %s, want $120,000", got)
	}
}

func TestScaleToThousandRoundsHalvesUp(t *testing.T) {
	for _, tt := range []struct {
		d        Dollars
		num, den int64
		want     Dollars
	}{
		{180000, 270000, 240000, 203000}, // 202,500
		{130000, 270000, 240000, 146000}, // 146,250
		{180000, 305000, 240000, 229000}, // 228,750
		{1000, 1, 1, 1000},
		{499, 1, 1, 0},
		{500, 1, 1, 1000},
		{1000, 1, 0, 0},
	} {
		if got := scaleToThousand(tt.d, tt.num, tt.den); got != tt.want {
			t.Errorf("scaleToThousand(%d, %d, %d) = %d, want %d", tt.d, tt.num, tt.den, got, tt.want)
		}
	}
}

// TestSalaryExperienceIsTheGuides checks the experience the bands apply to is worded as the guide
// words it in the national average.
func TestSalaryExperienceIsTheGuides(t *testing.T) {
	s := mustEmbedded(t).Salary
	if s.Experience != "3-5 years of experience" || !strings.HasSuffix(s.NationalNote, "with "+s.Experience) {
		t.Errorf("Experience = %q, national note %q", s.Experience, s.NationalNote)
	}
}
