package handlers

import (
	"fmt"
	"time"
)

// Visibility decides when a panel interviewer may read the other interviewers' scorecards. The
// hiring manager and the person who recorded an interview always may; anybody else never.
type Visibility string

// Visibility rules.
const (
	VisibleAfterOwn Visibility = "after-own" // once they have submitted their own scorecard
	VisibleAlways   Visibility = "always"
	VisibleNever    Visibility = "never"
)

// ParseVisibility reads a HIREBOT_FEEDBACK_VISIBILITY value.
func ParseVisibility(s string) (Visibility, error) {
	switch v := Visibility(s); v {
	case VisibleAfterOwn, VisibleAlways, VisibleNever:
		return v, nil
	}
	return "", fmt.Errorf("feedback visibility %q: use after-own, always or never", s)
}

// Settings are the feedback workflow's knobs, with the defaults a hiring team expects.
type Settings struct {
	Visibility    Visibility    // who reads others' scorecards; default after-own
	FeedbackDue   time.Duration // after an interview ends, when a missing scorecard is overdue; default 1h
	RemindEvery   time.Duration // between reminders; default 24h
	ReminderLimit int           // reminders per interviewer and interview at most; default 10
	EscalateAfter int           // reminders after which the hiring manager hears; default 2
	WorkingHours  WorkingHours  // reminders go out only inside them; default 09:00-18:00 Mon-Fri
	// KitLead is how long before an interview each panelist gets its kit; default 15m, and
	// KitsOff (any negative value) sends none.
	KitLead time.Duration
}

// KitsOff as Settings.KitLead sends no interview kits.
const KitsOff = time.Duration(-1)

// Defaults for Settings.
const (
	DefaultFeedbackDue   = time.Hour
	DefaultRemindEvery   = 24 * time.Hour
	DefaultReminderLimit = 10
	DefaultEscalateAfter = 2
	DefaultWorkingHours  = "09:00-18:00 Mon-Fri"
	DefaultKitLead       = 15 * time.Minute
)

func (s Settings) withDefaults() Settings {
	if s.Visibility == "" {
		s.Visibility = VisibleAfterOwn
	}
	if s.FeedbackDue <= 0 {
		s.FeedbackDue = DefaultFeedbackDue
	}
	if s.RemindEvery <= 0 {
		s.RemindEvery = DefaultRemindEvery
	}
	if s.ReminderLimit <= 0 {
		s.ReminderLimit = DefaultReminderLimit
	}
	if s.EscalateAfter <= 0 {
		s.EscalateAfter = DefaultEscalateAfter
	}
	if s.KitLead == 0 {
		s.KitLead = DefaultKitLead
	}
	if s.WorkingHours == (WorkingHours{}) {
		s.WorkingHours, _ = ParseWorkingHours(DefaultWorkingHours)
	}
	return s
}
