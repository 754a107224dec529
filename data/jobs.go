package data

import (
	"context"
	"fmt"
)

// Alone runs fn unless another process sharing the database is running the job of the same
// name, and reports whether it ran. On PostgreSQL the job holds a session advisory lock for its
// length, so of several replicas whose schedules fire together one sweeps and the others pass
// (their claims would keep them from doubling anything, but they would only wait on each
// other). SQLite has one process per file: fn always runs.
func (s *Store) Alone(ctx context.Context, job string, fn func(context.Context) error) (bool, error) {
	if !s.d.postgres {
		return true, fn(ctx)
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return false, fmt.Errorf("data: %s: %w", job, err)
	}
	defer conn.Close()
	key := "hashtextextended(current_schema() || ' ' || ?, 0)"
	var got bool
	if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock("+key+")", job).Scan(&got); err != nil {
		return false, fmt.Errorf("data: %s: take the job lock: %w", job, err)
	}
	if !got {
		return false, nil
	}
	defer unlock(ctx, conn, "SELECT pg_advisory_unlock("+key+")", job)
	return true, fn(ctx)
}
