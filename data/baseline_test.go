package data

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
)

// TestSQLiteBaselineIsTheMigrations builds one new database from the baseline and one by
// replaying every migration: their schemas and recorded migrations must be the same.
func TestSQLiteBaselineIsTheMigrations(t *testing.T) {
	sqliteOnly(t)
	dir := t.TempDir()
	replayed, err := Open(context.Background(), filepath.Join(dir, "replayed.db"), func(s *Store) { s.replay = true })
	if err != nil {
		t.Fatal(err)
	}
	defer replayed.Close()
	fromBaseline := mustOpenAt(t, filepath.Join(dir, "baseline.db"))
	for _, q := range []string{
		`SELECT type || ' ' || name || ' ' || tbl_name || ': ' || COALESCE(sql, '') FROM sqlite_master ORDER BY type, name`,
		`SELECT version || ' ' || name FROM schema_migrations ORDER BY version`,
		`SELECT key FROM app_meta ORDER BY key`,
	} {
		want, got := schemaLines(t, replayed, q), schemaLines(t, fromBaseline, q)
		if !slices.Equal(got, want) {
			t.Errorf("%s\nfrom the baseline:\n%v\nreplayed:\n%v", q, got, want)
		}
	}
	if n := len(schemaLines(t, fromBaseline, `SELECT name FROM sqlite_master WHERE type = 'table'`)); n < 15 {
		t.Errorf("the baseline database has %d tables", n)
	}
}

func schemaLines(t *testing.T, s *Store, q string) []string {
	t.Helper()
	rows, err := s.db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		out = append(out, line)
	}
	return out
}
