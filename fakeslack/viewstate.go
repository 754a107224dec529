package fakeslack

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"
)

// TextObject is a Block Kit text object.
type TextObject struct {
	Type  string `json:"type"`
	Text  string `json:"text"`
	Emoji *bool  `json:"emoji,omitempty"`
}

// Option is a selected option as Slack reports it. Only Value is needed
// when passing one in; the fake fills Text from the element's options.
type Option struct {
	Text        TextObject  `json:"text"`
	Value       string      `json:"value"`
	Description *TextObject `json:"description,omitempty"`
}

// Value is the state of one input element, as in view.state.values. Set the
// field that fits the element type; Type may be left empty when passing
// one in.
type Value struct {
	Type                  string   `json:"type"`
	Value                 string   `json:"value,omitempty"`
	SelectedDate          string   `json:"selected_date,omitempty"`
	SelectedTime          string   `json:"selected_time,omitempty"`
	Timezone              string   `json:"timezone,omitempty"`
	SelectedDateTime      int64    `json:"selected_date_time,omitempty"`
	SelectedOption        *Option  `json:"selected_option,omitempty"`
	SelectedOptions       []Option `json:"selected_options,omitempty"`
	SelectedUser          string   `json:"selected_user,omitempty"`
	SelectedUsers         []string `json:"selected_users,omitempty"`
	SelectedChannel       string   `json:"selected_channel,omitempty"`
	SelectedChannels      []string `json:"selected_channels,omitempty"`
	SelectedConversation  string   `json:"selected_conversation,omitempty"`
	SelectedConversations []string `json:"selected_conversations,omitempty"`
}

// MarshalJSON writes the fields Slack sends for the element type, with null
// or [] when the user chose nothing.
func (v Value) MarshalJSON() ([]byte, error) {
	out := map[string]any{"type": v.Type}
	nullable := func(key, s string) {
		out[key] = nil
		if s != "" {
			out[key] = s
		}
	}
	list := func(key string, l []string) { out[key] = append([]string{}, l...) }
	switch v.Type {
	case "plain_text_input", "email_text_input", "url_text_input", "number_input":
		nullable("value", v.Value)
	case "datepicker":
		nullable("selected_date", v.SelectedDate)
	case "timepicker":
		nullable("selected_time", v.SelectedTime)
		if v.Timezone != "" {
			out["timezone"] = v.Timezone
		}
	case "datetimepicker":
		out["selected_date_time"] = nil
		if v.SelectedDateTime != 0 {
			out["selected_date_time"] = v.SelectedDateTime
		}
	case "static_select", "external_select", "radio_buttons", "overflow":
		out["selected_option"] = v.SelectedOption
	case "multi_static_select", "multi_external_select", "checkboxes":
		out["selected_options"] = append([]Option{}, v.SelectedOptions...)
	case "users_select":
		nullable("selected_user", v.SelectedUser)
	case "multi_users_select":
		list("selected_users", v.SelectedUsers)
	case "conversations_select":
		nullable("selected_conversation", v.SelectedConversation)
	case "multi_conversations_select":
		list("selected_conversations", v.SelectedConversations)
	case "channels_select":
		nullable("selected_channel", v.SelectedChannel)
	case "multi_channels_select":
		list("selected_channels", v.SelectedChannels)
	default:
		type plain Value
		return json.Marshal(plain(v))
	}
	return json.Marshal(out)
}

func (v Value) clone() Value {
	out := v
	if v.SelectedOption != nil {
		out.SelectedOption = ptr(*v.SelectedOption)
	}
	out.SelectedOptions = slices.Clone(v.SelectedOptions)
	out.SelectedUsers = slices.Clone(v.SelectedUsers)
	out.SelectedChannels = slices.Clone(v.SelectedChannels)
	out.SelectedConversations = slices.Clone(v.SelectedConversations)
	return out
}

// isEmpty reports whether the user chose nothing.
func (v Value) isEmpty() bool {
	return v.Value == "" && v.SelectedDate == "" && v.SelectedTime == "" && v.SelectedDateTime == 0 &&
		v.SelectedOption == nil && len(v.SelectedOptions) == 0 && v.SelectedUser == "" &&
		len(v.SelectedUsers) == 0 && v.SelectedChannel == "" && len(v.SelectedChannels) == 0 &&
		v.SelectedConversation == "" && len(v.SelectedConversations) == 0
}

func cloneState(st map[string]map[string]Value) map[string]map[string]Value {
	out := make(map[string]map[string]Value, len(st))
	for b, acts := range st {
		out[b] = make(map[string]Value, len(acts))
		for a, v := range acts {
			out[b][a] = v.clone()
		}
	}
	return out
}

func stateJSON(st map[string]map[string]Value) map[string]map[string]Value {
	if st == nil {
		return map[string]map[string]Value{}
	}
	return st
}

// InitialState returns the values a user sees before touching anything:
// every input element of the view with its initial_* value (or nothing).
// It is what SubmitView sends for inputs it is not given.
func InitialState(v View) map[string]map[string]Value {
	return initialState(allElements(v.Blocks))
}

// initialState is InitialState over a view's elements.
func initialState(elems []element) map[string]map[string]Value {
	out := map[string]map[string]Value{}
	for _, e := range elems {
		if e.blockType != "input" {
			continue
		}
		if out[e.blockID] == nil {
			out[e.blockID] = map[string]Value{}
		}
		out[e.blockID][e.actionID()] = initialValue(e)
	}
	return out
}

// initialValue reads the initial_* field of an element.
func initialValue(e element) Value {
	v := Value{Type: e.typ()}
	str := func(k string) string { s, _ := e.el[k].(string); return s }
	strs := func(k string) []string {
		var out []string
		for _, x := range asSlice(e.el[k]) {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	v.Value = str("initial_value")
	v.SelectedDate, v.SelectedTime, v.Timezone = str("initial_date"), str("initial_time"), str("timezone")
	if n, ok := e.el["initial_date_time"].(json.Number); ok {
		v.SelectedDateTime, _ = n.Int64()
	}
	if o, ok := e.el["initial_option"]; ok {
		v.SelectedOption = ptr(toOption(o))
	}
	for _, o := range asSlice(e.el["initial_options"]) {
		v.SelectedOptions = append(v.SelectedOptions, toOption(o))
	}
	v.SelectedUser, v.SelectedUsers = str("initial_user"), strs("initial_users")
	v.SelectedChannel, v.SelectedChannels = str("initial_channel"), strs("initial_channels")
	v.SelectedConversation, v.SelectedConversations = str("initial_conversation"), strs("initial_conversations")
	return v
}

func asSlice(v any) []any { s, _ := v.([]any); return s }

// toOption converts a decoded option object.
func toOption(v any) Option {
	var o Option
	b, _ := json.Marshal(v)
	_ = json.Unmarshal(b, &o)
	return o
}

// elementOptions lists every option of an element (options or option_groups).
func elementOptions(e element) []Option {
	var out []Option
	for _, o := range asSlice(e.el["options"]) {
		out = append(out, toOption(o))
	}
	for _, g := range asSlice(e.el["option_groups"]) {
		gm, _ := g.(map[string]any)
		for _, o := range asSlice(gm["options"]) {
			out = append(out, toOption(o))
		}
	}
	return out
}

// resolveOptions replaces options given by value with the element's own
// option objects; external selects accept any value.
func resolveOptions(e element, v *Value) error {
	known := elementOptions(e)
	find := func(o Option) (Option, error) {
		if e.typ() == "external_select" || e.typ() == "multi_external_select" {
			if o.Text.Text == "" {
				o.Text = TextObject{Type: "plain_text", Text: o.Value}
			}
			return o, nil
		}
		for _, k := range known {
			if k.Value == o.Value {
				return k, nil
			}
		}
		return o, errorf("%s %q has no option with value %q", e.typ(), e.actionID(), o.Value)
	}
	if v.SelectedOption != nil {
		o, err := find(*v.SelectedOption)
		if err != nil {
			return err
		}
		v.SelectedOption = &o
	}
	for i, o := range v.SelectedOptions {
		r, err := find(o)
		if err != nil {
			return err
		}
		v.SelectedOptions[i] = r
	}
	return nil
}

// valueFromString builds the Value of an element from one string, the way
// a user picks it: an option value, a user or conversation id, a date
// "YYYY-MM-DD", a time "HH:mm", unix seconds, or typed text.
func valueFromString(e element, s string) (Value, error) {
	v := Value{Type: e.typ()}
	switch v.Type {
	case "static_select", "external_select", "radio_buttons", "overflow":
		v.SelectedOption = &Option{Value: s}
	case "multi_static_select", "multi_external_select", "checkboxes":
		v.SelectedOptions = []Option{{Value: s}}
	case "users_select":
		v.SelectedUser = s
	case "multi_users_select":
		v.SelectedUsers = []string{s}
	case "conversations_select":
		v.SelectedConversation = s
	case "multi_conversations_select":
		v.SelectedConversations = []string{s}
	case "channels_select":
		v.SelectedChannel = s
	case "multi_channels_select":
		v.SelectedChannels = []string{s}
	case "datepicker":
		v.SelectedDate = s
	case "timepicker":
		v.SelectedTime = s
		v.Timezone, _ = e.el["timezone"].(string)
	case "datetimepicker":
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return v, errorf("datetimepicker %q wants unix seconds, got %q", e.actionID(), s)
		}
		v.SelectedDateTime = n
	default:
		v.Value = s
	}
	return v, resolveOptions(e, &v)
}

// mergeState overlays values onto base (both block_id → action_id → value).
func mergeState(base, values map[string]map[string]Value) map[string]map[string]Value {
	out := cloneState(base)
	for b, acts := range values {
		if out[b] == nil {
			out[b] = map[string]Value{}
		}
		maps.Copy(out[b], acts)
	}
	return out
}
