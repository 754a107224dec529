package data

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestMigrateFromVersion1(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hirebot.db")
	ms, err := migrations("migrations")
	if err != nil {
		t.Fatal(err)
	}
	// A database as the previous release left it: only migration 1 applied.
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
		ms[0].sql,
		`INSERT INTO schema_migrations VALUES (1, '` + ms[0].name + `', '2025-01-01T00:00:00Z')`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	s := mustOpenAt(t, path)
	if v, err := s.SchemaVersion(ctx); err != nil || v != ms[len(ms)-1].version {
		t.Fatalf("SchemaVersion = %d, %v; want %d", v, err, ms[len(ms)-1].version)
	}
	iv := mustCreateInterview(t, s, sampleInterview("Ada", "U1"))
	mustSubmit(t, s, sampleScorecard(iv.ID, "U1"))
	var created string
	if err := s.db.QueryRowContext(ctx, `SELECT value FROM app_meta WHERE key = 'created_at'`).Scan(&created); err != nil {
		t.Fatalf("app_meta lost: %v", err)
	}
}

func TestCreateInterviewRoundTrips(t *testing.T) {
	s, _ := mustNewStore(t)
	in := sampleInterview("  Ada Lovelace ", "U1", "U2")
	in.StartsAt = time.Date(2025, 3, 7, 15, 30, 0, 999, time.FixedZone("CET", 3600))
	in.Duration = 45 * time.Minute
	in.Panel[1].TZ = ""
	got := mustCreateInterview(t, s, in)

	want := Interview{
		ID: got.ID, Candidate: "Ada Lovelace", Role: in.Role, Stage: "technical",
		HiringManager: "UMGR", RecordedBy: "UREC",
		StartsAt: time.Date(2025, 3, 7, 14, 30, 0, 0, time.UTC), Duration: 45 * time.Minute,
		Panel: []Panelist{
			{UserID: "U1", TZ: "Europe/Berlin", Status: PanelPending, NextReminder: t0},
			{UserID: "U2", TZ: "", Status: PanelPending, NextReminder: t0},
		},
		CreatedAt: t0, FeedbackDueAt: t0,
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("CreateInterview =\n%+v\nwant\n%+v", got, want)
	}
	if stored := mustInterview(t, s, got.ID); !reflect.DeepEqual(stored, want) {
		t.Fatalf("Interview =\n%+v\nwant\n%+v", stored, want)
	}
	if end := got.EndsAt(); !end.Equal(time.Date(2025, 3, 7, 15, 15, 0, 0, time.UTC)) {
		t.Fatalf("EndsAt = %v", end)
	}
}

func TestCreateInterviewWithoutReminders(t *testing.T) {
	s, _ := mustNewStore(t)
	in := sampleInterview("Ada", "U1")
	in.FirstReminderAt = time.Time{}
	iv := mustCreateInterview(t, s, in)
	if p := mustPanelist(t, s, iv.ID, "U1"); !p.NextReminder.IsZero() {
		t.Fatalf("NextReminder = %v, want none", p.NextReminder)
	}
}

func TestCreateInterviewValidates(t *testing.T) {
	tests := []struct {
		field  string
		change func(*NewInterview)
	}{
		{"Candidate", func(in *NewInterview) { in.Candidate = " " }},
		{"Role", func(in *NewInterview) { in.Role = "" }},
		{"Stage", func(in *NewInterview) { in.Stage = "" }},
		{"HiringManager", func(in *NewInterview) { in.HiringManager = "" }},
		{"RecordedBy", func(in *NewInterview) { in.RecordedBy = "" }},
		{"StartsAt", func(in *NewInterview) { in.StartsAt = time.Time{} }},
		{"Duration", func(in *NewInterview) { in.Duration = 0 }},
		{"Duration", func(in *NewInterview) { in.Duration = -time.Hour }},
		{"Panel", func(in *NewInterview) { in.Panel = nil }},
		{"Panel[1].UserID", func(in *NewInterview) { in.Panel[1].UserID = "" }},
		{"Panel[2].UserID", func(in *NewInterview) { in.Panel[2].UserID = "U1" }},
	}
	s, _ := mustNewStore(t)
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			in := sampleInterview("Ada", "U1", "U2", "U3")
			tt.change(&in)
			_, err := s.CreateInterview(context.Background(), in)
			wantValidation(t, err, tt.field)
		})
	}
	if got, err := s.FindInterviews(context.Background(), InterviewFilter{}); err != nil || len(got) != 0 {
		t.Fatalf("invalid interviews were stored: %v, %v", ids(got), err)
	}
}

func TestInterviewNotFound(t *testing.T) {
	s, _ := mustNewStore(t)
	_, err := s.Interview(context.Background(), 42)
	wantErr(t, "Interview(42)", err, ErrNotFound)
}

func TestFindInterviews(t *testing.T) {
	s, _ := mustNewStore(t)
	day := func(d int) time.Time { return time.Date(2025, 3, d, 10, 0, 0, 0, time.UTC) }
	create := func(d int, mgr, rec string, panel ...string) int64 {
		in := sampleInterview("Cand", panel...)
		in.StartsAt, in.HiringManager, in.RecordedBy = day(d), mgr, rec
		return mustCreateInterview(t, s, in).ID
	}
	a := create(1, "UM", "UR", "U1", "U2")
	b := create(2, "UM", "U1", "U3")
	c := create(3, "U1", "UR", "U4")
	d := create(4, "UM", "UR", "U5")

	tests := []struct {
		name string
		f    InterviewFilter
		want []int64
	}{
		{"all, newest first", InterviewFilter{}, []int64{d, c, b, a}},
		{"user in any role", InterviewFilter{UserID: "U1"}, []int64{c, b, a}},
		{"panelist only", InterviewFilter{UserID: "U5"}, []int64{d}},
		{"stranger", InterviewFilter{UserID: "UX"}, nil},
		{"from inclusive", InterviewFilter{From: day(3)}, []int64{d, c}},
		{"to exclusive", InterviewFilter{To: day(3)}, []int64{b, a}},
		{"range and user", InterviewFilter{UserID: "UR", From: day(2), To: day(5)}, []int64{d, c}},
		{"limit", InterviewFilter{UserID: "UM", Limit: 2}, []int64{d, b}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.FindInterviews(context.Background(), tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(ids(got), tt.want) {
				t.Fatalf("FindInterviews(%+v) = %v, want %v", tt.f, ids(got), tt.want)
			}
			for _, iv := range got {
				if len(iv.Panel) == 0 {
					t.Fatalf("interview %d came without its panel", iv.ID)
				}
			}
		})
	}
}

func TestPendingFeedback(t *testing.T) {
	s, _ := mustNewStore(t)
	ctx := context.Background()
	older := sampleInterview("Ada", "U1", "U2")
	older.StartsAt = t0.Add(-72 * time.Hour)
	o := mustCreateInterview(t, s, older)
	n := mustCreateInterview(t, s, sampleInterview("Bob", "U1"))
	done := mustCreateInterview(t, s, sampleInterview("Cy", "U1"))
	gone := mustCreateInterview(t, s, sampleInterview("Di", "U1"))
	mustSubmit(t, s, sampleScorecard(done.ID, "U1"))
	if err := s.MarkAbsent(ctx, gone.ID, "U1"); err != nil {
		t.Fatal(err)
	}
	got, err := s.PendingFeedback(ctx, "U1")
	if err != nil {
		t.Fatal(err)
	}
	if want := []int64{o.ID, n.ID}; !slices.Equal(ids(got), want) {
		t.Fatalf("PendingFeedback(U1) = %v, want %v", ids(got), want)
	}
	if got, _ := s.PendingFeedback(ctx, "UMGR"); len(got) != 0 {
		t.Fatalf("a hiring manager owes no scorecard, got %v", ids(got))
	}
}

func TestFindInterviewsByCandidate(t *testing.T) {
	s, _ := mustNewStore(t)
	first := mustCreateInterview(t, s, sampleInterview("Élodie  Durand", "U1"))
	later := sampleInterview("élodie durand", "U2")
	later.StartsAt = t0
	second := mustCreateInterview(t, s, later)
	mustCreateInterview(t, s, sampleInterview("Elodie Durand", "U1")) // different name: no accent

	tests := []struct {
		user, query string
		want        []int64
	}{
		{"U1", "ÉLODIE DURAND", []int64{first.ID}},
		{"UMGR", " élodie   durand ", []int64{first.ID, second.ID}},
		{"UREC", "Élodie Durand", []int64{first.ID, second.ID}},
		{"U2", "élodie durand", []int64{second.ID}},
		{"U3", "élodie durand", nil},
		{"U1", "Élodie", nil},
	}
	for _, tt := range tests {
		got, err := s.FindInterviewsByCandidate(context.Background(), tt.user, tt.query)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(ids(got), tt.want) {
			t.Errorf("FindInterviewsByCandidate(%s, %q) = %v, want %v", tt.user, tt.query, ids(got), tt.want)
		}
	}
}

func TestCandidateKey(t *testing.T) {
	tests := []struct{ a, b string }{
		{"ada lovelace", "ADA LOVELACE"},
		{"  Ada\tLovelace ", "ada lovelace"},
		{"Σίσυφος", "ΣΊΣΥΦΟΣ"},
		{"Kelvin", "\u212aelvin"}, // KELVIN SIGN folds to K
	}
	for _, tt := range tests {
		if ka, kb := candidateKey(tt.a), candidateKey(tt.b); ka != kb {
			t.Errorf("candidateKey(%q) = %q, candidateKey(%q) = %q; want equal", tt.a, ka, tt.b, kb)
		}
		if !strings.EqualFold(strings.Join(strings.Fields(tt.a), " "), strings.Join(strings.Fields(tt.b), " ")) {
			t.Errorf("test case %q/%q is not EqualFold", tt.a, tt.b)
		}
	}
	if candidateKey("Ada") == candidateKey("Adam") {
		t.Error("different names share a key")
	}
}
