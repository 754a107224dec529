package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"hirebot/data"
)

// backupUsage is what hirebot backup says when it is not given a file to write.
const backupUsage = "use hirebot backup PATH [settings], e.g. hirebot backup /backups/hirebot-2026-12-01.db: " +
	"it writes a copy of the database HIREBOT_DB names to the new file PATH"

// pgDumpCommand is how to back up a PostgreSQL database instead.
const pgDumpCommand = `pg_dump --format=custom --file=hirebot.dump "$HIREBOT_DB"`

// backupCommand is `hirebot backup PATH [settings]`: a consistent copy of the SQLite database
// the bot uses (HIREBOT_DB or -db, with the bot's default) in a new file at PATH. It is safe
// while hirebot runs, and it never overwrites a file.
func backupCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		// The file comes first; without one there is nothing to do, but -h shows the usage.
		if _, err := parseConfig(args, getenv, stderr); errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errors.New(backupUsage)
	}
	target := args[0]
	cfg, err := parseConfig(args[1:], getenv, stderr)
	if err != nil {
		return err
	}
	if data.IsPostgresURL(cfg.DBPath) {
		// The URL is not repeated: it may hold a password.
		return fmt.Errorf("the database (HIREBOT_DB or -db) is PostgreSQL, which hirebot backup does not copy; "+
			"back it up with pg_dump instead:\n  %s", pgDumpCommand)
	}
	if _, err := os.Stat(cfg.DBPath); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			msg := fmt.Sprintf("there is no database at %s to back up: set HIREBOT_DB (or -db) to the file hirebot uses", cfg.DBPath)
			if note := playgroundNote(cfg); note != "" {
				msg += ". " + note
			}
			return errors.New(msg)
		}
		return fmt.Errorf("cannot read the database %s: %w", cfg.DBPath, err)
	}
	if _, err := os.Lstat(target); err == nil {
		return existingBackupError(target, fs.ErrExist)
	}

	// As it is: a backup neither upgrades the database under a running hirebot nor turns
	// another file into one.
	store, err := data.OpenExisting(ctx, cfg.DBPath)
	if errors.Is(err, data.ErrNotHirebot) {
		return fmt.Errorf("%s is not a hirebot database, so there is nothing of hirebot's to back up: set HIREBOT_DB (or -db) to the file hirebot uses", cfg.DBPath)
	}
	if err != nil {
		return fmt.Errorf("cannot open the database %s: %w", cfg.DBPath, err)
	}
	defer store.Close()
	if err := store.Backup(ctx, target); err != nil {
		return backupError(target, err)
	}
	info, err := os.Stat(target)
	if err != nil {
		return fmt.Errorf("the backup %s was written but cannot be read back: %w", target, err)
	}
	fmt.Fprintf(stdout, "Backed up %s to %s (%s).\n", cfg.DBPath, target, byteSize(info.Size()))
	if note := playgroundNote(cfg); note != "" {
		fmt.Fprintln(stderr, note)
	}
	return nil
}

// playgroundNote warns, when the database is the playground's default, that the real one is
// another file: without Slack tokens, hirebot (and so hirebot backup) defaults to the playground's.
func playgroundNote(cfg config) string {
	playground := cfg.Playground || (cfg.AppToken == "" && cfg.BotToken == "")
	if !playground || cfg.DBPath != "./hirebot-playground.db" {
		return ""
	}
	return "Without Slack tokens, hirebot's database is the playground's ./hirebot-playground.db; " +
		"for the real one, set HIREBOT_DB (or -db) as hirebot runs with it, e.g. HIREBOT_DB=./hirebot.db"
}

// existingBackupError refuses to write over the file at target; cause is why we know it exists.
func existingBackupError(target string, cause error) error {
	return &backupFailure{err: cause, msg: fmt.Sprintf("%s already exists, and hirebot backup never overwrites a file: choose a new name, "+
		"e.g. with the date (hirebot backup /backups/hirebot-$(date +%%F).db), or remove the old file first", target)}
}

// backupError explains why the backup to target failed.
func backupError(target string, err error) error {
	switch {
	case errors.Is(err, fs.ErrExist):
		return existingBackupError(target, err)
	case errors.Is(err, fs.ErrNotExist):
		return &backupFailure{err: err, msg: fmt.Sprintf("cannot write %s: the folder %s does not exist", target, filepath.Dir(target))}
	case errors.Is(err, fs.ErrPermission):
		return &backupFailure{err: err, msg: fmt.Sprintf("cannot write %s: permission denied", target)}
	}
	return fmt.Errorf("the backup to %s failed: %w", target, err)
}

// backupFailure is a failed backup explained to the user; the cause stays reachable with errors.Is.
type backupFailure struct {
	msg string
	err error
}

func (e *backupFailure) Error() string { return e.msg }
func (e *backupFailure) Unwrap() error { return e.err }

// byteSize writes n bytes as a person would read it: 512 bytes, 48.2 kB, 3.1 MB.
func byteSize(n int64) string {
	if n < 1000 {
		return fmt.Sprintf("%d bytes", n)
	}
	size, units := float64(n)/1000, []string{"kB", "MB", "GB", "TB"}
	for _, unit := range units[:len(units)-1] {
		if size < 1000 {
			return fmt.Sprintf("%.1f %s", size, unit)
		}
		size /= 1000
	}
	return fmt.Sprintf("%.1f %s", size, units[len(units)-1])
}
