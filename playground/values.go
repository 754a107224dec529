package playground

import (
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf8"

	"hirebot/fakeslack"
)

// datetimeLayout is how an <input type="datetime-local"> writes its value.
const datetimeLayout = "2006-01-02T15:04"

// valueStrings is what an element shows for a value, as the strings its form control holds:
// option values, user or conversation ids, "YYYY-MM-DD", "HH:mm", or a local date and time in
// loc for date-time pickers.
func valueStrings(v fakeslack.Value, loc *time.Location) []string {
	var out []string
	add := func(s ...string) {
		for _, x := range s {
			if x != "" {
				out = append(out, x)
			}
		}
	}
	add(v.Value, v.SelectedDate, v.SelectedTime, v.SelectedUser, v.SelectedChannel, v.SelectedConversation)
	add(v.SelectedUsers...)
	add(v.SelectedChannels...)
	add(v.SelectedConversations...)
	if v.SelectedOption != nil {
		add(v.SelectedOption.Value)
	}
	for _, o := range v.SelectedOptions {
		add(o.Value)
	}
	if v.SelectedDateTime != 0 {
		add(time.Unix(v.SelectedDateTime, 0).In(loc).Format(datetimeLayout))
	}
	return out
}

// toValue builds the state of an element of type typ from what its form control holds (see
// valueStrings); empty strings count as nothing chosen.
func toValue(typ, timezone string, vals []string, loc *time.Location) (fakeslack.Value, error) {
	var set []string
	for _, s := range vals {
		if s != "" {
			set = append(set, s)
		}
	}
	v := fakeslack.Value{Type: typ}
	one := first(set)
	switch typ {
	case "static_select", "external_select", "radio_buttons", "overflow":
		if one != "" {
			v.SelectedOption = &fakeslack.Option{Value: one}
		}
	case "multi_static_select", "multi_external_select", "checkboxes":
		for _, s := range set {
			v.SelectedOptions = append(v.SelectedOptions, fakeslack.Option{Value: s})
		}
	case "users_select":
		v.SelectedUser = one
	case "multi_users_select":
		v.SelectedUsers = set
	case "conversations_select":
		v.SelectedConversation = one
	case "multi_conversations_select":
		v.SelectedConversations = set
	case "channels_select":
		v.SelectedChannel = one
	case "multi_channels_select":
		v.SelectedChannels = set
	case "datepicker":
		v.SelectedDate = one
	case "timepicker":
		v.SelectedTime, v.Timezone = one, timezone
	case "datetimepicker":
		if one != "" {
			t, err := time.ParseInLocation(datetimeLayout, one, loc)
			if err != nil {
				return v, fmt.Errorf("date and time %q: %w", one, err)
			}
			v.SelectedDateTime = t.Unix()
		}
	default:
		v.Value = first(vals) // text keeps its spaces: the bot decides what blank means
	}
	return v, nil
}

// initialValue reads the initial_* fields of an element.
func initialValue(raw json.RawMessage, typ string) fakeslack.Value {
	var f struct {
		Value         string             `json:"initial_value"`
		Date          string             `json:"initial_date"`
		Time          string             `json:"initial_time"`
		DateTime      int64              `json:"initial_date_time"`
		Option        *fakeslack.Option  `json:"initial_option"`
		Options       []fakeslack.Option `json:"initial_options"`
		User          string             `json:"initial_user"`
		Users         []string           `json:"initial_users"`
		Conversation  string             `json:"initial_conversation"`
		Conversations []string           `json:"initial_conversations"`
		Channel       string             `json:"initial_channel"`
		Channels      []string           `json:"initial_channels"`
	}
	_ = json.Unmarshal(raw, &f)
	return fakeslack.Value{Type: typ, Value: f.Value, SelectedDate: f.Date, SelectedTime: f.Time,
		SelectedDateTime: f.DateTime, SelectedOption: f.Option, SelectedOptions: f.Options,
		SelectedUser: f.User, SelectedUsers: f.Users, SelectedConversation: f.Conversation,
		SelectedConversations: f.Conversations, SelectedChannel: f.Channel, SelectedChannels: f.Channels}
}

// inputCheck is what the Slack client itself checks before it submits a form: required inputs
// are filled and text respects min_length and max_length. It returns the message Slack shows
// under the input, or "".
func inputCheck(e element, optional bool, v fakeslack.Value, loc *time.Location) string {
	shown := valueStrings(v, loc)
	if len(shown) == 0 {
		if optional {
			return ""
		}
		return "Please complete this required field."
	}
	if v.Value == "" {
		return ""
	}
	n := utf8.RuneCountInString(v.Value)
	switch {
	case e.MinLength > 0 && n < e.MinLength:
		return fmt.Sprintf("Must be at least %d characters.", e.MinLength)
	case e.MaxLength > 0 && n > e.MaxLength:
		return fmt.Sprintf("Must be %d characters or fewer (you have %d).", e.MaxLength, n)
	}
	return ""
}

// formValues is what the page sends for a form: block_id → action_id → the strings its control
// holds.
type formValues map[string]map[string][]string

// inputElement is an input block's element with what the form checks need.
type inputElement struct {
	block block
	el    element
}

// inputElements lists the input blocks of a view.
func inputElements(blocks json.RawMessage) []inputElement {
	var out []inputElement
	for _, bl := range decodeBlocks(blocks) {
		if bl.Type != "input" {
			continue
		}
		if e, ok := decodeElement(bl.Element); ok {
			out = append(out, inputElement{block: bl, el: e})
		}
	}
	return out
}

// submission turns a form into state values for SubmitView and the field errors the Slack
// client would show instead of submitting.
func submission(blocks json.RawMessage, form formValues, loc *time.Location) (map[string]map[string]fakeslack.Value, map[string]string, error) {
	values := map[string]map[string]fakeslack.Value{}
	problems := map[string]string{}
	for _, in := range inputElements(blocks) {
		id, act := in.block.BlockID, in.el.ActionID
		strs, given := form[id][act]
		v := in.el.initial
		if given {
			var err error
			if v, err = toValue(in.el.Type, in.el.Timezone, strs, loc); err != nil {
				return nil, nil, fmt.Errorf("%s: %w", id, err)
			}
		}
		if msg := inputCheck(in.el, in.block.Optional, v, loc); msg != "" {
			problems[id] = msg
		}
		if values[id] == nil {
			values[id] = map[string]fakeslack.Value{}
		}
		values[id][act] = v
	}
	return values, problems, nil
}
