package data

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// TestPostingKeepsItsRole saves drafts for each kind of role and reads them back, alone and in
// the author's list, then moves one to another role with an edit.
func TestPostingKeepsItsRole(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	tests := []struct {
		name, role, edited string
	}{
		{"the default role", "", "frontend"},
		{"the built-in role", "backend", "backend"},
		{"an added role", "frontend", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := samplePosting("U_" + tt.name)
			in.Fields.Role = tt.role
			created := mustCreatePosting(t, s, in)
			if created.Fields.Role != tt.role {
				t.Errorf("created with role %q, want %q", created.Fields.Role, tt.role)
			}
			if got := mustPosting(t, s, created.ID); !reflect.DeepEqual(got, created) {
				t.Errorf("stored   %+v\nreturned %+v", got, created)
			}
			in.Fields.Role = tt.edited
			updated, err := s.UpdatePosting(ctx, created.ID, created.Version, in)
			if err != nil {
				t.Fatalf("UpdatePosting: %v", err)
			}
			if updated.Fields.Role != tt.edited {
				t.Errorf("updated to role %q, want %q", updated.Fields.Role, tt.edited)
			}
			recent := mustRecent(t, s, in.Author)
			if len(recent) != 1 || recent[0].Fields.Role != tt.edited {
				t.Errorf("the author's drafts %+v, want one for role %q", recent, tt.edited)
			}
		})
	}
}

// A database at version 22, from before postings had roles, upgrades: its drafts keep their
// contents and are for the default role (""). Version 22 is where both databases start, so this
// runs on PostgreSQL too.
func TestPostingRoleUpgradeFromVersion22(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hirebot.db")
	old := mustOpenAtSharedVersion(t, path, 22)
	in := samplePosting("UA")
	in.Fields.Benefits, in.Fields.Education = []string{"insurance"}, "No degree required"
	id := mustInsertPostingV22(t, old, in)
	if v, err := old.SchemaVersion(ctx); err != nil || v != 22 {
		t.Fatalf("old database at version %d, %v; want 22", v, err)
	}
	old.Close()

	s := mustOpenAt(t, path)
	if v, err := s.SchemaVersion(ctx); err != nil || v < 23 {
		t.Fatalf("SchemaVersion = %d, %v; want 23 or later", v, err)
	}
	got := mustPosting(t, s, id)
	if !reflect.DeepEqual(got.Fields, in.Fields) || got.Rendered != in.Rendered || got.Version != 1 {
		t.Errorf("draft after the upgrade %+v\nwant fields %+v", got, in.Fields)
	}
	if got.Fields.Role != "" {
		t.Errorf("an old draft's role is %q, want \"\" (the default role)", got.Fields.Role)
	}
	in.Fields.Role = "frontend"
	if p, err := s.UpdatePosting(ctx, id, 1, in); err != nil || mustPosting(t, s, id).Fields.Role != "frontend" {
		t.Errorf("editing the old draft for another role: %+v, %v", p, err)
	}
}

// mustOpenAtSharedVersion opens the database for path (on this run's kind of database) migrated
// up to version last only, which must be one both kinds have: 22 or later.
func mustOpenAtSharedVersion(t *testing.T, path string, last int) *Store {
	t.Helper()
	if !onPostgres() {
		return mustOpenAtVersion(t, path, last)
	}
	db, err := openPostgres(location(t, path))
	if err != nil {
		t.Fatal(err)
	}
	s := &Store{db: db, d: dialect{postgres: true}, now: func() time.Time { return t0 }}
	if err := s.migrateTo(context.Background(), last); err != nil {
		db.Close()
		t.Fatalf("migrate to %d: %v", last, err)
	}
	return s
}

// mustInsertPostingV22 stores a draft with the columns job_postings had at migration 22.
func mustInsertPostingV22(t *testing.T, s *Store, p NewPosting) int64 {
	t.Helper()
	f := p.Fields
	fw, smin, smax := postingArgs(f)
	var id int64
	err := s.db.QueryRowContext(context.Background(), `INSERT INTO job_postings (author, version, title, company,
		level, industry, work_setting, location, frameworks, salary_min, salary_max, notes, rendered,
		created_at, updated_at, benefits, other_benefits, education)
		VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		p.Author, f.Title, f.Company, f.Level, f.Industry, f.WorkSetting, f.Location, fw, smin, smax, f.Notes,
		p.Rendered, unix(t0), unix(t0), jsonStrings(f.Benefits), f.OtherBenefits, f.Education).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
