package playground

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"hirebot/fakeslack"
)

const (
	hana = HiringManager
	ivan = Interviewer1
)

// menuBlocks is a private answer with a button and a select, and text that tries to be markup.
const menuBlocks = `[
 {"type":"section","block_id":"s","text":{"type":"mrkdwn","text":"*Band* for &lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;"}},
 {"type":"actions","block_id":"acts","elements":[
  {"type":"button","action_id":"share","text":{"type":"plain_text","text":"Share in channel"}},
  {"type":"static_select","action_id":"level","options":[{"text":{"type":"plain_text","text":"Senior"},"value":"senior"}]}]}]`

func TestPageShowsTheWorkspace(t *testing.T) {
	srv, _ := newTestServer(t, nil)
	resp, err := http.Get(srv.URL + "/?user=" + ivan + "&channel=" + General)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	page := string(body)
	mustContainAll(t, page, `data-user="U0INT1"`, `data-channel="C0GENERAL"`, `placeholder="Message #general"`,
		`<span class="sb-hash">#</span>hiring`, `hirebot <span class="app-badge">APP</span>`,
		"Hana Okafor", "Hiring manager", "Ivan Petrov", "Interviewer", "Priya Nair", "Rosa Lindqvist", "Recruiter",
		"Central European Time", "India Standard Time", "Run reminder sweep now", `<script src="/static/app.js" defer>`)
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("Content-Security-Policy %q", csp)
	}
	if strings.Contains(page, "<script>") {
		t.Error("the page has an inline script, which its own policy forbids")
	}
	for _, file := range []string{"/static/app.js", "/static/style.css"} {
		resp, err := http.Get(srv.URL + file)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %v %v", file, err, resp.Status)
		}
		resp.Body.Close()
	}
}

func TestCommandAnswersOnlyTheUser(t *testing.T) {
	srv, fake := newTestServer(t, func(c *Config) {
		c.Commands = func() []Command { return []Command{{Name: "/salary"}} }
	})
	bot := startTestBot(t, fake, func(b *testBot, p payload) any {
		return map[string]any{"text": "Band", "blocks": blocksJSON(t, menuBlocks)}
	})
	if status, ans := postJSON(t, srv, "command", request{User: hana, Channel: Hiring, Text: " /salary  seattle senior "}); status != http.StatusOK || !ans.OK {
		t.Fatalf("command: %d %+v", status, ans)
	}
	if p := bot.next(); p.Command != "/salary" || p.Text != "seattle senior" {
		t.Errorf("the bot got %q %q", p.Command, p.Text)
	}
	st := getState(t, srv, hana, Hiring)
	if len(st.Messages) != 1 || !st.Messages[0].Ephemeral {
		t.Fatalf("messages %+v", st.Messages)
	}
	mustContainAll(t, st.HTML.Messages, "Only visible to you",
		"<b>Band</b> for &lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;", // Slack's own escapes stay text, never a tag
		`data-action="share"`, `<option value="senior">Senior</option>`)
	if strings.Contains(st.HTML.Messages, "<script>") {
		t.Error("message text became markup")
	}
	if other := getState(t, srv, ivan, Hiring); len(other.Messages) != 0 {
		t.Errorf("another person sees the private answer: %+v", other.Messages)
	}

	status, ans := postJSON(t, srv, "command", request{User: hana, Channel: Hiring, Text: "/salry"})
	if status != http.StatusOK || ans.OK || !strings.Contains(ans.Error, "/salry is not a valid command") {
		t.Errorf("unknown command: %d %+v", status, ans)
	}
	if status, _ := postJSON(t, srv, "command", request{User: "U0NOPE", Channel: Hiring, Text: "/salary"}); status != http.StatusBadRequest {
		t.Errorf("an unknown person ran a command: %d", status)
	}
}

func TestPlainMessagesStayText(t *testing.T) {
	srv, fake := newTestServer(t, nil)
	if status, ans := postJSON(t, srv, "command", request{User: ivan, Channel: General, Text: `<b>hi</b> & <@U0HM>`}); !ans.OK {
		t.Fatalf("message: %d %+v", status, ans)
	}
	msgs := fake.Messages(General)
	if len(msgs) != 1 || msgs[0].Text != "&lt;b&gt;hi&lt;/b&gt; &amp; &lt;@U0HM&gt;" || msgs[0].User != ivan {
		t.Fatalf("stored %+v", msgs)
	}
	st := getState(t, srv, hana, General)
	mustContainAll(t, st.HTML.Messages, "&lt;b&gt;hi&lt;/b&gt; &amp; &lt;@U0HM&gt;", "Ivan Petrov")
}

func TestButtonsAndSelectsReachTheBot(t *testing.T) {
	srv, fake := newTestServer(t, nil)
	bot := startTestBot(t, fake, func(b *testBot, p payload) any {
		if p.Command != "" {
			return map[string]any{"blocks": blocksJSON(t, menuBlocks)}
		}
		return nil
	})
	postJSON(t, srv, "command", request{User: hana, Channel: Hiring, Text: "/menu"})
	bot.next()
	ts := getState(t, srv, hana, Hiring).Messages[0].TS

	if status, ans := postJSON(t, srv, "click", request{User: hana, Channel: Hiring, TS: ts, Block: "acts", Action: "share"}); !ans.OK {
		t.Fatalf("click: %d %+v", status, ans)
	}
	if p := bot.next(); p.Type != "block_actions" || p.Actions[0].ActionID != "share" || p.Actions[0].BlockID != "acts" {
		t.Errorf("click arrived as %+v", p)
	}
	if status, ans := postJSON(t, srv, "select", request{User: hana, Channel: Hiring, TS: ts, Block: "acts", Action: "level", Value: []string{"senior"}}); !ans.OK {
		t.Fatalf("select: %d %+v", status, ans)
	}
	if p := bot.next(); p.Actions[0].SelectedOption == nil || p.Actions[0].SelectedOption.Value != "senior" {
		t.Errorf("select arrived as %+v", p)
	}
	// Ivan cannot press a button on Hana's private message.
	if status, ans := postJSON(t, srv, "click", request{User: ivan, Channel: Hiring, TS: ts, Block: "acts", Action: "share"}); status != http.StatusOK || ans.OK || ans.Error == "" {
		t.Errorf("click on someone else's private message: %d %+v", status, ans)
	}
}

// formView has two inputs that share an action_id, as hirebot's forms do.
const formView = `{"type":"modal","callback_id":"form","title":{"type":"plain_text","text":"Record <it>"},
 "submit":{"type":"plain_text","text":"Save"},"close":{"type":"plain_text","text":"Cancel"},"blocks":[
 {"type":"input","block_id":"candidate","label":{"type":"plain_text","text":"Candidate"},"element":{"type":"plain_text_input","action_id":"value"}},
 {"type":"input","block_id":"stage","label":{"type":"plain_text","text":"Stage"},"element":{"type":"static_select","action_id":"value",
  "options":[{"text":{"type":"plain_text","text":"Technical"},"value":"technical"}]}}]}`

func TestModalErrorsAndSubmit(t *testing.T) {
	srv, fake := newTestServer(t, nil)
	bot := startTestBot(t, fake, func(b *testBot, p payload) any {
		switch {
		case p.Command == "/form":
			b.call(fake.BotToken(), "views.open", map[string]any{"trigger_id": p.TriggerID, "view": blocksJSON(t, formView)}, nil)
		case p.Type == "view_submission" && strings.TrimSpace(p.View.State.Values["candidate"]["value"].Value) == "":
			return map[string]any{"response_action": "errors", "errors": map[string]string{"candidate": "Enter the candidate's <name>."}}
		}
		return nil
	})
	postJSON(t, srv, "command", request{User: hana, Channel: Hiring, Text: "/form"})
	bot.next()
	st := getState(t, srv, hana, Hiring)
	if st.View == nil || st.View.CallbackID != "form" {
		t.Fatalf("no modal in %+v", st.View)
	}
	view := st.View.ID
	mustContainAll(t, st.HTML.Modal, "Record &lt;it&gt;", `data-block="candidate"`, `data-submit`, `>Cancel</button>`)

	// What the Slack client refuses never reaches the bot.
	status, ans := postJSON(t, srv, "submit", request{User: hana, View: view, Values: formValues{"candidate": {"value": {"Ada"}}}})
	if status != http.StatusOK || ans.OK || ans.Errors["stage"] != "Please complete this required field." {
		t.Fatalf("submit without a stage: %d %+v", status, ans)
	}
	// Switching people keeps the input without telling the bot.
	if _, ans := postJSON(t, srv, "sync", request{User: hana, View: view, Values: formValues{"candidate": {"value": {"  "}}, "stage": {"value": {"technical"}}}}); !ans.OK {
		t.Fatalf("sync: %+v", ans)
	}
	st = getState(t, srv, hana, Hiring)
	if st.View.Values["stage"]["value"].SelectedOption.Value != "technical" {
		t.Errorf("synced values %+v", st.View.Values)
	}
	mustContainAll(t, st.HTML.Modal, `<option value="technical" selected>`)

	// The bot's field errors show under the field, with the input kept.
	key := st.HTML.ModalKey
	if _, ans := postJSON(t, srv, "submit", request{User: hana, View: view, Values: formValues{"candidate": {"value": {"  "}}, "stage": {"value": {"technical"}}}}); !ans.OK {
		t.Fatalf("submit: %+v", ans)
	}
	if p := bot.next(); p.Type != "view_submission" || p.View.State.Values["stage"]["value"].SelectedOption.Value != "technical" {
		t.Errorf("submission arrived as %+v", p)
	}
	st = getState(t, srv, hana, Hiring)
	if st.HTML.ModalKey == key {
		t.Error("the modal's key did not change with its errors, so the page would not redraw it")
	}
	mustContainAll(t, st.HTML.Modal, `sk-input-block has-error" data-block="candidate"`, "Enter the candidate&#39;s &lt;name&gt;.")

	// Fixed, it closes.
	postJSON(t, srv, "submit", request{User: hana, View: view, Values: formValues{"candidate": {"value": {"Ada"}}, "stage": {"value": {"technical"}}}})
	bot.next()
	if st := getState(t, srv, hana, Hiring); st.View != nil || st.HTML.Modal != "" {
		t.Errorf("the modal is still open: %+v", st.View)
	}

	// Cancel closes another one.
	postJSON(t, srv, "command", request{User: hana, Channel: Hiring, Text: "/form"})
	bot.next()
	view = getState(t, srv, hana, Hiring).View.ID
	if _, ans := postJSON(t, srv, "close", request{User: hana, View: view}); !ans.OK {
		t.Fatalf("close: %+v", ans)
	}
	if open := fake.OpenViews(hana); len(open) != 0 {
		t.Errorf("views still open after cancel: %+v", open)
	}
}

func TestEventsStreamChanges(t *testing.T) {
	srv, fake := newTestServer(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/api/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	events := bufio.NewScanner(resp.Body)
	next := func() change {
		t.Helper()
		for events.Scan() {
			if data, ok := strings.CutPrefix(events.Text(), "data: "); ok {
				var c change
				if err := json.Unmarshal([]byte(data), &c); err != nil {
					t.Fatal(err)
				}
				return c
			}
		}
		t.Fatalf("the stream ended: %v", events.Err())
		return change{}
	}
	if c := next(); c.Type != "hello" {
		t.Fatalf("first event %+v", c)
	}
	if _, err := fake.PostUserMessage(ivan, General, "hello"); err != nil {
		t.Fatal(err)
	}
	if c := next(); c.Type != fakeslack.EventMessagePosted || c.Seq == 0 {
		t.Errorf("event %+v", c)
	}
}

func TestRefusesOtherSitesAndHosts(t *testing.T) {
	srv, _ := newTestServer(t, nil)
	post := func(contentType string, header map[string]string) int {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/command", strings.NewReader(`{"user":"U0HM","channel":"C0HIRING","text":"hi"}`))
		req.Header.Set("Content-Type", contentType)
		for k, v := range header {
			req.Header.Set(k, v)
		}
		if h, ok := header["Host"]; ok {
			req.Host = h
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := post("application/json", map[string]string{"Sec-Fetch-Site": "cross-site"}); got != http.StatusForbidden {
		t.Errorf("cross-site request: %d", got)
	}
	if got := post("text/plain", nil); got != http.StatusUnsupportedMediaType {
		t.Errorf("form-encoded request: %d", got)
	}
	if got := post("application/json", map[string]string{"Host": "attacker.example:8080"}); got != http.StatusMisdirectedRequest {
		t.Errorf("foreign Host: %d", got)
	}
	if got := post("application/json", map[string]string{"Host": "localhost:8080"}); got != http.StatusOK {
		t.Errorf("localhost: %d", got)
	}
}

func TestSweepButton(t *testing.T) {
	srv, _ := newTestServer(t, func(c *Config) {
		c.Sweep = func(context.Context) (SweepReport, error) { return SweepReport{Sent: 2, Escalated: 1}, nil }
	})
	status, ans := postJSON(t, srv, "sweep", request{User: hana})
	if status != http.StatusOK || ans.Sweep == nil || ans.Sweep.Sent != 2 || !strings.Contains(ans.Notice, "2 sent") {
		t.Errorf("sweep: %d %+v", status, ans)
	}

	failing, _ := newTestServer(t, func(c *Config) {
		c.Sweep = func(context.Context) (SweepReport, error) { return SweepReport{}, errors.New("database is locked") }
	})
	status, ans = postJSON(t, failing, "sweep", request{User: hana})
	if status != http.StatusInternalServerError || strings.Contains(ans.Error, "locked") {
		t.Errorf("failed sweep: %d %+v (the cause belongs in the log, not the page)", status, ans)
	}
}

// TestSweepSaysWhatComesNext checks the toast after a sweep names the next reminder in the
// viewer's time, and that fast-forwarding reaches the bot through its own hook.
func TestSweepSaysWhatComesNext(t *testing.T) {
	now := time.Date(2026, 1, 13, 20, 0, 0, 0, time.UTC) // Tue 12:00 for Hana in Los Angeles
	next := &Reminder{User: Interviewer1, Candidate: "Jane Doe", At: now.Add(2*time.Hour + 5*time.Minute)}
	report := SweepReport{Next: next}
	forwarded := 0
	srv, _ := newTestServer(t, func(c *Config) {
		c.Now = func() time.Time { return now }
		c.Sweep = func(context.Context) (SweepReport, error) { return report, nil }
		c.FastForward = func(context.Context) (SweepReport, error) {
			forwarded++
			return SweepReport{Sent: 1, Next: &Reminder{User: Interviewer1, Candidate: "Jane Doe", At: now.Add(24 * time.Hour)}}, nil
		}
	})
	tests := []struct {
		name, path string
		report     SweepReport
		want       string
	}{
		{"nothing due", "sweep", SweepReport{Next: next},
			"Nothing was due; next reminder: Ivan Petrov about Jane Doe at 14:05 (in 2 h)."},
		{"nothing scheduled", "sweep", SweepReport{},
			"Reminder sweep done: nothing was due, and no reminder is scheduled."},
		{"sent", "sweep", SweepReport{Sent: 1, Next: next},
			"Reminder sweep done: 1 sent, 0 held for working hours, 0 failed, 0 escalated to hiring managers. Next reminder: Ivan Petrov about Jane Doe at 14:05 (in 2 h)."},
		{"a kit", "sweep", SweepReport{Kits: 1, Next: next},
			"Reminder sweep done: 0 sent, 0 held for working hours, 0 failed, 0 escalated to hiring managers. 1 interview kit sent to an interviewer of an interview starting soon. Next reminder: Ivan Petrov about Jane Doe at 14:05 (in 2 h)."},
		{"kits", "sweep", SweepReport{Kits: 3},
			"Reminder sweep done: 0 sent, 0 held for working hours, 0 failed, 0 escalated to hiring managers. 3 interview kits sent to the panels of interviews starting soon."},
		{"fast-forward", "fast-forward", SweepReport{},
			"Reminder sweep done: 1 sent, 0 held for working hours, 0 failed, 0 escalated to hiring managers. Next reminder: Ivan Petrov about Jane Doe at Wed 14 Jan 12:00 (in 24 h)."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			report = tt.report
			status, ans := postJSON(t, srv, tt.path, request{User: hana})
			if status != http.StatusOK || ans.Notice != tt.want {
				t.Errorf("%s: %d %q, want %q", tt.path, status, ans.Notice, tt.want)
			}
		})
	}
	if forwarded != 1 {
		t.Errorf("fast-forward called the hook %d times, want 1", forwarded)
	}

	idle, _ := newTestServer(t, func(c *Config) {
		c.FastForward = func(context.Context) (SweepReport, error) { return SweepReport{}, nil }
	})
	if _, ans := postJSON(t, idle, "fast-forward", request{User: hana}); !strings.Contains(ans.Notice, "No reminder is scheduled") {
		t.Errorf("fast-forward with nothing scheduled: %+v", ans)
	}
}

// TestAnswersSayWhatHappened checks that what the Slack client would refuse is an ordinary
// answer (200, ok false, a message), while a request the page should never send is an HTTP
// error.
func TestAnswersSayWhatHappened(t *testing.T) {
	srv, _ := newTestServer(t, func(c *Config) {
		c.Commands = func() []Command { return []Command{{Name: "/salary"}} }
	})
	tests := []struct {
		name      string
		path      string
		body      string
		status    int
		wantError string // in the answer's error, when ok is false
	}{
		{"unknown command", "command", `{"user":"U0HM","channel":"C0HIRING","text":"/salry"}`, http.StatusOK, "/salry is not a valid command"},
		{"nothing typed", "command", `{"user":"U0HM","channel":"C0HIRING","text":"  "}`, http.StatusOK, "type a message"},
		{"closed form", "submit", `{"user":"U0HM","view":"V0NOPE"}`, http.StatusOK, "no longer open"},
		{"not JSON", "command", `{"user":`, http.StatusBadRequest, "not valid JSON"},
		{"unknown field", "command", `{"usr":"U0HM"}`, http.StatusBadRequest, "not valid JSON"},
		{"unknown person", "command", `{"user":"U0NOPE","channel":"C0HIRING","text":"/salary"}`, http.StatusBadRequest, "unknown person"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := http.Post(srv.URL+"/api/"+tt.path, "application/json", strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var ans answer
			if err := json.NewDecoder(resp.Body).Decode(&ans); err != nil {
				t.Fatalf("answer is not JSON: %v", err)
			}
			if resp.StatusCode != tt.status || ans.OK || !strings.Contains(ans.Error, tt.wantError) {
				t.Errorf("got %d %+v, want %d with error containing %q", resp.StatusCode, ans, tt.status, tt.wantError)
			}
		})
	}

	resp, err := http.Post(srv.URL+"/api/nope", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown route: %d", resp.StatusCode)
	}
}

// TestBotDMIsReadOnly checks the DM with the bot reads like Slack's read-only Messages tab:
// a note instead of the message box, and nothing typed there is sent.
func TestBotDMIsReadOnly(t *testing.T) {
	srv, fake := newTestServer(t, nil)
	dm := fake.DMChannel(hana)
	st := getState(t, srv, hana, dm)
	if !st.Channel.IsDM || !st.Channel.ReadOnly {
		t.Fatalf("the DM is %+v, want read-only", st.Channel)
	}
	if hiring := getState(t, srv, hana, Hiring); hiring.Channel.ReadOnly {
		t.Error("#hiring is read-only")
	}
	resp, err := http.Get(srv.URL + "/?user=" + hana + "&channel=" + dm)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	mustContainAll(t, string(body), `<div class="composer-off" id="composer-off" role="note">Sending messages to this app has been turned off.</div>`,
		`<form class="composer" id="composer" autocomplete="off" hidden>`)
	if strings.Contains(st.HTML.Messages, "data-fill") {
		t.Error("the DM offers commands to run there")
	}

	for _, text := range []string{"hello?", "/salary seattle"} {
		status, ans := postJSON(t, srv, "command", request{User: hana, Channel: dm, Text: text})
		if status != http.StatusOK || ans.OK || !strings.Contains(ans.Error, "turned off") {
			t.Errorf("%q in the DM: %d %+v", text, status, ans)
		}
	}
	if msgs := fake.Messages(dm); len(msgs) != 0 {
		t.Errorf("the DM has messages: %+v", msgs)
	}
}
