package fakeslack_test

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

func TestGlobalShortcutReachesSlackGo(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	b := startBot(t, s, nil)
	ctx := testCtx(t)
	env, err := s.GlobalShortcut(ctx, slacktest.HiringManager, "new_posting")
	if err != nil {
		t.Fatal(err)
	}
	evt := b.next(t)
	cb := interaction(t, evt)
	if cb.Type != slack.InteractionTypeShortcut || cb.CallbackID != "new_posting" || cb.TriggerID != env.TriggerID ||
		cb.TriggerID == "" || cb.ResponseURL != "" || cb.Channel.ID != "" || cb.ActionTs == "" ||
		cb.Token != fakeslack.VerificationToken || cb.APIAppID != "A0001" {
		t.Errorf("shortcut %+v", cb)
	}
	if cb.User.ID != slacktest.HiringManager || cb.User.Name != "hana" || cb.User.TeamID != "T0001" ||
		cb.Team.ID != "T0001" || cb.Team.Domain != "acme" {
		t.Errorf("user %+v team %+v", cb.User, cb.Team)
	}
	if evt.Request.AcceptsResponsePayload || env.PayloadType != fakeslack.TypeShortcut || env.ResponseURL != "" {
		t.Errorf("request %+v envelope %+v", evt.Request, env)
	}
	if _, err := env.WaitAck(ctx); err != nil {
		t.Fatal(err)
	}
	api := apiClient(s)
	if _, err := api.OpenView(cb.TriggerID, simpleModal("New posting")); err != nil {
		t.Fatalf("views.open: %v", err)
	}
	if _, err := api.OpenView(cb.TriggerID, simpleModal("Again")); slackErr(err) != "exchanged_trigger_id" {
		t.Errorf("second views.open: %v", err)
	}
	if _, err := s.GlobalShortcut(ctx, "U0NOBODY", "new_posting"); err == nil {
		t.Error("shortcut by an unknown user")
	}
}

func TestShortcutTriggerExpires(t *testing.T) {
	var clock atomic.Int64
	clock.Store(time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC).UnixNano())
	s := newServer(t, fakeslack.Options{TriggerTTL: 3 * time.Second, Now: func() time.Time { return time.Unix(0, clock.Load()) }})
	startBot(t, s, nil)
	env, err := s.GlobalShortcut(testCtx(t), slacktest.Recruiter, "new_posting")
	if err != nil {
		t.Fatal(err)
	}
	clock.Add(int64(4 * time.Second))
	if _, err := apiClient(s).OpenView(env.TriggerID, simpleModal("Late")); slackErr(err) != "expired_trigger_id" {
		t.Errorf("views.open after 4s: %v", err)
	}
}

func TestMessageShortcutReachesSlackGo(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	b := startBot(t, s, nil)
	ctx := testCtx(t)
	msg, err := s.PostUserMessage(slacktest.HiringManager, slacktest.Hiring, "Candidate 12 looks strong")
	if err != nil {
		t.Fatal(err)
	}
	env, err := s.MessageShortcut(ctx, slacktest.Interviewer1, msg, "add_note")
	if err != nil {
		t.Fatal(err)
	}
	cb := interaction(t, b.next(t))
	if cb.Type != slack.InteractionTypeMessageAction || cb.CallbackID != "add_note" || cb.TriggerID != env.TriggerID ||
		cb.TriggerID == "" || cb.MessageTs != msg.TS || cb.ActionTs == "" || cb.ResponseURL != env.ResponseURL ||
		cb.ResponseURL == "" || cb.User.ID != slacktest.Interviewer1 || cb.Team.ID != "T0001" {
		t.Errorf("message_action %+v", cb)
	}
	if cb.Message.Type != "message" || cb.Message.Text != msg.Text || cb.Message.User != slacktest.HiringManager ||
		cb.Message.Timestamp != msg.TS {
		t.Errorf("message %+v", cb.Message.Msg)
	}
	if cb.Channel.ID != slacktest.Hiring || cb.Channel.Name != "hiring" {
		t.Errorf("channel %+v", cb.Channel)
	}
	if _, err := env.WaitAck(ctx); err != nil {
		t.Fatal(err)
	}
	_, _, err = apiClient(s).PostMessage(slacktest.Hiring, slack.MsgOptionText("Noted", false),
		slack.MsgOptionResponseURL(cb.ResponseURL, slack.ResponseTypeEphemeral))
	if err != nil {
		t.Fatalf("response_url: %v", err)
	}
	got, err := s.WaitMessage(ctx, func(m fakeslack.Message) bool { return m.Text == "Noted" })
	if err != nil || !got.Ephemeral || got.VisibleTo != slacktest.Interviewer1 || got.Channel != slacktest.Hiring {
		t.Errorf("reply %+v %v", got, err)
	}
	if orig, _ := s.Message(slacktest.Hiring, msg.TS); orig.Text != msg.Text || orig.Edited {
		t.Errorf("shortcut changed the message: %+v", orig)
	}

	if _, err := s.MessageShortcut(ctx, slacktest.Interviewer1, got, "add_note"); err == nil {
		t.Error("shortcut on an ephemeral message")
	}
	if _, err := s.MessageShortcut(ctx, slacktest.Interviewer1, fakeslack.Message{Channel: slacktest.Hiring, TS: "1.000001"}, "add_note"); err == nil {
		t.Error("shortcut on a missing message")
	}
}

func TestViewClosedCarriesStateToSlackGo(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	b := startBot(t, s, nil)
	ctx := testCtx(t)
	env, err := s.GlobalShortcut(ctx, slacktest.HiringManager, "scorecard")
	if err != nil {
		t.Fatal(err)
	}
	b.next(t)
	resp, err := apiClient(s).OpenView(env.TriggerID, scorecardModal())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetViewValue(ctx, slacktest.HiringManager, resp.ID, "name", fakeslack.Value{Value: "Ada"}); err != nil {
		t.Fatal(err)
	}
	closed, err := s.CloseView(ctx, slacktest.HiringManager, resp.ID)
	if err != nil || closed == nil {
		t.Fatalf("CloseView: %v %v", closed, err)
	}
	cb := interaction(t, b.next(t))
	if cb.Type != slack.InteractionTypeViewClosed || cb.IsCleared || cb.View.ID != resp.ID || cb.View.CallbackID != "scorecard" ||
		cb.View.PrivateMetadata != `{"id":7}` || cb.User.ID != slacktest.HiringManager || cb.Team.ID != "T0001" || cb.TriggerID != "" {
		t.Errorf("view_closed %+v", cb)
	}
	if cb.View.State == nil || cb.View.State.Values["name"]["name"].Value != "Ada" {
		t.Errorf("state %+v", cb.View.State)
	}
	if closed.PayloadType != fakeslack.TypeViewClosed || closed.TriggerID != "" {
		t.Errorf("envelope %+v", closed)
	}
}
