package blockkit

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

type m = map[string]any
type a = []any

func plain(s string) m  { return m{"type": "plain_text", "text": s} }
func mrkdwn(s string) m { return m{"type": "mrkdwn", "text": s} }
func x(n int) string    { return strings.Repeat("x", n) }

func section(s string) m { return m{"type": "section", "text": mrkdwn(s)} }
func actions(elems ...any) m {
	return m{"type": "actions", "elements": append(a{}, elems...)}
}
func button(id string) m {
	return m{"type": "button", "action_id": id, "text": plain("Go"), "value": "v"}
}
func option(text, value string) m { return m{"text": plain(text), "value": value} }
func input(id string, elem m) m {
	return m{"type": "input", "block_id": id, "label": plain("Label"), "element": elem}
}
func textInput() m { return m{"type": "plain_text_input", "action_id": "in"} }
func modal(blocks ...any) m {
	return m{"type": "modal", "title": plain("Title"), "submit": plain("Save"), "blocks": append(a{}, blocks...)}
}
func repeat(n int, v any) a {
	out := make(a, n)
	for i := range out {
		out[i] = v
	}
	return out
}
func options(n int) a {
	out := make(a, n)
	for i := range out {
		out[i] = option("Opt", "v"+strings.Repeat("i", i))
	}
	return out
}
func with(base m, kv ...any) m {
	out := m{}
	for k, v := range base {
		out[k] = v
	}
	for i := 0; i < len(kv); i += 2 {
		out[kv[i].(string)] = kv[i+1]
	}
	return out
}
func confirm(title, text, yes, no int) m {
	return m{"title": plain(x(title)), "text": plain(x(text)), "confirm": plain(x(yes)), "deny": plain(x(no))}
}
func raw(t *testing.T, v any) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// msgCases has one row per message rule; want is the exact result.
var msgCases = []struct {
	name   string
	blocks a
	want   []string
}{
	{"valid", a{section("hi"), actions(button("a"), button("b"))}, nil},
	{"50 blocks ok", repeat(50, m{"type": "divider"}), nil},
	{"51 blocks", repeat(51, m{"type": "divider"}), []string{"no more than 50 items allowed [json-pointer:/blocks]"}},
	{"section text 3000 ok", a{section(x(3000))}, nil},
	{"section text 3001", a{section(x(3001))}, []string{"must be less than 3001 characters [json-pointer:/blocks/0/text/text]"}},
	{"section text empty", a{section("")}, []string{"must be more than 0 characters [json-pointer:/blocks/0/text/text]"}},
	{"section without text or fields", a{m{"type": "section"}}, []string{"missing required field: text [json-pointer:/blocks/0]"}},
	{"section 11 fields", a{m{"type": "section", "fields": repeat(11, mrkdwn("f"))}}, []string{"no more than 10 items allowed [json-pointer:/blocks/0/fields]"}},
	{"section field 2001", a{m{"type": "section", "fields": a{mrkdwn(x(2001))}}}, []string{"must be less than 2001 characters [json-pointer:/blocks/0/fields/0/text]"}},
	{"text object over 3000", a{m{"type": "context", "elements": a{mrkdwn(x(3001))}}}, []string{"must be less than 3001 characters [json-pointer:/blocks/0/elements/0/text]"}},
	{"header 151", a{m{"type": "header", "text": plain(x(151))}}, []string{"must be less than 151 characters [json-pointer:/blocks/0/text/text]"}},
	{"header mrkdwn", a{m{"type": "header", "text": mrkdwn("h")}}, []string{"must be a valid enum value [json-pointer:/blocks/0/text/type]"}},
	{"context 11 elements", a{m{"type": "context", "elements": repeat(11, mrkdwn("c"))}}, []string{"no more than 10 items allowed [json-pointer:/blocks/0/elements]"}},
	{"context with button", a{m{"type": "context", "elements": a{button("b")}}}, []string{"failed to match all allowed schemas [json-pointer:/blocks/0/elements/0]"}},
	{"actions 26 elements", a{m{"type": "actions", "elements": func() a {
		out := a{}
		for i := range 26 {
			out = append(out, button("b"+x(i)))
		}
		return out
	}()}}, []string{"no more than 25 items allowed [json-pointer:/blocks/0/elements]"}},
	{"actions empty", a{actions()}, []string{"must have at least 1 items [json-pointer:/blocks/0/elements]"}},
	{"actions duplicate action_id", a{actions(button("a"), button("a"))}, []string{`must be unique: action_id "a" is used by another element in this block [json-pointer:/blocks/0/elements/1/action_id]`}},
	{"emoji on mrkdwn", a{m{"type": "section", "text": with(mrkdwn("t"), "emoji", true)}}, []string{"invalid additional property: emoji [json-pointer:/blocks/0/text]"}},
	{"verbatim on plain_text", a{m{"type": "section", "text": with(plain("t"), "verbatim", true)}}, []string{"invalid additional property: verbatim [json-pointer:/blocks/0/text]"}},
	{"unknown text type", a{m{"type": "section", "text": m{"type": "markdown", "text": "t"}}}, []string{"must be a valid enum value [json-pointer:/blocks/0/text/type]"}},
	{"text not a string", a{m{"type": "section", "text": m{"type": "mrkdwn", "text": 5}}}, []string{"must provide a string [json-pointer:/blocks/0/text/text]"}},
	{"block_id 256", a{with(section("s"), "block_id", x(256))}, []string{"must be less than 256 characters [json-pointer:/blocks/0/block_id]"}},
	{"block_id duplicate", a{with(section("s"), "block_id", "b"), with(section("t"), "block_id", "b")}, []string{`must be unique: block_id "b" is used by another block [json-pointer:/blocks/1/block_id]`}},
	{"action_id 256", a{actions(button(x(256)))}, []string{"must be less than 256 characters [json-pointer:/blocks/0/elements/0/action_id]"}},
	{"button text 76", a{actions(with(button("b"), "text", plain(x(76))))}, []string{"must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]"}},
	{"button text mrkdwn", a{actions(with(button("b"), "text", mrkdwn("b")))}, []string{"must be a valid enum value [json-pointer:/blocks/0/elements/0/text/type]"}},
	{"button value 2001", a{actions(with(button("b"), "value", x(2001)))}, []string{"must be less than 2001 characters [json-pointer:/blocks/0/elements/0/value]"}},
	{"button url 3001", a{actions(with(button("b"), "url", x(3001)))}, []string{"must be less than 3001 characters [json-pointer:/blocks/0/elements/0/url]"}},
	{"button style", a{actions(with(button("b"), "style", "secondary"))}, []string{"must be a valid enum value [json-pointer:/blocks/0/elements/0/style]"}},
	{"button without text", a{actions(m{"type": "button", "action_id": "b"})}, []string{"missing required field: text [json-pointer:/blocks/0/elements/0]"}},
	{"confirm title 101", a{actions(with(button("b"), "confirm", confirm(101, 1, 1, 1)))}, []string{"must be less than 101 characters [json-pointer:/blocks/0/elements/0/confirm/title/text]"}},
	{"confirm text 301", a{actions(with(button("b"), "confirm", confirm(1, 301, 1, 1)))}, []string{"must be less than 301 characters [json-pointer:/blocks/0/elements/0/confirm/text/text]"}},
	{"confirm confirm 31", a{actions(with(button("b"), "confirm", confirm(1, 1, 31, 1)))}, []string{"must be less than 31 characters [json-pointer:/blocks/0/elements/0/confirm/confirm/text]"}},
	{"confirm deny 31", a{actions(with(button("b"), "confirm", confirm(1, 1, 1, 31)))}, []string{"must be less than 31 characters [json-pointer:/blocks/0/elements/0/confirm/deny/text]"}},
	{"option text 76", a{actions(m{"type": "static_select", "action_id": "s", "options": a{option(x(76), "v")}})}, []string{"must be less than 76 characters [json-pointer:/blocks/0/elements/0/options/0/text/text]"}},
	{"option value 151", a{actions(m{"type": "static_select", "action_id": "s", "options": a{option("t", x(151))}})}, []string{"must be less than 151 characters [json-pointer:/blocks/0/elements/0/options/0/value]"}},
	{"option description 76", a{actions(m{"type": "static_select", "action_id": "s", "options": a{with(option("t", "v"), "description", plain(x(76)))}})}, []string{"must be less than 76 characters [json-pointer:/blocks/0/elements/0/options/0/description/text]"}},
	{"select option mrkdwn", a{actions(m{"type": "static_select", "action_id": "s", "options": a{m{"text": mrkdwn("t"), "value": "v"}}})}, []string{"must be a valid enum value [json-pointer:/blocks/0/elements/0/options/0/text/type]"}},
	{"static_select 100 options ok", a{actions(m{"type": "static_select", "action_id": "s", "options": options(100)})}, nil},
	{"static_select 101 options", a{actions(m{"type": "static_select", "action_id": "s", "options": options(101)})}, []string{"no more than 100 items allowed [json-pointer:/blocks/0/elements/0/options]"}},
	{"static_select options and groups", a{actions(m{"type": "static_select", "action_id": "s", "options": options(1), "option_groups": a{m{"label": plain("g"), "options": options(1)}}})}, []string{"must provide either options or option_groups, not both [json-pointer:/blocks/0/elements/0]"}},
	{"static_select no options", a{actions(m{"type": "static_select", "action_id": "s"})}, []string{"missing required field: options [json-pointer:/blocks/0/elements/0]"}},
	{"option group label 76", a{actions(m{"type": "static_select", "action_id": "s", "option_groups": a{m{"label": plain(x(76)), "options": options(1)}}})}, []string{"must be less than 76 characters [json-pointer:/blocks/0/elements/0/option_groups/0/label/text]"}},
	{"initial_option not an option", a{actions(m{"type": "static_select", "action_id": "s", "options": a{option("A", "a")}, "initial_option": option("B", "b")})}, []string{"must match one of the provided options [json-pointer:/blocks/0/elements/0/initial_option]"}},
	{"placeholder 151", a{actions(m{"type": "users_select", "action_id": "u", "placeholder": plain(x(151))})}, []string{"must be less than 151 characters [json-pointer:/blocks/0/elements/0/placeholder/text]"}},
	{"overflow 6 options", a{actions(m{"type": "overflow", "action_id": "o", "options": options(6)})}, []string{"no more than 5 items allowed [json-pointer:/blocks/0/elements/0/options]"}},
	{"checkboxes 11 options", a{actions(m{"type": "checkboxes", "action_id": "c", "options": options(11)})}, []string{"no more than 10 items allowed [json-pointer:/blocks/0/elements/0/options]"}},
	{"radio_buttons 11 options", a{actions(m{"type": "radio_buttons", "action_id": "r", "options": options(11)})}, []string{"no more than 10 items allowed [json-pointer:/blocks/0/elements/0/options]"}},
	{"checkboxes mrkdwn option ok", a{actions(m{"type": "checkboxes", "action_id": "c", "options": a{m{"text": mrkdwn("*b*"), "value": "v"}}})}, nil},
	{"datepicker bad date", a{actions(m{"type": "datepicker", "action_id": "d", "initial_date": "2024-13-01"})}, []string{"must be a date in YYYY-MM-DD format [json-pointer:/blocks/0/elements/0/initial_date]"}},
	{"timepicker bad time", a{actions(m{"type": "timepicker", "action_id": "t", "initial_time": "9:00"})}, []string{"must be a time in HH:mm format [json-pointer:/blocks/0/elements/0/initial_time]"}},
	{"unknown block type", a{m{"type": "carousel_of_doom"}}, []string{"failed to match all allowed schemas [json-pointer:/blocks/0]"}},
	{"block without type", a{m{"text": mrkdwn("t")}}, []string{"missing required field: type [json-pointer:/blocks/0]"}},
	{"unknown element type", a{actions(m{"type": "slider", "action_id": "s"})}, []string{"failed to match all allowed schemas [json-pointer:/blocks/0/elements/0]"}},
	{"text input in actions", a{actions(textInput())}, []string{"failed to match all allowed schemas [json-pointer:/blocks/0/elements/0]"}},
	{"datetimepicker as accessory", a{with(section("s"), "accessory", m{"type": "datetimepicker", "action_id": "d"})}, []string{"failed to match all allowed schemas [json-pointer:/blocks/0/accessory]"}},
	{"additional block property", a{with(actions(button("b")), "text", mrkdwn("t"))}, []string{"invalid additional property: text [json-pointer:/blocks/0]"}},
	{"image alt_text missing", a{m{"type": "image", "image_url": "https://x/y.png"}}, []string{"missing required field: alt_text [json-pointer:/blocks/0]"}},
	{"image url 3001", a{m{"type": "image", "image_url": x(3001), "alt_text": "a"}}, []string{"must be less than 3001 characters [json-pointer:/blocks/0/image_url]"}},
	{"markdown 12001", a{m{"type": "markdown", "text": x(12001)}}, []string{"must be less than 12001 characters [json-pointer:/blocks/0/text]"}},
	{"blocks not array", nil, []string{"must provide an array [json-pointer:/blocks]"}},
}

func TestValidateMessageBlocks(t *testing.T) {
	for _, tc := range msgCases {
		t.Run(tc.name, func(t *testing.T) {
			in := raw(t, tc.blocks)
			if tc.blocks == nil {
				in = json.RawMessage(`{"type":"section"}`)
			}
			got := ValidateMessageBlocks(in)
			if !slices.Equal(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

// viewCases has one row per view rule; want is the exact result.
var viewCases = []struct {
	name string
	view m
	want []string
}{
	{"valid", modal(section("s"), input("name", textInput())), nil},
	{"100 blocks ok", modal(repeat(100, m{"type": "divider"})...), nil},
	{"101 blocks", modal(repeat(101, m{"type": "divider"})...), []string{"no more than 100 items allowed [json-pointer:/view/blocks]"}},
	{"title 25", with(modal(), "title", plain(x(25))), []string{"must be less than 25 characters [json-pointer:/view/title/text]"}},
	{"title missing", func() m { v := modal(); delete(v, "title"); return v }(), []string{"missing required field: title [json-pointer:/view]"}},
	{"submit 25", with(modal(), "submit", plain(x(25))), []string{"must be less than 25 characters [json-pointer:/view/submit/text]"}},
	{"close 25", with(modal(), "close", plain(x(25))), []string{"must be less than 25 characters [json-pointer:/view/close/text]"}},
	{"submit mrkdwn", with(modal(), "submit", mrkdwn("ok")), []string{"must be a valid enum value [json-pointer:/view/submit/type]"}},
	{"input without submit", func() m { v := modal(input("b", textInput())); delete(v, "submit"); return v }(), []string{"missing required field: submit [json-pointer:/view]"}},
	{"private_metadata 3001", with(modal(), "private_metadata", x(3001)), []string{"must be less than 3001 characters [json-pointer:/view/private_metadata]"}},
	{"callback_id 256", with(modal(), "callback_id", x(256)), []string{"must be less than 256 characters [json-pointer:/view/callback_id]"}},
	{"external_id 256", with(modal(), "external_id", x(256)), []string{"must be less than 256 characters [json-pointer:/view/external_id]"}},
	{"unknown view type", with(modal(), "type", "workflow_step"), []string{"must be a valid enum value [json-pointer:/view/type]"}},
	{"additional view property", with(modal(), "state", m{}), []string{"invalid additional property: state [json-pointer:/view]"}},
	{"input label 2001", modal(with(input("b", textInput()), "label", plain(x(2001)))), []string{"must be less than 2001 characters [json-pointer:/view/blocks/0/label/text]"}},
	{"optional input labelled optional", modal(with(input("b", textInput()), "optional", true, "label", plain("Reason (Optional) "))), []string{"must not end in (optional) on an optional input: Slack adds it itself [json-pointer:/view/blocks/0/label/text]"}},
	{"optional input", modal(with(input("b", textInput()), "optional", true, "label", plain("Reason"))), nil},
	{"input hint 2001", modal(with(input("b", textInput()), "hint", plain(x(2001)))), []string{"must be less than 2001 characters [json-pointer:/view/blocks/0/hint/text]"}},
	{"input without element", modal(m{"type": "input", "label": plain("l")}), []string{"missing required field: element [json-pointer:/view/blocks/0]"}},
	{"button in input", modal(input("b", button("x"))), []string{"failed to match all allowed schemas [json-pointer:/view/blocks/0/element]"}},
	{"max_length 3001", modal(input("b", with(textInput(), "max_length", 3001))), []string{"must be less than or equal to 3000 [json-pointer:/view/blocks/0/element/max_length]"}},
	{"max_length 0", modal(input("b", with(textInput(), "max_length", 0))), []string{"must be greater than or equal to 1 [json-pointer:/view/blocks/0/element/max_length]"}},
	{"min_length above max_length", modal(input("b", with(textInput(), "min_length", 10, "max_length", 5))), []string{"must be less than or equal to max_length [json-pointer:/view/blocks/0/element/min_length]"}},
	{"initial_value above max_length", modal(input("b", with(textInput(), "max_length", 3, "initial_value", "abcd"))), []string{"must be less than 4 characters [json-pointer:/view/blocks/0/element/initial_value]"}},
	{"text input placeholder 151", modal(input("b", with(textInput(), "placeholder", plain(x(151))))), []string{"must be less than 151 characters [json-pointer:/view/blocks/0/element/placeholder/text]"}},
	{"number_input without is_decimal_allowed", modal(input("b", m{"type": "number_input", "action_id": "n"})), []string{"missing required field: is_decimal_allowed [json-pointer:/view/blocks/0/element]"}},
	{"two focus_on_load", modal(input("a", with(textInput(), "focus_on_load", true)), input("b", with(textInput(), "focus_on_load", true))), []string{"only one element per view may set focus_on_load [json-pointer:/view/blocks/1/element/focus_on_load]"}},
	{"duplicate input block_id", modal(input("a", textInput()), input("a", textInput())), []string{`must be unique: block_id "a" is used by another block [json-pointer:/view/blocks/1/block_id]`}},
	{"home tab", m{"type": "home", "blocks": a{section("s")}}, nil},
}

func TestValidateView(t *testing.T) {
	for _, tc := range viewCases {
		t.Run(tc.name, func(t *testing.T) {
			got := ValidateView(raw(t, tc.view))
			if !slices.Equal(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestValidateMessage(t *testing.T) {
	cases := []struct {
		name string
		msg  m
		want []string
	}{
		{"text only", m{"text": "hi"}, nil},
		{"text 40000 ok", m{"text": x(40000)}, nil},
		{"text 40001", m{"text": x(40001)}, []string{"must be less than 40001 characters [json-pointer:/text]"}},
		{"bad response_type", m{"text": "t", "response_type": "public"}, []string{"must be a valid enum value [json-pointer:/response_type]"}},
		{"blocks checked", m{"blocks": a{section(x(3001))}}, []string{"must be less than 3001 characters [json-pointer:/blocks/0/text/text]"}},
		{"other fields ignored", m{"text": "t", "replace_original": true, "thread_ts": "1.2"}, nil},
		{"null blocks", m{"text": "t", "blocks": nil}, nil},
		{"blocks not an array", m{"text": "t", "blocks": "[]"}, []string{"must provide an array [json-pointer:/blocks]"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := ValidateMessage(raw(t, tc.msg)); !slices.Equal(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestValidateViewSubmissionResponse(t *testing.T) {
	view := raw(t, modal(section("s"), input("name", textInput())))
	view = json.RawMessage(strings.Replace(string(view), `"type":"section"`, `"block_id":"intro","type":"section"`, 1))
	cases := []struct {
		name string
		resp string
		want []string
	}{
		{"empty closes", ``, nil},
		{"null closes", `null`, nil},
		{"clear", `{"response_action":"clear"}`, nil},
		{"errors on input", `{"response_action":"errors","errors":{"name":"Too short"}}`, nil},
		{"errors on section", `{"response_action":"errors","errors":{"intro":"No"}}`, []string{"must be the block_id of an input block in the view [json-pointer:/errors/intro]"}},
		{"errors missing", `{"response_action":"errors"}`, []string{"missing required field: errors [json-pointer:]"}},
		{"update view checked", `{"response_action":"update","view":{"type":"modal","title":{"type":"plain_text","text":"` + x(25) + `"},"blocks":[]}}`, []string{"must be less than 25 characters [json-pointer:/view/title/text]"}},
		{"push without view", `{"response_action":"push"}`, []string{"missing required field: view [json-pointer:]"}},
		{"unknown action", `{"response_action":"close"}`, []string{"must be a valid enum value [json-pointer:/response_action]"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := ValidateViewSubmissionResponse(json.RawMessage(tc.resp), view)
			if !slices.Equal(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestInputBlockIDs(t *testing.T) {
	view := raw(t, modal(with(section("s"), "block_id", "s"), input("a", textInput()), input("b", textInput())))
	if got := InputBlockIDs(view); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("got %q", got)
	}
}
