package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// heldIn reports whether the candidate with key is under legal hold.
func heldIn(ctx context.Context, q querier, key string) (bool, error) {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM candidate_holds WHERE candidate_key = ?`, key).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("legal hold: %w", err)
	}
	return true, nil
}

// Hold puts the candidate under legal hold, by by: the retention purge skips them and they
// cannot be erased until released. ErrNotFound when no interview names them; holding twice
// keeps the first hold.
func (s *Store) Hold(ctx context.Context, name, by string) error {
	key := candidateKey(name)
	return s.inTx(ctx, "hold", func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM interviews WHERE candidate_key = ?`, key).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO candidate_holds (candidate_key, candidate, held_by, held_at)
			VALUES (?, ?, ?, ?) ON CONFLICT (candidate_key) DO NOTHING`, key, name, by, unix(s.now())); err != nil {
			return mapErr(err)
		}
		return audit(ctx, tx, s.now(), AuditEntry{Actor: by, Action: AuditHeld, Candidate: name})
	})
}

// Release lifts the candidate's legal hold, by by. ErrNotFound when they are not held.
func (s *Store) Release(ctx context.Context, name, by string) error {
	key := candidateKey(name)
	return s.inTx(ctx, "release", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM candidate_holds WHERE candidate_key = ?`, key)
		if err != nil {
			return mapErr(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return audit(ctx, tx, s.now(), AuditEntry{Actor: by, Action: AuditReleased, Candidate: name})
	})
}
