package fakeslack_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

// candidateBlocks is a message with buttons, a select and an overflow.
func candidateBlocks(blockID string) slack.Block {
	opts := []*slack.OptionBlockObject{
		slack.NewOptionBlockObject("a", txt("Alpha"), nil), slack.NewOptionBlockObject("b", txt("Beta"), nil),
	}
	return slack.NewActionBlock(blockID,
		slack.NewButtonBlockElement("approve", blockID+"-yes", txt("Approve")).WithStyle(slack.StylePrimary),
		slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, txt("Stage"), "stage", opts...),
		slack.NewOverflowBlockElement("more", opts...))
}

func postCandidates(t *testing.T, s *fakeslack.Server, blocks ...slack.Block) fakeslack.Message {
	t.Helper()
	_, ts, err := apiClient(s).PostMessage(slacktest.Hiring, slack.MsgOptionText("candidates", false), slack.MsgOptionBlocks(blocks...))
	if err != nil {
		t.Fatal(err)
	}
	m, _ := s.Message(slacktest.Hiring, ts)
	return m
}

func TestClickButtonInMessage(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	b := startBot(t, s, nil)
	ctx := testCtx(t)
	msg := postCandidates(t, s, candidateBlocks("c1"))
	env, err := s.ClickButton(ctx, slacktest.Interviewer1, msg, "approve")
	if err != nil {
		t.Fatal(err)
	}
	evt := b.next(t)
	cb := interaction(t, evt)
	act := cb.ActionCallback.BlockActions
	if cb.Type != slack.InteractionTypeBlockActions || len(act) != 1 || act[0].ActionID != "approve" ||
		act[0].BlockID != "c1" || act[0].Value != "c1-yes" || act[0].Text.Text != "Approve" || act[0].ActionTs == "" {
		t.Fatalf("actions %+v", act)
	}
	if cb.Container.Type != "message" || cb.Container.MessageTs != msg.TS || cb.Container.ChannelID != slacktest.Hiring ||
		cb.Message.Timestamp != msg.TS || cb.Channel.ID != slacktest.Hiring || cb.User.ID != slacktest.Interviewer1 ||
		cb.ResponseURL != env.ResponseURL || cb.TriggerID != env.TriggerID || cb.APIAppID != "A0001" {
		t.Errorf("payload %+v", cb)
	}
	if evt.Request.AcceptsResponsePayload {
		t.Error("block_actions accepts_response_payload must be false")
	}
}

func TestSelectOptionInMessage(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	b := startBot(t, s, nil)
	ctx := testCtx(t)
	msg := postCandidates(t, s, candidateBlocks("c1"), candidateBlocks("c2"))
	if _, err := s.SelectOption(ctx, slacktest.Interviewer1, msg, "stage", "b"); err == nil ||
		!strings.Contains(err.Error(), "several blocks") {
		t.Fatalf("ambiguous action_id: %v", err)
	}
	if _, err := s.ClickBlockButton(ctx, slacktest.Interviewer1, msg, "c2", "approve"); err != nil {
		t.Fatal(err)
	}
	if cb := interaction(t, b.next(t)); cb.ActionCallback.BlockActions[0].Value != "c2-yes" {
		t.Errorf("clicked %+v", cb.ActionCallback.BlockActions[0])
	}
	one := postCandidates(t, s, candidateBlocks("c3"))
	if _, err := s.SelectOption(ctx, slacktest.Interviewer1, one, "stage", "b"); err != nil {
		t.Fatal(err)
	}
	act := interaction(t, b.next(t)).ActionCallback.BlockActions[0]
	if act.Type != "static_select" || act.SelectedOption.Value != "b" || act.SelectedOption.Text.Text != "Beta" {
		t.Errorf("select %+v", act)
	}
	if _, err := s.SelectOption(ctx, slacktest.Interviewer1, one, "more", "z"); err == nil {
		t.Error("unknown overflow option accepted")
	}
	if _, err := s.SelectOption(ctx, slacktest.Interviewer1, one, "approve", "a"); err == nil {
		t.Error("SelectOption on a button accepted")
	}
	eph, _ := apiClient(s).PostEphemeral(slacktest.Hiring, slacktest.Recruiter, slack.MsgOptionBlocks(candidateBlocks("e")))
	if _, err := s.ClickButton(ctx, slacktest.Interviewer1, fakeslack.Message{Channel: slacktest.Hiring, TS: eph}, "approve"); err == nil {
		t.Error("clicked someone else's ephemeral message")
	}
}

// respond posts a message to a response URL as slack-go does.
func respond(t *testing.T, s *fakeslack.Server, opts ...slack.MsgOption) error {
	t.Helper()
	_, _, err := apiClient(s).PostMessageContext(testCtx(t), "", opts...)
	return err
}

func TestResponseURLReplaceDeleteAndVisibility(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	b := startBot(t, s, nil)
	ctx := testCtx(t)
	msg := postCandidates(t, s, candidateBlocks("c1"))

	env, _ := s.ClickButton(ctx, slacktest.Interviewer1, msg, "approve")
	b.next(t)
	url := env.ResponseURL
	if err := respond(t, s, slack.MsgOptionText("Only you see this", false), slack.MsgOptionResponseURL(url, slack.ResponseTypeEphemeral)); err != nil {
		t.Fatal(err)
	}
	if err := respond(t, s, slack.MsgOptionText("Approved by ivan", false), slack.MsgOptionReplaceOriginal(url)); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Message(slacktest.Hiring, msg.TS)
	if got.Text != "Approved by ivan" || !got.Edited || got.Via != fakeslack.ViaResponseURL || got.Blocks != nil {
		t.Errorf("replaced %+v", got)
	}
	if err := respond(t, s, slack.MsgOptionText("Everyone sees this", false), slack.MsgOptionResponseURL(url, slack.ResponseTypeInChannel)); err != nil {
		t.Fatal(err)
	}
	if err := respond(t, s, slack.MsgOptionDeleteOriginal(url)); err != nil {
		t.Fatal(err)
	}
	var visible []string
	for _, m := range s.Messages(slacktest.Hiring) {
		visible = append(visible, m.Text+"/"+m.VisibleTo)
	}
	want := []string{"Only you see this/" + slacktest.Interviewer1, "Everyone sees this/"}
	if strings.Join(visible, "|") != strings.Join(want, "|") {
		t.Errorf("visible %q, want %q", visible, want)
	}
}

func TestResponseURLOnEphemeralSource(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	b := startBot(t, s, nil)
	ctx := testCtx(t)
	ts, _ := apiClient(s).PostEphemeral(slacktest.Hiring, slacktest.Recruiter, slack.MsgOptionBlocks(candidateBlocks("e")))
	env, err := s.ClickButton(ctx, slacktest.Recruiter, fakeslack.Message{Channel: slacktest.Hiring, TS: ts}, "approve")
	if err != nil {
		t.Fatal(err)
	}
	if cb := interaction(t, b.next(t)); !cb.Container.IsEphemeral {
		t.Error("container.is_ephemeral not set")
	}
	url := env.ResponseURL
	if err := respond(t, s, slack.MsgOptionText("done", false), slack.MsgOptionReplaceOriginal(url),
		slack.MsgOptionResponseURL(url, slack.ResponseTypeInChannel)); err != nil {
		t.Fatal(err)
	}
	m, _ := s.Message(slacktest.Hiring, ts)
	if m.Text != "done" || !m.Ephemeral || m.VisibleTo != slacktest.Recruiter {
		t.Errorf("replaced ephemeral %+v (must stay ephemeral)", m)
	}
}

func TestResponseURLUseLimitAndExpiry(t *testing.T) {
	var clock atomic.Int64
	clock.Store(time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC).UnixNano())
	s := newServer(t, fakeslack.Options{Now: func() time.Time { return time.Unix(0, clock.Load()) }})
	startBot(t, s, nil)
	ctx := testCtx(t)
	env, _ := s.SlashCommand(ctx, slacktest.HiringManager, slacktest.Hiring, "/salary", "")
	url := env.ResponseURL
	for i := 1; i <= 5; i++ {
		if err := respond(t, s, slack.MsgOptionText("update", false), slack.MsgOptionResponseURL(url, slack.ResponseTypeEphemeral)); err != nil {
			t.Fatalf("use %d: %v", i, err)
		}
	}
	err := respond(t, s, slack.MsgOptionText("sixth", false), slack.MsgOptionResponseURL(url, slack.ResponseTypeEphemeral))
	var sce slack.StatusCodeError
	if !errors.As(err, &sce) || sce.Code != http.StatusNotFound {
		t.Fatalf("6th use: %v, want HTTP 404", err)
	}
	resp, err := http.Post(url, "application/json", strings.NewReader(`{"text":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound || string(body) != "Expired url" {
		t.Errorf("raw 6th use: %d %q", resp.StatusCode, body)
	}
	if n := len(s.Messages(slacktest.Hiring)); n != 5 {
		t.Errorf("%d messages, want 5", n)
	}

	env, _ = s.SlashCommand(ctx, slacktest.HiringManager, slacktest.Hiring, "/salary", "")
	clock.Add(int64(30*time.Minute + time.Second))
	if err := respond(t, s, slack.MsgOptionText("late", false), slack.MsgOptionResponseURL(env.ResponseURL, "")); !errors.As(err, &sce) {
		t.Errorf("after 30 minutes: %v, want 404", err)
	}
}

func TestResponseURLValidatesBlocks(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	startBot(t, s, nil)
	env, _ := s.SlashCommand(testCtx(t), slacktest.HiringManager, slacktest.Hiring, "/salary", "")
	long := slack.NewSectionBlock(md(strings.Repeat("x", 3001)), nil, nil)
	err := respond(t, s, slack.MsgOptionBlocks(long), slack.MsgOptionResponseURL(env.ResponseURL, ""))
	if slackErr(err) != "invalid_blocks" {
		t.Errorf("got %v, want invalid_blocks", err)
	}
	body, _ := json.Marshal(map[string]any{"text": ""})
	resp, _ := http.Post(env.ResponseURL, "application/json", strings.NewReader(string(body)))
	var res map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&res)
	resp.Body.Close()
	if res["error"] != "no_text" {
		t.Errorf("empty message: %v", res)
	}
}

func TestSlashResponseURLReplacesItsReply(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	startBot(t, s, func(b *bot, evt socketmode.Event) { b.ack(evt, map[string]string{"text": "Working…"}) })
	ctx := testCtx(t)
	env, _ := s.SlashCommand(ctx, slacktest.HiringManager, slacktest.Hiring, "/report", "")
	if _, err := env.WaitAck(ctx); err != nil {
		t.Fatal(err)
	}
	if err := respond(t, s, slack.MsgOptionText("Report ready", false), slack.MsgOptionReplaceOriginal(env.ResponseURL)); err != nil {
		t.Fatal(err)
	}
	msgs := s.Messages(slacktest.Hiring)
	if len(msgs) != 1 || msgs[0].Text != "Report ready" || !msgs[0].Ephemeral {
		t.Errorf("messages %+v", msgs)
	}
}

func TestWaitMessageIsRaceFree(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	api := apiClient(s)
	ctx := testCtx(t)
	_, _, _ = api.PostMessage(slacktest.Hiring, slack.MsgOptionText("early", false))
	m, err := s.WaitMessage(ctx, func(m fakeslack.Message) bool { return m.Text == "early" })
	if err != nil || m.Text != "early" {
		t.Fatalf("existing message not found: %v", err)
	}
	cursor := s.Cursor()
	done := make(chan fakeslack.Message)
	go func() {
		m, _ := s.WaitMessageAfter(ctx, cursor, func(m fakeslack.Message) bool { return m.Channel == slacktest.Hiring })
		done <- m
	}()
	_, _, _ = api.PostMessage(slacktest.Hiring, slack.MsgOptionText("late", false))
	if m := <-done; m.Text != "late" {
		t.Errorf("WaitMessageAfter returned %q", m.Text)
	}
	short, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if _, err := s.WaitMessage(short, func(m fakeslack.Message) bool { return m.Text == "never" }); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("wait for a missing message: %v", err)
	}
}

func TestSubscribe(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	events, stop := s.Subscribe()
	_, ts, _ := apiClient(s).PostMessage(slacktest.Hiring, slack.MsgOptionText("hi", false))
	var types []fakeslack.EventType
	for e := range events {
		types = append(types, e.Type)
		if e.Type == fakeslack.EventMessagePosted && (e.Message.TS != ts || e.Seq == 0) {
			t.Errorf("event %+v", e)
		}
		if e.Type == fakeslack.EventAPICall {
			break
		}
	}
	if strings.Join(toStrings(types), ",") != "message_posted,api_call" {
		t.Errorf("events %v", types)
	}
	stop()
	if _, ok := <-events; ok {
		t.Error("channel still open after stop")
	}
}

func toStrings(ts []fakeslack.EventType) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = string(t)
	}
	return out
}
