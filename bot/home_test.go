package bot

import (
	"context"
	"encoding/json"
	"testing"

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
