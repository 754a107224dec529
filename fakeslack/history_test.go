package fakeslack_test

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

func TestPostMessageMetadata(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	api := apiClient(s)
	md := slack.SlackMetadata{EventType: "hirebot_outbox", EventPayload: map[string]any{"id": "42", "n": 1, "ok": true}}
	_, ts, err := api.PostMessage(slacktest.Hiring, slack.MsgOptionText("hi", false), slack.MsgOptionMetadata(md))
	if err != nil {
		t.Fatal(err)
	}
	m, _ := s.Message(slacktest.Hiring, ts)
	if got := string(m.Metadata); got != `{"event_payload":{"id":"42","n":1,"ok":true},"event_type":"hirebot_outbox"}` {
		t.Errorf("stored metadata %s", got)
	}

	cases := []struct{ name, metadata, want string }{
		{"not JSON", `{"event_type":`, "invalid_metadata_format"},
		{"no event_type", `{"event_payload":{"id":"1"}}`, "invalid_metadata_format"},
		{"event_type with a dash", `{"event_type":"out-box","event_payload":{"id":"1"}}`, "invalid_metadata_format"},
		{"payload not an object", `{"event_type":"outbox","event_payload":"1"}`, "invalid_metadata_schema"},
		{"null value", `{"event_type":"outbox","event_payload":{"id":null}}`, "invalid_metadata_schema"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, body := post(t, s, "chat.postMessage", s.BotToken(), url.Values{
				"channel": {slacktest.Hiring}, "text": {"x"}, "metadata": {tc.metadata}})
			if got, _ := body["error"].(string); got != tc.want {
				t.Errorf("got %v, want %s", body, tc.want)
			}
		})
	}
}

func TestPostMessageToABotUser(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	s.AddUser(fakeslack.User{ID: "U0OTHERBOT", Name: "otherbot", IsBot: true})
	api := apiClient(s)
	for _, ch := range []string{"U0OTHERBOT", s.BotUserID()} {
		if _, _, err := api.PostMessage(ch, slack.MsgOptionText("hi", false)); slackErr(err) != "cannot_dm_bot" {
			t.Errorf("DM to %s: %v, want cannot_dm_bot", ch, err)
		}
	}
}

func TestConversationsHistory(t *testing.T) {
	clock := slacktest.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	s := newServer(t, fakeslack.Options{Now: clock.Now})
	s.AddChannel(fakeslack.Channel{ID: "C0SECRET", Name: "secret", Members: []string{slacktest.HiringManager}})
	api := apiClient(s)
	var stamps []string
	for i := range 5 {
		opts := []slack.MsgOption{slack.MsgOptionText("m"+string(rune('0'+i)), false)}
		if i == 3 {
			opts = append(opts, slack.MsgOptionMetadata(slack.SlackMetadata{EventType: "hirebot_outbox", EventPayload: map[string]any{"id": "7"}}))
		}
		_, ts, err := api.PostMessage(slacktest.Interviewer1, opts...)
		if err != nil {
			t.Fatal(err)
		}
		stamps = append(stamps, ts)
		clock.Advance(time.Minute)
	}
	if _, err := api.PostEphemeral(slacktest.Hiring, slacktest.HiringManager, slack.MsgOptionText("only you", false)); err != nil {
		t.Fatal(err)
	}
	dm := s.DMChannel(slacktest.Interviewer1)

	h, err := api.GetConversationHistory(&slack.GetConversationHistoryParameters{ChannelID: dm, Limit: 2, IncludeAllMetadata: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Messages) != 2 || h.Messages[0].Text != "m4" || h.Messages[1].Text != "m3" || !h.HasMore {
		t.Fatalf("first page %+v, has_more %v; want m4, m3 and more", h.Messages, h.HasMore)
	}
	if got := h.Messages[1].Metadata; got.EventType != "hirebot_outbox" || got.EventPayload["id"] != "7" || h.Messages[1].BotID == "" {
		t.Errorf("m3 metadata %+v, bot_id %q", got, h.Messages[1].BotID)
	}
	next, _ := base64.StdEncoding.DecodeString(h.ResponseMetaData.NextCursor)
	if !strings.HasPrefix(string(next), "next_ts:") {
		t.Errorf("next_cursor %q is not Slack's form", h.ResponseMetaData.NextCursor)
	}
	rest, err := api.GetConversationHistory(&slack.GetConversationHistoryParameters{ChannelID: dm, Limit: 10, Cursor: h.ResponseMetaData.NextCursor})
	if err != nil || len(rest.Messages) != 3 || rest.Messages[0].Text != "m2" || rest.HasMore {
		t.Fatalf("second page %+v, %v; want m2, m1, m0 and no more", rest.Messages, err)
	}

	// Without include_all_metadata no metadata; oldest and latest bound the window, exclusive.
	win, err := api.GetConversationHistory(&slack.GetConversationHistoryParameters{ChannelID: dm, Oldest: stamps[1], Latest: stamps[4]})
	if err != nil || len(win.Messages) != 2 || win.Messages[0].Text != "m3" || win.Messages[1].Text != "m2" {
		t.Fatalf("window %+v, %v; want m3, m2", win.Messages, err)
	}
	if win.Messages[0].Metadata.EventType != "" {
		t.Errorf("metadata without include_all_metadata: %+v", win.Messages[0].Metadata)
	}
	secs, err := api.GetConversationHistory(&slack.GetConversationHistoryParameters{ChannelID: dm, Oldest: "1772355720", Inclusive: true})
	if err != nil || len(secs.Messages) != 3 {
		t.Errorf("oldest in whole seconds (09:02): %d messages, %v; want 3", len(secs.Messages), err)
	}
	if ch, err := api.GetConversationHistory(&slack.GetConversationHistoryParameters{ChannelID: slacktest.Hiring}); err != nil || len(ch.Messages) != 0 {
		t.Errorf("ephemeral messages listed: %+v, %v", ch, err)
	}

	for ch, want := range map[string]string{"C0NOPE": "channel_not_found", "C0SECRET": "not_in_channel"} {
		if _, err := api.GetConversationHistory(&slack.GetConversationHistoryParameters{ChannelID: ch}); slackErr(err) != want {
			t.Errorf("history of %s: %v, want %s", ch, err, want)
		}
	}
	if _, err := api.GetConversationHistory(&slack.GetConversationHistoryParameters{ChannelID: dm, Cursor: "bm9wZQ=="}); slackErr(err) != "invalid_cursor" {
		t.Errorf("bad cursor: %v", err)
	}
}

func TestDelayAnswersPostsAtOnceAndAnswersLater(t *testing.T) {
	t.Parallel() // mostly waits on real-time timeouts; runs beside the others
	s := newServer(t, fakeslack.Options{})
	s.DelayAnswers("chat.postMessage", 300*time.Millisecond)
	done := make(chan error, 1)
	start := time.Now()
	go func() {
		_, _, err := apiClient(s).PostMessage(slacktest.Hiring, slack.MsgOptionText("slow", false))
		done <- err
	}()
	if _, err := s.WaitMessage(testCtx(t), func(m fakeslack.Message) bool { return m.Text == "slow" }); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		t.Fatalf("answered before the delay: %v", err)
	default:
	}
	if err := <-done; err != nil || time.Since(start) < 300*time.Millisecond {
		t.Errorf("answer %v after %v, want success after 300ms", err, time.Since(start))
	}
	s.DelayAnswers("chat.postMessage", 0)
	start = time.Now()
	if _, _, err := apiClient(s).PostMessage(slacktest.Hiring, slack.MsgOptionText("fast", false)); err != nil || time.Since(start) > 200*time.Millisecond {
		t.Errorf("after the delay ended: %v in %v", err, time.Since(start))
	}
}
