package bot

import (
	"context"
	"errors"
	"testing"
	"time"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
	"hirebot/handlers"
)

func TestSendMarksOutboxMessagesAndDeliveredFindsThem(t *testing.T) {
	fake := slacktest.NewFake(t, fakeslack.Options{Now: time.Now}) // the windows below are on the machine's clock
	fake.AddChannel(fakeslack.Channel{ID: "C0SECRET", Name: "secret", Members: []string{slacktest.HiringManager}})
	b, err := New(Config{AppToken: fake.AppToken(), BotToken: fake.BotToken(), APIURL: fake.APIURL()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	since := time.Now().Add(-time.Minute)
	dm := handlers.Post{Channel: slacktest.Interviewer1, Message: handlers.Message{Text: "Scorecard saved"}}
	sent, err := b.Send(ctx, dm, 41)
	if err != nil || sent.Channel != fake.DMChannel(slacktest.Interviewer1) || sent.TS == "" {
		t.Fatalf("Send = %+v, %v; want the direct message's channel and ts", sent, err)
	}
	if _, err := b.Send(ctx, dm, 0); err != nil { // not from the outbox: no metadata
		t.Fatal(err)
	}
	msgs := fake.Messages(fake.DMChannel(slacktest.Interviewer1))
	if len(msgs) != 2 || string(msgs[0].Metadata) != `{"event_payload":{"id":"41"},"event_type":"hirebot_outbox"}` || msgs[1].Metadata != nil {
		t.Fatalf("messages %+v, want the first marked with outbox id 41 and the second unmarked", msgs)
	}

	for _, tc := range []struct {
		name  string
		p     handlers.Post
		id    int64
		since time.Time
		want  bool
	}{
		{"the message sent", dm, 41, since, true},
		{"another outbox id", dm, 42, since, false},
		{"posted before the window", dm, 41, time.Now().Add(time.Hour), false},
		{"an ephemeral post", handlers.Post{Channel: slacktest.Hiring, PrivateTo: slacktest.Interviewer1}, 41, since, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			where, got, err := b.Delivered(ctx, tc.p, tc.id, tc.since)
			if err != nil || got != tc.want || got && where != sent {
				t.Errorf("Delivered = %+v, %v, %v; want %v at %+v", where, got, err, tc.want, sent)
			}
		})
	}
	if got := fake.Calls("conversations.history"); len(got) == 0 || got[0].Params["include_all_metadata"] != "1" {
		t.Errorf("history calls %+v: want metadata asked for", got)
	}

	// A channel the bot is not in cannot be looked up, for good.
	_, _, err = b.Delivered(ctx, handlers.Post{Channel: "C0SECRET"}, 41, since)
	if !errors.Is(err, handlers.ErrUndeliverable) {
		t.Errorf("lookup in a channel the bot is not in: %v, want refused for good", err)
	}
}
