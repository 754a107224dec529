package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// querier is what both *sql.DB and *sql.Tx offer for reads.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// queryAll runs query and turns each row it returns into a T with scan.
func queryAll[T any](ctx context.Context, q querier, scan func(*sql.Rows) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// inTx runs fn in a transaction that writes alone and commits it: on SQLite it begins
// IMMEDIATE (from the DSN), on PostgreSQL it first takes the write lock (see pgWriteLock). With
// SQLite's synchronous=FULL, or PostgreSQL's default synchronous_commit, the commit is on disk
// when inTx returns nil.
func (s *Store) inTx(ctx context.Context, what string, fn func(tx *sql.Tx) error) error {
	return s.tx(ctx, what, true, fn)
}

// inClaimTx runs fn in a transaction that need not write alone: one whose statements lock the
// rows they change themselves (a claim's FOR UPDATE SKIP LOCKED on PostgreSQL).
func (s *Store) inClaimTx(ctx context.Context, what string, fn func(tx *sql.Tx) error) error {
	return s.tx(ctx, what, false, fn)
}

func (s *Store) tx(ctx context.Context, what string, alone bool, fn func(tx *sql.Tx) error) error {
	if err := s.writes.lock(ctx); err != nil {
		return fmt.Errorf("data: %s: wait for another write: %w", what, err)
	}
	defer s.writes.unlock()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("data: %s: begin: %w", what, err)
	}
	defer tx.Rollback()
	if alone && s.d.postgres {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock("+lockKey(pgWriteLock)+")"); err != nil {
			return fmt.Errorf("data: %s: take the write lock: %w", what, err)
		}
	}
	if err := fn(tx); err != nil {
		return fmt.Errorf("data: %s: %w", what, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("data: %s: commit: %w", what, mapErr(err))
	}
	return nil
}

// exec runs one statement that writes, outside a transaction.
func (s *Store) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := s.writes.lock(ctx); err != nil {
		return nil, fmt.Errorf("wait for another write: %w", err)
	}
	defer s.writes.unlock()
	return s.db.ExecContext(ctx, query, args...)
}

// execOne runs a single-row update and returns ErrConflict when it touched no row.
func (s *Store) execOne(ctx context.Context, what, query string, args ...any) error {
	res, err := s.exec(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("data: %s: %w", what, mapErr(err))
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("data: %s: %w", what, err)
	}
	if n == 0 {
		return fmt.Errorf("data: %s: %w", what, ErrConflict)
	}
	return nil
}

// flag stores b as 0 or 1, the integer both databases keep flags in.
func flag(b bool) int {
	if b {
		return 1
	}
	return 0
}

// unix stores t as UTC unix seconds.
func unix(t time.Time) int64 { return t.Unix() }

// nullUnix stores t as unix seconds, or NULL when t is zero.
func nullUnix(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.Unix(), Valid: true}
}

// fromUnix reads unix seconds back as a UTC time.
func fromUnix(sec int64) time.Time { return time.Unix(sec, 0).UTC() }

// fromNullUnix reads a nullable time, NULL being the zero time.
func fromNullUnix(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return fromUnix(n.Int64)
}

// jsonIDs encodes ids for `IN (SELECT value FROM json_each(?))`, one parameter for any count.
func jsonIDs(ids []int64) string {
	if len(ids) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(ids) // a slice of integers always encodes
	return string(b)
}

// jsonStrings encodes ss for `IN (SELECT value FROM json_each(?))`.
func jsonStrings(ss []string) string {
	if len(ss) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(ss) // a slice of strings always encodes
	return string(b)
}

// writeLock lets one of this process's writers at a time into a SQLite database. SQLite has a
// single writer; one that finds the database locked sleeps in its busy handler (1 ms, then 2,
// then 5, …) rather than waking when the lock is free, which turned a 0.4 ms wait behind another
// commit into 1 to 18 ms. Queued here, the next writer starts as soon as the last one is done;
// the busy timeout is left for other processes (a backup). PostgreSQL needs none: a nil
// writeLock does nothing.
type writeLock chan struct{}

func (l writeLock) lock(ctx context.Context) error {
	if l == nil {
		return nil
	}
	select {
	case l <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (l writeLock) unlock() {
	if l != nil {
		<-l
	}
}
