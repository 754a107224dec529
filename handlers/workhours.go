package handlers

import (
	"fmt"
	"strings"
	"time"
)

// WorkingHours is when people may be reminded, in their own time zone: a daily window on some
// weekdays ("09:00-18:00 Mon-Fri"), or always.
type WorkingHours struct {
	always     bool
	start, end time.Duration // since midnight; start < end
	days       [7]bool       // indexed by time.Weekday
}

// AlwaysWorking never holds a reminder back.
func AlwaysWorking() WorkingHours { return WorkingHours{always: true} }

// ParseWorkingHours reads "HH:MM-HH:MM Day-Day" (days optional, default Mon-Fri; a comma list such
// as "Mon,Wed,Fri" works too) or "always".
func ParseWorkingHours(s string) (WorkingHours, error) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "always") {
		return AlwaysWorking(), nil
	}
	window, days, _ := strings.Cut(s, " ")
	from, to, ok := strings.Cut(window, "-")
	if !ok {
		return WorkingHours{}, fmt.Errorf("working hours %q: want like \"09:00-18:00 Mon-Fri\" or \"always\"", s)
	}
	var w WorkingHours
	var err error
	if w.start, err = clock(from); err != nil {
		return WorkingHours{}, fmt.Errorf("working hours %q: %w", s, err)
	}
	if w.end, err = clock(to); err != nil {
		return WorkingHours{}, fmt.Errorf("working hours %q: %w", s, err)
	}
	if w.start >= w.end {
		return WorkingHours{}, fmt.Errorf("working hours %q: the day must start before it ends", s)
	}
	if strings.TrimSpace(days) == "" {
		days = "Mon-Fri"
	}
	if w.days, err = weekdays(strings.TrimSpace(days)); err != nil {
		return WorkingHours{}, fmt.Errorf("working hours %q: %w", s, err)
	}
	return w, nil
}

func clock(s string) (time.Duration, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("%q is not a time like 09:00", s)
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}

var dayNames = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

func weekday(s string) (time.Weekday, error) {
	key := strings.ToLower(strings.TrimSpace(s))
	if len(key) >= 3 {
		key = key[:3]
	}
	d, ok := dayNames[key]
	if !ok {
		return 0, fmt.Errorf("%q is not a weekday like Mon", s)
	}
	return d, nil
}

func weekdays(s string) ([7]bool, error) {
	var days [7]bool
	for _, part := range strings.Split(s, ",") {
		from, to, isRange := strings.Cut(part, "-")
		first, err := weekday(from)
		if err != nil {
			return days, err
		}
		last := first
		if isRange {
			if last, err = weekday(to); err != nil {
				return days, err
			}
		}
		for d := first; ; d = (d + 1) % 7 {
			days[d] = true
			if d == last {
				break
			}
		}
	}
	return days, nil
}

// Contains reports whether t (in the person's own location) is inside working hours.
func (w WorkingHours) Contains(t time.Time) bool {
	if w.always {
		return true
	}
	if !w.days[t.Weekday()] {
		return false
	}
	since := t.Sub(midnight(t))
	return since >= w.start && since < w.end
}

// Next returns t if it is inside working hours, or else the start of the next working window,
// in t's location.
func (w WorkingHours) Next(t time.Time) time.Time {
	if w.Contains(t) {
		return t
	}
	day := midnight(t)
	for i := 0; i < 8; i++ {
		start := day.Add(w.start)
		if w.days[day.Weekday()] && !start.Before(t) {
			return start
		}
		day = midnight(day.AddDate(0, 0, 1))
	}
	return t // no working day at all cannot be parsed, so this is not reached
}

// StartOfNextDay is the start of working hours on the next working day after t.
func (w WorkingHours) StartOfNextDay(t time.Time) time.Time {
	next := midnight(t).AddDate(0, 0, 1)
	if w.always {
		return next.Add(9 * time.Hour)
	}
	return w.Next(next)
}

func midnight(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// String renders the hours the way they are configured.
func (w WorkingHours) String() string {
	if w.always {
		return "always"
	}
	var days []string
	for d := time.Sunday; d <= time.Saturday; d++ {
		if w.days[d] {
			days = append(days, d.String()[:3])
		}
	}
	return fmt.Sprintf("%02d:%02d-%02d:%02d %s", int(w.start.Hours()), int(w.start.Minutes())%60,
		int(w.end.Hours()), int(w.end.Minutes())%60, strings.Join(days, ","))
}
