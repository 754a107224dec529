package playground

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"hirebot/fakeslack"
)

func testRenderer(t *testing.T) *renderer {
	t.Helper()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return &renderer{
		dir:      testDir,
		people:   []fakeslack.User{{ID: "U0HM", RealName: "Hana Okafor"}, {ID: "U0INT1", RealName: "Ivan <Petrov>"}},
		channels: []fakeslack.Channel{{ID: "C0HIRING", Name: "hiring"}},
		loc:      berlin,
		scope:    "V1",
	}
}

func mustContainAll(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("missing %s in\n%s", w, got)
		}
	}
}

func TestRenderMessageBlocks(t *testing.T) {
	blocks := `[
	 {"type":"header","text":{"type":"plain_text","text":"Salary <Seattle> :wave:"}},
	 {"type":"section","block_id":"b1","text":{"type":"mrkdwn","text":"*$110,000*"},
	  "fields":[{"type":"mrkdwn","text":"_Level_"},{"type":"plain_text","text":"Senior & up"}],
	  "accessory":{"type":"overflow","action_id":"more","options":[{"text":{"type":"plain_text","text":"Edit"},"value":"edit"}]}},
	 {"type":"divider"},
	 {"type":"context","elements":[{"type":"mrkdwn","text":"by <@U0HM>"},{"type":"image","image_url":"https://x/y.png","alt_text":"logo"}]},
	 {"type":"actions","block_id":"acts","elements":[
	  {"type":"button","action_id":"go","text":{"type":"plain_text","text":"Save"},"style":"primary"},
	  {"type":"button","action_id":"del","text":{"type":"plain_text","text":"Delete"},"style":"danger",
	   "confirm":{"title":{"type":"plain_text","text":"Delete it?"},"text":{"type":"mrkdwn","text":"*Gone* for good"},
	    "confirm":{"type":"plain_text","text":"Delete"},"deny":{"type":"plain_text","text":"Keep"},"style":"danger"}},
	  {"type":"button","action_id":"docs","text":{"type":"plain_text","text":"Docs"},"url":"https://example.com/docs"},
	  {"type":"button","action_id":"evil","text":{"type":"plain_text","text":"Evil"},"url":"javascript:alert(1)"},
	  {"type":"static_select","action_id":"pick","placeholder":{"type":"plain_text","text":"Pick \"one\""},
	   "options":[{"text":{"type":"plain_text","text":"A <1>"},"value":"a\"1"}],"initial_option":{"text":{"type":"plain_text","text":"A <1>"},"value":"a\"1"}},
	  {"type":"users_select","action_id":"who"},
	  {"type":"conversations_select","action_id":"where"}
	 ]},
	 {"type":"rich_text","elements":[]}
	]`
	got := testRenderer(t).blocks(json.RawMessage(blocks))
	mustContainAll(t, got,
		`<div class="sk-header">Salary &lt;Seattle&gt; 👋</div>`,
		`<b>$110,000</b>`, `<i>Level</i>`, `Senior &amp; up`,
		`<details class="sk-overflow" data-kind="action" data-type="overflow" data-block="b1" data-action="more">`,
		`data-value="edit">Edit</button>`,
		`<hr class="sk-divider">`,
		`by <span class="md-mention" data-user="U0HM">@Hana Okafor</span>`, `[logo]`,
		`<button type="button" class="sk-btn sk-primary" data-kind="action" data-type="button" data-block="acts" data-action="go">Save</button>`,
		`class="sk-btn sk-danger"`, `<template class="sk-confirm" data-style="danger"><h2>Delete it?</h2>`,
		`<b>Gone</b> for good`, `<span class="yes">Delete</span><span class="no">Keep</span>`,
		`<a class="sk-btn" href="https://example.com/docs" target="_blank" rel="noopener noreferrer"`,
		`<button type="button" class="sk-btn" data-kind="action" data-type="button" data-block="acts" data-action="evil">Evil</button>`,
		`<option value="">Pick &#34;one&#34;</option>`, `<option value="a&#34;1" selected>A &lt;1&gt;</option>`,
		`<option value="U0INT1">Ivan &lt;Petrov&gt;</option>`, `<option value="C0HIRING">#hiring</option>`,
		`[rich_text block]`,
	)
	if strings.Contains(got, "javascript:") {
		t.Error("a javascript: link was rendered")
	}
}

func TestRenderModalInputs(t *testing.T) {
	blocks := `[
	 {"type":"input","block_id":"name","label":{"type":"plain_text","text":"Candidate"},"hint":{"type":"plain_text","text":"Full name"},
	  "element":{"type":"plain_text_input","action_id":"value","max_length":100,"initial_value":"Ada"}},
	 {"type":"input","block_id":"notes","optional":true,"label":{"type":"plain_text","text":"Notes"},
	  "element":{"type":"plain_text_input","action_id":"value","multiline":true}},
	 {"type":"input","block_id":"mins","label":{"type":"plain_text","text":"Minutes"},
	  "element":{"type":"number_input","action_id":"value","is_decimal_allowed":false,"min_value":"5","max_value":"480"}},
	 {"type":"input","block_id":"panel","label":{"type":"plain_text","text":"Panel"},
	  "element":{"type":"multi_users_select","action_id":"value","initial_users":["U0INT1"]}},
	 {"type":"input","block_id":"fw","label":{"type":"plain_text","text":"Frameworks"},
	  "element":{"type":"checkboxes","action_id":"value","options":[
	   {"text":{"type":"plain_text","text":"Django"},"value":"django","description":{"type":"mrkdwn","text":"_batteries_"}},
	   {"type":"plain_text","text":{"type":"plain_text","text":"Flask"},"value":"flask"}]}},
	 {"type":"input","block_id":"set","label":{"type":"plain_text","text":"Setting"},
	  "element":{"type":"radio_buttons","action_id":"value","options":[{"text":{"type":"plain_text","text":"Remote"},"value":"remote"}]}},
	 {"type":"input","block_id":"level","dispatch_action":true,"label":{"type":"plain_text","text":"Level"},
	  "element":{"type":"multi_static_select","action_id":"value","option_groups":[{"label":{"type":"plain_text","text":"All"},
	   "options":[{"text":{"type":"plain_text","text":"Senior"},"value":"senior"}]}]}},
	 {"type":"input","block_id":"day","label":{"type":"plain_text","text":"Day"},"element":{"type":"datepicker","action_id":"value","initial_date":"2026-11-20"}},
	 {"type":"input","block_id":"at","label":{"type":"plain_text","text":"At"},"element":{"type":"timepicker","action_id":"value","initial_time":"09:30"}},
	 {"type":"input","block_id":"start","label":{"type":"plain_text","text":"Start"},"element":{"type":"datetimepicker","action_id":"value","initial_date_time":1795183200}},
	 {"type":"input","block_id":"ch","label":{"type":"plain_text","text":"Channel"},"element":{"type":"channels_select","action_id":"value"}}
	]`
	r := testRenderer(t)
	r.values = map[string]map[string]fakeslack.Value{"name": {"value": {Type: "plain_text_input", Value: `Jane "<Doe>"`}}}
	r.errors = map[string]string{"name": "Enter <the> name."}
	got := r.blocks(json.RawMessage(blocks))
	mustContainAll(t, got,
		`<div class="sk-input-block has-error" data-block="name">`,
		`value="Jane &#34;&lt;Doe&gt;&#34;"`, // the user's input wins over initial_value
		`<div class="sk-field-error" role="alert">Enter &lt;the&gt; name.</div>`, `<div class="sk-hint">Full name</div>`,
		`Notes <span class="sk-optional">(optional)</span>`, `<textarea class="sk-input" rows="4" data-kind="input" data-type="plain_text_input" data-block="notes"`,
		`type="number" data-kind="input" data-type="number_input" data-block="mins" data-action="value" step="1" min="5" max="480"`,
		`<input type="checkbox" value="U0INT1" checked>`, `<input type="checkbox" value="U0HM">`,
		`<span class="sk-choice-desc"><i>batteries</i></span>`,
		`<input type="radio" name="V1/set/value" value="remote">`,
		`data-kind="dispatch" data-type="multi_static_select" data-block="level"`, `value="senior"`,
		`type="date" data-kind="input" data-type="datepicker" data-block="day" data-action="value" value="2026-11-20"`,
		`type="time"`, `value="09:30"`,
		`type="datetime-local" data-kind="input" data-type="datetimepicker" data-block="start" data-action="value" value="2026-11-20T15:00"`, // in Berlin
		`<option value="C0HIRING">#hiring</option>`,
	)
}

func TestValuesRoundTrip(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	tests := []struct {
		typ  string
		in   []string
		want fakeslack.Value
	}{
		{"plain_text_input", []string{"  spaces kept  "}, fakeslack.Value{Value: "  spaces kept  "}},
		{"static_select", []string{"technical"}, fakeslack.Value{SelectedOption: &fakeslack.Option{Value: "technical"}}},
		{"static_select", []string{""}, fakeslack.Value{}},
		{"checkboxes", []string{"django", "flask"}, fakeslack.Value{SelectedOptions: []fakeslack.Option{{Value: "django"}, {Value: "flask"}}}},
		{"multi_users_select", []string{"U1", "U2"}, fakeslack.Value{SelectedUsers: []string{"U1", "U2"}}},
		{"users_select", []string{"U1"}, fakeslack.Value{SelectedUser: "U1"}},
		{"conversations_select", []string{"C1"}, fakeslack.Value{SelectedConversation: "C1"}},
		{"channels_select", []string{"C1"}, fakeslack.Value{SelectedChannel: "C1"}},
		{"datepicker", []string{"2026-11-20"}, fakeslack.Value{SelectedDate: "2026-11-20"}},
		{"timepicker", []string{"09:30"}, fakeslack.Value{SelectedTime: "09:30"}},
		{"datetimepicker", []string{"2026-11-20T15:00"}, fakeslack.Value{SelectedDateTime: 1795183200}},
	}
	for _, tt := range tests {
		got, err := toValue(tt.typ, "", tt.in, berlin)
		if err != nil {
			t.Fatalf("toValue(%s, %q): %v", tt.typ, tt.in, err)
		}
		tt.want.Type = tt.typ
		gotJSON, _ := json.Marshal(got)
		wantJSON, _ := json.Marshal(tt.want)
		if string(gotJSON) != string(wantJSON) {
			t.Errorf("toValue(%s, %q) = %s, want %s", tt.typ, tt.in, gotJSON, wantJSON)
		}
		if back := valueStrings(got, berlin); strings.Join(back, ",") != strings.Join(nonEmpty(tt.in), ",") {
			t.Errorf("valueStrings(toValue(%s, %q)) = %q", tt.typ, tt.in, back)
		}
	}
	if _, err := toValue("datetimepicker", "", []string{"tomorrow"}, berlin); err == nil {
		t.Error("a date-time that does not parse was accepted")
	}
}

func nonEmpty(s []string) []string {
	var out []string
	for _, x := range s {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

// The form is checked the way the Slack client checks it before submitting.
func TestSubmissionChecksLikeTheSlackClient(t *testing.T) {
	blocks := json.RawMessage(`[
	 {"type":"input","block_id":"name","label":{"type":"plain_text","text":"Name"},"element":{"type":"plain_text_input","action_id":"value","min_length":2,"max_length":5}},
	 {"type":"input","block_id":"stage","label":{"type":"plain_text","text":"Stage"},"element":{"type":"static_select","action_id":"value","options":[{"text":{"type":"plain_text","text":"A"},"value":"a"}]}},
	 {"type":"input","block_id":"notes","optional":true,"label":{"type":"plain_text","text":"Notes"},"element":{"type":"plain_text_input","action_id":"value"}},
	 {"type":"input","block_id":"mins","label":{"type":"plain_text","text":"Minutes"},"element":{"type":"number_input","action_id":"value","is_decimal_allowed":false,"initial_value":"60"}}
	]`)
	values, problems, err := submission(blocks, formValues{"name": {"value": {"x"}}}, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if problems["name"] != "Must be at least 2 characters." || problems["stage"] != "Please complete this required field." ||
		problems["notes"] != "" || problems["mins"] != "" || len(problems) != 2 {
		t.Errorf("problems %v", problems)
	}
	if values["mins"]["value"].Value != "60" {
		t.Errorf("an untouched input lost its initial value: %+v", values["mins"])
	}
	_, problems, _ = submission(blocks, formValues{"name": {"value": {"toolong"}}, "stage": {"value": {"a"}}}, time.UTC)
	if problems["name"] != "Must be 5 characters or fewer (you have 7)." || len(problems) != 1 {
		t.Errorf("problems %v", problems)
	}
}

func TestRenderOverflowConfirm(t *testing.T) {
	blocks := `[{"type":"section","block_id":"b1","text":{"type":"mrkdwn","text":"Jane"},
	  "accessory":{"type":"overflow","action_id":"more","options":[{"text":{"type":"plain_text","text":"Cancel interview"},"value":"cancel:1"}],
	   "confirm":{"title":{"type":"plain_text","text":"Sure?"},"text":{"type":"plain_text","text":"The panel is told"},"style":"danger"}}}]`
	got := testRenderer(t).blocks(json.RawMessage(blocks))
	// The confirm dialog's template is a direct child of the menu, where the page's script looks.
	mustContainAll(t, got, `<summary class="sk-btn" aria-label="More actions">⋯</summary><template class="sk-confirm" data-style="danger"><h2>Sure?</h2>`,
		`<span class="yes">Yes</span><span class="no">Cancel</span></template><div class="sk-menu">`, `data-value="cancel:1">Cancel interview</button>`)
}
