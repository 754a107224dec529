package handlers

import (
	"testing"
	"time"
)

func TestParseWorkingHours(t *testing.T) {
	tests := []struct {
		in, want string
		bad      bool
	}{
		{in: "09:00-18:00 Mon-Fri", want: "09:00-18:00 Mon,Tue,Wed,Thu,Fri"},
		{in: "09:00-18:00", want: "09:00-18:00 Mon,Tue,Wed,Thu,Fri"},
		{in: "08:30-17:15 Sun-Thu", want: "08:30-17:15 Sun,Mon,Tue,Wed,Thu"},
		{in: "10:00-16:00 Mon,Wed,Fri", want: "10:00-16:00 Mon,Wed,Fri"},
		{in: "22:00-23:00 Fri-Mon", want: "22:00-23:00 Sun,Mon,Fri,Sat"},
		{in: "always", want: "always"},
		{in: "ALWAYS", want: "always"},
		{in: "18:00-09:00", bad: true},
		{in: "9am-5pm", bad: true},
		{in: "09:00-18:00 Funday", bad: true},
		{in: "", bad: true},
	}
	for _, tt := range tests {
		w, err := ParseWorkingHours(tt.in)
		if tt.bad {
			if err == nil {
				t.Errorf("ParseWorkingHours(%q) = %v, want an error", tt.in, w)
			}
			continue
		}
		if err != nil || w.String() != tt.want {
			t.Errorf("ParseWorkingHours(%q) = %q, %v; want %q", tt.in, w.String(), err, tt.want)
		}
	}
}

func TestWorkingHoursNext(t *testing.T) {
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	w, _ := ParseWorkingHours("09:00-18:00 Mon-Fri")
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, la)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	tests := []struct{ now, want string }{
		{"2026-11-24 10:00", "2026-11-24 10:00"}, // Tuesday, inside
		{"2026-11-24 07:30", "2026-11-24 09:00"}, // before opening
		{"2026-11-24 18:00", "2026-11-25 09:00"}, // closing time is outside
		{"2026-11-27 19:00", "2026-11-30 09:00"}, // Friday evening waits for Monday
		{"2026-11-28 12:00", "2026-11-30 09:00"}, // Saturday
	}
	for _, tt := range tests {
		if got := w.Next(at(tt.now)); !got.Equal(at(tt.want)) {
			t.Errorf("Next(%s) = %s, want %s", tt.now, got.In(la).Format("Mon 2006-01-02 15:04"), tt.want)
		}
	}
	if got := w.StartOfNextDay(at("2026-11-27 10:00")); !got.Equal(at("2026-11-30 09:00")) {
		t.Errorf("StartOfNextDay(Friday) = %s, want Monday 09:00", got)
	}
	if !AlwaysWorking().Contains(at("2026-11-28 03:00")) {
		t.Error("always should contain Saturday 03:00")
	}
}
