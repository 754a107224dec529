package bot

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"hirebot/fakeslack/slacktest"
	"hirebot/handlers"
)

func TestZoneRefusedByARateLimitIsLookedUpAgainAndThenCached(t *testing.T) {
	t.Parallel() // waits on Slack's timing; runs beside the others
	tb, b, _, held := startGatedBot(t, "users.info")
	tb.Fake.RateLimitFor("users.info", time.Second)

	ctx, cancel := context.WithCancel(tb.Ctx())
	type answer struct {
		loc *time.Location
		err error
	}
	got := make(chan answer, 1)
	go func() { loc, err := b.Load().Location(ctx, slacktest.Interviewer1); got <- answer{loc, err} }()
	select { // Slack refused users.info; the caller gives up rather than wait out Retry-After
	case <-held:
	case <-ctx.Done():
		t.Fatalf("users.info was never rate limited\nlogs:\n%s", tb.Logs.String())
	}
	cancel()
	a := <-got
	var later *handlers.RetryLaterError
	if a.loc != nil || !errors.Is(a.err, ErrZoneUnknown) || !errors.As(a.err, &later) {
		t.Fatalf("Location under a rate limit = %v, %v; want no zone, ErrZoneUnknown and a RetryLaterError", a.loc, a.err)
	}

	// Not cached: the next lookup asks Slack again (after Retry-After) and gets the zone.
	loc, err := b.Load().Location(tb.Ctx(), slacktest.Interviewer1)
	if err != nil || loc.String() != "Europe/Berlin" {
		t.Fatalf("Location after the limit = %v, %v; want Europe/Berlin", loc, err)
	}
	calls := tb.Fake.Calls("users.info")
	if len(calls) != 2 || calls[0].Status != http.StatusTooManyRequests || calls[1].Status != http.StatusOK {
		t.Fatalf("users.info calls: %d, want a 429 then a 200", len(calls))
	}
	if loc, err := b.Load().Location(tb.Ctx(), slacktest.Interviewer1); err != nil || loc.String() != "Europe/Berlin" {
		t.Errorf("cached Location = %v, %v", loc, err)
	}
	if n := len(tb.Fake.Calls("users.info")); n != 2 {
		t.Errorf("users.info called %d times, want the zone served from the cache", n)
	}
}

func TestZoneOfAnUnknownUserIsUnknownForGood(t *testing.T) {
	tb, b, _, _ := startGatedBot(t, "users.info")
	loc, err := b.Load().Location(tb.Ctx(), "U0GHOST")
	var later *handlers.RetryLaterError
	if loc != nil || !errors.Is(err, ErrZoneUnknown) || errors.As(err, &later) {
		t.Errorf("Location of an unknown user = %v, %v; want ErrZoneUnknown and no RetryLaterError", loc, err)
	}
}
