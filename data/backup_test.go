package data

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestBackupIsACopyThatOpens(t *testing.T) {
	t.Parallel()
	sqliteOnly(t) // VACUUM INTO is SQLite's; PostgreSQL is backed up with pg_dump
	ctx := context.Background()
	s, _ := mustNewStore(t)
	iv := mustCreateInterview(t, s, sampleInterview("Jane Doe", "UINT1", "UINT2"))
	mustCreateInterview(t, s, sampleInterview("John Roe", "UINT3"))
	mustSubmit(t, s, sampleScorecard(iv.ID, "UINT1"))

	path := filepath.Join(t.TempDir(), "backup.db")
	if err := s.Backup(ctx, path); err != nil {
		t.Fatalf("Backup: %v", err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("backup file mode %v, want 0600: it holds candidate data", perm)
	}

	copied := mustOpenAt(t, path)
	want, err := s.FindInterviews(ctx, InterviewFilter{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := copied.FindInterviews(ctx, InterviewFilter{})
	if err != nil {
		t.Fatalf("FindInterviews on the copy: %v", err)
	}
	if len(got) != 2 || !reflect.DeepEqual(got, want) {
		t.Errorf("the copy's interviews:\n%+v\nwant\n%+v", got, want)
	}
	if got := mustInterview(t, copied, iv.ID).Outstanding(); !reflect.DeepEqual(got, []string{"UINT2"}) {
		t.Errorf("the copy's outstanding scorecards on %d: %v, want [UINT2]", iv.ID, got)
	}
	wantVersion, _ := s.SchemaVersion(ctx)
	if v, err := copied.SchemaVersion(ctx); err != nil || v != wantVersion {
		t.Errorf("the copy's schema version = %d, %v; want %d", v, err, wantVersion)
	}
}

func TestBackupRefusesAnExistingFile(t *testing.T) {
	t.Parallel()
	sqliteOnly(t)
	s, _ := mustNewStore(t)
	path := filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(path, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := s.Backup(context.Background(), path)
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("Backup over an existing file: %v, want fs.ErrExist", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "keep me" {
		t.Errorf("the existing file now holds %q", b)
	}
}

func TestBackupIntoAMissingFolderLeavesNothing(t *testing.T) {
	t.Parallel()
	sqliteOnly(t)
	s, _ := mustNewStore(t)
	dir := t.TempDir()
	err := s.Backup(context.Background(), filepath.Join(dir, "missing", "backup.db"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Backup into a missing folder: %v, want fs.ErrNotExist", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("Backup left %v behind", entries)
	}
}

func TestBackupRemovesTheFileWhenCancelled(t *testing.T) {
	t.Parallel()
	sqliteOnly(t)
	s, _ := mustNewStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	path := filepath.Join(t.TempDir(), "backup.db")
	if err := s.Backup(ctx, path); err == nil {
		t.Fatal("Backup with a cancelled context succeeded")
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a failed backup left %s behind (stat: %v)", path, err)
	}
}
