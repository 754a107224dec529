package content

import (
	"strings"
	"testing"
)

func TestEstimate(t *testing.T) {
	s := mustEmbedded(t).Salary
	tests := []struct {
		location, level string
		lo, hi          int
		how             string
	}{
		// The mid level is the national range, so the location's band applies as it is.
		{"austin", "mid", 95000, 140000, "the salary guide's band for Austin, TX"},
		{"Remote (US)", "mid-level", 90000, 145000, "the salary guide's band for Remote (US)"},
		// $70K × 95/95 and $90K × 140/145 = $86,897, rounded.
		{"austin", "junior", 70000, 87000, "the Entry-level range ($70K-$90K) scaled by Austin, TX's band ($95K-$140K) against the national range ($95K-$145K)"},
		// $130K × 125/95 = $171,053 and $180K × 180/145 = $223,448.
		{"sf", "senior", 171000, 223000, "the Senior range"},
		{"atlanta", "lead", 126000, 190000, "the Lead/Principal range ($150K-$220K+)"},
	}
	for _, tt := range tests {
		lo, hi, how, ok := s.RangeFor(tt.location, tt.level)
		if !ok || lo != tt.lo || hi != tt.hi || !strings.HasPrefix(how, tt.how) {
			t.Errorf("Estimate(%q, %q) = %d, %d, %q, %v; want %d, %d, %q…", tt.location, tt.level, lo, hi, how, ok, tt.lo, tt.hi, tt.how)
		}
	}
	for _, q := range [][2]string{{"london", "mid"}, {"austin", "wizard"}} {
		if _, _, _, ok := s.RangeFor(q[0], q[1]); ok {
			t.Errorf("Estimate(%q, %q) ok, want not found", q[0], q[1])
		}
	}
}

func TestEstimateUsesCell(t *testing.T) {
	s := mustEmbedded(t).Salary
	s.Cells = []Cell{{Band: "austin", Level: "entry", Range: Range{Min: 72500, Max: 91000}}}
	lo, hi, how, ok := s.RangeFor("Austin, TX", "junior")
	if !ok || lo != 72500 || hi != 91000 || how != "the salary data's range for Entry-level roles in Austin, TX" {
		t.Errorf("Estimate = %d, %d, %q, %v", lo, hi, how, ok)
	}
}
