package handlers

import (
	"fmt"
	"time"
)

// formatTime shows t in loc the way a calendar would: "Tue 1 Dec, 14:00 CET". In the fallback
// zone (Slack did not say the reader's) it says that the time is UTC for that reason.
func formatTime(t time.Time, loc *time.Location) string {
	s := t.In(loc).Format("Mon 2 Jan 2006, 15:04 MST")
	if loc == unknownZone {
		s += " (I couldn't read your time zone from Slack just now)"
	}
	return s
}

// humanDuration renders a duration the way people say it: "1 hour", "24 hours", "30 minutes".
func humanDuration(d time.Duration) string {
	switch {
	case d >= 48*time.Hour && d%(24*time.Hour) == 0:
		return fmt.Sprintf("%d days", int(d.Hours()/24))
	case d >= time.Hour && d%time.Hour == 0:
		if d == time.Hour {
			return "1 hour"
		}
		return fmt.Sprintf("%d hours", int(d.Hours()))
	case d >= time.Hour:
		return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	case d == time.Minute:
		return "1 minute"
	default:
		return fmt.Sprintf("%d minutes", int(d.Minutes()))
	}
}
