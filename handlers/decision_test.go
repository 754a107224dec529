package handlers

import (
	"context"
	"errors"
	"testing"
	"time"

	"hirebot/data"
)

// TestPanelCompleteAndDecisionNoticesNameWhoToTell: a refused panel-complete notice to the hiring
// manager goes to the recorder, when that is somebody else; a refused decision notice goes to
// whoever decided. Nobody is told of their own messages.
func TestPanelCompleteAndDecisionNoticesNameWhoToTell(t *testing.T) {
	for _, tc := range []struct {
		name           string
		hm, rec, by    string
		panelComplete  map[string]string // recipient → who is told when Slack refuses it
		decisionNotice map[string]string
	}{
		{"recorded by somebody else, decided by the hiring manager", "UHM", "UREC", "UHM",
			map[string]string{"UHM": "UREC", "UREC": ""}, map[string]string{"UHM": "", "UREC": "UHM"}},
		{"recorded by somebody else, decided by the recorder", "UHM", "UREC", "UREC",
			map[string]string{"UHM": "UREC", "UREC": ""}, map[string]string{"UREC": "", "UHM": "UREC"}},
		{"recorded by the hiring manager", "UHM", "UHM", "UHM",
			map[string]string{"UHM": ""}, map[string]string{"UHM": ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			iv := data.Interview{ID: 1, Candidate: "Jo", Role: "Backend", Stage: "technical", HiringManager: tc.hm, RecordedBy: tc.rec}
			tells := func(msgs []data.OutboxMessage) map[string]string {
				got := map[string]string{}
				for _, m := range msgs {
					got[m.Channel] = m.Tell
				}
				return got
			}
			if got := tells(panelCompleteNotices(iv, nil)); !equalMaps(got, tc.panelComplete) {
				t.Errorf("panel complete: told %v, want %v", got, tc.panelComplete)
			}
			d := data.Decision{Outcome: data.OutcomeHold, Reason: "References", DecidedBy: tc.by}
			if got := tells(decisionNotices(iv, d, map[string]*time.Location{"UHM": time.UTC, "UREC": time.UTC})); !equalMaps(got, tc.decisionNotice) {
				t.Errorf("decision: told %v, want %v", got, tc.decisionNotice)
			}
		})
	}
}

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestRefusedPanelCompleteAndDecisionNoticesAreReported: Slack refuses direct messages to one
// person; the one who needs to know hears it, as a direct message problem.
func TestRefusedPanelCompleteAndDecisionNoticesAreReported(t *testing.T) {
	ctx := context.Background()
	start := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, refused, told, want string
		notices                   func(data.Interview) []data.OutboxMessage
	}{
		{"panel complete", "UHM", "UREC", "I couldn't send <@UHM> a direct message (the scorecards-complete notice about *Jo*)",
			func(iv data.Interview) []data.OutboxMessage { return panelCompleteNotices(iv, nil) }},
		{"decision", "UREC", "UHM", "I couldn't send <@UREC> a direct message (the decision notice about *Jo*)",
			func(iv data.Interview) []data.OutboxMessage {
				return decisionNotices(iv, data.Decision{Outcome: data.OutcomeHold, Reason: "References", DecidedBy: "UHM", DecidedAt: start}, map[string]*time.Location{"UREC": time.UTC})
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store, out := mustStore(t), &outbox{}
			iv, err := store.CreateInterview(ctx, data.NewInterview{Candidate: "Jo", Role: "Backend", Stage: "technical",
				HiringManager: "UHM", RecordedBy: "UREC", StartsAt: start, Duration: time.Hour,
				Panel: []data.NewPanelist{{UserID: "UINT"}}, FirstReminderAt: start.Add(2 * time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
			if err := store.Enqueue(ctx, tc.notices(iv)...); err != nil {
				t.Fatal(err)
			}
			refuse := func(_ context.Context, p Post) error {
				if p.Channel == tc.refused {
					return &RefusedError{Code: "cannot_dm_bot", Err: errors.New("refused")}
				}
				return out.send(ctx, p)
			}
			h := newTestFeatures(t, testDeps{store: store, users: fixedZones{}, send: refuse})
			for range 2 { // the messages, then the notice about the refused one
				if _, err := h.Deliver(ctx); err != nil {
					t.Fatal(err)
				}
			}
			var notices []string
			for _, p := range out.sent {
				if p.Channel == tc.told && p.Message.Text == "A message could not be delivered" {
					notices = append(notices, rendered(t, p.Message))
				}
			}
			if len(notices) != 1 {
				t.Fatalf("%s got %d notices, want one: %q", tc.told, len(notices), notices)
			}
			assertContains(t, notices[0], tc.want, "Slack refused it (cannot_dm_bot)", "Please let them know yourself.")
		})
	}
}
