package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"hirebot/fakeslack/slacktest"
	"hirebot/handlers"
)

func okEvent(context.Context, handlers.Event) (handlers.Response, error) {
	return handlers.Response{}, nil
}

func TestRouterPanicsOnBadEventRegistration(t *testing.T) {
	for name, events := range map[string][]handlers.EventSpec{
		"duplicate event":       {{Type: "app_home_opened", Handle: okEvent}, {Type: "app_home_opened", Handle: okEvent}},
		"empty event type":      {{Handle: okEvent}},
		"event without handler": {{Type: "app_home_opened"}},
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("NewRouter did not panic")
				}
			}()
			NewRouter(handlers.Routes{Events: events})
		})
	}
}

// The manifest enables the Home tab and subscribes to app_home_opened exactly when the router
// routes it.
func TestManifestSubscribesToRoutedEvents(t *testing.T) {
	type manifest struct {
		Features struct {
			AppHome struct {
				HomeTabEnabled bool `json:"home_tab_enabled"`
			} `json:"app_home"`
		}
		Settings struct {
			EventSubscriptions *struct {
				BotEvents []string `json:"bot_events"`
			} `json:"event_subscriptions"`
		}
	}
	read := func(routes handlers.Routes) manifest {
		t.Helper()
		out, err := NewManifest(NewRouter(routes)).JSON()
		if err != nil {
			t.Fatal(err)
		}
		var m manifest
		if err := json.Unmarshal(out, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	with := read(handlers.Routes{Events: []handlers.EventSpec{{Type: handlers.EventAppHomeOpened, Handle: okEvent}}})
	if !with.Features.AppHome.HomeTabEnabled || with.Settings.EventSubscriptions == nil ||
		len(with.Settings.EventSubscriptions.BotEvents) != 1 || with.Settings.EventSubscriptions.BotEvents[0] != "app_home_opened" {
		t.Errorf("with app_home_opened routed: %+v", with)
	}
	without := read(handlers.Routes{})
	if without.Features.AppHome.HomeTabEnabled || without.Settings.EventSubscriptions != nil {
		t.Errorf("without events: %+v", without)
	}
}

// TestHomeRefreshesWithinTheDebounceWindowPublishOnce drives the debounce's clock: three changes
// for one user less than the debounce apart publish their Home tab once, when the window ends
// (not before); a change after that publishes again.
func TestHomeRefreshesWithinTheDebounceWindowPublishOnce(t *testing.T) {
	timers := slacktest.NewClock(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	user := slacktest.Recruiter
	var builds atomic.Int32
	routes := commandRoutes(map[string]handlers.CommandFunc{
		"/change": func(context.Context, handlers.Command) (handlers.Response, error) {
			r := textReply("changed")
			r.RefreshHome = []string{user}
			return r, nil
		},
	})
	routes.Home = func(context.Context, string, bool) (*slack.HomeTabViewRequest, error) {
		n := builds.Add(1)
		return &slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, fmt.Sprintf("build %d", n), false, false), nil, nil)}}}, nil
	}
	tb := startTestBot(t, routes, func(c *Config) {
		c.HomeDebounce = time.Second
		c.AfterFunc = func(d time.Duration, f func()) Timer { return timers.AfterFunc(d, f) }
	})
	idle := func() { t.Helper(); tb.waitUntil("the Home refresh finishing", tb.bot.Load().HomeIdle) }
	// The refresh a command asks for is scheduled as its reply goes out: wait for its timer
	// before moving the clock, or the move may come first.
	scheduled := func() {
		t.Helper()
		tb.waitUntil("the refresh being scheduled", func() bool { return timers.Pending() == 1 })
	}

	// A command's reply goes out before its refresh is asked for: wait until the command is done,
	// or a late one may schedule a refresh after the clock moved past the window.
	handled := func() {
		t.Helper()
		tb.waitUntil("the command being handled", func() bool { return tb.bot.Load().busy.Load() == 0 })
	}

	for range 3 {
		if _, msg := tb.command("/change", ""); msg.Text != "changed" {
			t.Fatalf("/change answered %q", msg.Text)
		}
		handled()
		scheduled()
		timers.Advance(300 * time.Millisecond) // 900 ms in all: inside the window
	}
	if n := timers.Pending(); n != 1 {
		t.Fatalf("%d refreshes waiting, want the first one alone", n)
	}
	if n := tb.Fake.HomePublishes(user); n != 0 || builds.Load() != 0 {
		t.Fatalf("published %d times (built %d) before the window ended", n, builds.Load())
	}
	timers.Advance(100 * time.Millisecond) // the window ends
	idle()
	if n := tb.Fake.HomePublishes(user); n != 1 || builds.Load() != 1 {
		t.Fatalf("three changes in one window published %d times (built %d), want once", n, builds.Load())
	}

	tb.command("/change", "")
	handled()
	scheduled()
	timers.Advance(time.Second)
	idle()
	if n := tb.Fake.HomePublishes(user); n != 2 {
		t.Errorf("a change after the window published %d times in all, want 2", n)
	}
	if v, _ := tb.Fake.HomeView(user); !strings.Contains(string(v.Blocks), "build 2") {
		t.Errorf("the tab shows %s, want the second build", v.Blocks)
	}
}

// TestHomeShownOnlyOnceSlackTookTheOpenedTab: the handlers hear that a tab its user opened was
// shown only when views.publish took it, not when Slack refused it; a rate-limited one is built
// again as opened (so a first visitor's welcome is not lost) and reported shown once it is on
// the tab. Refreshes after a change are never reported.
func TestHomeShownOnlyOnceSlackTookTheOpenedTab(t *testing.T) {
	timers := slacktest.NewClock(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC))
	user := slacktest.Recruiter
	tab := func(text string, extra int) slack.HomeTabViewRequest {
		blocks := []slack.Block{slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, text, false, false), nil, nil)}
		for range extra {
			blocks = append(blocks, slack.NewDividerBlock())
		}
		return slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}
	}
	var opens, shown atomic.Int32
	var builds []bool // the opened argument of each rebuild
	var mu sync.Mutex
	routes := handlers.Routes{Events: []handlers.EventSpec{{Type: handlers.EventAppHomeOpened,
		Handle: func(_ context.Context, ev handlers.Event) (handlers.Response, error) {
			extra := 0
			if opens.Add(1) == 1 {
				extra = 100 // over Slack's 100 blocks: refused
			}
			return handlers.Response{PublishHome: &handlers.HomeTab{UserID: ev.UserID, View: tab("opened", extra), Opened: true}}, nil
		}}}}
	routes.Home = func(_ context.Context, _ string, opened bool) (*slack.HomeTabViewRequest, error) {
		mu.Lock()
		defer mu.Unlock()
		builds = append(builds, opened)
		v := tab(fmt.Sprintf("rebuilt, opened %v", opened), 0)
		return &v, nil
	}
	routes.HomeShown = func(context.Context, string) error {
		shown.Add(1)
		return nil
	}
	tb := startTestBot(t, routes, func(c *Config) {
		c.HomeDebounce = time.Second
		c.AfterFunc = func(d time.Duration, f func()) Timer { return timers.AfterFunc(d, f) }
		c.APIRetries = -1 // one 429 reaches the bot at once, not after slack-go's waits
	})
	open := func() {
		t.Helper()
		env, err := tb.Fake.OpenHome(tb.Ctx(), user, "home")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := env.WaitAck(tb.Ctx()); err != nil {
			t.Fatal(err)
		}
	}

	open() // refused: not shown
	tb.waitUntil("the refusal", func() bool { return strings.Contains(tb.Logs.String(), "views.publish failed") })
	if n := shown.Load(); n != 0 || tb.Fake.HomePublishes(user) != 0 {
		t.Fatalf("a tab Slack refused was reported shown %d times", n)
	}

	tb.Fake.RateLimit("views.publish", 1, time.Second)
	open()
	tb.waitUntil("the rate-limited publish rescheduled", func() bool { return timers.Pending() == 1 })
	if n := shown.Load(); n != 0 {
		t.Fatalf("a rate-limited tab was reported shown %d times", n)
	}
	timers.Advance(time.Second)
	tb.waitUntil("the retry", func() bool { return tb.bot.Load().HomeIdle() && tb.Fake.HomePublishes(user) == 1 })
	if v, _ := tb.Fake.HomeView(user); !strings.Contains(string(v.Blocks), "rebuilt, opened true") {
		t.Errorf("the retry published %s, want it built as opened", v.Blocks)
	}
	if n := shown.Load(); n != 1 {
		t.Errorf("the retried tab was reported shown %d times, want once", n)
	}

	tb.Fake.LiftRateLimit("views.publish")
	open()
	tb.waitUntil("the third open", func() bool { return shown.Load() == 2 })
	tb.bot.Load().home.schedule(user, 0) // a change's refresh: published, not reported
	timers.Advance(0)
	tb.waitUntil("the refresh", func() bool { return tb.bot.Load().HomeIdle() && tb.Fake.HomePublishes(user) == 3 })
	mu.Lock()
	defer mu.Unlock()
	if want := []bool{true, false}; !slices.Equal(builds, want) || shown.Load() != 2 {
		t.Errorf("rebuilt as opened %v and reported shown %d times, want %v and 2", builds, shown.Load(), want)
	}
}

// waitUntil waits for the bot's goroutines to make done true (not for time to pass: the clocks
// are the test's), failing the test with what and the bot's logs if they never do.
func (tb *testBot) waitUntil(what string, done func() bool) {
	tb.T.Helper()
	ctx := tb.Ctx()
	for !done() {
		select {
		case <-ctx.Done():
			tb.T.Fatalf("%s never happened\nlogs:\n%s", what, tb.Logs.String())
		case <-time.After(5 * time.Millisecond):
		}
	}
}
