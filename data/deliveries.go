package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// ErrReplayed reports that a delivery was handled before: its key is recorded, so the change it
// asks for was made then and is not made again. What the store returns with it is what the first
// delivery made.
var ErrReplayed = errors.New("data: delivery handled before")

// handledBefore reports the outcome recorded for key in tx, if any. Transactions begin
// IMMEDIATE, so nothing can record the key between this check and recordDelivery in the same
// transaction.
func handledBefore(ctx context.Context, tx *sql.Tx, key string) (outcome string, found bool, err error) {
	if key == "" {
		return "", false, nil
	}
	err = tx.QueryRowContext(ctx, `SELECT outcome FROM handled_deliveries WHERE key = ?`, key).Scan(&outcome)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", false, nil
	case err != nil:
		return "", false, fmt.Errorf("read handled delivery: %w", err)
	}
	return outcome, true, nil
}

// recordDelivery records key with the outcome of its change, in the change's transaction. An
// empty key records nothing.
func recordDelivery(ctx context.Context, tx *sql.Tx, key, outcome string, now time.Time) error {
	if key == "" {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO handled_deliveries (key, outcome, created_at) VALUES (?, ?, ?)`,
		key, outcome, unix(now)); err != nil {
		return fmt.Errorf("record delivery: %w", mapErr(err))
	}
	return nil
}

// ForgetDeliveries removes delivery records older than before: Slack stops redelivering within
// minutes, so a day's records are plenty.
func (s *Store) ForgetDeliveries(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.exec(ctx, `DELETE FROM handled_deliveries WHERE created_at < ?`, unix(before))
	if err != nil {
		return 0, fmt.Errorf("data: forget deliveries: %w", err)
	}
	return res.RowsAffected()
}

// byOutcome loads the one row a handled delivery's outcome names by id, with query (selecting by
// a single id parameter) run through load; what names it in errors.
func byOutcome[T any](ctx context.Context, q querier, outcome, what, query string,
	load func(ctx context.Context, q querier, query string, args ...any) ([]T, error)) (T, error) {
	var zero T
	id, err := strconv.ParseInt(outcome, 10, 64)
	if err != nil {
		return zero, fmt.Errorf("handled delivery outcome %q: %w", outcome, err)
	}
	rows, err := load(ctx, q, query, id)
	if err != nil {
		return zero, err
	}
	if len(rows) == 0 {
		return zero, fmt.Errorf("%w: %s %d", ErrNotFound, what, id)
	}
	return rows[0], nil
}
