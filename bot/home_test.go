package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
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
	routes.Home = func(context.Context, string) (*slack.HomeTabViewRequest, error) {
		n := builds.Add(1)
		return &slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, fmt.Sprintf("build %d", n), false, false), nil, nil)}}}, nil
	}
	tb := startTestBot(t, routes, func(c *Config) {
		c.HomeDebounce = time.Second
		c.AfterFunc = func(d time.Duration, f func()) Timer { return timers.AfterFunc(d, f) }
	})
	idle := func() {
		t.Helper()
		for !tb.bot.Load().HomeIdle() {
			select {
			case <-tb.Ctx().Done():
				t.Fatal("the Home refresh never finished")
			case <-time.After(5 * time.Millisecond): // waits for the publishing goroutine, not for time to pass
			}
		}
	}

	for range 3 {
		if _, msg := tb.command("/change", ""); msg.Text != "changed" {
			t.Fatalf("/change answered %q", msg.Text)
		}
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
	timers.Advance(time.Second)
	idle()
	if n := tb.Fake.HomePublishes(user); n != 2 {
		t.Errorf("a change after the window published %d times in all, want 2", n)
	}
	if v, _ := tb.Fake.HomeView(user); !strings.Contains(string(v.Blocks), "build 2") {
		t.Errorf("the tab shows %s, want the second build", v.Blocks)
	}
}
