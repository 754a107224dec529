package fakeslack_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

// newServer starts a fake; tests about timeouts set their own short ones.
func newServer(t *testing.T, opts fakeslack.Options) *fakeslack.Server {
	t.Helper()
	if opts.TriggerTTL == 0 {
		opts.TriggerTTL = time.Minute
	}
	return slacktest.NewFake(t, opts)
}

// testCtx is bounded so a broken wait fails the test instead of hanging.
func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func apiClient(s *fakeslack.Server) *slack.Client {
	return slack.New(s.BotToken(), slack.OptionAPIURL(s.APIURL()), slack.OptionAppLevelToken(s.AppToken()))
}

// bot is a Socket Mode app built on slack-go, as the real bot is.
type bot struct {
	api    *slack.Client
	sm     *socketmode.Client
	hellos atomic.Int32
	got    chan socketmode.Event // every request event, in order
}

// startBot connects a slack-go Socket Mode client to s. handle runs for
// every request (slash command or interaction) on the event loop; nil
// acks everything with no payload.
func startBot(t *testing.T, s *fakeslack.Server, handle func(b *bot, evt socketmode.Event)) *bot {
	t.Helper()
	api := apiClient(s)
	b := &bot{api: api, sm: socketmode.New(api), got: make(chan socketmode.Event, 100)}
	if handle == nil {
		handle = func(b *bot, evt socketmode.Event) { b.ack(evt, nil) }
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _ = b.sm.RunContext(ctx) })
	wg.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case evt := <-b.sm.Events:
				if evt.Type == socketmode.EventTypeHello {
					b.hellos.Add(1)
				}
				if evt.Request != nil && evt.Request.EnvelopeID != "" {
					select {
					case b.got <- evt:
					default:
					}
					handle(b, evt)
				}
			}
		}
	})
	t.Cleanup(func() { cancel(); wg.Wait() })
	if err := s.WaitConnected(testCtx(t)); err != nil {
		t.Fatal(err)
	}
	return b
}

func (b *bot) ack(evt socketmode.Event, payload any) {
	if payload == nil {
		_ = b.sm.Ack(*evt.Request)
		return
	}
	_ = b.sm.Ack(*evt.Request, payload)
}

// next returns the next request the bot received.
func (b *bot) next(t *testing.T) socketmode.Event {
	t.Helper()
	select {
	case evt := <-b.got:
		return evt
	case <-time.After(10 * time.Second):
		t.Fatal("bot received nothing")
		return socketmode.Event{}
	}
}

// interaction parses the interactive payload of an event.
func interaction(t *testing.T, evt socketmode.Event) slack.InteractionCallback {
	t.Helper()
	cb, ok := evt.Data.(slack.InteractionCallback)
	if !ok {
		t.Fatalf("event data is %T, want slack.InteractionCallback", evt.Data)
	}
	return cb
}

// slackErr returns the Slack error code of err ("" if none).
func slackErr(err error) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

// post calls a Web API method with a form body and an optional bearer token.
func post(t *testing.T, s *fakeslack.Server, method, bearer string, form url.Values) (int, http.Header, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, s.APIURL()+method, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("%s: decode: %v", method, err)
	}
	return resp.StatusCode, resp.Header, body
}

func txt(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
}
func md(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}
