// Package data stores hirebot's state in SQLite (the default) or PostgreSQL: versioned, embedded
// migrations and the queries the features need. It imports nothing of the rest of the program.
package data

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3" // also registers the "sqlite3" driver
)

// The SQLite migrations are in migrations/, the PostgreSQL ones in migrations/postgres/. The
// PostgreSQL schema starts at version 22 with the schema SQLite's first 22 reached; a migration
// after that comes as a pair, one file of the same number in each folder.
//
//go:embed migrations/*.sql migrations/postgres/*.sql migrations/baseline/*.sql
var migrationFiles embed.FS

// sqliteBaseline is the schema SQLite's first baselineVersion migrations build, applied in one
// transaction to a new SQLite database (see applyBaseline).
const (
	sqliteBaseline  = "migrations/baseline/0026_schema.sql"
	baselineVersion = 26
)

// Store is the database: a SQLite file or a PostgreSQL database.
type Store struct {
	db       *sql.DB
	d        dialect
	now      func() time.Time
	owner    string // this process, in the claims it takes
	onQueued func() // called after a commit that queued outbox messages
	replay   bool   // a new SQLite database replays every migration instead of the baseline
	writes   writeLock
}

// Option configures a Store.
type Option func(*Store)

// WithClock sets the clock the store stamps rows with; times are stored as UTC.
func WithClock(now func() time.Time) Option { return func(s *Store) { s.now = now } }

// WithOwner names this process in the claims it takes (reminders, outbox), so that a restart
// of the same process can release them at once (ReleaseClaims). Default: the host name.
func WithOwner(owner string) Option { return func(s *Store) { s.owner = owner } }

// WithQueueHook sets a function called after every commit that queued outbox messages, so the
// delivery worker can start at once instead of at its next tick.
func WithQueueHook(fn func()) Option { return func(s *Store) { s.onQueued = fn } }

// Owner is the name this store claims work under.
func (s *Store) Owner() string { return s.owner }

// Open opens the database at location and applies every migration it has not applied yet.
// location is a SQLite file's path (created if needed) or a postgres:// URL (see openPostgres).
func Open(ctx context.Context, location string, opts ...Option) (*Store, error) {
	if IsPostgresURL(location) {
		db, err := openPostgres(location)
		if err != nil {
			return nil, fmt.Errorf("data: %w", err)
		}
		return open(ctx, db, dialect{postgres: true}, "the PostgreSQL database", opts)
	}
	if looksLikeKeywordDSN(location) {
		// Not repeated: it may hold a password.
		return nil, errors.New("data: the database looks like a PostgreSQL connection string in keywords; give it as a URL: postgres://USER:PASSWORD@HOST:5432/DATABASE")
	}
	if location == "" || strings.HasPrefix(location, ":memory:") {
		return nil, errors.New("data: a database file path is required (an in-memory database would differ per pooled connection)")
	}
	db, err := openSQLite(location)
	if err != nil {
		return nil, err
	}
	return open(ctx, db, dialect{}, location, opts)
}

// ErrNotHirebot reports a file that is not a hirebot database.
var ErrNotHirebot = errors.New("data: not a hirebot database")

// OpenExisting opens the SQLite database at path as it is, for tools that read it (a backup, a
// copy): it applies no migration and creates nothing. A missing file, or a SQLite file hirebot
// did not make, is an error (ErrNotHirebot for the latter).
func OpenExisting(ctx context.Context, path string, opts ...Option) (*Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("data: open %s: %w", path, err)
	}
	db, err := openSQLite(path)
	if err != nil {
		return nil, err
	}
	s := &Store{db: db, now: time.Now, writes: make(writeLock, 1)}
	for _, o := range opts {
		o(s)
	}
	var tables int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).Scan(&tables); err != nil {
		db.Close()
		return nil, fmt.Errorf("data: read %s: %w", path, err)
	}
	if tables == 0 {
		db.Close()
		return nil, fmt.Errorf("%w: %s", ErrNotHirebot, path)
	}
	return s, nil
}

// openSQLite opens the SQLite file at path. Each pooled connection gets foreign keys, WAL
// journaling, full sync and a busy timeout from the DSN, and keeps its 64 most recently used
// statements prepared: a scorecard's transaction runs a dozen statements, whose parsing and
// planning took half its time.
func openSQLite(path string) (*sql.DB, error) {
	q := url.Values{}
	q.Set("_foreign_keys", "on")
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL")
	q.Set("_busy_timeout", "5000")
	q.Set("_txlock", "immediate")
	q.Set("_stmt_cache_size", "64")
	db, err := sql.Open("sqlite3", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("data: open %s: %w", path, err)
	}
	return db, nil
}

// open makes the store on db and migrates it; name names the database in errors.
func open(ctx context.Context, db *sql.DB, d dialect, name string, opts []Option) (*Store, error) {
	s := &Store{db: db, d: d, now: time.Now}
	if !d.postgres {
		s.writes = make(writeLock, 1)
	}
	for _, o := range opts {
		o(s)
	}
	if s.owner == "" {
		s.owner, _ = os.Hostname()
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("data: migrate %s: %w", name, err)
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("data: ping: %w", err)
	}
	return nil
}

// SchemaVersion is the number of the newest applied migration.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v sql.NullInt64
	err := s.db.QueryRowContext(ctx, "SELECT MAX(version) FROM schema_migrations").Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("data: schema version: %w", err)
	}
	return int(v.Int64), nil
}

type migration struct {
	version int
	name    string
	sql     string
}

// migrationDir is the folder of d's migrations.
func (d dialect) migrationDir() string {
	if d.postgres {
		return "migrations/postgres"
	}
	return "migrations"
}

// migrations lists the embedded files named NNNN_description.sql in dir in version order.
func migrations(dir string) ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with a positive number and _", e.Name())
		}
		body, err := migrationFiles.ReadFile(dir + "/" + e.Name())
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s share version %d", ms[i-1].name, ms[i].name, ms[i].version)
		}
	}
	return ms, nil
}

// migrate applies, each in its own transaction, every migration newer than the recorded version.
func (s *Store) migrate(ctx context.Context) error { return s.migrateTo(ctx, math.MaxInt) }

// migrateTo applies the migrations newer than the recorded version up to version last. It reads
// first and writes only when a migration is due: a restart on a current schema writes nothing.
//
// The migrations run on one connection with synchronous=NORMAL, which in WAL mode skips the sync
// at each commit; each still commits atomically with its version row. One lost to a power cut is
// rolled back whole and applied again at the next start, and the first FULL commit after them
// syncs the log they are in. The connection goes back to the pool with synchronous=FULL.
func (s *Store) migrateTo(ctx context.Context, last int) error {
	ms, err := migrations(s.d.migrationDir())
	if err != nil {
		return err
	}
	if s.d.postgres {
		return s.migratePostgres(ctx, ms, last)
	}
	current, err := s.recordedVersion(ctx)
	if err != nil {
		return err
	}
	var due []migration
	for _, m := range ms {
		if m.version > current && m.version <= last {
			due = append(due, m)
		}
	}
	if len(due) == 0 {
		return nil
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA synchronous = NORMAL"); err != nil {
		return fmt.Errorf("relax sync for migrations: %w", err)
	}
	if current == 0 && last >= baselineVersion && !s.replay {
		if due, err = s.applyBaseline(ctx, conn, due); err != nil {
			_, _ = conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA synchronous = FULL")
			return err
		}
	}
	if err := s.applyAll(ctx, conn, due); err != nil {
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA synchronous = FULL")
		return err
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA synchronous = FULL"); err != nil {
		return fmt.Errorf("restore full sync: %w", err)
	}
	return nil
}

// recordedVersion is the newest applied migration, 0 for a database without any; it only reads.
// While another process creates the same new database (its first switch to WAL takes the file
// for itself, and SQLite answers "locked" without waiting), the read is tried again for a while.
func (s *Store) recordedVersion(ctx context.Context) (int, error) {
	var tables int
	for wait := 10 * time.Millisecond; ; wait = min(2*wait, 200*time.Millisecond) {
		err := s.db.QueryRowContext(ctx,
			"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").Scan(&tables)
		if err == nil {
			break
		}
		var se sqlite3.Error
		if !errors.As(err, &se) || (se.Code != sqlite3.ErrBusy && se.Code != sqlite3.ErrLocked) {
			return 0, fmt.Errorf("read schema: %w", err)
		}
		select {
		case <-ctx.Done():
			return 0, fmt.Errorf("read schema: %w", err)
		case <-time.After(wait):
		}
	}
	if tables == 0 {
		return 0, nil
	}
	return s.SchemaVersion(ctx)
}

// applyAll creates the table of applied migrations if needed and applies ms in order, each in
// its own transaction on conn.
func (s *Store) applyAll(ctx context.Context, conn *sql.Conn, ms []migration) error {
	if err := createMigrationsTable(ctx, conn); err != nil {
		return err
	}
	for _, m := range ms {
		if err := s.apply(ctx, conn, m); err != nil {
			return err
		}
	}
	return nil
}

// applyBaseline builds a new database's schema up to baselineVersion from the baseline in one
// transaction, recording each of those migrations as applied, and returns the migrations of due
// still to apply. A database another process has begun migrating meanwhile is left to the
// migrations themselves.
func (s *Store) applyBaseline(ctx context.Context, conn *sql.Conn, due []migration) ([]migration, error) {
	if err := createMigrationsTable(ctx, conn); err != nil {
		return nil, err
	}
	schema, err := migrationFiles.ReadFile(sqliteBaseline)
	if err != nil {
		return nil, err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("baseline: begin: %w", err)
	}
	defer tx.Rollback()
	var applied int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations").Scan(&applied); err != nil {
		return nil, fmt.Errorf("baseline: check: %w", err)
	}
	if applied > 0 {
		return due, nil
	}
	if _, err := tx.ExecContext(ctx, string(schema)); err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	rest := due[:0:0]
	for _, m := range due {
		if m.version > baselineVersion {
			rest = append(rest, m)
			continue
		}
		if err := s.recordMigration(ctx, tx, m); err != nil {
			return nil, fmt.Errorf("baseline: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("baseline: commit: %w", err)
	}
	return rest, nil
}

// createMigrationsTable creates the table of applied migrations if it is not there yet.
func createMigrationsTable(ctx context.Context, conn *sql.Conn) error {
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL
	)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	return nil
}

// recordMigration records m as applied now, in tx.
func (s *Store) recordMigration(ctx context.Context, tx *sql.Tx, m migration) error {
	if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
		m.version, m.name, s.now().UTC().Format(time.RFC3339)); err != nil {
		return fmt.Errorf("record %s: %w", m.name, err)
	}
	return nil
}

func (s *Store) apply(ctx context.Context, conn *sql.Conn, m migration) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migration %s: begin: %w", m.name, err)
	}
	defer tx.Rollback()
	// Another process opening the same database may have applied it since the version was read;
	// the transaction holds the write lock, so what it reads now stays true until the commit.
	var applied int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations WHERE version = ?", m.version).Scan(&applied); err != nil {
		return fmt.Errorf("migration %s: check: %w", m.name, err)
	}
	if applied > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	if err := s.recordMigration(ctx, tx, m); err != nil {
		return fmt.Errorf("migration: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migration %s: commit: %w", m.name, err)
	}
	return nil
}
