package fakeslack_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

// homeOpened decodes an app_home_opened event the way slack-go does.
func homeOpened(t *testing.T, evt socketmode.Event) (*slackevents.EventsAPICallbackEvent, *slackevents.AppHomeOpenedEvent) {
	t.Helper()
	if evt.Type != socketmode.EventTypeEventsAPI {
		t.Fatalf("event type %q", evt.Type)
	}
	api, ok := evt.Data.(slackevents.EventsAPIEvent)
	if !ok || api.Type != slackevents.CallbackEvent || api.InnerEvent.Type != string(slackevents.AppHomeOpened) {
		t.Fatalf("events API data %T %+v", evt.Data, evt.Data)
	}
	outer, _ := api.Data.(*slackevents.EventsAPICallbackEvent)
	inner, ok := api.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent)
	if !ok || outer == nil {
		t.Fatalf("inner event %T, outer %T", api.InnerEvent.Data, api.Data)
	}
	return outer, inner
}

func TestAppHomeOpenedReachesSlackGo(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	b := startBot(t, s, nil)
	ctx := testCtx(t)

	env, err := s.OpenHome(ctx, slacktest.HiringManager, fakeslack.TabHome)
	if err != nil {
		t.Fatal(err)
	}
	evt := b.next(t)
	outer, inner := homeOpened(t, evt)
	dm := s.DMChannel(slacktest.HiringManager)
	if inner.User != slacktest.HiringManager || inner.Channel != dm || inner.Tab != "home" ||
		inner.EventTimeStamp == "" || inner.View != nil {
		t.Errorf("first visit %+v", inner)
	}
	if !strings.HasPrefix(outer.EventID, "Ev") || outer.EventTime == 0 || outer.TeamID != "T0001" || outer.APIAppID != "A0001" {
		t.Errorf("callback %+v", outer)
	}
	if evt.Request.AcceptsResponsePayload || env.Type != fakeslack.TypeEventsAPI || env.PayloadType != fakeslack.TypeAppHomeOpened {
		t.Errorf("request %+v envelope %+v", evt.Request, env)
	}
	if _, err := env.WaitAck(ctx); err != nil {
		t.Fatal(err)
	}

	home := publishHome(t, s, slacktest.HiringManager)
	if _, err := s.OpenHome(ctx, slacktest.HiringManager, fakeslack.TabHome); err != nil {
		t.Fatal(err)
	}
	next, inner := homeOpened(t, b.next(t))
	if inner.View == nil || inner.View.ID != home.View.ID || inner.View.Type != slack.VTHomeTab ||
		inner.View.Hash != home.View.Hash || len(inner.View.Blocks.BlockSet) != 2 {
		t.Errorf("home view in event %+v", inner.View)
	}
	if next.EventID == outer.EventID {
		t.Errorf("event_id reused: %s", next.EventID)
	}

	if _, err := s.OpenHome(ctx, slacktest.HiringManager, fakeslack.TabMessages); err != nil {
		t.Fatal(err)
	}
	if _, inner := homeOpened(t, b.next(t)); inner.Tab != "messages" || inner.View != nil {
		t.Errorf("messages tab %+v", inner)
	}
	if _, err := s.OpenHome(ctx, slacktest.HiringManager, "about"); err == nil {
		t.Error("unknown tab accepted")
	}
}

func TestUnackedEventIsRetriedAndShowsNoError(t *testing.T) {
	t.Parallel() // mostly waits on real-time timeouts; runs beside the others
	s := newServer(t, fakeslack.Options{AckTimeout: 200 * time.Millisecond, MaxRetries: 1})
	b := startBot(t, s, func(*bot, socketmode.Event) {})
	ctx := testCtx(t)
	env, err := s.OpenHome(ctx, slacktest.Interviewer1, fakeslack.TabHome)
	if err != nil {
		t.Fatal(err)
	}
	first, retry := b.next(t), b.next(t)
	_, a := homeOpened(t, first)
	_, c := homeOpened(t, retry)
	if retry.Request.RetryAttempt != 1 || retry.Request.RetryReason != "timeout" || a.EventTimeStamp != c.EventTimeStamp {
		t.Errorf("retry %+v", retry.Request)
	}
	if _, err := env.WaitAck(ctx); !errors.Is(err, fakeslack.ErrNotAcked) {
		t.Fatalf("WaitAck: %v", err)
	}
	if ue := s.UserErrors(); len(ue) != 0 {
		t.Errorf("user errors for an event: %+v", ue)
	}
}
