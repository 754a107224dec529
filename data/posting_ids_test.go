package data

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// mustOpenAtVersion creates a database at path with the migrations up to version last only,
// as an older release of the program left it.
func mustOpenAtVersion(t *testing.T, path string, last int) *Store {
	t.Helper()
	sqliteOnly(t)
	db, err := sql.Open("sqlite3", "file:"+path+"?_foreign_keys=on&_journal_mode=WAL")
	if err != nil {
		t.Fatal(err)
	}
	s := &Store{db: db, now: func() time.Time { return t0 }}
	if err := s.migrateTo(context.Background(), last); err != nil {
		t.Fatalf("migrate to %d: %v", last, err)
	}
	return s
}

func TestPostingIDsAreNeverReused(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	mustCreatePosting(t, s, samplePosting("UA"))
	second := mustCreatePosting(t, s, samplePosting("UA"))
	if err := s.DeletePosting(ctx, second.ID, "UA"); err != nil {
		t.Fatal(err)
	}
	third := mustCreatePosting(t, s, samplePosting("UB"))
	if third.ID == second.ID {
		t.Fatalf("draft #%d was reused after its deletion", second.ID)
	}
	d, err := s.PostingDeletion(ctx, second.ID)
	if err != nil || d.Author != "UA" || !d.DeletedAt.Equal(t0) {
		t.Errorf("PostingDeletion(%d) = %+v, %v; want by UA at %v", second.ID, d, err, t0)
	}
	if _, err := s.PostingDeletion(ctx, third.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("PostingDeletion of a live draft: %v, want ErrNotFound", err)
	}
}

// An existing database at migration 3, with drafts in it, upgrades: its drafts keep their
// numbers and contents, and from then on a deleted number is never given out again.
func TestPostingIDsUpgradeFromVersion3(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hirebot.db")
	old := mustOpenAtVersion(t, path, 3)
	var ids []int64
	for _, author := range []string{"UA", "UB", "UA"} {
		ids = append(ids, mustInsertPostingV3(t, old, samplePosting(author)))
	}
	if _, err := old.db.ExecContext(ctx, `UPDATE job_postings SET version = 2 WHERE id = ?`, ids[0]); err != nil {
		t.Fatal(err)
	}
	if v, _ := old.SchemaVersion(ctx); v != 3 {
		t.Fatalf("old database at version %d, want 3", v)
	}
	old.Close()

	s := mustOpenAt(t, path)
	if v, err := s.SchemaVersion(ctx); err != nil || v < 4 {
		t.Fatalf("SchemaVersion = %d, %v; want 4 or later", v, err)
	}
	for i, id := range ids {
		p := mustPosting(t, s, id)
		if p.Author != []string{"UA", "UB", "UA"}[i] || p.Fields.Title != samplePosting("").Fields.Title {
			t.Errorf("draft %d after the upgrade: %+v", id, p)
		}
	}
	if p := mustPosting(t, s, ids[0]); p.Version != 2 {
		t.Errorf("draft %d at version %d after the upgrade, want 2", ids[0], p.Version)
	}
	last := ids[len(ids)-1]
	if err := s.DeletePosting(ctx, last, "UA"); err != nil {
		t.Fatal(err)
	}
	next := mustCreatePosting(t, s, samplePosting("UB"))
	if next.ID <= last {
		t.Errorf("new draft got #%d after #%d was deleted; numbers must only grow", next.ID, last)
	}
	if got := postingIDs(mustRecent(t, s, "UA")); len(got) != 1 || got[0] != ids[0] {
		t.Errorf("UA's drafts after the upgrade = %v, want [%d]", got, ids[0])
	}
}

// mustInsertPostingV3 stores a draft with the columns job_postings had at migration 3.
func mustInsertPostingV3(t *testing.T, s *Store, p NewPosting) int64 {
	t.Helper()
	f := p.Fields
	fw, _, _ := postingArgs(f)
	var id int64
	err := s.db.QueryRowContext(context.Background(), `INSERT INTO job_postings (author, version, title, company,
		level, industry, work_setting, location, frameworks, notes, rendered, created_at, updated_at)
		VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		p.Author, f.Title, f.Company, f.Level, f.Industry, f.WorkSetting, f.Location, fw, f.Notes, p.Rendered,
		unix(t0), unix(t0)).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func mustRecent(t *testing.T, s *Store, author string) []Posting {
	t.Helper()
	ps, err := s.RecentPostings(context.Background(), author, 10)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}
