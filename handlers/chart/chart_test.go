package chart

import (
	"bytes"
	"image/png"
	"testing"
)

func sample() Ranges {
	return Ranges{
		Title:    "Python backend salaries by location",
		Subtitle: "Guide figures",
		Bars: []Bar{
			{Label: "National average", Min: 95000, Max: 145000, Text: "$95K-$145K", Reference: true},
			{Label: "San Francisco, CA", Min: 125000, Max: 180000, Text: "$125K-$180K"},
			{Label: "Atlanta, GA", Min: 80000, Max: 125000, Text: "$80K-$125K"},
		},
	}
}

func TestPNGDecodesWithItsSize(t *testing.T) {
	r := sample()
	raw, err := r.PNG()
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	w, h := r.Size()
	if cfg.Width != w || cfg.Height != h || w != Width || h != top+3*rowHeight+bottom {
		t.Errorf("image is %d×%d, Size says %d×%d", cfg.Width, cfg.Height, w, h)
	}
}

// TestBarsRunFromMinToMax reads the pixels: each bar is coloured from its minimum to its
// maximum, the reference bar grey, and the plot is blank just outside each bar.
func TestBarsRunFromMinToMax(t *testing.T) {
	r := sample()
	img := r.Image()
	for i, b := range r.Bars {
		x0, x1, y := r.BarSpan(i)
		want := BarColor
		if b.Reference {
			want = ReferenceColor
		}
		for _, x := range []int{x0, (x0 + x1) / 2, x1 - 1} {
			if got := img.RGBAAt(x, y); got != want {
				t.Errorf("bar %d (%s) at x=%d: %v, want %v", i, b.Label, x, got, want)
			}
		}
		if got := img.RGBAAt(x0-2, y); got == want {
			t.Errorf("bar %d (%s) starts before its minimum", i, b.Label)
		}
	}
	// San Francisco's bar ends to the right of Atlanta's, and starts to the right of it too.
	sf0, sf1, _ := r.BarSpan(1)
	at0, at1, _ := r.BarSpan(2)
	if sf0 <= at0 || sf1 <= at1 {
		t.Errorf("bars not to scale: SF %d-%d, Atlanta %d-%d", sf0, sf1, at0, at1)
	}
}

func TestScaleCoversEveryBarInRoundTicks(t *testing.T) {
	s := sample().scale()
	if s.lo != 80000 || s.hi != 180000 || s.step != 20000 {
		t.Errorf("scale = %+v, want $80K to $180K in $20K ticks", s)
	}
	if got := (Ranges{}).Image().Bounds().Dy(); got != top+bottom {
		t.Errorf("an empty chart is %d tall", got)
	}
}

func TestFitLabel(t *testing.T) {
	if got := fitLabel("San Francisco, CA", 20); got != "San Francisco, CA" {
		t.Errorf("fitLabel kept %q", got)
	}
	if got := fitLabel("A very long location name indeed", 10); got != "A very ..." {
		t.Errorf("fitLabel cut to %q", got)
	}
}

// TestOwnUnitScalesFromItsTick: a chart in another unit (minutes here) has its axis in steps of
// its Tick, doubled until it fits, and labelled by its Axis.
func TestOwnUnitScalesFromItsTick(t *testing.T) {
	var labels []int
	r := Ranges{Title: "Delays", Tick: 60, Axis: func(v int) string { labels = append(labels, v); return "x" },
		Bars: []Bar{{Label: "#1", Min: 30, Max: 600}, {Label: "#2", Min: 0, Max: 0}}}
	s := r.scale()
	if s.lo != 0 || s.step != 120 || s.hi != 600 {
		t.Errorf("scale %+v, want 0 to 600 in steps of 120", s)
	}
	r.Image()
	if len(labels) != 6 || labels[5] != 600 {
		t.Errorf("axis labelled %v, want every tick from 0 to 600", labels)
	}
	x0, x1, _ := r.BarSpan(1)
	if x1-x0 != 2 {
		t.Errorf("an empty bar spans %d px, want a 2 px mark", x1-x0)
	}
}
