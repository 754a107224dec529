package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"hirebot/handlers"
)

func okCommand(context.Context, handlers.Command) (handlers.Response, error) {
	return handlers.Response{}, nil
}

func okAction(context.Context, handlers.Action) (handlers.Response, error) {
	return handlers.Response{}, nil
}

func okClosed(context.Context, handlers.ViewClosed) (handlers.Response, error) {
	return handlers.Response{}, nil
}

func TestRouterPanicsOnBadRegistration(t *testing.T) {
	cmd := func(name string) handlers.CommandSpec {
		return handlers.CommandSpec{Name: name, Description: "d", Handle: okCommand}
	}
	tests := []struct {
		name   string
		routes handlers.Routes
	}{
		{"duplicate command", handlers.Routes{Commands: []handlers.CommandSpec{cmd("/a"), cmd("/a")}}},
		{"command without slash", handlers.Routes{Commands: []handlers.CommandSpec{cmd("salary")}}},
		{"empty command", handlers.Routes{Commands: []handlers.CommandSpec{cmd("/")}}},
		{"command without handler", handlers.Routes{Commands: []handlers.CommandSpec{{Name: "/a", Description: "d"}}}},
		{"command without description", handlers.Routes{Commands: []handlers.CommandSpec{{Name: "/a", Handle: okCommand}}}},
		{"duplicate action", handlers.Routes{Actions: []handlers.ActionSpec{{ActionID: "x", Handle: okAction}, {ActionID: "x", Handle: okAction}}}},
		{"empty action id", handlers.Routes{Actions: []handlers.ActionSpec{{Handle: okAction}}}},
		{"duplicate view", handlers.Routes{Views: []handlers.ViewSpec{
			{CallbackID: "v", Handle: func(context.Context, handlers.Submission) (handlers.Response, error) { return handlers.Response{}, nil }},
			{CallbackID: "v", Handle: func(context.Context, handlers.Submission) (handlers.Response, error) { return handlers.Response{}, nil }},
		}}},
		{"duplicate closed view", handlers.Routes{Closes: []handlers.CloseSpec{{CallbackID: "v", Handle: okClosed}, {CallbackID: "v", Handle: okClosed}}}},
		{"closed view without handler", handlers.Routes{Closes: []handlers.CloseSpec{{CallbackID: "v"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("NewRouter did not panic")
				}
			}()
			NewRouter(tt.routes)
		})
	}
}

func TestRouterFindsRoutes(t *testing.T) {
	r := NewRouter(handlers.Routes{
		Commands: []handlers.CommandSpec{{Name: "/salary", Description: "d", Handle: okCommand}},
		Actions:  []handlers.ActionSpec{{ActionID: "share", Handle: okAction}},
		Closes:   []handlers.CloseSpec{{CallbackID: "scorecard", Handle: okClosed}},
	})
	if _, ok := r.Closed("scorecard"); !ok {
		t.Error("closed scorecard not found")
	}
	if _, ok := r.Closed("salary_lookup"); ok {
		t.Error("a view that asked for no view_closed found")
	}
	if _, ok := r.Command("/salary"); !ok {
		t.Error("/salary not found")
	}
	if _, ok := r.Command("/nope"); ok {
		t.Error("/nope found")
	}
	if _, ok := r.Action("share"); !ok {
		t.Error("share not found")
	}
}

func TestManifestListsExactlyTheRoutedCommands(t *testing.T) {
	r := NewRouter(handlers.Routes{Commands: []handlers.CommandSpec{
		{Name: "/salary", Description: "Salary bands", UsageHint: "[location]", Handle: okCommand},
		{Name: "/hiring-faq", Description: "FAQ", Handle: okCommand},
	}})
	out, err := NewManifest(r).JSON()
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Features struct {
			SlashCommands []struct{ Command, Description, UsageHint string } `json:"slash_commands"`
		}
		Settings struct {
			SocketModeEnabled bool `json:"socket_mode_enabled"`
			Interactivity     struct {
				IsEnabled bool `json:"is_enabled"`
			}
		}
		OAuthConfig struct {
			Scopes struct{ Bot []string }
		} `json:"oauth_config"`
	}
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range m.Features.SlashCommands {
		got = append(got, c.Command)
	}
	if strings.Join(got, ",") != "/salary,/hiring-faq" {
		t.Errorf("manifest commands = %v", got)
	}
	if !m.Settings.SocketModeEnabled || !m.Settings.Interactivity.IsEnabled {
		t.Error("manifest must enable Socket Mode and interactivity")
	}
	if !strings.Contains(strings.Join(m.OAuthConfig.Scopes.Bot, " "), "commands") {
		t.Errorf("bot scopes %v lack commands", m.OAuthConfig.Scopes.Bot)
	}
}

func TestSeenSetForgetsOldestBeyondLimit(t *testing.T) {
	s := newSeenSet(2, time.Hour, seenMaxBytes, time.Now)
	steps := []struct {
		key  string
		want bool
	}{
		{"a", true}, {"a", false}, {"b", true}, {"c", true}, // "a" falls out here
		{"b", false}, {"a", true},
	}
	for i, st := range steps {
		if _, got := s.Add(st.key); got != st.want {
			t.Errorf("step %d Add(%q) = %v, want %v", i, st.key, got, st.want)
		}
	}
}

func TestSeenSetForgetsEnvelopesOlderThanMaxAge(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	s := newSeenSet(10, 10*time.Minute, seenMaxBytes, func() time.Time { return now })
	steps := []struct {
		after time.Duration
		key   string
		want  bool
	}{
		{0, "a", true},
		{5 * time.Minute, "b", true},
		{5 * time.Minute, "a", false}, // exactly 10 minutes old: still remembered
		{time.Second, "a", true},      // older than 10 minutes: forgotten, so new again
		{0, "b", false},
		{5 * time.Minute, "b", true},
	}
	for i, st := range steps {
		now = now.Add(st.after)
		if _, got := s.Add(st.key); got != st.want {
			t.Errorf("step %d Add(%q) = %v, want %v", i, st.key, got, st.want)
		}
	}
}

func TestSeenSetKeepsPayloadsWithinItsBudget(t *testing.T) {
	s := newSeenSet(100, time.Hour, 1000, time.Now)
	shared := json.RawMessage(`{"text":"` + strings.Repeat("s", 400) + `"}`)
	distinct := func(i int) json.RawMessage {
		return json.RawMessage(fmt.Sprintf(`{"text":"%d%s"}`, i, strings.Repeat("d", 400)))
	}
	add := func(key string, payload json.RawMessage) {
		d, _ := s.Add(key)
		s.recordAck(d, payload)
		d.finish()
	}
	// One answer shared by many envelopes is counted once: all are remembered.
	for i := range 20 {
		add(fmt.Sprint("shared-", i), shared)
	}
	if _, isNew := s.Add("shared-0"); isNew {
		t.Fatal("envelopes sharing one payload were forgotten under the byte budget")
	}
	// Distinct large answers: the oldest are forgotten to stay within the budget; the newest
	// is always kept, with its payload for a repeat.
	for i := range 5 {
		add(fmt.Sprint("distinct-", i), distinct(i))
	}
	if s.bytes > 1000 {
		t.Errorf("payloads kept: %d bytes, budget 1000", s.bytes)
	}
	d, isNew := s.Add("distinct-4")
	if isNew {
		t.Fatal("the newest envelope was forgotten")
	}
	if got, ok := d.firstAck(); !ok || string(got) != string(distinct(4)) {
		t.Errorf("the newest envelope's payload = %s, %v", got, ok)
	}
	if _, isNew := s.Add("distinct-0"); !isNew {
		t.Error("the oldest large answer is still remembered past the budget")
	}
}
