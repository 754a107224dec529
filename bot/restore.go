package bot

import (
	"strings"

	"github.com/slack-go/slack"
)

// restoreForm rebuilds a submitted modal with what the user entered as its initial values and
// the problems at the top, for when the answer to a submission comes too late for field errors:
// the form comes back as the user left it instead of being lost.
func restoreForm(v slack.View, problems []string) *slack.ModalViewRequest {
	var state map[string]map[string]slack.BlockAction
	if v.State != nil {
		state = v.State.Values
	}
	note := slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType,
		":warning: "+strings.Join(problems, "\n:warning: "), false, false), nil, nil)
	blocks := []slack.Block{note}
	for _, blk := range v.Blocks.BlockSet {
		if in, ok := blk.(*slack.InputBlock); ok {
			refill(in.Element, state[in.BlockID])
		}
		blocks = append(blocks, blk)
	}
	return &slack.ModalViewRequest{
		Type: slack.VTModal, Title: v.Title, Submit: v.Submit, Close: v.Close,
		CallbackID: v.CallbackID, PrivateMetadata: v.PrivateMetadata,
		NotifyOnClose: v.NotifyOnClose, ClearOnClose: v.ClearOnClose, // a closed form still saves its draft
		Blocks: slack.Blocks{BlockSet: blocks},
	}
}

// refill sets an input element's initial value from what the user entered in it.
func refill(el slack.BlockElement, values map[string]slack.BlockAction) {
	switch e := el.(type) {
	case *slack.PlainTextInputBlockElement:
		e.InitialValue = values[e.ActionID].Value
	case *slack.NumberInputBlockElement:
		e.InitialValue = values[e.ActionID].Value
	case *slack.SelectBlockElement:
		a := values[e.ActionID]
		e.InitialOption = matchOption(e.Options, a.SelectedOption.Value)
		e.InitialUser, e.InitialConversation, e.InitialChannel = a.SelectedUser, a.SelectedConversation, a.SelectedChannel
	case *slack.MultiSelectBlockElement:
		a := values[e.ActionID]
		e.InitialOptions = matchOptions(e.Options, a.SelectedOptions)
		e.InitialUsers, e.InitialConversations, e.InitialChannels = a.SelectedUsers, a.SelectedConversations, a.SelectedChannels
	case *slack.RadioButtonsBlockElement:
		e.InitialOption = matchOption(e.Options, values[e.ActionID].SelectedOption.Value)
	case *slack.CheckboxGroupsBlockElement:
		e.InitialOptions = matchOptions(e.Options, values[e.ActionID].SelectedOptions)
	case *slack.DateTimePickerBlockElement:
		e.InitialDateTime = values[e.ActionID].SelectedDateTime
	case *slack.DatePickerBlockElement:
		e.InitialDate = values[e.ActionID].SelectedDate
	case *slack.TimePickerBlockElement:
		e.InitialTime = values[e.ActionID].SelectedTime
	}
}

// matchOption finds the element's own option with value (Slack wants initial options to match
// exactly), or nil.
func matchOption(opts []*slack.OptionBlockObject, value string) *slack.OptionBlockObject {
	for _, o := range opts {
		if value != "" && o.Value == value {
			return o
		}
	}
	return nil
}

func matchOptions(opts []*slack.OptionBlockObject, chosen []slack.OptionBlockObject) []*slack.OptionBlockObject {
	var out []*slack.OptionBlockObject
	for _, c := range chosen {
		if o := matchOption(opts, c.Value); o != nil {
			out = append(out, o)
		}
	}
	return out
}
