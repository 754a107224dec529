package data

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// t0 is the fixed "now" of most tests.
var t0 = time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)

// mustOpenAt opens the database at path with the clock fixed at t0 and closes it at cleanup.
func mustOpenAt(t testing.TB, path string) *Store {
	t.Helper()
	return mustOpenLocation(t, path, WithClock(func() time.Time { return t0 }))
}

// mustNewStore opens a fresh database in a temporary directory and returns it and its path. It
// starts as a copy of one migrated in this test process, so each test does not apply every
// migration again (the migration tests open their own files).
func mustNewStore(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "hirebot.db")
	if onPostgres() {
		return mustOpenAt(t, path), path
	}
	if err := os.WriteFile(path, migratedTemplate(t), 0o600); err != nil {
		t.Fatal(err)
	}
	return mustOpenAt(t, path), path
}

var template struct {
	once  sync.Once
	bytes []byte
	err   error
}

// migratedTemplate is the file of a new database with every migration applied, made once.
func migratedTemplate(t testing.TB) []byte {
	t.Helper()
	template.once.Do(func() {
		dir, err := os.MkdirTemp("", "hirebot-template-")
		if err != nil {
			template.err = err
			return
		}
		defer os.RemoveAll(dir)
		path := filepath.Join(dir, "hirebot.db")
		s, err := Open(context.Background(), path)
		if err != nil {
			template.err = err
			return
		}
		if err := s.Close(); err != nil { // the last connection checkpoints the log into the file
			template.err = err
			return
		}
		template.bytes, template.err = os.ReadFile(path)
	})
	if template.err != nil {
		t.Fatalf("template database: %v", template.err)
	}
	return template.bytes
}

// sampleInterview is a valid interview with the given panel, due for feedback at t0.
func sampleInterview(candidate string, panel ...string) NewInterview {
	in := NewInterview{
		Candidate: candidate, Role: "Backend Engineer", Stage: string(StageTechnical),
		HiringManager: "UMGR", RecordedBy: "UREC",
		StartsAt: t0.Add(-26 * time.Hour), Duration: time.Hour,
		FirstReminderAt: t0,
	}
	for _, u := range panel {
		in.Panel = append(in.Panel, NewPanelist{UserID: u, TZ: "Europe/Berlin"})
	}
	return in
}

func mustCreateInterview(t testing.TB, s *Store, in NewInterview) Interview {
	t.Helper()
	iv, err := s.CreateInterview(context.Background(), in)
	if err != nil {
		t.Fatalf("CreateInterview: %v", err)
	}
	return iv
}

func mustInterview(t testing.TB, s *Store, id int64) Interview {
	t.Helper()
	iv, err := s.Interview(context.Background(), id)
	if err != nil {
		t.Fatalf("Interview(%d): %v", id, err)
	}
	return iv
}

// mustPanelist returns userID's panel row on interview id.
func mustPanelist(t testing.TB, s *Store, id int64, userID string) Panelist {
	t.Helper()
	p, ok := mustInterview(t, s, id).Panelist(userID)
	if !ok {
		t.Fatalf("%s is not on the panel of interview %d", userID, id)
	}
	return p
}

// sampleScorecard is a valid scorecard by author on interview id.
func sampleScorecard(id int64, author string) NewScorecard {
	return NewScorecard{
		InterviewID: id, Author: author, Recommendation: Hire,
		Ratings: fixedRatings(3, 4, 2, 3, 4), Scale: fixedScale,
		Strengths: "clear reasoning", Concerns: "light on SQL",
	}
}

// fixedScale is the rating scale of scorecards from before forms came from content.
var fixedScale = []string{"Weak", "Mixed", "Good", "Excellent"}

// fixedRatings are ratings on the five competencies scorecards had before forms came from
// content, in their order, under their labels.
func fixedRatings(python, apis, databases, testing, communication int) []Rating {
	return []Rating{
		{"python", "Python", python}, {"apis", "APIs and system design", apis}, {"databases", "Databases", databases},
		{"testing", "Testing and code quality", testing}, {"communication", "Communication", communication},
	}
}

func mustSubmit(t testing.TB, s *Store, sc NewScorecard) Scorecard {
	t.Helper()
	got, err := s.SubmitScorecard(context.Background(), sc)
	if err != nil {
		t.Fatalf("SubmitScorecard(%d, %s): %v", sc.InterviewID, sc.Author, err)
	}
	return got
}

func mustClaim(t testing.TB, s *Store, now time.Time, limit int) []DueReminder {
	t.Helper()
	due, err := s.ClaimDueReminders(context.Background(), now, time.Minute, limit)
	if err != nil {
		t.Fatalf("ClaimDueReminders(%v): %v", now, err)
	}
	return due
}

// wantErr fails unless err matches want (nil meaning no error).
func wantErr(t testing.TB, what string, err, want error) {
	t.Helper()
	if want == nil && err != nil || want != nil && !errors.Is(err, want) {
		t.Fatalf("%s: err = %v, want %v", what, err, want)
	}
}

// wantValidation fails unless err is a *ValidationError about field.
func wantValidation(t testing.TB, err error, field string) {
	t.Helper()
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Field != field {
		t.Fatalf("err = %v, want a validation error on %s", err, field)
	}
}

// ids lists the ids of ivs in order.
func ids(ivs []Interview) []int64 {
	out := make([]int64, len(ivs))
	for i, iv := range ivs {
		out[i] = iv.ID
	}
	return out
}
