package blockkit_test

import (
	"encoding/json"
	"testing"

	"github.com/slack-go/slack"

	"hirebot/fakeslack/blockkit"
)

func txt(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
}
func md(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

// messageBlocks covers every block and element slack-go builds that a
// message may hold.
func messageBlocks() []slack.Block {
	opts := []*slack.OptionBlockObject{
		slack.NewOptionBlockObject("a", txt("Alpha"), nil),
		slack.NewOptionBlockObject("b", txt("Beta"), txt("second")),
	}
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, txt("Pick"), "pick", opts...)
	sel.InitialOption = opts[1]
	approve := slack.NewButtonBlockElement("approve", "cand-1", txt("Approve")).WithStyle(slack.StylePrimary)
	approve.Confirm = slack.NewConfirmationBlockObject(txt("Sure?"), md("This *cannot* be undone"), txt("Yes"), txt("No"))
	link := slack.NewButtonBlockElement("open", "", txt("Open")).WithURL("https://example.com")
	return []slack.Block{
		slack.NewHeaderBlock(txt("Candidates")),
		slack.NewSectionBlock(md("*Ada* — backend"), []*slack.TextBlockObject{md("*Stage*\nonsite"), md("*Level*\nL5")},
			slack.NewAccessory(slack.NewOverflowBlockElement("more", opts...)), slack.SectionBlockOptionBlockID("cand-1")),
		slack.NewSectionBlock(md("Schedule"), nil, slack.NewAccessory(slack.NewDatePickerBlockElement("date"))),
		slack.NewSectionBlock(md("Owner"), nil, slack.NewAccessory(
			slack.NewOptionsSelectBlockElement(slack.OptTypeUser, txt("Someone"), "owner"))),
		slack.NewDividerBlock(),
		slack.NewActionBlock("acts", approve, slack.NewButtonBlockElement("reject", "cand-1", txt("Reject")).WithStyle(slack.StyleDanger), link, sel,
			slack.NewTimePickerBlockElement("time"), slack.NewCheckboxGroupsBlockElement("checks", opts...),
			slack.NewRadioButtonsBlockElement("radio", opts...)),
		slack.NewContextBlock("ctx", md("Updated by <@U0HM>"), slack.NewImageBlockElement("https://example.com/a.png", "avatar")),
		slack.NewImageBlock("https://example.com/chart.png", "chart", "img", txt("Pipeline")),
		slack.NewMarkdownBlock("md", "**bold**"),
	}
}

func TestSlackGoMessageBlocksAreValid(t *testing.T) {
	b, err := json.Marshal(messageBlocks())
	if err != nil {
		t.Fatal(err)
	}
	if errs := blockkit.ValidateMessageBlocks(b); len(errs) != 0 {
		t.Errorf("slack-go blocks rejected:\n%q\n%s", errs, b)
	}
}

func TestSlackGoModalIsValid(t *testing.T) {
	name := slack.NewPlainTextInputBlockElement(txt("Full name"), "name")
	name.MaxLength = 80
	notes := slack.NewPlainTextInputBlockElement(nil, "notes")
	notes.Multiline = true
	level := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, txt("Level"), "level",
		slack.NewOptionBlockObject("l4", txt("L4"), nil), slack.NewOptionBlockObject("l5", txt("L5"), nil))
	panel := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeUser, txt("Interviewers"), "panel")
	channel := slack.NewOptionsSelectBlockElement(slack.OptTypeConversations, txt("Post to"), "where")
	channel.ResponseURLEnabled = true
	start := slack.NewDateTimePickerBlockElement("start")
	email := slack.NewEmailTextInputBlockElement(txt("you@example.com"), "email")
	num := slack.NewNumberInputBlockElement(txt("Years"), "years", false)
	view := slack.ModalViewRequest{
		Type:            slack.VTModal,
		Title:           txt("Scorecard"),
		Submit:          txt("Submit"),
		Close:           txt("Cancel"),
		CallbackID:      "scorecard",
		PrivateMetadata: `{"interview":42}`,
		NotifyOnClose:   true,
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewSectionBlock(md("Rate *Ada*"), nil, nil),
			slack.NewInputBlock("name", txt("Name"), txt("As on the CV"), name),
			slack.NewInputBlock("notes", txt("Notes"), nil, notes).WithOptional(true),
			slack.NewInputBlock("level", txt("Level"), nil, level),
			slack.NewInputBlock("panel", txt("Panel"), nil, panel),
			slack.NewInputBlock("where", txt("Channel"), nil, channel),
			slack.NewInputBlock("start", txt("Start"), nil, start),
			slack.NewInputBlock("email", txt("Email"), nil, email),
			slack.NewInputBlock("years", txt("Years"), nil, num),
			slack.NewActionBlock("more", slack.NewButtonBlockElement("add", "x", txt("Add question"))),
		}},
	}
	b, err := json.Marshal(view)
	if err != nil {
		t.Fatal(err)
	}
	if errs := blockkit.ValidateView(b); len(errs) != 0 {
		t.Errorf("slack-go modal rejected:\n%q\n%s", errs, b)
	}
	resp, _ := json.Marshal(slack.NewErrorsViewSubmissionResponse(map[string]string{"name": "Required"}))
	if errs := blockkit.ValidateViewSubmissionResponse(resp, b); len(errs) != 0 {
		t.Errorf("errors response rejected: %q", errs)
	}
	resp, _ = json.Marshal(slack.NewErrorsViewSubmissionResponse(map[string]string{"more": "No"}))
	if errs := blockkit.ValidateViewSubmissionResponse(resp, b); len(errs) != 1 {
		t.Errorf("errors on an actions block accepted: %q", errs)
	}
}

// TestSlackGoInvalidBlocksAreCaught checks limits slack-go does not enforce.
func TestSlackGoInvalidBlocksAreCaught(t *testing.T) {
	long := make([]byte, 76)
	for i := range long {
		long[i] = 'x'
	}
	blocks := []slack.Block{slack.NewActionBlock("a", slack.NewButtonBlockElement("b", "v", txt(string(long))))}
	b, _ := json.Marshal(blocks)
	want := "must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]"
	if errs := blockkit.ValidateMessageBlocks(b); len(errs) != 1 || errs[0] != want {
		t.Errorf("got %q, want [%q]", errs, want)
	}
}
