// Package data stores hirebot's state in SQLite: versioned, embedded migrations and the queries
// the features need. It imports nothing of the rest of the program.
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

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Store is the SQLite database.
type Store struct {
	db       *sql.DB
	now      func() time.Time
	owner    string // this process, in the claims it takes
	onQueued func() // called after a commit that queued outbox messages
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

// Open opens (creating if needed) the database at path and applies every migration it has not
// applied yet. Each pooled connection gets foreign keys, WAL journaling, full sync and a busy
// timeout from the DSN.
func Open(ctx context.Context, path string, opts ...Option) (*Store, error) {
	if path == "" || strings.HasPrefix(path, ":memory:") {
		return nil, errors.New("data: a database file path is required (an in-memory database would differ per pooled connection)")
	}
	q := url.Values{}
	q.Set("_foreign_keys", "on")
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL")
	q.Set("_busy_timeout", "5000")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite3", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("data: open %s: %w", path, err)
	}
	s := &Store{db: db, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	if s.owner == "" {
		s.owner, _ = os.Hostname()
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("data: migrate %s: %w", path, err)
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

// migrations lists the embedded files named NNNN_description.sql in version order.
func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with a positive number and _", e.Name())
		}
		body, err := migrationFiles.ReadFile("migrations/" + e.Name())
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

// migrateTo applies the migrations newer than the recorded version up to version last.
func (s *Store) migrateTo(ctx context.Context, last int) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER PRIMARY KEY,
		name       TEXT NOT NULL,
		applied_at TEXT NOT NULL
	)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	ms, err := migrations()
	if err != nil {
		return err
	}
	current, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if m.version <= current || m.version > last {
			continue
		}
		if err := s.apply(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) apply(ctx context.Context, m migration) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migration %s: begin: %w", m.name, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("migration %s: %w", m.name, err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
		m.version, m.name, s.now().UTC().Format(time.RFC3339)); err != nil {
		return fmt.Errorf("migration %s: record: %w", m.name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migration %s: commit: %w", m.name, err)
	}
	return nil
}
