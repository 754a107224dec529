// Package datatest lets tests look into a hirebot database the way nothing else should: every
// table at once.
package datatest

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/stdlib"
	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver
)

// Open opens the database at location beside the process that owns it: a SQLite file
// read-only, or a PostgreSQL URL (whose statements take $N placeholders).
func Open(location string) (*sql.DB, error) {
	if strings.HasPrefix(location, "postgres://") {
		return sql.Open("pgx", location)
	}
	return sql.Open("sqlite3", "file:"+location+"?mode=ro&_busy_timeout=5000")
}

// Mentions lists, over every TEXT column of every table, the columns holding values that
// contain any of words (case-insensitively), as `table.column (n rows with "word")`.
func Mentions(ctx context.Context, db *sql.DB, words ...string) ([]string, error) {
	_, postgres := db.Driver().(*stdlib.Driver)
	listTables := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	listColumns := `SELECT name FROM pragma_table_info(?) WHERE upper(type) = 'TEXT'`
	find, param := "instr", "?"
	if postgres {
		find, param = "strpos", "$1"
		listTables = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`
		listColumns = `SELECT column_name FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = $1 AND data_type = 'text'`
	}
	tables, err := queryStrings(ctx, db, listTables)
	if err != nil {
		return nil, err
	}
	var found []string
	for _, table := range tables {
		cols, err := queryStrings(ctx, db, listColumns, table)
		if err != nil {
			return nil, err
		}
		for _, col := range cols {
			for _, w := range words {
				var n int
				q := fmt.Sprintf(`SELECT COUNT(*) FROM %q WHERE %s(lower(%q), lower(%s)) > 0`, table, find, col, param)
				if err := db.QueryRowContext(ctx, q, w).Scan(&n); err != nil {
					return nil, err
				}
				if n > 0 {
					found = append(found, fmt.Sprintf("%s.%s (%d rows with %q)", table, col, n, w))
				}
			}
		}
	}
	return found, nil
}

func queryStrings(ctx context.Context, db *sql.DB, q string, args ...any) ([]string, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
