package fakeslack_test

import (
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

// scripted acks each view_submission with the next reply queued on
// replies (no payload if none is queued) and everything else with none.
func scripted(replies chan any) func(*bot, socketmode.Event) {
	return func(b *bot, evt socketmode.Event) {
		if cb, ok := evt.Data.(slack.InteractionCallback); !ok || cb.Type != slack.InteractionTypeViewSubmission {
			b.ack(evt, nil)
			return
		}
		select {
		case r := <-replies:
			b.ack(evt, r)
		default:
			b.ack(evt, nil)
		}
	}
}

func simpleModal(title string, blocks ...slack.Block) slack.ModalViewRequest {
	if len(blocks) == 0 {
		blocks = []slack.Block{slack.NewSectionBlock(md("Hello"), nil, nil)}
	}
	return slack.ModalViewRequest{Type: slack.VTModal, Title: txt(title), Close: txt("Cancel"),
		Submit: txt("Save"), Blocks: slack.Blocks{BlockSet: blocks}}
}

func nextButton() slack.Block {
	return slack.NewActionBlock("nav", slack.NewButtonBlockElement("next", "go", txt("Next")))
}

// openModal runs /cmd as user and opens view with its trigger.
func openModal(t *testing.T, s *fakeslack.Server, user string, view slack.ModalViewRequest) fakeslack.View {
	t.Helper()
	ctx := testCtx(t)
	env, err := s.SlashCommand(ctx, user, slacktest.Hiring, "/modal", "")
	if err != nil {
		t.Fatal(err)
	}
	resp, err := apiClient(s).OpenViewContext(ctx, env.TriggerID, view)
	if err != nil {
		t.Fatalf("views.open: %v", err)
	}
	if _, err := env.WaitAck(ctx); err != nil {
		t.Fatalf("slash command not acked: %v", err)
	}
	v, ok := s.View(resp.View.ID)
	if !ok || !strings.HasPrefix(v.ID, "V") || v.Hash != resp.Hash || v.Position != 0 {
		t.Fatalf("opened view %+v", v)
	}
	return v
}

func TestTriggerIDs(t *testing.T) {
	var clock atomic.Int64
	clock.Store(time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC).UnixNano())
	s := newServer(t, fakeslack.Options{TriggerTTL: 3 * time.Second, Now: func() time.Time { return time.Unix(0, clock.Load()) }})
	startBot(t, s, nil)
	ctx := testCtx(t)
	api := apiClient(s)
	view := simpleModal("Hi", slack.NewSectionBlock(md("hello"), nil, nil))

	env, _ := s.SlashCommand(ctx, slacktest.HiringManager, slacktest.Hiring, "/a", "")
	if _, err := api.OpenViewContext(ctx, env.TriggerID, view); err != nil {
		t.Fatalf("first use: %v", err)
	}
	if _, err := api.OpenViewContext(ctx, env.TriggerID, view); slackErr(err) != "exchanged_trigger_id" {
		t.Errorf("reuse: %v", err)
	}
	env, _ = s.SlashCommand(ctx, slacktest.HiringManager, slacktest.Hiring, "/a", "")
	clock.Add(int64(3*time.Second + time.Millisecond))
	if _, err := api.OpenViewContext(ctx, env.TriggerID, view); slackErr(err) != "expired_trigger_id" {
		t.Errorf("expired: %v", err)
	}
	if _, err := api.OpenViewContext(ctx, "123.456.abc", view); slackErr(err) != "invalid_trigger_id" {
		t.Errorf("unknown: %v", err)
	}
}

func TestViewsOpenRejectsInvalidView(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	startBot(t, s, nil)
	ctx := testCtx(t)
	env, _ := s.SlashCommand(ctx, slacktest.HiringManager, slacktest.Hiring, "/a", "")
	_, err := apiClient(s).OpenViewContext(ctx, env.TriggerID, simpleModal(strings.Repeat("t", 25)))
	var se slack.SlackErrorResponse
	if !errors.As(err, &se) || se.Err != "invalid_arguments" || len(se.ResponseMetadata.Messages) != 1 ||
		se.ResponseMetadata.Messages[0] != "[ERROR] must be less than 25 characters [json-pointer:/view/title/text]" {
		t.Fatalf("got %#v", err)
	}
	if _, err := apiClient(s).OpenViewContext(ctx, env.TriggerID, simpleModal("ok")); err != nil {
		t.Errorf("a rejected view used up the trigger: %v", err)
	}
}

func TestViewsPushAndUpdate(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	b := startBot(t, s, nil)
	ctx := testCtx(t)
	api := apiClient(s)
	root := openModal(t, s, slacktest.HiringManager, simpleModal("Root", nextButton()))
	b.next(t) // the slash command

	top := root
	for i := 1; i <= 3; i++ {
		env, err := s.ClickViewButton(ctx, slacktest.HiringManager, top, "next")
		if err != nil {
			t.Fatal(err)
		}
		cb := interaction(t, b.next(t))
		if cb.Type != slack.InteractionTypeBlockActions || cb.Container.Type != "view" || cb.View.ID != top.ID ||
			cb.View.Hash != top.Hash || cb.TriggerID != env.TriggerID || cb.ActionCallback.BlockActions[0].ActionID != "next" {
			t.Fatalf("block_actions in view: %+v", cb)
		}
		if env.AcceptsResponsePayload {
			t.Error("block_actions must not accept a response payload")
		}
		resp, err := api.PushViewContext(ctx, env.TriggerID, simpleModal("Step", nextButton()))
		if i == 3 {
			if slackErr(err) != "push_limit_reached" {
				t.Fatalf("4th view: %v, want push_limit_reached", err)
			}
			break
		}
		if err != nil {
			t.Fatalf("push %d: %v", i, err)
		}
		if resp.RootViewID != root.ID || resp.PreviousViewID != top.ID {
			t.Errorf("pushed view root %q previous %q", resp.RootViewID, resp.PreviousViewID)
		}
		top, _ = s.View(resp.ID)
	}
	if got := s.OpenViews(slacktest.HiringManager); len(got) != 3 || got[2].Position != 2 {
		t.Fatalf("stack %+v", got)
	}

	updated := simpleModal("Root v2", nextButton())
	updated.ExternalID = "root-ext"
	resp, err := api.UpdateViewContext(ctx, updated, "", root.Hash, root.ID)
	if err != nil {
		t.Fatalf("update with current hash: %v", err)
	}
	if resp.Hash == root.Hash || resp.Title.Text != "Root v2" || resp.ID != root.ID {
		t.Errorf("updated %+v", resp.View)
	}
	if _, err := api.UpdateViewContext(ctx, updated, "", root.Hash, root.ID); slackErr(err) != "hash_conflict" {
		t.Errorf("stale hash: %v", err)
	}
	if _, err := api.UpdateViewContext(ctx, simpleModal("By ext"), "root-ext", "", ""); err != nil {
		t.Errorf("update by external_id: %v", err)
	}
	if _, err := api.UpdateViewContext(ctx, updated, "", "", "V0NOPE"); slackErr(err) != "not_found" {
		t.Errorf("unknown view: %v", err)
	}
	env, _ := s.SlashCommand(ctx, slacktest.Recruiter, slacktest.Hiring, "/a", "")
	if _, err := api.PushViewContext(ctx, env.TriggerID, simpleModal("x")); slackErr(err) != "not_found" {
		t.Errorf("push without an open modal: %v", err)
	}
}

func scorecardModal() slack.ModalViewRequest {
	level := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, txt("Level"), "level",
		slack.NewOptionBlockObject("l4", txt("L4"), nil), slack.NewOptionBlockObject("l5", txt("L5"), nil))
	level.InitialOption = slack.NewOptionBlockObject("l4", txt("L4"), nil)
	name := slack.NewPlainTextInputBlockElement(nil, "name")
	name.MaxLength = 20
	v := simpleModal("Scorecard",
		slack.NewSectionBlock(md("Rate the candidate"), nil, nil, slack.SectionBlockOptionBlockID("intro")),
		slack.NewInputBlock("name", txt("Name"), nil, name),
		slack.NewInputBlock("level", txt("Level"), nil, level),
		slack.NewInputBlock("panel", txt("Panel"), nil, slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeUser, nil, "panel")).WithOptional(true),
	)
	v.CallbackID, v.PrivateMetadata, v.NotifyOnClose = "scorecard", `{"id":7}`, true
	return v
}

func TestViewSubmissionErrorsThenClose(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	replies := make(chan any, 4)
	b := startBot(t, s, scripted(replies))
	ctx := testCtx(t)
	view := openModal(t, s, slacktest.HiringManager, scorecardModal())
	b.next(t) // the slash command

	replies <- slack.NewErrorsViewSubmissionResponse(map[string]string{"name": "Too short"})
	env, err := s.SubmitView(ctx, slacktest.HiringManager, view.ID, map[string]map[string]fakeslack.Value{
		"name": {"name": {Value: "Ad"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	cb := interaction(t, b.next(t))
	st := cb.View.State.Values
	if cb.Type != slack.InteractionTypeViewSubmission || cb.View.CallbackID != "scorecard" || cb.View.PrivateMetadata != `{"id":7}` ||
		st["name"]["name"].Value != "Ad" || st["level"]["level"].SelectedOption.Value != "l4" ||
		st["level"]["level"].SelectedOption.Text.Text != "L4" || len(st["panel"]["panel"].SelectedUsers) != 0 ||
		cb.View.Hash != view.Hash || !env.AcceptsResponsePayload {
		t.Fatalf("view_submission %+v", cb.View)
	}
	if !strings.Contains(string(env.Payload), `"selected_users":[]`) || !strings.Contains(string(env.Payload), `"response_urls":[]`) {
		t.Errorf("payload lacks Slack's empty values: %s", env.Payload)
	}
	if _, err := env.WaitAck(ctx); err != nil {
		t.Fatal(err)
	}
	open := s.OpenViews(slacktest.HiringManager)
	if len(open) != 1 || open[0].Errors["name"] != "Too short" || open[0].State["name"]["name"].Value != "Ad" {
		t.Fatalf("after errors %+v", open)
	}

	env, err = s.SubmitView(ctx, slacktest.HiringManager, view.ID, map[string]map[string]fakeslack.Value{
		"level": {"level": {SelectedOption: &fakeslack.Option{Value: "l5"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	cb = interaction(t, b.next(t))
	if cb.View.State.Values["name"]["name"].Value != "Ad" || cb.View.State.Values["level"]["level"].SelectedOption.Value != "l5" {
		t.Errorf("resubmission lost input: %+v", cb.View.State.Values)
	}
	if _, err := env.WaitAck(ctx); err != nil {
		t.Fatal(err)
	}
	if got := s.OpenViews(slacktest.HiringManager); len(got) != 0 {
		t.Errorf("empty ack left views open: %+v", got)
	}
	if v, _ := s.View(view.ID); !v.Closed || v.Position != -1 {
		t.Errorf("closed view %+v", v)
	}
}

func TestSubmitViewChecksLikeTheClient(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	startBot(t, s, nil)
	ctx := testCtx(t)
	view := openModal(t, s, slacktest.HiringManager, scorecardModal())
	cases := []struct {
		name   string
		values map[string]map[string]fakeslack.Value
		want   string
	}{
		{"required input empty", nil, "required input name/name is empty"},
		{"over max_length", map[string]map[string]fakeslack.Value{"name": {"name": {Value: strings.Repeat("x", 21)}}}, "at most 20"},
		{"unknown option", map[string]map[string]fakeslack.Value{"name": {"name": {Value: "A"}}, "level": {"level": {SelectedOption: &fakeslack.Option{Value: "l9"}}}}, `no option with value "l9"`},
		{"unknown input", map[string]map[string]fakeslack.Value{"nope": {"nope": {Value: "A"}}}, `no element with action_id "nope"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.SubmitView(ctx, slacktest.HiringManager, view.ID, tc.values)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
	if _, err := s.SubmitView(ctx, slacktest.Recruiter, view.ID, nil); err == nil {
		t.Error("another user submitted the view")
	}
}

func TestViewSubmissionResponseActions(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	replies := make(chan any, 4)
	startBot(t, s, scripted(replies))
	ctx := testCtx(t)
	filled := map[string]map[string]fakeslack.Value{"name": {"name": {Value: "Ada"}}}
	submit := func(viewID string, reply any) *fakeslack.Envelope {
		t.Helper()
		replies <- reply
		values := filled
		if v, _ := s.View(viewID); v.CallbackID != "scorecard" {
			values = nil
		}
		env, err := s.SubmitView(ctx, slacktest.HiringManager, viewID, values)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.WaitAck(ctx); err != nil {
			t.Fatal(err)
		}
		return env
	}
	view := openModal(t, s, slacktest.HiringManager, scorecardModal())

	next := simpleModal("Thanks", slack.NewSectionBlock(md("Saved"), nil, nil))
	submit(view.ID, slack.NewUpdateViewSubmissionResponse(&next))
	if v, _ := s.View(view.ID); v.Title != "Thanks" || v.Closed || v.Hash == view.Hash {
		t.Fatalf("update: %+v", v)
	}

	view = openModal(t, s, slacktest.HiringManager, scorecardModal())
	submit(view.ID, slack.NewPushViewSubmissionResponse(&next))
	if got := s.OpenViews(slacktest.HiringManager); len(got) != 2 || got[1].Title != "Thanks" || got[1].PreviousViewID != view.ID {
		t.Fatalf("push: %+v", got)
	}

	submit(s.OpenViews(slacktest.HiringManager)[1].ID, slack.NewClearViewSubmissionResponse())
	if got := s.OpenViews(slacktest.HiringManager); len(got) != 0 {
		t.Fatalf("clear left %+v", got)
	}

	view = openModal(t, s, slacktest.HiringManager, scorecardModal())
	env := submit(view.ID, slack.NewErrorsViewSubmissionResponse(map[string]string{"intro": "not an input"}))
	ue, err := s.WaitUserError(ctx, func(e fakeslack.UserError) bool { return e.EnvelopeID == env.ID })
	if err != nil || ue.Code != fakeslack.ErrTroubleConnecting || len(ue.Details) != 1 {
		t.Errorf("errors on a section block: %+v %v", ue, err)
	}
	if v, _ := s.View(view.ID); v.Closed || len(v.Errors) != 0 {
		t.Errorf("view after a generic error %+v", v)
	}
}

func TestCloseViewSendsViewClosed(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	b := startBot(t, s, nil)
	ctx := testCtx(t)
	view := openModal(t, s, slacktest.HiringManager, scorecardModal())
	b.next(t)
	env, err := s.CloseView(ctx, slacktest.HiringManager, view.ID)
	if err != nil {
		t.Fatal(err)
	}
	cb := interaction(t, b.next(t))
	if cb.Type != slack.InteractionTypeViewClosed || cb.View.ID != view.ID || cb.IsCleared || env.TriggerID != "" {
		t.Errorf("view_closed %+v", cb)
	}
	if len(s.OpenViews(slacktest.HiringManager)) != 0 {
		t.Error("view still open")
	}

	view = openModal(t, s, slacktest.HiringManager, scorecardModal())
	b.next(t)
	if _, err := s.DismissViews(ctx, slacktest.HiringManager); err != nil {
		t.Fatal(err)
	}
	if cb := interaction(t, b.next(t)); !cb.IsCleared || cb.View.ID != view.ID {
		t.Errorf("dismiss: %+v", cb)
	}

	openModal(t, s, slacktest.HiringManager, simpleModal("Quiet"))
	quiet := s.OpenViews(slacktest.HiringManager)[0]
	env, err = s.CloseView(ctx, slacktest.HiringManager, quiet.ID)
	if err != nil || env != nil {
		t.Errorf("close without notify_on_close: env %v err %v", env, err)
	}
	if _, err := env.WaitAck(ctx); err == nil {
		t.Error("WaitAck on no envelope succeeded")
	}
}
