package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// copyTables is every table a copy carries, parents before the rows that refer to them.
// app_meta goes too, so the copy keeps the pseudonyms the source gave (they come from its key).
var copyTables = []string{
	"app_meta",
	"interviews", "panelists", "scorecards", "scorecard_ratings", "scorecard_drafts",
	"candidate_notes", "decisions", "candidate_holds",
	"job_postings", "job_posting_deletions", "shares",
	"handled_deliveries", "outbox", "message_deletions",
	"home_visits", "notification_preferences", "audit_log", "export_files",
}

// identityTables are the tables whose id a PostgreSQL sequence hands out.
var identityTables = []string{
	"interviews", "panelists", "scorecards", "candidate_notes", "decisions",
	"job_postings", "outbox", "message_deletions", "audit_log", "export_files",
}

// ErrTargetNotEmpty reports a copy refused because the target already holds hirebot's data.
var ErrTargetNotEmpty = errors.New("data: the target database already holds data")

// CopyReport counts the rows a copy carried, per table, in copyTables' order.
type CopyReport struct {
	Tables []TableCount
}

// TableCount is one table's rows.
type TableCount struct {
	Table string
	Rows  int64
}

// CopyTo copies every row of s into to, an empty database on the same schema version (a new
// PostgreSQL database, migrated by Open), in one transaction, and then checks that every table
// holds as many rows in to as in s. A target holding any interview, posting, message or other
// record is refused with ErrTargetNotEmpty. s should not change meanwhile: stop hirebot first.
func (s *Store) CopyTo(ctx context.Context, to *Store) (CopyReport, error) {
	var rep CopyReport
	from, err := s.SchemaVersion(ctx)
	if err != nil {
		return rep, err
	}
	target, err := to.SchemaVersion(ctx)
	if err != nil {
		return rep, err
	}
	if from != target {
		return rep, fmt.Errorf("data: the source is at schema version %d and the target at %d: upgrade the older one by starting this hirebot on it once", from, target)
	}
	for _, table := range copyTables[1:] {
		n, err := tableRows(ctx, to.db, table)
		if err != nil {
			return rep, fmt.Errorf("data: count %s in the target: %w", table, err)
		}
		if n > 0 {
			return rep, fmt.Errorf("%w: %s has %d rows", ErrTargetNotEmpty, table, n)
		}
	}
	err = to.inTx(ctx, "copy", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM app_meta`); err != nil {
			return err
		}
		for _, table := range copyTables {
			if err := copyTable(ctx, s.db, tx, table); err != nil {
				return fmt.Errorf("copy %s: %w", table, err)
			}
		}
		if err := s.restartIDs(ctx, tx, to.d); err != nil {
			return err
		}
		// The counts are checked before the commit: a copy that does not match leaves the target
		// as empty as it was.
		rep.Tables = rep.Tables[:0]
		for _, table := range copyTables {
			want, err := tableRows(ctx, s.db, table)
			if err != nil {
				return fmt.Errorf("count %s in the source: %w", table, err)
			}
			got, err := tableRows(ctx, tx, table)
			if err != nil {
				return fmt.Errorf("count %s in the target: %w", table, err)
			}
			if got != want {
				return fmt.Errorf("%s has %d rows in the target and %d in the source", table, got, want)
			}
			rep.Tables = append(rep.Tables, TableCount{Table: table, Rows: got})
		}
		return nil
	})
	if err != nil {
		return CopyReport{}, err
	}
	return rep, nil
}

// restartIDs makes the target's next ids follow every id the source ever gave: the highest
// copied, and for SQLite's AUTOINCREMENT tables the highest it handed out (a deleted posting's
// id is never given again, and job_posting_deletions keeps it). On PostgreSQL that sets each id
// sequence; on SQLite the AUTOINCREMENT counters.
func (s *Store) restartIDs(ctx context.Context, tx *sql.Tx, target dialect) error {
	if !target.postgres {
		if s.d.postgres {
			return nil // copies go from SQLite
		}
		counters, err := queryAll(ctx, s.db, func(r *sql.Rows) (TableCount, error) {
			var c TableCount
			return c, r.Scan(&c.Table, &c.Rows)
		}, `SELECT name, seq FROM sqlite_sequence`)
		if err != nil {
			return fmt.Errorf("read the id counters: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sqlite_sequence`); err != nil {
			return fmt.Errorf("reset the id counters: %w", err)
		}
		for _, c := range counters {
			if _, err := tx.ExecContext(ctx, `INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)`, c.Table, c.Rows); err != nil {
				return fmt.Errorf("set the id counter of %s: %w", c.Table, err)
			}
		}
		return nil
	}
	for _, table := range identityTables {
		var used int64
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM "+table).Scan(&used); err != nil {
			return fmt.Errorf("highest id of %s: %w", table, err)
		}
		if !s.d.postgres {
			var seq sql.NullInt64
			err := s.db.QueryRowContext(ctx, `SELECT seq FROM sqlite_sequence WHERE name = ?`, table).Scan(&seq)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("last id given in %s: %w", table, err)
			}
			used = max(used, seq.Int64)
		}
		if table == "job_postings" {
			var deleted int64
			if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM job_posting_deletions").Scan(&deleted); err != nil {
				return fmt.Errorf("highest deleted posting: %w", err)
			}
			used = max(used, deleted)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`SELECT setval(pg_get_serial_sequence('%s', 'id'), ?, false)`, table),
			used+1); err != nil {
			return fmt.Errorf("restart the ids of %s: %w", table, err)
		}
	}
	return nil
}

func tableRows(ctx context.Context, q querier, table string) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n)
	return n, err
}

// copyTable inserts every row of table in src into tx, column by column as src names them.
func copyTable(ctx context.Context, src querier, tx *sql.Tx, table string) error {
	rows, err := src.QueryContext(ctx, "SELECT * FROM "+table)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	insert := fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", table, strings.Join(cols, ", "),
		strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", "))
	stmt, err := tx.PrepareContext(ctx, insert)
	if err != nil {
		return err
	}
	defer stmt.Close()
	values := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range values {
		ptrs[i] = &values[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, v := range values {
			if b, ok := v.([]byte); ok { // every column is text or an integer: no blobs
				values[i] = string(b)
			}
		}
		if _, err := stmt.ExecContext(ctx, values...); err != nil {
			return mapErr(err)
		}
	}
	return rows.Err()
}
