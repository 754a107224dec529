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

// newestInterview is the id of the newest interview recorded under key (the last to start), 0
// for none: the one an audit entry about the candidate names, so that it follows them if their
// name is changed, and the retention purge pseudonymises it only with the last of them.
func newestInterview(ctx context.Context, q querier, key string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM interviews WHERE candidate_key = ? ORDER BY starts_at DESC, id DESC LIMIT 1`, key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("newest interview: %w", mapErr(err))
	}
	return id, nil
}

// Hold puts the candidate under legal hold, by by: the retention purge skips them and they
// cannot be erased until released (the hold follows a change of their name, see
// carryCandidate). ErrNotFound when no interview names them; holding twice keeps the first hold.
func (s *Store) Hold(ctx context.Context, name, by string) error {
	key := candidateKey(name)
	return s.inTx(ctx, "hold", func(tx *sql.Tx) error {
		newest, err := newestInterview(ctx, tx, key)
		if err != nil {
			return err
		}
		if newest == 0 {
			return ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO candidate_holds (candidate_key, candidate, held_by, held_at)
			VALUES (?, ?, ?, ?) ON CONFLICT (candidate_key) DO NOTHING`, key, name, by, unix(s.now())); err != nil {
			return mapErr(err)
		}
		return audit(ctx, tx, s.now(), AuditEntry{Actor: by, Action: AuditHeld, Candidate: name, InterviewID: newest})
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
		newest, err := newestInterview(ctx, tx, key)
		if err != nil {
			return err
		}
		return audit(ctx, tx, s.now(), AuditEntry{Actor: by, Action: AuditReleased, Candidate: name, InterviewID: newest})
	})
}
