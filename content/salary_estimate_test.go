package content

import (
	"strings"
	"testing"
)

// TestSalaryEstimates checks every location × level estimate against figures worked out by hand:
// each end of the level's national range × the band's end / the national end ($95K min, $145K
// max), to the nearest $1,000. In thousands:
//
//	band ($K)       Entry 70-90              Mid 95-145  Senior 130-180             Lead 150-220+
//	SF 125-180      70×125/95=92.1→92        the band    130×125/95=171.05→171      150×125/95=197.4→197
//	                90×180/145=111.7→112                 180×180/145=223.4→223      220×180/145=273.1→273
//	NY 115-165      70×115/95=84.7→85        the band    130×115/95=157.4→157       150×115/95=181.6→182
//	                90×165/145=102.4→102                 180×165/145=204.8→205      220×165/145=250.3→250
//	Seattle 110-160 70×110/95=81.05→81       the band    130×110/95=150.5→151       150×110/95=173.7→174
//	                90×160/145=99.3→99                   180×160/145=198.6→199      220×160/145=242.8→243
//	Austin 95-140   70×95/95=70              the band    130×95/95=130              150×95/95=150
//	                90×140/145=86.9→87                   180×140/145=173.8→174      220×140/145=212.4→212
//	Denver 90-135   70×90/95=66.3→66         the band    130×90/95=123.2→123        150×90/95=142.1→142
//	                90×135/145=83.8→84                   180×135/145=167.6→168      220×135/145=204.8→205
//	Chicago 85-130  70×85/95=62.6→63         the band    130×85/95=116.3→116        150×85/95=134.2→134
//	                90×130/145=80.7→81                   180×130/145=161.4→161      220×130/145=197.2→197
//	Remote 90-145   70×90/95=66.3→66         the band    130×90/95=123.2→123        150×90/95=142.1→142
//	                90×145/145=90                        180×145/145=180            220×145/145=220
//	Atlanta 80-125  70×80/95=58.9→59         the band    130×80/95=109.5→109        150×80/95=126.3→126
//	                90×125/145=77.6→78                   180×125/145=155.2→155      220×125/145=189.7→190
//
// Mid-level's range is the national one, so it is each location's band as the guide gives it.
func TestSalaryEstimates(t *testing.T) {
	want := map[string]map[string]string{ // band → level → estimate
		"san-francisco": {"entry": "$92,000 - $112,000", "mid": "$125,000 - $180,000", "senior": "$171,000 - $223,000", "lead": "$197,000 - $273,000+"},
		"new-york":      {"entry": "$85,000 - $102,000", "mid": "$115,000 - $165,000", "senior": "$157,000 - $205,000", "lead": "$182,000 - $250,000+"},
		"seattle":       {"entry": "$81,000 - $99,000", "mid": "$110,000 - $160,000", "senior": "$151,000 - $199,000", "lead": "$174,000 - $243,000+"},
		"austin":        {"entry": "$70,000 - $87,000", "mid": "$95,000 - $140,000", "senior": "$130,000 - $174,000", "lead": "$150,000 - $212,000+"},
		"denver":        {"entry": "$66,000 - $84,000", "mid": "$90,000 - $135,000", "senior": "$123,000 - $168,000", "lead": "$142,000 - $205,000+"},
		"chicago":       {"entry": "$63,000 - $81,000", "mid": "$85,000 - $130,000", "senior": "$116,000 - $161,000", "lead": "$134,000 - $197,000+"},
		"remote-us":     {"entry": "$66,000 - $90,000", "mid": "$90,000 - $145,000", "senior": "$123,000 - $180,000", "lead": "$142,000 - $220,000+"},
		"atlanta":       {"entry": "$59,000 - $78,000", "mid": "$80,000 - $125,000", "senior": "$109,000 - $155,000", "lead": "$126,000 - $190,000+"},
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
			e := s.Estimate(b, lv)
			if got := e.Range.String(); got != w {
				t.Errorf("Estimate(%s, %s) = %s, want %s", b.Slug, lv.Slug, got, w)
			}
			if wantSource := map[bool]EstimateSource{true: SourceBand, false: SourceScaled}[lv.Slug == "mid"]; e.Source != wantSource {
				t.Errorf("Estimate(%s, %s).Source = %d, want %d", b.Slug, lv.Slug, e.Source, wantSource)
			}
		}
	}
	if n != 32 {
		t.Errorf("checked %d estimates, want 8 locations × 4 levels", n)
	}
}

// TestSalaryEstimateMidLevelIsTheBand: the mid level's range is the national one, so its range in
// a location is exactly the guide's band there, not a figure near it.
func TestSalaryEstimateMidLevelIsTheBand(t *testing.T) {
	s := mustEmbedded(t).Salary
	b, _ := s.Band("seattle")
	lv, _ := s.Level("mid")
	e := s.Estimate(b, lv)
	if e.Range != b.Range || e.Source != SourceBand || !e.Exact() {
		t.Errorf("Estimate(seattle, mid) = %s (source %d, exact %v), want the band %s", e.Range, e.Source, e.Exact(), b.Range)
	}
}

// TestSalaryEstimateUsesTheSalaryData: a salary.csv row for the level in the location wins over
// both the scaled estimate and the band.
func TestSalaryEstimateUsesTheSalaryData(t *testing.T) {
	s := mustEmbedded(t).Salary
	s.Cells = []Cell{
		{Band: "austin", Level: "entry", Range: Range{Min: 72500, Max: 91000}},
		{Band: "seattle", Level: "mid", Range: Range{Min: 112000, Max: 158000}},
	}
	for _, tt := range []struct {
		band, level string
		want        Range
	}{
		{"austin", "entry", Range{Min: 72500, Max: 91000}},
		{"seattle", "mid", Range{Min: 112000, Max: 158000}},
	} {
		b, _ := s.Band(tt.band)
		lv, _ := s.Level(tt.level)
		if e := s.Estimate(b, lv); e.Range != tt.want || e.Source != SourceData || !e.Exact() {
			t.Errorf("Estimate(%s, %s) = %s (source %d), want the salary data's %s", tt.band, tt.level, e.Range, e.Source, tt.want)
		}
	}
}

// TestSalaryEstimateScaledEndsStayOrdered: a band whose maximum is low against the national
// maximum cannot give a maximum below the minimum.
func TestSalaryEstimateScaledEndsStayOrdered(t *testing.T) {
	s := mustEmbedded(t).Salary
	b := Band{Slug: "odd", Location: "Odd", Range: Range{Min: 140000, Max: 141000}}
	lv, _ := s.Level("entry")
	// $70K × 140/95 = $103,158 → $103,000; $90K × 141/145 = $87,517 → $88,000, raised to $103,000.
	if e := s.Estimate(b, lv); e.Range != (Range{Min: 103000, Max: 103000}) || e.Exact() {
		t.Errorf("Estimate = %s (exact %v), want $103,000 - $103,000", e.Range, e.Exact())
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
