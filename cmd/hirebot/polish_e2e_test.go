package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
	"hirebot/handlers"
)

// messageMrkdwn is a message's top-level text and every mrkdwn text of its blocks: what Slack
// reads formatting, mentions and special commands in (plain_text shows as typed).
func messageMrkdwn(t *testing.T, m fakeslack.Message) string {
	t.Helper()
	return strings.Join(append([]string{m.Text}, mrkdwnTexts(t, m.Blocks)...), "\n")
}

// TestUserTextShowsLiterallyThroughSlack records an interview whose candidate and role are typed
// with Slack's formatting marks and a channel ping: the confirmation, the panel's heads-up,
// /interview list and the overdue reminder show them as typed, neither formatted nor pinging
// anyone. A job posting typed the same way shows its title, company and notes as typed in the
// draft preview and in the copy shared in a channel, the template's own formatting kept.
func TestUserTextShowsLiterallyThroughSlack(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	h := startBot(t, fake, feedbackEnv(nil)) // reminders at any hour: the test runs at any time of day
	hm, i1 := slacktest.HiringManager, slacktest.Interviewer1
	values := interviewValues("Jo *Bold* <!here>", []string{i1}, h.Clock.Now().Truncate(time.Hour).Add(2*time.Hour), "60")
	values["iv_role"] = map[string]fakeslack.Value{"value": {Type: "plain_text_input", Value: "~Staff~ _Backend_ `dev` <!channel>"}}
	cursor := fake.Cursor()
	h.SubmitOK(hm, h.openInterviewForm(hm), values)

	const wj = "\u2060" // the word joiner that keeps a mark from formatting
	m := func(mark string) string { return wj + mark + wj }
	seen := map[string]fakeslack.Message{
		"confirmation": h.waitPrivate(cursor, hm, "Recorded"),
		"heads-up":     h.WaitDM(cursor, i1, "You're on the panel"),
		"list":         h.Command(hm, slacktest.Hiring, "/interview", "list"),
	}
	h.Clock.Advance(5 * time.Hour) // the interview ended hours ago: its scorecard is overdue
	h.sweep()
	seen["overdue reminder"] = h.WaitDM(cursor, i1, "is overdue")
	for name, msg := range seen {
		got := messageMrkdwn(t, msg)
		mustContain(t, got, "Jo "+m("*")+"Bold"+m("*")+" &lt;!here&gt;",
			m("~")+"Staff"+m("~")+" "+m("_")+"Backend"+m("_"))
		for _, raw := range []string{"<!here>", "<!channel>", "*Bold*", "~Staff~", "_Backend_", "`dev`"} {
			if strings.Contains(got, raw) {
				t.Errorf("the %s has %q as mrkdwn, which Slack would format or act on:\n%s", name, raw, got)
			}
		}
	}

	f := postingAcme
	f.title, f.company, f.notes = "*Senior* Dev", "_Acme_", "~strike~ *bold* <!here>"
	preview := h.writePostingDraft(hm, f)
	cursor = fake.Cursor()
	h.ClickView(hm, preview, handlers.ActionPostingShare)
	h.SubmitOK(hm, h.WaitViewAfter(cursor, hm, handlers.ViewPostingShare), map[string]map[string]fakeslack.Value{
		"jp_channel": {"input": {SelectedConversation: slacktest.Hiring}},
	})
	shared, err := fake.WaitMessageAfter(h.Ctx(), cursor, func(m fakeslack.Message) bool {
		return m.Channel == slacktest.Hiring && !m.Ephemeral && m.Via == fakeslack.ViaPostMessage
	})
	if err != nil {
		t.Fatalf("nothing shared in the channel: %v", err)
	}
	for name, msg := range map[string]fakeslack.Message{
		"posting preview": {Blocks: preview.Blocks},
		"shared posting":  shared,
	} {
		got := messageMrkdwn(t, msg)
		mustContain(t, got,
			"*"+m("_")+"Acme"+m("_")+"* · Senior", // the template's bold around the typed company
			m("_")+"Acme"+m("_")+" is seeking a skilled "+m("*")+"Senior"+m("*")+" Dev",
			m("~")+"strike"+m("~")+" "+m("*")+"bold"+m("*")+" &lt;!here&gt;",
			"*Position Overview*")
		for _, raw := range []string{"<!here>", "*Senior*", "_Acme_", "~strike~", "*bold*"} {
			if strings.Contains(got, raw) {
				t.Errorf("the %s has %q as mrkdwn, which Slack would format or act on:\n%s", name, raw, got)
			}
		}
	}

	// The Markdown export is for a job board, not Slack: the author's text as typed, escaped for
	// Markdown, without word joiners.
	cursor = fake.Cursor()
	h.ClickView(hm, preview, handlers.ActionPostingExport)
	dm := h.WaitDMMatch(cursor, hm, func(m fakeslack.Message) bool { return len(m.Files) > 0 })
	var md string
	for _, file := range fake.Files() {
		if file.ID == dm.Files[0] {
			md = string(file.Content)
		}
	}
	mustContain(t, md, "# \\*Senior\\* Dev\n\n**\\_Acme\\_** · Senior", "\\~strike\\~ \\*bold\\* &lt;!here&gt;")
	if strings.Contains(md, wj) {
		t.Errorf("the Markdown export has word joiners:\n%s", md)
	}
}

// TestTimesAreInTheViewersZoneThroughSlack: the interview form says which zone its start time is
// read in, each person's own, and /job-posting list shows when a draft changed in the viewer's
// zone, not in UTC.
func TestTimesAreInTheViewersZoneThroughSlack(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	h := startBot(t, fake, nil)
	for user, zone := range map[string]string{slacktest.HiringManager: "America/Los_Angeles", slacktest.Interviewer1: "Europe/Berlin"} {
		form := h.openInterviewForm(user)
		if got := inputHint(t, form, "iv_start"); !strings.Contains(got, "In your time zone ("+zone+")") {
			t.Errorf("%s's Starts hint = %q, want their zone %s", user, got, zone)
		}
		h.writePostingDraft(user, postingAcme)
		list := texts(t, h.Command(user, slacktest.Hiring, "/job-posting", "list"))
		abbr := h.Clock.Now().In(mustZone(t, zone)).Format("MST")
		mustContain(t, list, " "+abbr+">")
		if strings.Contains(list, "UTC") {
			t.Errorf("%s's /job-posting list shows UTC:\n%s", user, list)
		}
	}
}

// inputHint is the hint of the view's input block blockID.
func inputHint(t *testing.T, v fakeslack.View, blockID string) string {
	t.Helper()
	var blocks []struct {
		BlockID string `json:"block_id"`
		Hint    *struct {
			Text string `json:"text"`
		} `json:"hint"`
	}
	if err := json.Unmarshal(v.Blocks, &blocks); err != nil {
		t.Fatal(err)
	}
	for _, b := range blocks {
		if b.BlockID == blockID && b.Hint != nil {
			return b.Hint.Text
		}
	}
	t.Fatalf("%s has no hint on %s", v.CallbackID, blockID)
	return ""
}

// TestOptionalLabelsThroughSlack opens every form with optional inputs as a user does: none of
// their labels says "(optional)", which Slack adds itself. (The fake's Block Kit check refuses
// such a view too, so the forms would not even open.)
func TestOptionalLabelsThroughSlack(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	h := startBot(t, fake, nil)
	hm, i1 := slacktest.HiringManager, slacktest.Interviewer1
	cursor := fake.Cursor()
	h.SubmitOK(hm, h.openInterviewForm(hm), interviewValues("Jane Doe", []string{i1}, h.Clock.Now().Add(-3*time.Hour), "60"))
	h.WaitDM(cursor, i1, "Jane Doe")

	forms := map[string]fakeslack.View{
		"interview":   h.openInterviewForm(hm),
		"scorecard":   h.openScorecardForm(i1, "Jane Doe"),
		"job posting": h.openPostingForm(hm),
		"cancel":      h.manage(hm, h.Command(hm, slacktest.Hiring, "/interview", "list"), "cancel", "interview_cancel"),
	}
	h.openHome(i1)
	env, err := fake.ClickHomeButton(h.Ctx(), i1, handlers.ActionHomeNotifications)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.WaitAck(h.Ctx()); err != nil {
		t.Fatal(err)
	}
	forms["notification settings"] = h.WaitView(i1, handlers.ViewNotificationSettings)

	optional := 0
	for name, v := range forms {
		var blocks []struct {
			Type     string `json:"type"`
			Optional bool   `json:"optional"`
			Label    struct {
				Text string `json:"text"`
			} `json:"label"`
		}
		if err := json.Unmarshal(v.Blocks, &blocks); err != nil {
			t.Fatal(err)
		}
		for _, b := range blocks {
			if b.Type != "input" || !b.Optional {
				continue
			}
			optional++
			if strings.HasSuffix(strings.ToLower(strings.TrimSpace(b.Label.Text)), "(optional)") {
				t.Errorf("the %s form's optional input %q says (optional): Slack adds it itself", name, b.Label.Text)
			}
		}
	}
	if optional < 5 {
		t.Errorf("only %d optional inputs in the forms: the check reads too little", optional)
	}
}
