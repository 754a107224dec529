package handlers

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"hirebot/content"
	"hirebot/data"
	"hirebot/fakeslack/blockkit"
)

func mustContent(t testing.TB) *content.Content {
	t.Helper()
	c, err := content.Embedded()
	if err != nil {
		t.Fatalf("load embedded content: %v", err)
	}
	return c
}

// testHandlers holds every feature, for tests that call their methods directly.
type testHandlers struct {
	*Lookups
	*Interviews
	*Reminders
	*Postings
	*Outbox
	*Home
	*Preferences
	admin     *Admin     // named, not embedded: its methods would clash with the others'
	retention *Retention // off unless testDeps.retention is set
	content   *content.Content
}

func (h testHandlers) Routes() Routes {
	return Features{Lookups: h.Lookups, Interviews: h.Interviews, Reminders: h.Reminders, Postings: h.Postings, Home: h.Home,
		Preferences: h.Preferences, Admin: h.admin}.Routes()
}

// testDeps is what a test gives the features; what it leaves out is nil or the default.
type testDeps struct {
	store      *data.Store
	interviews InterviewStore // instead of store, for the interview feature
	now        func() time.Time
	users      UserDirectory
	settings   Settings
	send       sendFunc
	sender     Sender   // instead of send, for a test that says where messages land or refuses some
	admins     []string // may read the team's /feedback stats, and run /hirebot-admin
	deleter    MessageDeleter
	retention  time.Duration // the retention period; zero turns the purge off
}

// sendFunc is a Sender from a function.
type sendFunc func(ctx context.Context, p Post) error

func (f sendFunc) Send(ctx context.Context, p Post, _ int64) (Sent, error) { return Sent{}, f(ctx, p) }

// Delivered finds nothing: every lookup says the message is not there.
func (f sendFunc) Delivered(context.Context, Post, int64, time.Time) (Sent, bool, error) {
	return Sent{}, false, nil
}

func newTestHandlers(t testing.TB) testHandlers {
	t.Helper()
	return newTestFeatures(t, testDeps{})
}

// newTestFeatures builds every feature from d, with the embedded content; "random" picks the last.
func newTestFeatures(t testing.TB, d testDeps) testHandlers {
	t.Helper()
	c := mustContent(t)
	h := testHandlers{content: c, Lookups: NewLookups(c, func(n int) int { return n - 1 })}
	var interviews InterviewStore
	var reminders ReminderStore
	var postings PostingStore
	if d.store != nil {
		interviews, reminders, postings = d.store, d.store, d.store
	}
	if d.interviews != nil {
		interviews = d.interviews
	}
	h.Interviews = NewInterviews(InterviewsConfig{Store: interviews, Users: d.users, Settings: d.settings, Now: d.now})
	if d.store != nil {
		h.Interviews.WithStats(d.store, AdminIDs(d.admins)).WithDrafts(d.store).WithNotes(d.store)
	}
	var prefs PreferenceLookup
	if d.store != nil {
		prefs = d.store
	}
	h.Reminders = NewReminders(RemindersConfig{Store: reminders, Content: c, Users: d.users, Settings: d.settings, Prefs: prefs, Now: d.now})
	if d.store != nil {
		var sender Sender = d.send
		if d.sender != nil {
			sender = d.sender
		}
		h.Outbox = NewOutbox(OutboxConfig{Store: d.store, Sender: sender, Owner: "test", Now: d.now})
		h.admin = NewAdmin(AdminConfig{Store: d.store, Deleter: d.deleter, Admins: AdminIDs(d.admins), Now: d.now})
		h.retention = NewRetention(RetentionConfig{Store: d.store, Period: d.retention, Admins: AdminIDs(d.admins), Now: d.now})
	}
	h.Postings = NewPostings(PostingsConfig{Content: c, Store: postings, Users: d.users})
	if d.store != nil {
		h.Home = NewHome(HomeConfig{Store: d.store, Users: d.users, Settings: d.settings, Admins: AdminIDs(d.admins), Now: d.now})
		h.Preferences = NewPreferences(PreferencesConfig{Store: d.store, Users: d.users, Settings: d.settings, Now: d.now})
	}
	return h
}

// runCommand calls the registered command the way the router would.
func runCommand(t *testing.T, h testHandlers, name, text string) Message {
	t.Helper()
	for _, c := range h.Routes().Commands {
		if c.Name != name {
			continue
		}
		resp, err := c.Handle(context.Background(), Command{Name: name, Text: text, UserID: "U1", ChannelID: "C1"})
		if err != nil {
			t.Fatalf("%s %q: %v", name, text, err)
		}
		if len(resp.Replies) != 1 {
			t.Fatalf("%s %q: %d replies, want 1", name, text, len(resp.Replies))
		}
		mustBeValidMessage(t, resp.Replies[0])
		return resp.Replies[0]
	}
	t.Fatalf("command %s not registered", name)
	return Message{}
}

// mustBeValidMessage checks a reply against every Block Kit limit Slack enforces.
func mustBeValidMessage(t *testing.T, m Message) {
	t.Helper()
	if m.Text == "" && !m.DeleteOriginal {
		t.Errorf("message has no fallback text")
	}
	raw, err := json.Marshal(m.Blocks)
	if err != nil {
		t.Fatal(err)
	}
	if problems := blockkit.ValidateMessageBlocks(raw); len(problems) > 0 {
		t.Errorf("message breaks Block Kit limits: %v", problems)
	}
}

// rendered is every text a message shows, joined, for asserting on what the user reads.
func rendered(t *testing.T, m Message) string {
	t.Helper()
	raw, err := json.Marshal(m.Blocks)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if s, ok := x["text"].(string); ok {
				texts = append(texts, s)
			}
			for _, child := range x {
				walk(child)
			}
		case []any:
			for _, child := range x {
				walk(child)
			}
		}
	}
	var decoded any
	if err := json.Unmarshal(raw, &decoded); err != nil {
		t.Fatal(err)
	}
	walk(decoded)
	return strings.Join(texts, "\n")
}

// shareValue is the value of the message's share button, or "" when it has none.
func shareValue(m Message) string {
	for _, b := range m.Blocks {
		if ab, ok := b.(*slack.ActionBlock); ok && ab.BlockID == blockShare {
			for _, el := range ab.Elements.ElementSet {
				if btn, ok := el.(*slack.ButtonBlockElement); ok && btn.ActionID == ActionShare {
					return btn.Value
				}
			}
		}
	}
	return ""
}

func assertContains(t *testing.T, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("reply does not contain %q; it reads:\n%s", w, text)
		}
	}
}

func assertNotContains(t *testing.T, text string, unwanted ...string) {
	t.Helper()
	for _, w := range unwanted {
		if strings.Contains(text, w) {
			t.Errorf("reply contains %q; it reads:\n%s", w, text)
		}
	}
}

func TestRoutesAreComplete(t *testing.T) {
	r := newTestHandlers(t).Routes()
	names := map[string]bool{}
	for _, c := range r.Commands {
		if c.Description == "" || c.UsageHint == "" || c.Handle == nil {
			t.Errorf("command %s lacks a description, usage hint or handler", c.Name)
		}
		names[c.Name] = true
	}
	for _, want := range []string{"/salary", "/interview-questions", "/hiring-faq"} {
		if !names[want] {
			t.Errorf("command %s is not routed", want)
		}
	}
}

func TestShareRepostsTheSameAnswerPublicly(t *testing.T) {
	h := newTestHandlers(t)
	tests := []struct{ command, text string }{
		{"/salary", "Seattle, WA senior"},
		{"/salary", ""},
		{"/interview-questions", "system design"},
		{"/interview-questions", "random"},
		{"/hiring-faq", "degree"},
	}
	for _, tt := range tests {
		t.Run(tt.command+" "+tt.text, func(t *testing.T) {
			private := runCommand(t, h, tt.command, tt.text)
			value := shareValue(private)
			if value == "" {
				t.Fatal("answer has no share button")
			}
			resp, err := h.Share(context.Background(), Action{ActionID: ActionShare, Value: value, UserID: "U42"})
			if err != nil {
				t.Fatal(err)
			}
			if len(resp.Replies) != 3 || !resp.Replies[0].ReplaceOriginal {
				t.Fatalf("share gave %d replies, want the button replaced, the public post and the delete", len(resp.Replies))
			}
			public, del := resp.Replies[1], resp.Replies[2]
			mustBeValidMessage(t, public)
			if !public.Public || shareValue(public) != "" {
				t.Errorf("public copy: Public=%v share button=%q; want public without a share button", public.Public, shareValue(public))
			}
			if !del.DeleteOriginal {
				t.Error("second reply does not delete the private copy")
			}
			// The public copy says everything the private one did, plus who shared it.
			want := rendered(t, Message{Blocks: private.Blocks[:len(private.Blocks)-1]})
			got := rendered(t, public)
			assertContains(t, got, want, "<@U42>")
		})
	}
}

func TestShareWithUnknownCommandIsAFriendlyError(t *testing.T) {
	h := newTestHandlers(t)
	for _, value := range []string{"/nope seattle", "", "/salary nowhere-at-all"} {
		_, err := h.Share(context.Background(), Action{ActionID: ActionShare, Value: value, UserID: "U1"})
		ue, ok := AsUserError(err)
		if !ok || ue.Msg == "" {
			t.Errorf("share(%q) error = %v, want a UserError", value, err)
		}
	}
}

// mustBeValidView checks a modal against every Block Kit limit Slack enforces.
func mustBeValidView(t *testing.T, v *slack.ModalViewRequest) {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if problems := blockkit.ValidateView(raw); len(problems) > 0 {
		t.Errorf("view %s breaks Block Kit limits: %v", v.CallbackID, problems)
	}
}

// sweepAndDeliver runs the reminder sweep and then delivers what it queued, as the app's
// schedule and delivery worker would.
func (h testHandlers) sweepAndDeliver(t *testing.T) (SweepReport, DeliveryReport) {
	t.Helper()
	rep, err := h.Sweep(context.Background())
	if err != nil {
		t.Fatalf("sweep: %v", err)
	}
	del, err := h.Deliver(context.Background())
	if err != nil {
		t.Fatalf("deliver: %v", err)
	}
	return rep, del
}
