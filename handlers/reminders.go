package handlers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"hirebot/content"
	"hirebot/data"
)

// Slack ids of the reminder buttons.
const (
	ActionSnoozeHour     = "reminder_snooze_hour"
	ActionSnoozeTomorrow = "reminder_snooze_tomorrow"
	ActionNotAttended    = "reminder_not_attended"

	// A sweep claims small batches, and queueing a reminder is one local transaction, so a
	// claim is held for well under a second; the lease only matters when a process dies holding
	// one, and a restarted process releases its own claims at once.
	sweepBatch = 20
	sweepLease = 30 * time.Second
)

// ReminderStore keeps the reminder schedule of every panelist.
type ReminderStore interface {
	Interview(ctx context.Context, id int64) (data.Interview, error)
	SnoozeOnce(ctx context.Context, deliveryKey string, interviewID int64, userID string, until time.Time) (time.Time, error)
	MarkAbsentOnce(ctx context.Context, deliveryKey string, interviewID int64, userID string, complete func(data.Interview, []data.Scorecard) []data.OutboxMessage, notices ...data.OutboxMessage) error
	ClaimDueReminders(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]data.DueReminder, error)
	ReminderQueued(ctx context.Context, r data.DueReminder, msg data.OutboxMessage, at, next time.Time) error
	ReminderDeferred(ctx context.Context, r data.DueReminder, until time.Time) error
	ClaimDueEscalations(ctx context.Context, now time.Time, lease time.Duration, after, limit int) ([]data.DueReminder, error)
	EscalationQueued(ctx context.Context, rows []data.DueReminder, msg data.OutboxMessage, at time.Time) error
	ReleaseClaim(ctx context.Context, r data.DueReminder) error
	DueKits(ctx context.Context, now time.Time, lead time.Duration, limit int) ([]data.DueKit, error)
	KitQueued(ctx context.Context, k data.DueKit, msg data.OutboxMessage) error
	KitSkipped(ctx context.Context, k data.DueKit) error
	EarlierNotes(ctx context.Context, iv data.Interview) ([]data.LaterNote, error)
}

// Reminders chases overdue scorecards: the scheduled sweep that sends reminders and escalations,
// and the buttons on a reminder (snooze, didn't attend).
type Reminders struct {
	store    ReminderStore
	content  *content.Content
	zones    zones
	settings Settings
	prefs    prefsLookup // each panelist's own working hours and time away
	now      func() time.Time
	logger   *slog.Logger
}

// RemindersConfig is what Reminders needs.
type RemindersConfig struct {
	Store    ReminderStore
	Content  *content.Content // the questions of interview kits; nil sends kits without questions
	Users    UserDirectory    // time zones; nil means each panelist's stored zone
	Settings Settings
	Prefs    PreferenceLookup // people's own working hours and time away; nil: the team's for all
	Now      func() time.Time // the clock; nil means time.Now
	Logger   *slog.Logger     // nil logs nothing
}

// NewReminders returns the reminder feature.
func NewReminders(c RemindersConfig) *Reminders {
	logger := orDiscard(c.Logger)
	return &Reminders{
		store:    c.Store,
		content:  c.Content,
		zones:    zones{users: c.Users, logger: logger},
		settings: c.Settings.withDefaults(),
		prefs:    prefsLookup{store: c.Prefs, logger: logger},
		now:      orNow(c.Now),
		logger:   logger,
	}
}

// SweepReport counts what one sweep did.
type SweepReport struct {
	Sent, Deferred, Failed, Escalated int
	Kits                              int // interview kits queued
}

// Sweep sends every reminder that is due, in working hours, and escalates to hiring
// managers. All state lives in the database: each row is claimed before sending and confirmed
// after, so a crash or an overlapping sweep neither loses nor repeats a reminder, and a failed
// send is retried by the outbox, where the sweep queues each reminder.
func (rm *Reminders) Sweep(ctx context.Context) (SweepReport, error) {
	var rep SweepReport
	for {
		due, err := rm.store.ClaimDueReminders(ctx, rm.now(), sweepLease, sweepBatch)
		if err != nil {
			return rep, fmt.Errorf("claim due reminders: %w", err)
		}
		for _, r := range due {
			rm.remind(ctx, r, &rep)
		}
		if len(due) < sweepBatch {
			break
		}
	}
	if err := rm.escalate(ctx, &rep); err != nil {
		return rep, err
	}
	if err := rm.sendKits(ctx, &rep); err != nil {
		return rep, err
	}
	if rep != (SweepReport{}) {
		rm.logger.Info("reminder sweep", "sent", rep.Sent, "deferred", rep.Deferred, "failed", rep.Failed, "escalated", rep.Escalated, "kits", rep.Kits)
	}
	return rep, nil
}

// remind queues one claimed reminder in the outbox, or defers it to the recipient's next
// working hour. Queueing and counting the reminder are one transaction, so a crash can neither
// lose it nor count it without queueing it.
func (rm *Reminders) remind(ctx context.Context, r data.DueReminder, rep *SweepReport) {
	now := rm.now()
	loc := rm.zones.panelistZone(ctx, rm.store, r.Panelist)
	local := now.In(loc)
	var err error
	hours, back := rm.prefs.reminding(ctx, r.Panelist.UserID, rm.settings.WorkingHours, local)
	if at := hours.Next(laterOf(local, back)); !at.Equal(local) { // outside their hours, or away
		err = rm.store.ReminderDeferred(ctx, r, at)
		rep.Deferred++
	} else {
		next := now.Add(rm.settings.RemindEvery)
		if r.Panelist.RemindersSent+1 >= rm.settings.ReminderLimit {
			next = time.Time{}
		}
		// A reminder Slack refuses for good still counts, so the hiring manager hears of the
		// missing feedback; the outbox tells them it could not be delivered.
		msg := queueAbout("reminder", Post{Channel: r.Panelist.UserID, Message: rm.reminderMessage(r, now, loc)},
			r.Interview, r.Interview.HiringManager)
		if err = rm.store.ReminderQueued(ctx, r, msg, now, next); err == nil {
			rep.Sent++
		}
	}
	if err != nil && !errors.Is(err, data.ErrConflict) { // a conflict: the interviewer acted meanwhile
		rm.logger.Error("reminder state not saved", "interview", r.Interview.ID, "user", r.Panelist.UserID, "err", err)
	}
}

func (rm *Reminders) reminderMessage(r data.DueReminder, now time.Time, loc *time.Location) Message {
	iv := r.Interview
	late := humanDuration(now.Sub(iv.EndsAt()).Truncate(time.Hour))
	if now.Sub(iv.EndsAt()) < time.Hour {
		late = humanDuration(now.Sub(iv.EndsAt()).Truncate(time.Minute))
	}
	text := fmt.Sprintf(":alarm_clock: Your scorecard for *%s* (%s, %s interview on %s) is overdue: the interview ended %s ago.",
		literal(iv.Candidate), literal(iv.Role), strings.ToLower(stageName(iv.Stage)), formatTime(iv.StartsAt, loc), late)
	id := strconv.FormatInt(iv.ID, 10)
	absent := slack.NewButtonBlockElement(ActionNotAttended, id, plain("I didn't attend"))
	absent.Confirm = slack.NewConfirmationBlockObject(plain("Leave the panel?"),
		plain("You'll be taken off this interview's panel and the hiring manager will be told."), plain("Yes, I didn't attend"), plain("Cancel")).WithStyle(slack.StyleDanger)
	return Message{
		Text: fmt.Sprintf("Reminder: your scorecard for %s is overdue", literal(iv.Candidate)),
		Blocks: []slack.Block{
			section(text),
			slack.NewActionBlock("",
				feedbackButton(iv.ID, true),
				slack.NewButtonBlockElement(ActionSnoozeHour, id, plain("Snooze 1 hour")),
				slack.NewButtonBlockElement(ActionSnoozeTomorrow, id, plain("Snooze until tomorrow")),
				absent,
			),
			contextBlock(fmt.Sprintf("Reminder %d of at most %d. Hiring manager: <@%s>.", r.Panelist.RemindersSent+1, rm.settings.ReminderLimit, iv.HiringManager)),
		},
	}
}

// escalate tells hiring managers, inside their own working hours and not while they are out of
// office, which interviewers are overdue
// once they have had EscalateAfter reminders. One message per interview lists the whole panel;
// it is queued in the same transaction that marks the rows escalated.
func (rm *Reminders) escalate(ctx context.Context, rep *SweepReport) error {
	for {
		now := rm.now()
		due, err := rm.store.ClaimDueEscalations(ctx, now, sweepLease, rm.settings.EscalateAfter, sweepBatch)
		if err != nil {
			return fmt.Errorf("claim due escalations: %w", err)
		}
		byInterview := map[int64][]data.DueReminder{}
		var order []int64
		for _, r := range due {
			if _, seen := byInterview[r.Interview.ID]; !seen {
				order = append(order, r.Interview.ID)
			}
			byInterview[r.Interview.ID] = append(byInterview[r.Interview.ID], r)
		}
		before := rep.Escalated
		for _, id := range order {
			rm.escalateOne(ctx, byInterview[id], now, rep)
		}
		// A full batch goes on to the next, unless nothing in it could go out (the hiring
		// managers are outside their working hours or away): those rows would only come back.
		if len(due) < sweepBatch || rep.Escalated == before {
			return nil
		}
	}
}

// escalateOne queues the hiring manager's message about one interview's overdue rows, or, when
// the manager is outside their own working hours (the team's unless they set theirs) or out of
// office, releases them: a later sweep, in the manager's next working hour after they are back,
// sends it.
func (rm *Reminders) escalateOne(ctx context.Context, rows []data.DueReminder, now time.Time, rep *SweepReport) {
	iv := rows[0].Interview
	var err error
	local := now.In(rm.zones.location(ctx, iv.HiringManager))
	hours, back := rm.prefs.reminding(ctx, iv.HiringManager, rm.settings.WorkingHours, local)
	if hours.Next(laterOf(local, back)).Equal(local) { // in their hours, and not away
		m := escalationMessage(iv, now)
		rm.prefs.noteAway(ctx, &m, iv, now)
		msg := queueAbout("escalation", Post{Channel: iv.HiringManager, Message: m}, iv, "")
		if err = rm.store.EscalationQueued(ctx, rows, msg, now); err == nil {
			rep.Escalated++
		}
	} else {
		for _, r := range rows {
			if e := rm.store.ReleaseClaim(ctx, r); e != nil && !errors.Is(e, data.ErrConflict) {
				err = e
			}
		}
	}
	if err != nil && !errors.Is(err, data.ErrConflict) {
		rm.logger.Error("escalation state not saved", "interview", iv.ID, "err", err)
	}
}

// overdueBy is how long the interview's scorecards have been due: counted from when they became
// due (the end plus the team's allowance), not from the end.
func overdueBy(iv data.Interview, now time.Time) string {
	late := now.Sub(iv.DueAt())
	if late < time.Hour {
		return humanDuration(max(late, 0).Truncate(time.Minute))
	}
	return humanDuration(late.Truncate(time.Hour))
}

func escalationMessage(iv data.Interview, now time.Time) Message {
	var lines []string
	for _, p := range iv.Panel {
		switch p.Status {
		case data.PanelSubmitted:
			lines = append(lines, fmt.Sprintf("• <@%s>: submitted", p.UserID))
		case data.PanelAbsent:
			lines = append(lines, fmt.Sprintf("• <@%s>: did not attend", p.UserID))
		default:
			lines = append(lines, fmt.Sprintf("• <@%s>: *overdue* by %s, %d reminders so far", p.UserID,
				overdueBy(iv, now), p.RemindersSent))
		}
	}
	text := fmt.Sprintf(":warning: Feedback for *%s* (%s, %s interview) is still missing after reminders:\n%s",
		literal(iv.Candidate), literal(iv.Role), strings.ToLower(stageName(iv.Stage)), strings.Join(lines, "\n"))
	return Message{Text: "Feedback overdue for " + literal(iv.Candidate), Blocks: []slack.Block{
		section(text),
		contextBlock(code("/feedback summary "+iv.Candidate) + " shows what is in so far."),
	}}
}

// snoozeAction puts off the reminders for an interview by d, or until the start of the
// interviewer's next working day when d is zero.
func (rm *Reminders) snoozeAction(d time.Duration) ActionFunc {
	return func(ctx context.Context, act Action) (Response, error) {
		iv, err := rm.panelInterview(ctx, act)
		if err != nil {
			return Response{}, err
		}
		loc := rm.zones.location(ctx, act.UserID)
		until := rm.now().Add(d)
		if d == 0 {
			until = rm.settings.WorkingHours.StartOfNextDay(rm.now().In(loc))
		}
		until, err = rm.store.SnoozeOnce(ctx, act.DeliveryKey, iv.ID, act.UserID, until)
		switch {
		case errors.Is(err, data.ErrReplayed): // a repeat of the click: answered with the time it set
		case errors.Is(err, data.ErrConflict):
			return Response{}, &UserError{Msg: "Nothing to snooze: your feedback for this interview is already in, or you left the panel."}
		case err != nil:
			return Response{}, fmt.Errorf("snooze: %w", err)
		}
		return Reply(Message{ReplaceOriginal: true, Text: "Reminder snoozed", Blocks: []slack.Block{
			section(fmt.Sprintf(":zzz: Snoozed. I'll remind you about *%s* again %s.", literal(iv.Candidate), formatTime(until, loc))),
			slack.NewActionBlock("", feedbackButton(iv.ID, false)),
		}}), nil
	}
}

// notAttended takes the interviewer off the panel and tells the hiring manager.
func (rm *Reminders) notAttended(ctx context.Context, act Action) (Response, error) {
	iv, err := rm.panelInterview(ctx, act)
	if err != nil {
		return Response{}, err
	}
	notice := Post{Channel: iv.HiringManager, Message: Message{Text: "Panel change", Blocks: []slack.Block{
		section(fmt.Sprintf(":information_source: <@%s> says they didn't attend the %s interview with *%s* and has been taken off its panel.",
			act.UserID, strings.ToLower(stageName(iv.Stage)), literal(iv.Candidate))),
	}}}
	err = rm.store.MarkAbsentOnce(ctx, act.DeliveryKey, iv.ID, act.UserID, panelCompleteNotices, queueAbout("panel-change", notice, iv, ""))
	switch {
	case errors.Is(err, data.ErrReplayed): // a repeat of the click: the manager was told once
	case errors.Is(err, data.ErrConflict):
		return Response{}, &UserError{Msg: "Your scorecard for this interview is already in, so you can't leave its panel."}
	case err != nil:
		return Response{}, fmt.Errorf("mark absent: %w", err)
	}
	return Response{
		Replies: []Message{{ReplaceOriginal: true, Text: "Taken off the panel", Blocks: []slack.Block{
			section(fmt.Sprintf(":ok_hand: Got it: you're off the panel for *%s*, no more reminders. I've let <@%s> know.", literal(iv.Candidate), iv.HiringManager)),
		}}},
	}, nil
}

// panelInterview loads the interview a reminder button is about, for a user on its panel.
func (rm *Reminders) panelInterview(ctx context.Context, act Action) (data.Interview, error) {
	id, err := strconv.ParseInt(act.Value, 10, 64)
	if err != nil {
		return data.Interview{}, &UserError{Msg: "That button is out of date. `/feedback` lists the scorecards you owe."}
	}
	iv, err := rm.store.Interview(ctx, id)
	if errors.Is(err, data.ErrNotFound) {
		return data.Interview{}, &UserError{Msg: "That interview no longer exists."}
	}
	if err != nil {
		return data.Interview{}, fmt.Errorf("load interview %d: %w", id, err)
	}
	if _, ok := iv.Panelist(act.UserID); !ok {
		return data.Interview{}, &UserError{Msg: "You're not on this interview's panel."}
	}
	if iv.Cancelled() {
		return data.Interview{}, &UserError{Msg: fmt.Sprintf("The interview with *%s* was cancelled: nothing more is needed from you.", literal(iv.Candidate))}
	}
	return iv, nil
}
