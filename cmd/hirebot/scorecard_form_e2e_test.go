package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

// teamScorecard is a team's own scorecard.json: other competencies, a 1-5 scale, one
// free-text field.
const teamScorecard = `{
  "default": {
    "competencies": [
      {"key": "go", "label": "Go", "description": "Idiomatic code, the standard library"},
      {"key": "communication", "label": "Communication"}
    ],
    "scale": ["Poor", "Weak", "OK", "Good", "Great"],
    "recommendations": [
      {"value": "no-hire", "label": "No"},
      {"value": "hire", "label": "Yes"}
    ],
    "fields": [{"key": "strengths", "label": "What stood out", "placeholder": "With examples"}]
  }
}`

// TestTeamScorecardFormEndToEnd changes the scorecard form between two interviewers'
// scorecards: the second sees the team's form and stores what it asks, the first's scorecard
// reads back as it was filled in, and the summary averages what the two share. Each scorecard
// reads in its own form's words: its recommendation's label, its fields' labels (only those
// filled in), and counts for the recommendations its form offered.
func TestTeamScorecardFormEndToEnd(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	dir := t.TempDir()
	h := startBot(t, fake, feedbackEnv(map[string]string{"HIREBOT_CONTENT_DIR": dir}))
	panel := []string{slacktest.Interviewer1, slacktest.Interviewer2}
	h.Submit(slacktest.HiringManager, h.openInterviewForm(slacktest.HiringManager),
		interviewValues("Ada Team", panel, h.Clock.Now().Add(-3*time.Hour), "60"))

	h.Run(slacktest.Interviewer1, slacktest.Hiring, "/feedback", "Ada Team")
	h.SubmitOK(slacktest.Interviewer1, h.WaitView(slacktest.Interviewer1, "scorecard"), scorecardValues("hire", "Clear API design"))
	before := texts(t, h.Command(slacktest.HiringManager, slacktest.Hiring, "/feedback", "summary Ada Team"))
	mustContain(t, before, "Python 4 · APIs and system design 3 · Databases 3 · Testing and code quality 2 · Communication 4")

	if err := h.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "scorecard.json"), []byte(teamScorecard), 0o600); err != nil {
		t.Fatal(err)
	}
	h.Restart()

	h.Run(slacktest.Interviewer2, slacktest.Hiring, "/feedback", "Ada Team")
	form := h.WaitView(slacktest.Interviewer2, "scorecard")
	mustContain(t, string(form.Blocks), `"block_id":"sc_go"`, "Idiomatic code, the standard library", "5 · Great", "Rate 1 to 5", "What stood out", `"text":"Yes"`)
	for _, old := range []string{"sc_python", "sc_concerns", "sc_note", "Strong hire"} {
		if strings.Contains(string(form.Blocks), old) {
			t.Errorf("the team's form still shows %s", old)
		}
	}
	rate := func(n string) map[string]fakeslack.Value {
		return map[string]fakeslack.Value{"value": {Type: "static_select", SelectedOption: &fakeslack.Option{Value: n}}}
	}
	h.SubmitOK(slacktest.Interviewer2, form, map[string]map[string]fakeslack.Value{
		"sc_recommendation": {"value": {Type: "radio_buttons", SelectedOption: &fakeslack.Option{Value: "no-hire"}}},
		"sc_go":             rate("5"), "sc_communication": rate("2"),
		"sc_strengths": {"value": {Type: "plain_text_input", Value: "Fluent Go"}},
	})

	h.WaitDM(0, slacktest.Interviewer2, "Your scorecard for *Ada Team* (Technical) is saved: No.")

	after := texts(t, h.Command(slacktest.HiringManager, slacktest.Hiring, "/feedback", "summary Ada Team"))
	mustContain(t, after,
		"Python 4 · APIs and system design 3 · Databases 3 · Testing and code quality 2 · Communication 4", // as it was
		"*Hire*", "*Strengths:* Clear API design", "*Concerns:* Light on testing",
		"Go 5 · Communication 2", "*No*", "*What stood out:* Fluent Go",
		"Strong hire: *0* · Hire / Yes: *1* · No hire / No: *1* · Strong no hire: *0*", // both forms' words
		"• Python: 4.0 of 4 (1 of 2 scorecards)",
		"• Go: 5.0 of 5 (1 of 2 scorecards)",
		"• Communication: rated on different scales, not averaged",
		"1 of 2 scorecards used a different form",
	)
	if strings.Count(after, "*Concerns:*") != 1 {
		t.Errorf("a field the team's form does not have, or one left empty, is shown:\n%s", after)
	}

	// On an interview scored only on the team's form, everything is in its words.
	cursor := fake.Cursor()
	h.recordUpcoming(slacktest.HiringManager, "Bea Team", slacktest.Interviewer1)
	h.Run(slacktest.Interviewer1, slacktest.Hiring, "/feedback", "Bea Team")
	h.SubmitOK(slacktest.Interviewer1, h.WaitView(slacktest.Interviewer1, "scorecard"), map[string]map[string]fakeslack.Value{
		"sc_recommendation": {"value": {Type: "radio_buttons", SelectedOption: &fakeslack.Option{Value: "hire"}}},
		"sc_go":             rate("4"), "sc_communication": rate("5"),
		"sc_strengths": {"value": {Type: "plain_text_input", Value: "Calm under pressure"}},
	})
	h.WaitDM(cursor, slacktest.Interviewer1, "Your scorecard for *Bea Team* (Technical) is saved: Yes.")
	complete := texts(t, h.WaitDM(cursor, slacktest.HiringManager, "Every scorecard is in for *Bea Team*"))
	mustContain(t, complete, "*Recommendations* · Yes: *1* · No: *0*")
	bea := texts(t, h.Command(slacktest.HiringManager, slacktest.Hiring, "/feedback", "summary Bea Team"))
	mustContain(t, bea, "*Recommendations* · Yes: *1* · No: *0*", "· *Yes*", "*What stood out:* Calm under pressure")
	for _, text := range []string{complete, bea} {
		for _, builtin := range []string{"Hire:", "Strong", "No hire", "Concerns", "Strengths"} {
			if strings.Contains(text, builtin) {
				t.Errorf("a scorecard on the team's form reads %q:\n%s", builtin, text)
			}
		}
	}
}

// stagedScorecard is a team's scorecard.json whose system design interviews rate their own
// competencies, on the default's scale and with its fields.
const stagedScorecard = `{
  "default": {
    "competencies": [
      {"key": "go", "label": "Go", "description": "Idiomatic code, the standard library"},
      {"key": "communication", "label": "Communication"}
    ],
    "scale": ["Poor", "Weak", "OK", "Good", "Great"],
    "recommendations": [
      {"value": "no-hire", "label": "No"},
      {"value": "hire", "label": "Yes"}
    ],
    "fields": [{"key": "strengths", "label": "What stood out", "placeholder": "With examples"}]
  },
  "stages": {
    "system-design": {
      "competencies": [
        {"key": "architecture", "label": "Architecture", "description": "Boundaries, data flow, failure modes"},
        {"key": "tradeoffs", "label": "Trade-offs"}
      ]
    }
  }
}`

// TestStageScorecardFormEndToEnd: with a team's scorecard.json that gives system design
// interviews their own competencies, a system design interview's scorecard asks for those (on
// the default's scale, with its fields) and is stored and summarised with them, while a
// technical interview's scorecard asks for the default's.
func TestStageScorecardFormEndToEnd(t *testing.T) {
	t.Parallel()
	fake := newFeedbackFake(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "scorecard.json"), []byte(stagedScorecard), 0o600); err != nil {
		t.Fatal(err)
	}
	h := startBot(t, fake, feedbackEnv(map[string]string{"HIREBOT_CONTENT_DIR": dir}))
	hm, i1 := slacktest.HiringManager, slacktest.Interviewer1
	start := h.Clock.Now().Add(-3 * time.Hour)
	design := interviewValues("Sid Design", []string{i1}, start, "60")
	design["iv_stage"] = map[string]fakeslack.Value{"value": {Type: "static_select", SelectedOption: &fakeslack.Option{Value: "system-design"}}}
	h.SubmitOK(hm, h.openInterviewForm(hm), design)
	h.SubmitOK(hm, h.openInterviewForm(hm), interviewValues("Tom Tech", []string{i1}, start, "60"))

	h.Run(i1, slacktest.Hiring, "/feedback", "Sid Design")
	form := h.WaitView(i1, "scorecard")
	blocks := string(form.Blocks)
	mustContain(t, blocks, `"block_id":"sc_architecture"`, "Boundaries, data flow, failure modes", `"block_id":"sc_tradeoffs"`,
		"5 · Great", "Rate 1 to 5", "What stood out", `"text":"Yes"`)
	for _, other := range []string{"sc_go", "Idiomatic code", "sc_communication", "sc_python"} {
		if strings.Contains(blocks, other) {
			t.Errorf("the system design scorecard shows %s", other)
		}
	}
	rate := func(n string) map[string]fakeslack.Value {
		return map[string]fakeslack.Value{"value": {Type: "static_select", SelectedOption: &fakeslack.Option{Value: n}}}
	}
	cursor := fake.Cursor()
	h.SubmitOK(i1, form, map[string]map[string]fakeslack.Value{
		"sc_recommendation": {"value": {Type: "radio_buttons", SelectedOption: &fakeslack.Option{Value: "hire"}}},
		"sc_architecture":   rate("4"), "sc_tradeoffs": rate("3"),
		"sc_strengths": {"value": {Type: "plain_text_input", Value: "Clear boundaries"}},
	})
	h.WaitDM(cursor, i1, "Your scorecard for *Sid Design* (System design) is saved: Yes.")
	mustContain(t, texts(t, h.Command(hm, slacktest.Hiring, "/feedback", "summary Sid Design")),
		"*Average ratings* (1-5)", "• Architecture: 4.0", "• Trade-offs: 3.0", "Architecture 4 · Trade-offs 3",
		"*What stood out:* Clear boundaries")

	h.Run(i1, slacktest.Hiring, "/feedback", "Tom Tech")
	tech := string(h.WaitView(i1, "scorecard").Blocks)
	mustContain(t, tech, `"block_id":"sc_go"`, "Idiomatic code, the standard library", `"block_id":"sc_communication"`, "5 · Great")
	for _, other := range []string{"sc_architecture", "sc_tradeoffs", "Boundaries"} {
		if strings.Contains(tech, other) {
			t.Errorf("the technical scorecard shows %s", other)
		}
	}
}
