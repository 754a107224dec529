package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"strings"
	"testing"
)

// compare runs /salary with text and returns the file it uploads and the reply shown once Slack
// gave the file id (or "" for a failed upload).
func compare(t *testing.T, h testHandlers, text, fileID string) (File, Message) {
	t.Helper()
	resp, err := h.Lookups.Salary(context.Background(), Command{Name: "/salary", Text: text, UserID: "U1", ChannelID: "C1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Replies) != 0 || len(resp.Files) != 1 || resp.Files[0].Then == nil {
		t.Fatalf("/salary %s: %d replies, files %+v; want one file to upload, then the reply", text, len(resp.Replies), resp.Files)
	}
	msgs := resp.Files[0].Then(fileID)
	if len(msgs) != 1 {
		t.Fatalf("/salary %s: %d replies after the upload", text, len(msgs))
	}
	return resp.Files[0], msgs[0]
}

func TestSalaryCompareShowsEveryLocationAsTextAndChart(t *testing.T) {
	h := newTestHandlers(t)
	f, m := compare(t, h, "compare senior", "F0CHART")
	cfg, err := png.DecodeConfig(strings.NewReader(f.Content))
	if err != nil || cfg.Width != 800 || !strings.HasSuffix(f.Name, ".png") {
		t.Fatalf("chart %q: %+v, %v", f.Name, cfg, err)
	}
	text := rendered(t, m)
	assertContains(t, text, "Estimates, not figures from the guide", "its minimum × each location band's minimum / $95K",
		"*Seattle, WA*\nEstimate: $151,000 - $199,000 (× 110/95, × 160/145)\nGuide band: $110,000 - $160,000",
		"*Atlanta, GA*\nEstimate: $109,000 - $155,000 (× 80/95, × 125/145)\nGuide band: $80,000 - $125,000",
		"national Senior range $130K-$180K", "Share in channel")
	raw, _ := json.Marshal(m.Blocks)
	if !bytes.Contains(raw, []byte(`"slack_file":{"id":"F0CHART"}`)) || !bytes.Contains(raw, []byte(`"alt_text":"Range chart, Estimated Senior salary ranges by location. National Senior: $130K-$180K; San Francisco, CA: $171K-$223K;`)) {
		t.Errorf("no image block showing the chart with its figures as alt text:\n%s", raw)
	}
	if v := shareValue(m); v != "/salary compare senior" {
		t.Errorf("share value %q", v)
	}
}

func TestSalaryCompareWithoutLevelShowsTheGuidesBands(t *testing.T) {
	h := newTestHandlers(t)
	_, m := compare(t, h, "compare", "F0CHART")
	text := rendered(t, m)
	assertContains(t, text, "*The guide's band for each location*, with 3-5 years of experience",
		"*San Francisco, CA*\n$125,000 - $180,000\n_Premium market_", "*Atlanta, GA*\n$80,000 - $125,000")
	if strings.Contains(text, "Estimate") {
		t.Errorf("the guide's bands are called estimates:\n%s", text)
	}
}

func TestSalaryCompareWithoutTheChart(t *testing.T) {
	h := newTestHandlers(t)
	_, m := compare(t, h, "compare lead", "")
	raw, _ := json.Marshal(m.Blocks)
	if bytes.Contains(raw, []byte("slack_file")) {
		t.Errorf("a failed upload is still shown: %s", raw)
	}
	assertContains(t, rendered(t, m), "The chart could not be sent", "Estimate: $197,000 - $273,000+")
}

// TestSalaryCompareMidLevelShowsTheGuidesBands: the mid level's range is the national one, so
// each location's figure is its band, labelled as the guide's, not as an estimate.
func TestSalaryCompareMidLevelShowsTheGuidesBands(t *testing.T) {
	h := newTestHandlers(t)
	f, m := compare(t, h, "compare mid", "F0CHART")
	text := rendered(t, m)
	assertContains(t, text, "*Mid-level ranges by location*", "The guide's own band for each location",
		"*Seattle, WA*\nGuide band: $110,000 - $160,000", "*Atlanta, GA*\nGuide band: $80,000 - $125,000")
	if strings.Contains(text, "Estimate") || strings.Contains(f.Title, "Estimate") {
		t.Errorf("the guide's bands are called estimates (chart %q):\n%s", f.Title, text)
	}
}

func TestSalaryCompareTakesNoLocation(t *testing.T) {
	h := newTestHandlers(t)
	m := runCommand(t, h, "/salary", "compare seattle")
	assertContains(t, rendered(t, m), "`/salary compare` takes a level only", "/salary compare senior")
	if shareValue(m) != "" {
		t.Error("the hint can be shared")
	}
}
