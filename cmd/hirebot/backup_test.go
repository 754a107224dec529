package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hirebot/data"
)

// newDatabase makes a new SQLite database in a temporary folder, lets fill write to it, closes
// it and returns its path: a database for a command to read.
func newDatabase(t *testing.T, fill func(ctx context.Context, s *data.Store) error) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hirebot.db")
	s, err := data.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := fill(ctx, s); err != nil {
		t.Fatal(err)
	}
	return path
}

// newBackupSource makes a SQLite database holding one audit entry and returns its path.
func newBackupSource(t *testing.T) string {
	t.Helper()
	return newDatabase(t, func(ctx context.Context, s *data.Store) error {
		return s.Audit(ctx, data.AuditEntry{At: time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC), Actor: "U2", Action: data.AuditExported, Candidate: "Jane Doe"})
	})
}

// auditCandidates lists the candidates of the audit trail of the database at path.
func auditCandidates(t *testing.T, path string) []string {
	t.Helper()
	ctx := context.Background()
	s, err := data.Open(ctx, path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer s.Close()
	var got []string
	err = s.EachAuditSince(ctx, time.Time{}, func(e data.AuditEntry) error {
		got = append(got, e.Candidate)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestBackupCommandWritesACopyAndNeverOverwrites(t *testing.T) {
	t.Parallel()
	db := newBackupSource(t)
	target := filepath.Join(t.TempDir(), "hirebot-2026-12-01.db")
	env := map[string]string{"HIREBOT_DB": db, "SLACK_APP_TOKEN": "xapp-1", "SLACK_BOT_TOKEN": "xoxb-1"}

	stdout, stderr, err := runOutput(t, []string{"backup", target}, env)
	if err != nil {
		t.Fatalf("backup: %v\n%s", err, stderr)
	}
	if !strings.HasPrefix(stdout, "Backed up "+db+" to "+target+" (") || !strings.Contains(stdout, " kB).") {
		t.Errorf("backup printed %q, want where it wrote and the size", stdout)
	}
	if stderr != "" {
		t.Errorf("backup wrote to stderr: %q", stderr)
	}
	if got := auditCandidates(t, target); len(got) != 1 || got[0] != "Jane Doe" {
		t.Errorf("the backup's audit trail: %q, want [Jane Doe]", got)
	}

	before, _ := os.ReadFile(target)
	_, _, err = runOutput(t, []string{"backup", target}, env)
	if err == nil || !strings.Contains(err.Error(), target+" already exists") || exitCode(err) != 1 {
		t.Fatalf("a second backup to %s: %v, want a refusal naming the file", target, err)
	}
	if after, _ := os.ReadFile(target); string(after) != string(before) {
		t.Error("the refused backup changed the existing file")
	}
}

func TestBackupCommandTakesTheSettingsAfterThePath(t *testing.T) {
	t.Parallel()
	db := newBackupSource(t)
	target := filepath.Join(t.TempDir(), "copy.db")
	// No tokens: the default would be the playground's database, but -db wins.
	if _, stderr, err := runOutput(t, []string{"backup", target, "-db", db}, nil); err != nil {
		t.Fatalf("backup PATH -db DB: %v\n%s", err, stderr)
	}
	if got := auditCandidates(t, target); len(got) != 1 {
		t.Errorf("the backup's audit trail: %q, want one entry", got)
	}
}

func TestBackupCommandRefusesPostgreSQL(t *testing.T) {
	t.Parallel()
	target := filepath.Join(t.TempDir(), "copy.db")
	for _, url := range []string{"postgres://hirebot:SECRET@db:5432/hirebot", "postgresql://hirebot:SECRET@db/hirebot"} {
		_, _, err := runOutput(t, []string{"backup", target}, map[string]string{"HIREBOT_DB": url})
		if err == nil || !strings.Contains(err.Error(), `pg_dump --format=custom --file=hirebot.dump "$HIREBOT_DB"`) {
			t.Errorf("backup of %s: %v, want the pg_dump command", url, err)
		}
		if err != nil && strings.Contains(err.Error(), "SECRET") {
			t.Errorf("the error repeats the URL's password: %v", err)
		}
	}
	if _, err := os.Stat(target); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a refused backup made %s", target)
	}
}

func TestBackupCommandExplainsWhatIsMissing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := newBackupSource(t)
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"no path", []string{"backup"}, map[string]string{"HIREBOT_DB": db}, "use hirebot backup PATH"},
		{"settings first", []string{"backup", "-db", db, filepath.Join(dir, "a.db")}, nil, "use hirebot backup PATH"},
		{"no database", []string{"backup", filepath.Join(dir, "b.db")},
			map[string]string{"HIREBOT_DB": filepath.Join(dir, "none.db")}, "there is no database at " + filepath.Join(dir, "none.db")},
		{"no folder", []string{"backup", filepath.Join(dir, "missing", "d.db")}, map[string]string{"HIREBOT_DB": db},
			"the folder " + filepath.Join(dir, "missing") + " does not exist"},
	}
	for _, tt := range tests {
		_, _, err := runOutput(t, tt.args, tt.env)
		if err == nil || !strings.Contains(err.Error(), tt.want) || exitCode(err) != 1 {
			t.Errorf("%s: %v, want an error with %q", tt.name, err, tt.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "none.db")); !errors.Is(err, fs.ErrNotExist) {
		t.Error("backing up a missing database created it")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("failed backups left %v behind", entries)
	}
}

func TestBackupPlaygroundNote(t *testing.T) {
	t.Parallel()
	if note := playgroundNote(config{DBPath: "./hirebot-playground.db"}); !strings.Contains(note, "for the real one, set HIREBOT_DB") {
		t.Errorf("no tokens, the default database: note %q, want a pointer to the real one", note)
	}
	for _, cfg := range []config{
		{DBPath: "./hirebot.db", AppToken: "xapp-1", BotToken: "xoxb-1"},
		{DBPath: "/data/hirebot.db"},
	} {
		if note := playgroundNote(cfg); note != "" {
			t.Errorf("%s: note %q, want none", cfg.DBPath, note)
		}
	}
}

func TestBackupCommandHelp(t *testing.T) {
	t.Parallel()
	_, stderr, err := runOutput(t, []string{"backup", "-h"}, nil)
	if !errors.Is(err, flag.ErrHelp) || !strings.Contains(stderr, "\n  backup ") {
		t.Errorf("backup -h: err %v, stderr:\n%s", err, stderr)
	}
	stdout, _, _ := runOutput(t, []string{"-h"}, nil)
	if !strings.Contains(stdout, "\n  backup       backup PATH: ") {
		t.Errorf("hirebot -h does not list backup:\n%s", stdout)
	}
}

func TestByteSize(t *testing.T) {
	t.Parallel()
	for n, want := range map[int64]string{0: "0 bytes", 999: "999 bytes", 1000: "1.0 kB", 48_213: "48.2 kB",
		3_100_000: "3.1 MB", 2_500_000_000: "2.5 GB", 7_000_000_000_000_000: "7000.0 TB"} {
		if got := byteSize(n); got != want {
			t.Errorf("byteSize(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestBackupLeavesTheDatabaseAsItIs backs up a database one migration behind and a SQLite file
// hirebot did not make: the first is copied without an upgrade, the second refused untouched.
func TestBackupLeavesTheDatabaseAsItIs(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "other.db")
	db, err := sql.Open("sqlite3", "file:"+other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE notes (body TEXT)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, _, err = runOutput(t, []string{"backup", filepath.Join(dir, "copy.db"), "-db", other}, nil)
	if err == nil || !strings.Contains(err.Error(), "is not a hirebot database") {
		t.Errorf("backup of another SQLite file = %v, want a refusal", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "copy.db")); !os.IsNotExist(err) {
		t.Errorf("a refused backup left a file: %v", err)
	}
	db, err = sql.Open("sqlite3", "file:"+other)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var tables int
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table'`).Scan(&tables); err != nil || tables != 1 {
		t.Errorf("the other file has %d tables after the refusal (%v), want its one", tables, err)
	}
}
