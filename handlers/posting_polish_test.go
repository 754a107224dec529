package handlers

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"hirebot/data"
	"hirebot/fakeslack/blockkit"
	"hirebot/fakeslack/slacktest"
)

// confirms finds every confirmation dialog in the JSON of blocks or a view, by the label of the
// button that carries it.
func confirms(t *testing.T, v any) map[string]map[string]any {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var tree any
	if err := json.Unmarshal(raw, &tree); err != nil {
		t.Fatal(err)
	}
	found := map[string]map[string]any{}
	slacktest.Walk(tree, func(n map[string]any) {
		if c, ok := n["confirm"].(map[string]any); ok && n["action_id"] != nil {
			label, _ := n["text"].(map[string]any)["text"].(string)
			found[label] = c
		}
	})
	return found
}

// TestDestructiveConfirmsAreDanger: every confirmation dialog guards something that cannot be
// undone, so its confirm button is red: the dialog's own style is danger, whatever the style of
// the button that opens it. It reads the posting actions, a reminder and every golden payload.
func TestDestructiveConfirmsAreDanger(t *testing.T) {
	h, _ := newPostingHandlers(t)
	p := data.Posting{ID: 3, Version: 1, Fields: data.PostingFields{Title: "Backend Developer"}}
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	iv := data.Interview{ID: 7, Candidate: "Ada", Role: "Backend", Stage: string(data.StageTechnical),
		StartsAt: now.Add(-48 * time.Hour), Duration: time.Hour}
	reminder := h.reminderMessage(data.DueReminder{Interview: iv}, now, time.UTC)
	payloads := map[string]any{
		"posting actions": postingActions(p),
		"reminder":        reminder.Blocks,
	}
	goldenConfirms := 0
	for f, g := range goldenFiles(t, "*.golden.json") {
		goldenConfirms += len(confirms(t, g.tree))
		payloads[f] = g.tree
	}
	if goldenConfirms == 0 {
		t.Error("no golden payload has a confirmation dialog: the check reads nothing")
	}
	for name, v := range payloads {
		found := confirms(t, v)
		if len(found) == 0 && !strings.HasSuffix(name, ".golden.json") {
			t.Errorf("%s: no confirmation dialog", name)
		}
		for _, p := range undangerousConfirms(found) {
			t.Errorf("%s: %s", name, p)
		}
	}
}

// TestUndangerousConfirmsReadTheDialog: the check reads the confirmation dialog's style, not the
// style of the button that carries it.
func TestUndangerousConfirmsReadTheDialog(t *testing.T) {
	dialog := func() *slack.ConfirmationBlockObject {
		return slack.NewConfirmationBlockObject(plain("Delete?"), plain("For good."), plain("Delete"), plain("Keep it"))
	}
	tests := []struct {
		name string
		btn  *slack.ButtonBlockElement
		want int
	}{
		{"danger button, plain dialog", slack.NewButtonBlockElement("a", "v", plain("Delete")).WithStyle(slack.StyleDanger).WithConfirm(dialog()), 1},
		{"plain button, danger dialog", slack.NewButtonBlockElement("a", "v", plain("Delete")).WithConfirm(dialog().WithStyle(slack.StyleDanger)), 0},
		{"primary dialog", slack.NewButtonBlockElement("a", "v", plain("Delete")).WithConfirm(dialog().WithStyle(slack.StylePrimary)), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := undangerousConfirms(confirms(t, slack.NewActionBlock("b", tt.btn))); len(got) != tt.want {
				t.Errorf("problems = %q, want %d", got, tt.want)
			}
		})
	}
}

// undangerousConfirms names every confirmation dialog whose own style is not danger.
func undangerousConfirms(found map[string]map[string]any) []string {
	var out []string
	for label, c := range found {
		if c["style"] != "danger" {
			out = append(out, fmt.Sprintf("the confirm of %q has style %v, want danger: it cannot be undone", label, c["style"]))
		}
	}
	return out
}

// TestOptionalInputsLeaveOptionalToSlack reads every modal users see, by its golden file: Slack
// shows "(optional)" after an optional input's label itself, so no label may say it again. The
// fake's Block Kit check (run on every golden and everything sent to the fake) reports it too.
func TestOptionalInputsLeaveOptionalToSlack(t *testing.T) {
	optional := map[string]bool{}
	for f, g := range goldenFiles(t, "*.modal.golden.json") {
		for _, in := range optionalInputs(g.tree) {
			optional[filepath.Base(f)] = true
			if strings.HasSuffix(strings.ToLower(strings.TrimSpace(in)), "(optional)") {
				t.Errorf("%s: the optional input %q says (optional): Slack adds it itself", f, in)
			}
		}
		if problems := blockkit.ValidateView(g.raw); slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, "(optional)") }) {
			t.Errorf("%s: %q", f, problems)
		}
	}
	for _, want := range []string{"posting-form-open", "scorecard-form-open", "interview-cancel-form-open", "home-notification-settings-open"} {
		if !optional[want+".modal.golden.json"] {
			t.Errorf("%s has no optional input: the check reads nothing", want)
		}
	}
}

// optionalInputs are the labels of the optional input blocks in a decoded view.
func optionalInputs(n any) []string {
	var out []string
	switch n := n.(type) {
	case map[string]any:
		if n["type"] == "input" && n["optional"] == true {
			label, _ := n["label"].(map[string]any)
			text, _ := label["text"].(string)
			out = append(out, text)
		}
		for _, v := range n {
			out = append(out, optionalInputs(v)...)
		}
	case []any:
		for _, v := range n {
			out = append(out, optionalInputs(v)...)
		}
	}
	return out
}

// newPostingHandlersWith returns posting handlers on a fresh database with the given user
// directory, the clock at 10:00 UTC on 2 March 2026.
func newPostingHandlersWith(t *testing.T, users UserDirectory) (testHandlers, *data.Store) {
	t.Helper()
	h, store := newPostingHandlers(t)
	h.Postings = NewPostings(PostingsConfig{Content: h.content, Store: store, Users: users})
	return h, store
}

func TestPostingListShowsTimesInTheViewersZone(t *testing.T) {
	h, _ := newPostingHandlersWith(t, fixedZones{"U1": "America/Los_Angeles"})
	mustSavePosting(t, h, "U1", "", postingFormValues())
	resp, err := postingCmd(t, h, "U1", "list")
	if err != nil {
		t.Fatal(err)
	}
	got := rendered(t, resp.Replies[0])
	if !strings.Contains(got, "Mon 2 Mar 2026, 02:00 PST") || strings.Contains(got, "UTC") {
		t.Errorf("list does not show the time in the viewer's zone:\n%s", got)
	}
}

func TestShareInChannelPostsOncePerMessageAndPerson(t *testing.T) {
	h, store := newPostingHandlers(t)
	l := h.Lookups.WithShares(store)
	private := runCommand(t, h, "/salary", "seattle senior")
	act := Action{ActionID: ActionShare, Value: shareValue(private), UserID: "U1", ChannelID: "C1", MessageTS: "1700000000.000100"}
	ctx := t.Context()
	for i := range 3 {
		resp, err := l.Share(ctx, act)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(resp.Replies), map[bool]int{true: 3, false: 0}[i == 0]; got != want {
			t.Errorf("click %d: %d replies, want %d", i+1, got, want)
		}
	}
	other := act
	other.UserID = "U2"
	if resp, _ := l.Share(ctx, other); len(resp.Replies) != 3 {
		t.Errorf("another person's share was refused: %+v", resp)
	}
}

// TestPostingTitlesShowLiterally keeps a typed title's formatting characters as text in every
// message about the draft.
func TestPostingTitlesShowLiterally(t *testing.T) {
	p := data.Posting{ID: 7, Version: 1, Fields: data.PostingFields{Title: "*Senior* _Python_ ~Dev~", Company: "`Acme`"}}
	for name, m := range map[string]Message{"saved": postingSaved(p), "list": postingList([]data.Posting{p}, func(data.Posting) string { return "" }, time.UTC)} {
		text := rendered(t, m)
		for _, raw := range []string{"*Senior*", "_Python_", "~Dev~", "`Acme`"} {
			if strings.Contains(text, raw) {
				t.Errorf("%s: %q would render as formatting:\n%s", name, raw, text)
			}
		}
		if !strings.Contains(text, "Senior") || !strings.Contains(text, "Acme") {
			t.Errorf("%s: the title is missing:\n%s", name, text)
		}
	}
}

// goldenFile is a golden payload as stored and as decoded.
type goldenFile struct {
	raw  []byte
	tree any
}

// goldenFiles reads the golden payloads whose names match pattern, by path.
func goldenFiles(t *testing.T, pattern string) map[string]goldenFile {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "golden", pattern))
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]goldenFile, len(files))
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var tree any
		if err := json.Unmarshal(raw, &tree); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[f] = goldenFile{raw: raw, tree: tree}
	}
	return out
}
