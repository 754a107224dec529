package fakeslack_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

func inputsModal() slack.ModalViewRequest {
	date := slack.NewDatePickerBlockElement("date")
	date.InitialDate = "2025-03-04"
	search := slack.NewPlainTextInputBlockElement(nil, "q")
	where := slack.NewOptionsSelectBlockElement(slack.OptTypeConversations, nil, "where")
	where.ResponseURLEnabled = true
	sort := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, txt("Sort"), "sort",
		slack.NewOptionBlockObject("new", txt("Newest"), nil), slack.NewOptionBlockObject("old", txt("Oldest"), nil))
	v := simpleModal("Search",
		slack.NewInputBlock("date", txt("Date"), nil, date),
		slack.NewInputBlock("search", txt("Search"), nil, search).WithDispatchAction(true),
		slack.NewInputBlock("where", txt("Post to"), nil, where).WithOptional(true),
		slack.NewSectionBlock(md("Order"), nil, slack.NewAccessory(sort), slack.SectionBlockOptionBlockID("order")),
	)
	return v
}

func TestInitialState(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	startBot(t, s, nil)
	v := openModal(t, s, slacktest.HiringManager, inputsModal())
	st := fakeslack.InitialState(v)
	if st["date"]["date"].SelectedDate != "2025-03-04" || st["date"]["date"].Type != "datepicker" ||
		st["search"]["q"].Value != "" || st["search"]["q"].Type != "plain_text_input" || len(st) != 3 {
		t.Errorf("initial state %+v", st)
	}
}

func TestSetViewValueDispatchesLikeSlack(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	b := startBot(t, s, nil)
	ctx := testCtx(t)
	v := openModal(t, s, slacktest.HiringManager, inputsModal())
	b.next(t)

	env, err := s.SetViewValue(ctx, slacktest.HiringManager, v.ID, "where", fakeslack.Value{SelectedConversation: slacktest.Hiring})
	if err != nil || env != nil {
		t.Fatalf("input without dispatch_action sent %v (err %v)", env, err)
	}
	env, err = s.SetViewValue(ctx, slacktest.HiringManager, v.ID, "q", fakeslack.Value{Value: "go"})
	if err != nil || env == nil {
		t.Fatalf("dispatch_action input: %v %v", env, err)
	}
	cb := interaction(t, b.next(t))
	if act := cb.ActionCallback.BlockActions[0]; act.Type != "plain_text_input" || act.Value != "go" || cb.View.State.Values["where"]["where"].SelectedConversation != slacktest.Hiring {
		t.Errorf("dispatched %+v state %+v", act, cb.View.State.Values)
	}
	if _, err := s.SelectViewOption(ctx, slacktest.HiringManager, v, "sort", "old"); err != nil {
		t.Fatal(err)
	}
	if act := interaction(t, b.next(t)).ActionCallback.BlockActions[0]; act.SelectedOption.Text.Text != "Oldest" || act.BlockID != "order" {
		t.Errorf("accessory select %+v", act)
	}
	if _, err := s.SetViewValue(ctx, slacktest.HiringManager, v.ID, "date", fakeslack.Value{Type: "timepicker"}); err == nil {
		t.Error("wrong value type accepted")
	}

	if _, err := s.SubmitView(ctx, slacktest.HiringManager, v.ID, nil); err != nil {
		t.Fatal(err)
	}
	cb = interaction(t, b.next(t))
	st := cb.View.State.Values
	if st["search"]["q"].Value != "go" || st["date"]["date"].SelectedDate != "2025-03-04" || st["order"]["sort"].SelectedOption.Value != "old" {
		t.Errorf("submitted state %+v", st)
	}
	if len(cb.ResponseURLs) != 1 || cb.ResponseURLs[0].ChannelID != slacktest.Hiring || cb.ResponseURLs[0].BlockID != "where" {
		t.Fatalf("response_urls %+v", cb.ResponseURLs)
	}
	if err := respond(t, s, slack.MsgOptionText("Results", false),
		slack.MsgOptionResponseURL(cb.ResponseURLs[0].ResponseURL, slack.ResponseTypeInChannel)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.WaitMessage(ctx, func(m fakeslack.Message) bool { return m.Text == "Results" && !m.Ephemeral }); err != nil {
		t.Error(err)
	}
}

func TestUnackedSubmissionShowsGenericError(t *testing.T) {
	t.Parallel() // mostly waits on real-time timeouts; runs beside the others
	s := newServer(t, fakeslack.Options{AckTimeout: 200 * time.Millisecond, MaxRetries: 1})
	startBot(t, s, func(b *bot, evt socketmode.Event) {
		if evt.Type == socketmode.EventTypeSlashCommand {
			b.ack(evt, nil)
		}
	})
	ctx := testCtx(t)
	v := openModal(t, s, slacktest.HiringManager, scorecardModal())
	env, err := s.SubmitView(ctx, slacktest.HiringManager, v.ID, map[string]map[string]fakeslack.Value{"name": {"name": {Value: "Ada"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.WaitAck(ctx); !errors.Is(err, fakeslack.ErrNotAcked) {
		t.Fatalf("WaitAck %v", err)
	}
	ue, err := s.WaitUserError(ctx, func(e fakeslack.UserError) bool { return e.ViewID == v.ID })
	if err != nil || ue.Code != fakeslack.ErrTroubleConnecting || !strings.Contains(ue.Text, "trouble connecting") {
		t.Errorf("user error %+v %v", ue, err)
	}
	if open := s.OpenViews(slacktest.HiringManager); len(open) != 1 || open[0].State["name"]["name"].Value != "Ada" || open[0].Submitting {
		t.Errorf("view after timeout %+v", open)
	}
}

// Forms often give every input the same action_id and tell them apart by block_id; the
// block-scoped actions reach each one.
func TestBlockScopedViewActions(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	b := startBot(t, s, nil)
	ctx := testCtx(t)
	sort := func(block string) slack.Block {
		el := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, txt("Sort"), "value",
			slack.NewOptionBlockObject("new", txt("Newest"), nil), slack.NewOptionBlockObject("old", txt("Oldest"), nil))
		return slack.NewActionBlock(block, el, slack.NewButtonBlockElement("go", "1", txt("Go")))
	}
	v := openModal(t, s, slacktest.HiringManager, simpleModal("Form",
		slack.NewInputBlock("first", txt("First"), nil, slack.NewPlainTextInputBlockElement(nil, "value")),
		slack.NewInputBlock("second", txt("Second"), nil, slack.NewPlainTextInputBlockElement(nil, "value")),
		sort("a"), sort("b"),
	))
	b.next(t)

	if _, err := s.SetViewValue(ctx, slacktest.HiringManager, v.ID, "value", fakeslack.Value{Value: "x"}); err == nil {
		t.Fatal("an action_id shared by several blocks was accepted without a block_id")
	}
	if env, err := s.SetViewBlockValue(ctx, slacktest.HiringManager, v.ID, "second", "value", fakeslack.Value{Value: "two"}); err != nil || env != nil {
		t.Fatalf("SetViewBlockValue: env %v err %v", env, err)
	}
	if got, _ := s.View(v.ID); got.State["second"]["value"].Value != "two" || len(got.State["first"]) != 0 {
		t.Errorf("state %+v", got.State)
	}
	if _, err := s.SelectViewBlockOption(ctx, slacktest.HiringManager, v, "b", "value", "old"); err != nil {
		t.Fatal(err)
	}
	if act := interaction(t, b.next(t)).ActionCallback.BlockActions[0]; act.BlockID != "b" || act.SelectedOption.Value != "old" {
		t.Errorf("select %+v", act)
	}
	if _, err := s.ClickViewBlockButton(ctx, slacktest.HiringManager, v, "a", "go"); err != nil {
		t.Fatal(err)
	}
	if act := interaction(t, b.next(t)).ActionCallback.BlockActions[0]; act.BlockID != "a" || act.ActionID != "go" {
		t.Errorf("click %+v", act)
	}
}
