package handlers

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"hirebot/data"
	"hirebot/fakeslack/slacktest"
)

// TestHomeLeavesOutCancelledInterviews cancels an upcoming interview and an ended one still
// owing feedback: neither shows on the Home tabs any more.
func TestHomeLeavesOutCancelledInterviews(t *testing.T) {
	ctx := context.Background()
	store := mustStore(t)
	clk := slacktest.NewClock(time.Now().UTC().Truncate(time.Second))
	h := newTestFeatures(t, testDeps{store: store, now: clk.Now, users: fixedZones{}})
	mk := func(name string, starts time.Time) data.Interview {
		iv, err := store.CreateInterview(ctx, data.NewInterview{Candidate: name, Role: "Backend", Stage: "technical",
			HiringManager: "UHM", RecordedBy: "UHM", StartsAt: starts, Duration: time.Hour,
			Panel: []data.NewPanelist{{UserID: "UINT"}}})
		if err != nil {
			t.Fatal(err)
		}
		return iv
	}
	soon, past := mk("Sue Soon", clk.Now().Add(24*time.Hour)), mk("Pat Past", clk.Now().Add(-3*time.Hour))
	home := func(user string) string {
		v, err := h.Home.view(ctx, user, false)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := json.Marshal(v)
		return string(raw)
	}
	if !strings.Contains(home("UINT"), "Sue Soon") || !strings.Contains(home("UHM"), "Pat Past") {
		t.Fatal("the interviews are not on the Home tabs to begin with")
	}
	for _, iv := range []data.Interview{soon, past} {
		if _, err := store.CancelInterview(ctx, iv.ID, "UHM", "withdrew", "", nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	for _, user := range []string{"UINT", "UHM"} {
		if got := home(user); strings.Contains(got, "Sue Soon") || strings.Contains(got, "Pat Past") {
			t.Errorf("%s's Home tab still shows a cancelled interview:\n%s", user, got)
		}
	}
}
