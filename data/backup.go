package data

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of the database to a new file at path with VACUUM INTO: a
// snapshot as of one moment, taken while other connections go on reading and writing. It never
// overwrites anything: when path exists, the error wraps fs.ErrExist.
//
// The file is created first, empty and readable by its owner only (VACUUM INTO accepts an empty
// file), so that creating it is what refuses an existing one, and synced to disk at the end,
// which VACUUM INTO itself does not do. On failure the partial file is removed.
func (s *Store) Backup(ctx context.Context, path string) error {
	// An absolute path also keeps SQLite from reading a name like "file:x" as a URI.
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("data: backup to %s: %w", path, err)
	}
	f, err := os.OpenFile(abs, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("data: backup to %s: %w", path, err)
	}
	err = s.vacuumInto(ctx, f, abs)
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		return errors.Join(fmt.Errorf("data: backup to %s: %w", path, err), removeIfExists(abs))
	}
	return nil
}

// vacuumInto fills the empty file f, named abs, with a copy of the database and syncs it.
func (s *Store) vacuumInto(ctx context.Context, f *os.File, abs string) error {
	if _, err := s.db.ExecContext(ctx, "VACUUM INTO ?", abs); err != nil {
		return fmt.Errorf("vacuum into: %w", err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync: %w", err)
	}
	return nil
}

// removeIfExists removes the file at path; one already gone is not an error.
func removeIfExists(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("data: remove the partial backup: %w", err)
	}
	return nil
}
