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
