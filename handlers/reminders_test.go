package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"hirebot/data"
	"hirebot/fakeslack/slacktest"
)

// fixedZones is a UserDirectory from a fixed table.
type fixedZones map[string]string

func (z fixedZones) Location(_ context.Context, userID string) (*time.Location, error) {
	return zoneOf(z[userID]), nil
}

// outbox records what a sweep sends and can be told to fail.
type outbox struct {
	mu   sync.Mutex
	sent []Post
	fail error
}

func (o *outbox) send(_ context.Context, p Post) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.fail != nil {
		return o.fail
	}
	o.sent = append(o.sent, p)
	return nil
}

func (o *outbox) to(user, contains string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := 0
	for _, p := range o.sent {
		if p.Channel == user && strings.Contains(p.Message.Text, contains) {
			n++
		}
	}
	return n
}

func mustStore(t *testing.T) *data.Store {
	t.Helper()
	s, err := data.Open(context.Background(), filepath.Join(t.TempDir(), "hirebot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func mustLocation(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestSweepFollowsTheSchedule steps a clock through a week of reminders for one interviewer in
// New York whose hiring manager is in Los Angeles.
func TestSweepFollowsTheSchedule(t *testing.T) {
	ctx := context.Background()
	ny := mustLocation(t, "America/New_York")
	store, clk, out := mustStore(t), slacktest.NewClock(time.Time{}), &outbox{}
	hours, _ := ParseWorkingHours("09:00-18:00 Mon-Fri")
	h := newTestFeatures(t, testDeps{store: store, now: clk.Now, send: out.send,
		users:    fixedZones{"UHM": "America/Los_Angeles", "UINT": "America/New_York"},
		settings: Settings{FeedbackDue: time.Hour, RemindEvery: 24 * time.Hour, ReminderLimit: 3, EscalateAfter: 2, WorkingHours: hours}})

	start := time.Date(2026, 11, 24, 9, 0, 0, 0, ny) // Tuesday
	clk.Set(start)
	_, err := store.CreateInterview(ctx, data.NewInterview{Candidate: "Jane Doe", Role: "Backend", Stage: "technical",
		HiringManager: "UHM", RecordedBy: "UHM", StartsAt: start, Duration: time.Hour,
		Panel: []data.NewPanelist{{UserID: "UINT", TZ: "America/New_York"}}, FirstReminderAt: start.Add(2 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		at                 time.Time
		fail               error
		want               SweepReport
		reminders, escalns int
	}{
		{at: time.Date(2026, 11, 24, 10, 30, 0, 0, ny), want: SweepReport{}},                                                                     // not due yet
		{at: time.Date(2026, 11, 24, 11, 5, 0, 0, ny), want: SweepReport{Sent: 1}, reminders: 1},                                                 // first reminder
		{at: time.Date(2026, 11, 24, 16, 0, 0, 0, ny), want: SweepReport{}, reminders: 1},                                                        // next one is a day away
		{at: time.Date(2026, 11, 25, 19, 0, 0, 0, ny), want: SweepReport{Deferred: 1}, reminders: 1},                                             // due, but after hours
		{at: time.Date(2026, 11, 26, 8, 59, 0, 0, ny), want: SweepReport{}, reminders: 1},                                                        // waits for 09:00
		{at: time.Date(2026, 11, 26, 9, 0, 0, 0, ny), fail: &RetryLaterError{Err: errors.New("boom")}, want: SweepReport{Sent: 1}, reminders: 1}, // queued; the send fails
		{at: time.Date(2026, 11, 26, 9, 6, 0, 0, ny), want: SweepReport{}, reminders: 2},                                                         // the outbox retried it
		{at: time.Date(2026, 11, 26, 9, 10, 0, 0, ny), want: SweepReport{}, reminders: 2},                                                        // escalation waits: 06:10 in LA
		{at: time.Date(2026, 11, 26, 12, 0, 0, 0, ny), want: SweepReport{Escalated: 1}, reminders: 2, escalns: 1},
		{at: time.Date(2026, 11, 27, 9, 30, 0, 0, ny), want: SweepReport{Sent: 1}, reminders: 3, escalns: 1}, // third and last
		{at: time.Date(2026, 12, 4, 12, 0, 0, 0, ny), want: SweepReport{}, reminders: 3, escalns: 1},         // the limit holds
	}
	for i, st := range steps {
		clk.Set(st.at)
		out.fail = st.fail
		rep, _ := h.sweepAndDeliver(t)
		if rep != st.want {
			t.Errorf("step %d (%s): report %+v, want %+v", i, st.at.In(ny).Format("Mon 15:04"), rep, st.want)
		}
		if got := out.to("UINT", "overdue"); got != st.reminders {
			t.Errorf("step %d: %d reminders sent in all, want %d", i, got, st.reminders)
		}
		if got := out.to("UHM", "overdue"); got != st.escalns {
			t.Errorf("step %d: %d escalations in all, want %d", i, got, st.escalns)
		}
	}
}

func TestSweepWaitsOutRateLimits(t *testing.T) {
	ctx := context.Background()
	store, clk, out := mustStore(t), slacktest.NewClock(time.Time{}), &outbox{}
	h := newTestFeatures(t, testDeps{store: store, now: clk.Now, users: fixedZones{}, send: out.send,
		settings: Settings{WorkingHours: AlwaysWorking()}})
	start := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	clk.Set(start.Add(3 * time.Hour))
	if _, err := store.CreateInterview(ctx, data.NewInterview{Candidate: "Jo", Role: "Backend", Stage: "technical",
		HiringManager: "UHM", RecordedBy: "UHM", StartsAt: start, Duration: time.Hour,
		Panel: []data.NewPanelist{{UserID: "UINT"}}, FirstReminderAt: start.Add(2 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	out.fail = &RetryLaterError{After: 30 * time.Second, Err: errors.New("ratelimited")}
	if rep, del := h.sweepAndDeliver(t); rep.Sent != 1 || del.Retried != 1 {
		t.Fatalf("sweep %+v, delivery %+v: want the reminder queued and its delivery put off", rep, del)
	}
	out.fail = nil
	clk.Advance(29 * time.Second)
	if _, del := h.sweepAndDeliver(t); del.Sent != 0 {
		t.Errorf("sent %d before Retry-After passed", del.Sent)
	}
	clk.Advance(2 * time.Second)
	if _, del := h.sweepAndDeliver(t); del.Sent != 1 {
		t.Errorf("delivery %+v after Retry-After, want the reminder sent", del)
	}
	if got := out.to("UINT", "overdue"); got != 1 {
		t.Errorf("the interviewer got %d reminders, want exactly 1", got)
	}
}

// TestSweepCountsRefusedRemindersSoTheManagerHears checks that a DM Slack refuses for good (a
// deactivated interviewer) is not retried every few minutes forever: it counts as an attempt,
// and after enough of them the hiring manager is told.
func TestSweepCountsRefusedRemindersSoTheManagerHears(t *testing.T) {
	ctx := context.Background()
	store, clk, out := mustStore(t), slacktest.NewClock(time.Time{}), &outbox{}
	start := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	if _, err := store.CreateInterview(ctx, data.NewInterview{Candidate: "Jo", Role: "Backend", Stage: "technical",
		HiringManager: "UHM", RecordedBy: "UHM", StartsAt: start, Duration: time.Hour,
		Panel: []data.NewPanelist{{UserID: "UGONE"}}, FirstReminderAt: start.Add(2 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	refuse := func(_ context.Context, p Post) error {
		if p.Channel == "UGONE" {
			return &RefusedError{Code: "user_disabled", Err: errors.New("refused")}
		}
		return out.send(ctx, p)
	}
	h := newTestFeatures(t, testDeps{store: store, now: clk.Now, users: fixedZones{}, send: refuse,
		settings: Settings{WorkingHours: AlwaysWorking(), RemindEvery: time.Hour, EscalateAfter: 2}})
	clk.Set(start.Add(2 * time.Hour))
	for i := 0; i < 3; i++ {
		h.sweepAndDeliver(t)
		clk.Advance(time.Hour)
	}
	if _, err := h.Deliver(ctx); err != nil { // the notices queued by the last delivery
		t.Fatal(err)
	}
	if got := out.to("UHM", "overdue"); got != 1 {
		t.Errorf("the hiring manager got %d escalations, want 1", got)
	}
	// Each refused reminder is reported to the hiring manager, as a direct message problem.
	if got := out.to("UHM", "could not be delivered"); got != 3 {
		t.Errorf("the hiring manager heard of %d undeliverable reminders, want 3", got)
	}
}

// TestRefusedEscalationIsReportedToTheRecorder: Slack refuses the hiring manager's escalation for
// good, and whoever recorded the interview hears it, as a direct message problem.
func TestRefusedEscalationIsReportedToTheRecorder(t *testing.T) {
	ctx := context.Background()
	store, clk, out := mustStore(t), slacktest.NewClock(time.Time{}), &outbox{}
	start := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	if _, err := store.CreateInterview(ctx, data.NewInterview{Candidate: "Jo", Role: "Backend", Stage: "technical",
		HiringManager: "UHM", RecordedBy: "UREC", StartsAt: start, Duration: time.Hour,
		Panel: []data.NewPanelist{{UserID: "UINT"}}, FirstReminderAt: start.Add(2 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	refuse := func(_ context.Context, p Post) error {
		if p.Channel == "UHM" {
			return &RefusedError{Code: "cannot_dm_bot", Err: errors.New("refused")}
		}
		return out.send(ctx, p)
	}
	h := newTestFeatures(t, testDeps{store: store, now: clk.Now, users: fixedZones{}, send: refuse,
		settings: Settings{WorkingHours: AlwaysWorking(), RemindEvery: time.Hour, EscalateAfter: 2}})
	clk.Set(start.Add(2 * time.Hour))
	for range 3 {
		h.sweepAndDeliver(t)
		clk.Advance(time.Hour)
	}
	if _, err := h.Deliver(ctx); err != nil { // the notices queued by the last delivery
		t.Fatal(err)
	}
	var notices []string
	for _, p := range out.sent {
		if p.Channel == "UREC" {
			notices = append(notices, rendered(t, p.Message))
		}
	}
	if len(notices) != 1 {
		t.Fatalf("the recorder got %d messages, want one notice: %q", len(notices), notices)
	}
	assertContains(t, notices[0], "I couldn't send <@UHM> a direct message (the overdue feedback alert about *Jo*)",
		"Slack refused it (cannot_dm_bot)", "Please let them know yourself.")
}

func TestNotificationTextsCannotPing(t *testing.T) {
	h := newTestHandlers(t)
	iv := data.Interview{ID: 1, Candidate: "<!channel> Eve", Role: "<@U1>", Stage: "technical", HiringManager: "UHM", RecordedBy: "UREC",
		StartsAt: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC), Duration: time.Hour,
		Panel: []data.Panelist{{UserID: "UINT", Status: data.PanelPending}}}
	msgs := []Message{
		h.reminderMessage(data.DueReminder{Interview: iv, Panelist: iv.Panel[0]}, iv.EndsAt().Add(2*time.Hour), time.UTC),
		escalationMessage(iv, iv.EndsAt().Add(50*time.Hour)),
		h.headsUp(iv, "UINT", time.UTC),
	}
	for _, m := range msgs {
		for _, text := range []string{m.Text, rendered(t, m)} {
			if strings.Contains(text, "<!channel>") || strings.Contains(text, "<@U1>") {
				t.Errorf("user-written text can ping: %q", text)
			}
		}
		mustBeValidMessage(t, m)
	}
}

func TestEscalationCountsOverdueFromTheDueTime(t *testing.T) {
	end := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	iv := data.Interview{ID: 1, Candidate: "Jane Doe", Role: "Backend", Stage: "technical", HiringManager: "UHM",
		StartsAt: end.Add(-time.Hour), Duration: time.Hour, FeedbackDueAt: end.Add(24 * time.Hour),
		Panel: []data.Panelist{{UserID: "UINT", Status: data.PanelPending, RemindersSent: 2}}}
	got := rendered(t, escalationMessage(iv, end.Add(30*time.Hour)))
	if !strings.Contains(got, "*overdue* by 6 hours") {
		t.Errorf("escalation = %q, want overdue by 6 hours (from the due time, not the end)", got)
	}
	iv.FeedbackDueAt = time.Time{} // recorded before due times were kept: from the end
	if got := rendered(t, escalationMessage(iv, end.Add(30*time.Minute))); !strings.Contains(got, "*overdue* by 30 minutes") {
		t.Errorf("escalation without a due time = %q", got)
	}
}

// TestEscalationsOutsideWorkingHoursEndTheSweep has more escalations due than a batch holds, all
// for a hiring manager outside working hours: the sweep must end (and send none), not claim the
// same rows again and again.
func TestEscalationsOutsideWorkingHoursEndTheSweep(t *testing.T) {
	ctx := context.Background()
	store, clk, out := mustStore(t), slacktest.NewClock(time.Time{}), &outbox{}
	hours, _ := ParseWorkingHours("09:00-18:00 Mon-Fri")
	h := newTestFeatures(t, testDeps{store: store, now: clk.Now, send: out.send,
		users:    fixedZones{"UHM": "UTC"},
		settings: Settings{RemindEvery: time.Hour, EscalateAfter: 1, WorkingHours: AlwaysWorking()}})
	start := time.Date(2026, 11, 28, 1, 0, 0, 0, time.UTC) // a Saturday
	for i := range sweepBatch + 5 {
		if _, err := store.CreateInterview(ctx, data.NewInterview{Candidate: fmt.Sprintf("Cand %d", i), Role: "Backend", Stage: "technical",
			HiringManager: "UHM", RecordedBy: "UHM", StartsAt: start, Duration: time.Hour,
			Panel: []data.NewPanelist{{UserID: fmt.Sprintf("UP%02d", i)}}, FirstReminderAt: start.Add(2 * time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	clk.Set(start.Add(3 * time.Hour))
	if rep, _ := h.sweepAndDeliver(t); rep.Sent != sweepBatch+5 {
		t.Fatalf("first sweep %+v, want every reminder sent", rep)
	}
	h.Reminders.settings.WorkingHours = hours // the managers' weekend starts now
	done := make(chan SweepReport, 1)
	go func() {
		rep, err := h.Sweep(ctx)
		if err != nil {
			t.Error(err)
		}
		done <- rep
	}()
	select {
	case rep := <-done:
		if rep.Escalated != 0 {
			t.Errorf("escalated %d outside working hours", rep.Escalated)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the sweep keeps claiming escalations it cannot send")
	}
}

// TestEscalationFollowsTheManagersOwnSettings: an escalation waits for the hiring manager's own
// working hours, and while they are out of office for their first working hour back, as a
// reminder waits for its panelist's.
func TestEscalationFollowsTheManagersOwnSettings(t *testing.T) {
	start := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC) // a Tuesday
	for _, tt := range []struct {
		name  string
		prefs data.Preferences
		held  []time.Time // sweeps that must not escalate
		sent  time.Time   // the first sweep that escalates
	}{
		{"own hours", data.Preferences{WorkingHours: "14:00-18:00 Mon-Fri"},
			[]time.Time{start.Add(2 * time.Hour), start.Add(4 * time.Hour)}, start.Add(5 * time.Hour)},
		{"out of office", data.Preferences{OutOfOffice: "2026-12-02"},
			[]time.Time{start.Add(2 * time.Hour), start.Add(32 * time.Hour), start.Add(47 * time.Hour)}, start.Add(48 * time.Hour)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			store, clk, out := mustStore(t), slacktest.NewClock(time.Time{}), &outbox{}
			team, _ := ParseWorkingHours("09:00-18:00 Mon-Fri")
			h := newTestFeatures(t, testDeps{store: store, now: clk.Now, send: out.send,
				users:    fixedZones{"UHM": "UTC", "UINT": "UTC"},
				settings: Settings{RemindEvery: time.Hour, ReminderLimit: 100, EscalateAfter: 1, WorkingHours: team}})
			tt.prefs.UserID = "UHM"
			if _, err := store.SavePreferences(ctx, tt.prefs); err != nil {
				t.Fatal(err)
			}
			if _, err := store.CreateInterview(ctx, data.NewInterview{Candidate: "Jane Doe", Role: "Backend", Stage: "technical",
				HiringManager: "UHM", RecordedBy: "UHM", StartsAt: start, Duration: time.Hour,
				Panel: []data.NewPanelist{{UserID: "UINT", TZ: "UTC"}}, FirstReminderAt: start.Add(2 * time.Hour)}); err != nil {
				t.Fatal(err)
			}
			for _, at := range tt.held {
				clk.Set(at)
				h.sweepAndDeliver(t)
				if n := out.to("UHM", "Feedback overdue"); n != 0 {
					t.Fatalf("escalated at %v, before the manager's working hours", at)
				}
			}
			if out.to("UINT", "Reminder") == 0 {
				t.Fatal("the panelist got no reminder: nothing to escalate")
			}
			clk.Set(tt.sent)
			h.sweepAndDeliver(t)
			if n := out.to("UHM", "Feedback overdue"); n != 1 {
				t.Errorf("%d escalations at %v, want 1 in the manager's first working hour", n, tt.sent)
			}
		})
	}
}

// TestSnoozeFollowsThePersonsOwnSettings: a snooze names, and sets, the first time the next
// reminder can come: in the interviewer's own working hours when they set theirs (not the
// team's), and not before they are back from time out of office.
func TestSnoozeFollowsThePersonsOwnSettings(t *testing.T) {
	friday := time.Date(2026, 12, 4, 15, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name   string
		prefs  data.Preferences
		action string
		at     time.Time
		want   time.Time
	}{
		{"team hours, tomorrow on a Friday", data.Preferences{}, ActionSnoozeTomorrow, friday,
			time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)}, // Monday
		{"own hours, tomorrow on a Friday", data.Preferences{WorkingHours: "11:00-19:00 Tue-Sat"}, ActionSnoozeTomorrow, friday,
			time.Date(2026, 12, 5, 11, 0, 0, 0, time.UTC)}, // their Saturday, at their start
		{"own hours, tomorrow on a Saturday", data.Preferences{WorkingHours: "11:00-19:00 Tue-Sat"}, ActionSnoozeTomorrow, friday.AddDate(0, 0, 1),
			time.Date(2026, 12, 8, 11, 0, 0, 0, time.UTC)}, // Tuesday
		{"own hours, an hour inside them", data.Preferences{WorkingHours: "11:00-19:00 Tue-Sat"}, ActionSnoozeHour, friday,
			friday.Add(time.Hour)},
		{"own hours, an hour past their end", data.Preferences{WorkingHours: "11:00-19:00 Tue-Sat"}, ActionSnoozeHour, friday.Add(3*time.Hour + 30*time.Minute),
			time.Date(2026, 12, 5, 11, 0, 0, 0, time.UTC)},
		{"out of office", data.Preferences{OutOfOffice: "2026-12-09"}, ActionSnoozeTomorrow, friday,
			time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC)}, // the Thursday after the last day away
		{"out of office, an hour", data.Preferences{OutOfOffice: "2026-12-09"}, ActionSnoozeHour, friday,
			time.Date(2026, 12, 10, 9, 0, 0, 0, time.UTC)},
		{"out of office, own hours", data.Preferences{WorkingHours: "11:00-19:00 Tue-Sat", OutOfOffice: "2026-12-08"}, ActionSnoozeTomorrow, friday,
			time.Date(2026, 12, 9, 11, 0, 0, 0, time.UTC)},
		{"back before tomorrow", data.Preferences{WorkingHours: "11:00-19:00 Tue-Sat", OutOfOffice: "2026-12-04"}, ActionSnoozeTomorrow, friday,
			time.Date(2026, 12, 5, 11, 0, 0, 0, time.UTC)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			store, clk := mustStore(t), slacktest.NewClock(tt.at)
			team, _ := ParseWorkingHours("09:00-17:00 Mon-Fri")
			h := newTestFeatures(t, testDeps{store: store, now: clk.Now, users: fixedZones{"UINT": "UTC"},
				settings: Settings{RemindEvery: time.Hour, WorkingHours: team}})
			tt.prefs.UserID = "UINT"
			if _, err := store.SavePreferences(ctx, tt.prefs); err != nil {
				t.Fatal(err)
			}
			iv, err := store.CreateInterview(ctx, data.NewInterview{Candidate: "Jane Doe", Role: "Backend", Stage: "technical",
				HiringManager: "UHM", RecordedBy: "UHM", StartsAt: tt.at.Add(-3 * time.Hour), Duration: time.Hour,
				Panel: []data.NewPanelist{{UserID: "UINT", TZ: "UTC"}}, FirstReminderAt: tt.at.Add(-time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
			var snooze ActionFunc
			for _, a := range h.Routes().Actions {
				if a.ActionID == tt.action {
					snooze = a.Handle
				}
			}
			resp, err := snooze(ctx, Action{ActionID: tt.action, UserID: "UINT", Value: strconv.FormatInt(iv.ID, 10), DeliveryKey: "click-1"})
			if err != nil || len(resp.Replies) != 1 {
				t.Fatalf("snooze = %+v, %v", resp, err)
			}
			raw, _ := json.Marshal(resp.Replies[0].Blocks)
			if want := "again " + formatTime(tt.want, time.UTC); !strings.Contains(string(raw), want) {
				t.Errorf("the confirmation says %s, want %q", raw, want)
			}
			iv, err = store.Interview(ctx, iv.ID)
			if err != nil {
				t.Fatal(err)
			}
			if p, _ := iv.Panelist("UINT"); !p.NextReminder.Equal(tt.want) {
				t.Errorf("next reminder at %v, want %v", p.NextReminder, tt.want)
			}
		})
	}
}
