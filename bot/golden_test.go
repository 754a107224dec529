package bot

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"hirebot/fakeslack/blockkit"
	"hirebot/fakeslack/golden"
	"hirebot/fakeslack/slacktypes"
	"hirebot/handlers"
)

// goldenDir holds what the bot shows on its own, beside what the handlers answer (which
// handlers/testdata/golden holds): refresh with go test ./bot -run Golden -update.
var goldenDir = filepath.Join("testdata", "golden")

// TestGoldenPayloads keeps every message and view package bot builds itself as a golden file,
// exactly as it goes to Slack, and type-checks them all against Slack's own definitions.
func TestGoldenPayloads(t *testing.T) {
	t.Parallel() // mostly waits on tsc; runs beside the others
	plain := func(s string) *slack.TextBlockObject {
		return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
	}
	note := slack.NewPlainTextInputBlockElement(plain("What stood out"), "v")
	note.Multiline = true
	pick := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Pick one"), "v",
		slack.NewOptionBlockObject("hire", plain("Hire"), nil), slack.NewOptionBlockObject("no-hire", plain("No hire"), nil))
	form := slack.View{
		Type: slack.VTModal, CallbackID: "scorecard", PrivateMetadata: "1", NotifyOnClose: true,
		Title: plain("Scorecard"), Submit: plain("Submit"), Close: plain("Cancel"),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "*Jane Doe* · Technical", false, false), nil, nil),
			slack.NewInputBlock("recommendation", plain("Recommendation"), nil, pick),
			slack.NewInputBlock("strengths", plain("Strengths"), nil, note),
		}},
		State: &slack.ViewState{Values: map[string]map[string]slack.BlockAction{
			"recommendation": {"v": {SelectedOption: slack.OptionBlockObject{Value: "hire"}}},
			"strengths":      {"v": {Value: "Clear API design"}},
		}},
	}

	seen := map[string]bool{}
	keep := func(name string, v any) {
		t.Helper()
		seen[name] = true
		raw, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var problems []string
		if strings.HasSuffix(name, ".message") {
			problems = blockkit.ValidateMessage(raw)
		} else {
			problems = blockkit.ValidateView(raw)
		}
		for _, p := range problems {
			t.Errorf("%s: Slack would refuse it: %s", name, p)
		}
		golden.Assert(t, filepath.Join(goldenDir, name+".golden.json"), raw)
	}
	message := func(name string, m handlers.Message) {
		t.Helper()
		raw, err := encodeMessage(m) // the body of an ack or a response_url POST
		if err != nil {
			t.Fatal(err)
		}
		keep(name, raw)
	}

	message("view-failed.message", viewFailed())
	message("not-saved.message", notSaved([]string{"Pick a recommendation.", "Say what stood out."}))
	message("saving-failed.message", savingFailed())
	message("restarting.message", userErrorMessage(&handlers.UserError{Msg: restartingText}))
	message("apology.message", userErrorMessage(&handlers.UserError{Msg: handlers.ApologyText}))
	keep("saved-notice.modal", savedNotice())
	keep("saving-placeholder.modal", savingPlaceholder("E0GOLDEN"))
	keep("large-view-placeholder.modal", loadingPlaceholder("E0GOLDEN"))
	keep("restored-form.modal", restoreForm(form, []string{"Pick a recommendation.", "Say what stood out."}))

	files, err := filepath.Glob(filepath.Join(goldenDir, "*.golden.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !seen[strings.TrimSuffix(filepath.Base(f), ".golden.json")] {
			t.Errorf("%s: no step shows this any more; delete it", f)
		}
	}
	slacktypes.CheckFiles(t, filepath.Join(goldenDir, "*.golden.json"))
}
