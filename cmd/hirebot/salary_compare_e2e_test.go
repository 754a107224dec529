package main

import (
	"bytes"
	"encoding/json"
	"image/png"
	"strings"
	"testing"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

// imageFileIDs lists the file ids image blocks of m show through slack_file.
func imageFileIDs(t *testing.T, m fakeslack.Message) []string {
	t.Helper()
	var blocks []struct {
		Type      string `json:"type"`
		SlackFile struct {
			ID string `json:"id"`
		} `json:"slack_file"`
	}
	if err := json.Unmarshal(m.Blocks, &blocks); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, b := range blocks {
		if b.Type == "image" && b.SlackFile.ID != "" {
			ids = append(ids, b.SlackFile.ID)
		}
	}
	return ids
}

// chartFile checks that the message shows exactly one uploaded PNG of the compare chart's size
// (800 wide, a 30-pixel row for the national range and each of the 8 locations, 90 of margins),
// shared in no conversation, and returns it.
func chartFile(t *testing.T, fake *fakeslack.Server, m fakeslack.Message) fakeslack.File {
	t.Helper()
	ids := imageFileIDs(t, m)
	if len(ids) != 1 {
		t.Fatalf("the message shows %d images, want the chart: %s", len(ids), m.Blocks)
	}
	for _, f := range fake.Files() {
		if f.ID != ids[0] {
			continue
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(f.Content))
		if err != nil || !f.Complete {
			t.Fatalf("file %s (%s): complete=%v, not a PNG: %v", f.ID, f.Name, f.Complete, err)
		}
		if cfg.Width != 800 || cfg.Height != 56+9*30+34 {
			t.Errorf("chart is %d×%d, want 800×360", cfg.Width, cfg.Height)
		}
		return f
	}
	t.Fatalf("the image block shows %s, which was never uploaded", ids[0])
	return fakeslack.File{}
}

// TestSalaryCompareThroughSlack: /salary compare senior uploads the chart through Slack's external
// upload and the private answer shows it, with every location's estimate and guide band as text.
func TestSalaryCompareThroughSlack(t *testing.T) {
	t.Parallel()
	fake := newFake(t, fakeslack.Options{})
	h := startBot(t, fake, nil)
	m := h.Command(slacktest.Interviewer1, slacktest.Hiring, "/salary", "compare senior")
	if !m.Ephemeral || m.VisibleTo != slacktest.Interviewer1 {
		t.Errorf("reply is not private: ephemeral=%v visible_to=%q", m.Ephemeral, m.VisibleTo)
	}
	f := chartFile(t, fake, m)
	if f.Name != "salary-compare-senior.png" || f.Title != "Estimated Senior salary ranges by location" {
		t.Errorf("file %q titled %q", f.Name, f.Title)
	}
	for _, msg := range fake.Messages(slacktest.Hiring) {
		if len(msg.Files) > 0 {
			t.Errorf("the chart was shared as a file in the channel: %+v", msg)
		}
	}
	got := texts(t, m)
	mustContain(t, got, "Estimates, not figures from the guide",
		"*San Francisco, CA*\nEstimate: $171,000 - $223,000", "Guide band: $125,000 - $180,000",
		"*Atlanta, GA*\nEstimate: $109,000 - $155,000", "Guide band: $80,000 - $125,000",
		"national Senior range $130K-$180K", "Share in channel")
}

// TestShareSalaryCompare shares the compared answer: the channel's copy shows the chart too, and
// the private copy goes away.
func TestShareSalaryCompare(t *testing.T) {
	t.Parallel()
	fake := newFake(t, fakeslack.Options{})
	h := startBot(t, fake, nil)
	private := h.Command(slacktest.HiringManager, slacktest.Hiring, "/salary", "compare")
	chartFile(t, fake, private)
	ctx := h.Ctx()
	cursor := fake.Cursor()
	env, err := fake.ClickButton(ctx, slacktest.HiringManager, private, "share_in_channel")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.WaitAck(ctx); err != nil {
		t.Fatal(err)
	}
	public, err := fake.WaitMessageAfter(ctx, cursor, func(m fakeslack.Message) bool {
		return m.Channel == slacktest.Hiring && !m.Ephemeral && !m.Deleted && m.User == fake.BotUserID()
	})
	if err != nil {
		t.Fatalf("no public message: %v", err)
	}
	chartFile(t, fake, public)
	got := texts(t, public)
	mustContain(t, got, "The guide's band for each location", "Seattle, WA", "$110,000 - $160,000", "Shared by <@"+slacktest.HiringManager+">")
	if strings.Contains(got, "Share in channel") {
		t.Error("the public copy still offers sharing")
	}
	if _, err := fake.WaitMessage(ctx, func(m fakeslack.Message) bool { return m.TS == private.TS && m.Deleted }); err != nil {
		t.Errorf("the private copy was not removed: %v", err)
	}
}
