package handlers

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"hirebot/data"
)

func TestRemindingFollowsPreferences(t *testing.T) {
	ctx := context.Background()
	store, err := data.Open(ctx, filepath.Join(t.TempDir(), "hirebot.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	for _, p := range []data.Preferences{
		{UserID: "UOWN", WorkingHours: "07:00-15:00 Mon-Thu"},
		{UserID: "UAWAY", OutOfOffice: "2026-12-07"},
	} {
		if _, err := store.SavePreferences(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	team, _ := ParseWorkingHours("09:00-18:00 Mon-Fri")
	l := prefsLookup{store: store, logger: orDiscard(nil)}
	at := func(day, hour int) time.Time { return time.Date(2026, 12, day, hour, 0, 0, 0, berlin) }
	for _, tt := range []struct {
		name, user string
		local      time.Time
		next       time.Time // when the reminder may go out
	}{
		{"team's hours", "UNONE", at(3, 8), at(3, 9)},
		{"own hours, inside", "UOWN", at(3, 8), at(3, 8)},
		{"own hours, after the day", "UOWN", at(3, 16), at(7, 7)}, // Friday is not theirs
		{"away", "UAWAY", at(4, 10), at(8, 9)},                    // the day after the last day away
		{"away, the last day", "UAWAY", at(7, 17), at(8, 9)},
		{"back", "UAWAY", at(8, 10), at(8, 10)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			hours, back := l.reminding(ctx, tt.user, team, tt.local)
			if got := hours.Next(laterOf(tt.local, back)); !got.Equal(tt.next) {
				t.Errorf("next reminder at %v, want %v", got, tt.next)
			}
		})
	}
	// Without a lookup everybody follows the team.
	if hours, back := (prefsLookup{}).reminding(ctx, "UAWAY", team, at(4, 10)); hours != team || !back.IsZero() {
		t.Errorf("without preferences: %v, %v", hours, back)
	}
}

func TestNotificationSettingsForm(t *testing.T) {
	ctx := context.Background()
	store, err := data.Open(ctx, filepath.Join(t.TempDir(), "hirebot.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	pf := NewPreferences(PreferencesConfig{Store: store, Now: func() time.Time { return now }})
	form := func(hours, away string, soon bool) Submission {
		v := map[string]map[string]slack.BlockAction{
			blockPrefHours: {actionValue: {Value: hours}},
			blockPrefAway:  {actionValue: {SelectedDate: away}},
		}
		if soon {
			v[blockPrefStartingSoon] = map[string]slack.BlockAction{actionValue: {SelectedOptions: []slack.OptionBlockObject{{Value: optionStartingSoon}}}}
		}
		return Submission{UserID: "UA", Values: v}
	}
	resp, err := pf.save(ctx, form("nine to five", "2026-11-30", true))
	if err != nil || resp.ViewErrors[blockPrefHours] == "" || resp.ViewErrors[blockPrefAway] == "" {
		t.Fatalf("bad hours and a past date: %+v, %v; want errors on both", resp.ViewErrors, err)
	}
	if resp, err := pf.save(ctx, form(" 08:00-16:00 Mon-Thu ", "2026-12-07", false)); err != nil || len(resp.ViewErrors) > 0 {
		t.Fatalf("save: %+v, %v", resp.ViewErrors, err)
	}
	p, _ := store.Preferences(ctx, "UA")
	if p.WorkingHours != "08:00-16:00 Mon-Thu" || p.OutOfOffice != "2026-12-07" || p.StartingSoon {
		t.Errorf("saved %+v", p)
	}
	opened, err := pf.openForm(ctx, Action{UserID: "UA"})
	if err != nil || opened.OpenView == nil || opened.OpenView.CallbackID != ViewNotificationSettings {
		t.Fatalf("open: %+v, %v", opened, err)
	}
	if resp, err := pf.save(ctx, form("", "", true)); err != nil || len(resp.ViewErrors) > 0 {
		t.Fatalf("clearing: %+v, %v", resp.ViewErrors, err)
	}
	if p, _ := store.Preferences(ctx, "UA"); p.WorkingHours != "" || p.OutOfOffice != "" || !p.StartingSoon {
		t.Errorf("after clearing: %+v", p)
	}
}
