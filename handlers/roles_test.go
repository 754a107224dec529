package handlers

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"hirebot/content"
	"hirebot/fakeslack/golden"
	"hirebot/fakeslack/slacktypes"
)

// twoRoles is the guide's role and a Frontend Developer role added from a content folder.
func twoRoles(t *testing.T) testHandlers {
	t.Helper()
	lib, err := content.LoadLibrary(filepath.Join("..", "content", "testdata", "two-roles"))
	if err != nil {
		t.Fatal(err)
	}
	return testHandlers{content: lib.Default().Content, Lookups: NewRoleLookups(lib, func(n int) int { return n - 1 })}
}

func TestLookupsWithSeveralRoles(t *testing.T) {
	h := twoRoles(t)
	tests := []struct {
		command, text string
		want          []string
		share         string // "" when the answer cannot be shared
	}{
		{"/salary", "frontend seattle", []string{"Seattle", "$105,000 - $150,000", "`/salary frontend seattle senior`"}, "/salary frontend seattle"},
		{"/salary", "FE austin", []string{"Austin", "$90,000 - $130,000"}, "/salary frontend austin"},
		{"/salary", "backend seattle", []string{"Seattle, WA", "$110,000 - $160,000", "Tech hub premium", "`/salary backend seattle senior`"}, "/salary backend seattle"},
		{"/salary", "python seattle", []string{"$110,000 - $160,000"}, "/salary backend seattle"},
		{"/interview-questions", "frontend", []string{"questions"}, ""},
		// Without a role word, or with none at all, the answer asks which role and shows how.
		{"/salary", "seattle senior", []string{"Which role?", "Python Backend Developer", "Frontend Developer", "`fe`", "/salary frontend seattle senior"}, ""},
		{"/salary", "", []string{"Which role?", "`backend`", "`frontend`"}, ""},
		{"/hiring-faq", "degree", []string{"Which role?", "/hiring-faq frontend degree"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.command+" "+tt.text, func(t *testing.T) {
			m := runCommand(t, h, tt.command, tt.text)
			assertContains(t, rendered(t, m), tt.want...)
			if got := shareValue(m); tt.share != "" && got != tt.share {
				t.Errorf("share button runs %q, want %q", got, tt.share)
			}
		})
	}
}

func TestSharingAnAnswerOfOneOfSeveralRoles(t *testing.T) {
	h := twoRoles(t)
	m := runCommand(t, h, "/salary", "frontend seattle")
	resp, err := h.Lookups.Share(context.Background(), Action{UserID: "U1", ChannelID: "C1", Value: shareValue(m)})
	if err != nil {
		t.Fatal(err)
	}
	var public *Message
	for i := range resp.Replies {
		if resp.Replies[i].Public {
			public = &resp.Replies[i]
		}
	}
	if public == nil {
		t.Fatalf("nothing was shared: %+v", resp.Replies)
	}
	assertContains(t, rendered(t, *public), "$105,000 - $150,000", "/salary frontend seattle")
}

// TestWhichRoleGolden keeps the "which role?" answer as a golden file, checked against Slack's
// own types.
func TestWhichRoleGolden(t *testing.T) {
	t.Parallel() // runs tsc; beside the other tests
	h := twoRoles(t)
	m := runCommand(t, h, "/salary", "seattle senior")
	raw, err := json.Marshal(map[string]any{"text": m.Text, "blocks": m.Blocks})
	if err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, filepath.Join("testdata", "roles", "which_role.message.golden.json"), raw)
	slacktypes.CheckFiles(t, filepath.Join("testdata", "roles", "*.golden.json"))
}

// TestCommandsSayTheyTakeARole: with several roles the command list (and so the manifest and
// Slack's autocomplete) says each lookup takes the role first.
func TestCommandsSayTheyTakeARole(t *testing.T) {
	for name, h := range map[string]testHandlers{"one role": newTestHandlers(t), "two roles": twoRoles(t)} {
		for _, c := range h.Routes().Commands {
			if c.Name != salaryCommand {
				continue
			}
			takesRole := strings.HasPrefix(c.UsageHint, "role ")
			if takesRole != (name == "two roles") {
				t.Errorf("%s: /salary's usage hint %q", name, c.UsageHint)
			}
		}
	}
}

// TestRoleVoiceRewritesOnlyItsOwnPhrases: an added role's answers name it and "your data"
// instead of the guide, and suggest commands with its word; the role's own text keeps its words.
func TestRoleVoiceRewritesOnlyItsOwnPhrases(t *testing.T) {
	lib, err := content.LoadLibrary(filepath.Join("..", "content", "testdata", "two-roles"))
	if err != nil {
		t.Fatal(err)
	}
	fe, _ := lib.Role("frontend")
	say := roleVoice(lib, fe)
	tests := map[string]string{
		"Python backend salaries":                           "Frontend Developer salaries",
		"*From the guide:* Seattle":                         "*From your data:* Seattle",
		"not a figure from the guide: the guide's band":     "not a figure from your data: your data's band",
		"HR pay bands (see the guidelines wiki)":            "HR pay bands (see the guidelines wiki)",
		"try `/salary seattle senior` or `/salary`":         "try `/salary frontend seattle senior` or `/salary frontend`",
		"`/interview-questions random` and `/hiring-faq x`": "`/interview-questions frontend random` and `/hiring-faq frontend x`",
	}
	for in, want := range tests {
		if got := say(in); got != want {
			t.Errorf("%q became %q, want %q", in, got, want)
		}
	}
	if roleVoice(content.SingleLibrary(lib.Default().Content), lib.Default()) != nil {
		t.Error("with one role the answers are rewritten")
	}
}

// TestHomeWelcomeListsTheRoles: a first visit's welcome names every role and its words when
// there are several, and nothing more with one.
func TestHomeWelcomeListsTheRoles(t *testing.T) {
	lib, err := content.LoadLibrary(filepath.Join("..", "content", "testdata", "two-roles"))
	if err != nil {
		t.Fatal(err)
	}
	text := rendered(t, Message{Blocks: homeWelcome(lib, false)})
	assertContains(t, text, "2 roles", "*Frontend Developer*: `frontend`, `fe`", "*Python Backend Developer*: `backend`", "`/salary frontend seattle senior`")
	if one := rendered(t, Message{Blocks: homeWelcome(content.SingleLibrary(lib.Default().Content), false)}); strings.Contains(one, "roles") {
		t.Errorf("with one role the welcome lists roles:\n%s", one)
	}
}
