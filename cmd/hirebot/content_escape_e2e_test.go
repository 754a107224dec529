package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
	"hirebot/handlers"
)

// hostile is what TestTeamContentIsEscaped appends to every text of the team's content: a
// channel ping, a mention and a word in angle brackets, which Slack would swallow.
const hostile = " <!here> <@U123> <candidate>"

// notText are the content fields that are keys, matched against what users type, or picked by
// value: they are never shown as mrkdwn, and the content's own cross-references rely on them.
var notText = map[string]bool{"slug": true, "aliases": true, "keywords": true, "key": true, "value": true,
	"audience": true, "phrases": true, "evaluation_tips_for": true, "stage": true, "topics": true, "technologies": true, "from": true}

// hostileContent writes a content directory where every text field of every file ends in
// hostile.
func hostileContent(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join("..", "..", "content", "data")
	files, err := filepath.Glob(filepath.Join(src, "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no content files in %s: %v", src, err)
	}
	var mark func(v any, key string) any
	mark = func(v any, key string) any {
		if notText[key] {
			return v
		}
		switch x := v.(type) {
		case map[string]any:
			for k, child := range x {
				x[k] = mark(child, k)
			}
		case []any:
			for i, child := range x {
				x[i] = mark(child, key)
			}
		case string:
			if strings.HasSuffix(x, "]") { // a placeholder for the author to fill in: "[Confirm …]"
				return hostile + x
			}
			return x + hostile
		}
		return v
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out, err := json.Marshal(mark(v, ""))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), out, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// mrkdwnTexts is every mrkdwn text in blocks (plain_text shows < and > as typed, so it needs no
// escaping).
func mrkdwnTexts(t testing.TB, blocks json.RawMessage) []string {
	t.Helper()
	if len(blocks) == 0 {
		return nil
	}
	var decoded any
	if err := json.Unmarshal(blocks, &decoded); err != nil {
		t.Fatalf("blocks are not JSON: %v", err)
	}
	var out []string
	slacktest.Walk(decoded, func(x map[string]any) {
		if s, ok := x["text"].(string); ok && x["type"] == "mrkdwn" {
			out = append(out, s)
		}
	})
	return out
}

// TestTeamContentIsEscaped points hirebot at a team's content with a channel ping, a mention and
// a bracketed word in every text field, and drives every path that shows content: /salary,
// /interview-questions and /hiring-faq (shared in the channel too), the job posting preview, an
// interview kit and the scorecard form. Everything shows them as text: the fake Slack, which
// refuses unescaped mrkdwn, refuses nothing, and no mrkdwn or top-level text holds them raw.
func TestTeamContentIsEscaped(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	h := startBot(t, fake, map[string]string{"HIREBOT_CONTENT_DIR": hostileContent(t)})
	hm, i1 := slacktest.HiringManager, slacktest.Interviewer1

	type shown struct {
		what   string
		text   string
		blocks json.RawMessage
	}
	var seen []shown
	message := func(what string, m fakeslack.Message) {
		seen = append(seen, shown{what, m.Text, append(json.RawMessage(nil), m.Blocks...)})
	}
	view := func(what string, v fakeslack.View) { seen = append(seen, shown{what, "", v.Blocks}) }

	// Lookups, privately and shared in the channel.
	for _, c := range []struct{ command, text string }{
		{"/salary", ""}, {"/salary", "seattle senior"}, {"/interview-questions", "system design"},
		{"/interview-questions", "technical"}, {"/hiring-faq", "degree"}, {"/hiring-faq", ""},
	} {
		what := c.command + " " + c.text
		private := h.Command(hm, slacktest.Hiring, c.command, c.text)
		message(what, private)
		if !strings.Contains(texts(t, private), "Share in channel") {
			continue
		}
		cursor := fake.Cursor()
		h.Click(hm, private, "share_in_channel")
		public, err := fake.WaitMessageAfter(h.Ctx(), cursor, func(m fakeslack.Message) bool {
			return m.Channel == slacktest.Hiring && !m.Ephemeral && !m.Deleted
		})
		if err != nil {
			t.Fatalf("%s: no public message: %v", what, err)
		}
		message(what+" (shared)", public)
		if _, err := fake.WaitMessage(h.Ctx(), func(m fakeslack.Message) bool { return m.TS == private.TS && m.Deleted }); err != nil {
			t.Fatalf("%s: the private copy was not removed: %v", what, err)
		}
	}

	// The job posting preview, with a wording hint.
	form := h.openPostingForm(hm)
	h.SubmitOK(hm, form, postingForm{company: "Acme", level: "senior", industry: "fintech", setting: "startup", location: "seattle", notes: "We want a rockstar"}.values())
	preview, err := fake.WaitView(h.Ctx(), func(v fakeslack.View) bool { return v.ID == form.ID && v.CallbackID == handlers.ViewPostingPreview })
	if err != nil {
		t.Fatalf("no posting preview: %v", err)
	}
	view("posting preview", preview)

	// An interview kit and the scorecard form.
	cursor := fake.Cursor()
	start := h.Clock.Now().Truncate(time.Hour).Add(2 * time.Hour)
	h.SubmitOK(hm, h.openInterviewForm(hm), withStage(interviewValues("Jane Doe", []string{i1}, start, "60"), "system-design"))
	h.WaitDM(cursor, i1, "You're on the panel")
	h.Clock.Set(start.Add(-10 * time.Minute))
	h.sweep()
	message("interview kit", h.WaitDM(cursor, i1, "Interview kit"))
	h.Run(i1, slacktest.Hiring, "/feedback", "Jane Doe")
	view("scorecard form", h.WaitView(i1, "scorecard"))

	for _, s := range seen {
		all := append([]string{s.text}, mrkdwnTexts(t, s.blocks)...)
		joined := strings.Join(all, "\n")
		if shownAll := texts(t, fakeslack.Message{Blocks: s.blocks}); !strings.Contains(joined, "&lt;!here&gt;") && !strings.Contains(shownAll, "<!here>") {
			t.Errorf("%s shows none of the team's content:\n%s", s.what, joined)
		}
		for _, raw := range strings.Fields(hostile) {
			if strings.Contains(joined, raw) {
				t.Errorf("%s shows %s unescaped:\n%s", s.what, raw, joined)
			}
		}
	}
	for _, c := range fake.Calls("") {
		if strings.Contains(string(c.Response), "control sequence") || strings.Contains(string(c.Response), "must not ping") ||
			strings.Contains(string(c.Response), "must mention only") {
			t.Errorf("Slack refused unescaped text in %s: %s", c.Method, c.Response)
		}
	}
	for _, e := range fake.UserErrors() {
		t.Errorf("a user saw a Slack error: %+v", e)
	}
}
