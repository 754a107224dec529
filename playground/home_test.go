package playground

import (
	"net/http"
	"strings"
	"testing"
)

// homeView is a Home tab with two buttons that share an action_id, as hirebot's "Submit
// feedback" buttons do.
const homeView = `{"type":"home","blocks":[
 {"type":"section","text":{"type":"mrkdwn","text":"*Scorecards you owe*"}},
 {"type":"actions","block_id":"card_1","elements":[{"type":"button","action_id":"open_card","value":"1","text":{"type":"plain_text","text":"Submit feedback"}}]},
 {"type":"actions","block_id":"card_2","elements":[{"type":"button","action_id":"open_card","value":"2","text":{"type":"plain_text","text":"Submit feedback"}}]}
]}`

func TestHomeTab(t *testing.T) {
	srv, fake := newTestServer(t, nil)
	bot := startTestBot(t, fake, func(b *testBot, p payload) any {
		switch {
		case p.Type == "event_callback":
			b.call(fake.BotToken(), "views.publish", map[string]any{"user_id": hana, "view": blocksJSON(t, homeView)}, nil)
		case p.Type == "block_actions" && p.View.ID != "":
			b.call(fake.BotToken(), "views.open", map[string]any{"trigger_id": p.TriggerID, "view": blocksJSON(t, formView)}, nil)
		}
		return nil
	})
	dm := fake.DMChannel(hana)

	// Before the bot publishes anything, the tab says so; the DM's header offers both tabs.
	st := getTab(t, srv, hana, dm, TabHome)
	if st.Tab != TabHome || st.Home != nil || len(st.Messages) != 0 {
		t.Fatalf("an unopened Home tab: tab %q home %+v messages %d", st.Tab, st.Home, len(st.Messages))
	}
	mustContainAll(t, st.HTML.Messages, "home-empty")
	mustContainAll(t, st.HTML.Header, `class="app-tab active" href="/?channel=`+dm+`&amp;user=`+hana+`&amp;tab=home" data-tab="home"`, `data-tab="messages"`)

	// Opening it sends app_home_opened; the bot's view is drawn with the Block Kit renderer.
	if status, ans := postJSON(t, srv, "home", request{User: hana, Tab: TabHome}); status != http.StatusOK || !ans.OK {
		t.Fatalf("open Home: %d %+v", status, ans)
	}
	if p := bot.next(); p.Type != "event_callback" {
		t.Fatalf("the bot got %+v", p)
	}
	st = getTab(t, srv, hana, dm, TabHome)
	if st.Home == nil || st.Home.ID == "" {
		t.Fatalf("no Home view after opening: %+v", st.Home)
	}
	mustContainAll(t, st.HTML.Messages, `data-home="`+st.Home.ID+`"`, "Scorecards you owe", `data-block="card_2" data-action="open_card"`)

	// A Home button is a Home click, with the block it is in; its trigger opens a modal.
	if status, ans := postJSON(t, srv, "click", request{User: hana, Home: true, Block: "card_2", Action: "open_card"}); status != http.StatusOK || !ans.OK {
		t.Fatalf("click in Home: %d %+v", status, ans)
	}
	if p := bot.next(); p.Type != "block_actions" || p.View.ID != st.Home.ID || len(p.Actions) != 1 || p.Actions[0].BlockID != "card_2" {
		t.Errorf("the Home click arrived as %+v", p)
	}
	if st := getTab(t, srv, hana, dm, TabHome); st.View == nil || st.View.CallbackID != "form" {
		t.Errorf("the Home button opened no modal: %+v", st.View)
	}

	// The Messages tab shows the conversation; a channel has no tabs.
	if st := getTab(t, srv, hana, dm, TabMessages); st.Tab != TabMessages || strings.Contains(st.HTML.Messages, "home-view") {
		t.Errorf("Messages tab: %q %s", st.Tab, st.HTML.Messages)
	}
	if st := getTab(t, srv, hana, Hiring, TabHome); st.Tab != "" || strings.Contains(st.HTML.Header, "app-tabs") {
		t.Errorf("#hiring on the Home tab: %q", st.Tab)
	}
	if status, _ := postJSON(t, srv, "home", request{User: hana, Tab: "about"}); status != http.StatusBadRequest {
		t.Errorf("an unknown tab answered %d", status)
	}
}

func TestShortcuts(t *testing.T) {
	srv, fake := newTestServer(t, func(c *Config) {
		c.Shortcuts = func() []Shortcut {
			return []Shortcut{
				{CallbackID: "record", Name: "Record an interview", Description: "Like /interview"},
				{CallbackID: "note", Name: "Add to candidate notes", Description: "Save <this>", Message: true},
			}
		}
	})
	bot := startTestBot(t, fake, func(*testBot, payload) any { return nil })

	if status, ans := postJSON(t, srv, "shortcut", request{User: hana, Callback: "record"}); status != http.StatusOK || !ans.OK {
		t.Fatalf("global shortcut: %d %+v", status, ans)
	}
	if p := bot.next(); p.Type != "shortcut" || p.CallbackID != "record" || p.TriggerID == "" {
		t.Errorf("the global shortcut arrived as %+v", p)
	}
	if status, _ := postJSON(t, srv, "shortcut", request{User: hana, Callback: "note"}); status != http.StatusBadRequest {
		t.Errorf("a message shortcut run as a global one answered %d", status)
	}

	// A message's menu offers the message shortcuts; an ephemeral message has none.
	msg, err := fake.PostUserMessage(hana, Hiring, "Jane aced the design round")
	if err != nil {
		t.Fatal(err)
	}
	st := getState(t, srv, hana, Hiring)
	mustContainAll(t, st.HTML.Messages, `class="msg-more"`, `data-shortcut="note" title="Save &lt;this&gt;">Add to candidate notes`)
	if strings.Contains(st.HTML.Messages, `data-shortcut="record"`) {
		t.Error("a global shortcut in a message's menu")
	}
	if status, ans := postJSON(t, srv, "shortcut", request{User: hana, Channel: Hiring, TS: msg.TS, Callback: "note"}); status != http.StatusOK || !ans.OK {
		t.Fatalf("message shortcut: %d %+v", status, ans)
	}
	if p := bot.next(); p.Type != "message_action" || p.CallbackID != "note" {
		t.Errorf("the message shortcut arrived as %+v", p)
	}
	if st.Shortcuts[0].Name != "Record an interview" {
		t.Errorf("the state lists shortcuts %+v", st.Shortcuts)
	}
}
