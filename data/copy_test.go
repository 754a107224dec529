package data

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// TestCopyCarriesEveryRowAndRefusesATargetWithData copies a SQLite database with every kind of
// record into a new one (PostgreSQL in the PostgreSQL run) and checks the copy row for row.
func TestCopyCarriesEveryRowAndRefusesATargetWithData(t *testing.T) {
	ctx := context.Background()
	// The source is SQLite in both runs: the copy is how a team moves to PostgreSQL.
	src, err := Open(ctx, filepath.Join(t.TempDir(), "source.db"), WithClock(func() time.Time { return t0 }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { src.Close() })
	ada := mustRecordCandidate(t, src, "Ada Lovelace")
	mustCreatePosting(t, src, samplePosting("UA"))
	deleted := mustCreatePosting(t, src, samplePosting("UA"))
	if err := src.DeletePosting(ctx, deleted.ID, "UA"); err != nil {
		t.Fatal(err)
	}
	if err := src.Audit(ctx, AuditEntry{Actor: "UMGR", Action: AuditViewedSummary, Candidate: "Ada Lovelace", InterviewID: ada.ID}); err != nil {
		t.Fatal(err)
	}
	dst := mustOpenAt(t, filepath.Join(t.TempDir(), "target.db"))

	rep, err := src.CopyTo(ctx, dst)
	if err != nil {
		t.Fatalf("CopyTo: %v", err)
	}
	counts := map[string]int64{}
	for _, tc := range rep.Tables {
		counts[tc.Table] = tc.Rows
	}
	for table, want := range map[string]int64{"interviews": 1, "panelists": 2, "scorecards": 1, "scorecard_ratings": 5,
		"scorecard_drafts": 1, "candidate_notes": 1, "decisions": 1, "job_postings": 1, "outbox": 2, "audit_log": 5,
		"export_files": 1} {
		if counts[table] != want {
			t.Errorf("%s: %d rows copied, want %d", table, counts[table], want)
		}
	}
	if len(rep.Tables) != len(copyTables) {
		t.Errorf("report covers %d tables, want %d", len(rep.Tables), len(copyTables))
	}

	got := mustInterview(t, dst, ada.ID)
	if got.Candidate != "Ada Lovelace" || len(got.Panel) != 2 || !got.StartsAt.Equal(ada.StartsAt) {
		t.Errorf("copied interview %+v, want %+v", got, ada)
	}
	if _, cards, err := dst.CandidateScorecards(ctx, "ada lovelace"); err != nil || len(cards[ada.ID]) != 1 {
		t.Errorf("copied scorecards %v, %v", cards, err)
	}
	// The pseudonyms stay what they were: they come from the copied key.
	want, _ := src.Pseudonym(ctx, "Ada Lovelace")
	if alias, err := dst.Pseudonym(ctx, "Ada Lovelace"); err != nil || alias != want {
		t.Errorf("pseudonym in the copy %q, %v; want %q", alias, err, want)
	}
	// New rows take ids after the copied ones.
	next := mustCreateInterview(t, dst, sampleInterview("Grace Hopper", "U1"))
	if next.ID <= ada.ID {
		t.Errorf("a new interview in the copy took id %d, not after %d", next.ID, ada.ID)
	}

	// A new export file's row takes an id after the copied one.
	if late, err := dst.RecordExportFile(ctx, []int64{ada.ID}, ExportFile{FileID: "F2"}); err != nil || late != nil {
		t.Errorf("RecordExportFile in the copy = %+v, %v", late, err)
	}
	var copied, added int64
	if err := dst.db.QueryRowContext(ctx, `SELECT (SELECT MAX(id) FROM export_files WHERE file_id <> 'F2'),
		(SELECT id FROM export_files WHERE file_id = 'F2')`).Scan(&copied, &added); err != nil || added <= copied {
		t.Errorf("a new export file in the copy took id %d, not after %d (%v)", added, copied, err)
	}

	// A deleted draft's number is never given again, in the copy as in the source.
	if p := mustCreatePosting(t, dst, samplePosting("UA")); p.ID <= deleted.ID {
		t.Errorf("a new draft in the copy took #%d, which deleted draft #%d had", p.ID, deleted.ID)
	}
	if d, err := dst.PostingDeletion(ctx, deleted.ID); err != nil || d.Author != "UA" {
		t.Errorf("the deleted draft in the copy: %+v, %v", d, err)
	}

	if _, err := src.CopyTo(ctx, dst); !errors.Is(err, ErrTargetNotEmpty) {
		t.Errorf("a second copy into the same target: %v, want ErrTargetNotEmpty", err)
	}
}

// TestCopyTablesCoverTheSchema: every table of the schema is copied (a table a migration adds
// and copyTables lacks would be lost by `hirebot migrate`).
func TestCopyTablesCoverTheSchema(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "hirebot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	// schema_migrations is not copied: Open gives the target its own, and CopyTo refuses a
	// target at another version.
	rows, err := s.db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table'
		AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(copyTables, name) {
			t.Errorf("table %s is not in copyTables", name)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}
