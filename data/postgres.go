package data

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// IsPostgresURL reports whether location names a PostgreSQL database rather than a SQLite file.
func IsPostgresURL(location string) bool {
	l := strings.ToLower(location)
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// looksLikeKeywordDSN reports a PostgreSQL connection string in keywords ("host=db
// password=…"), which hirebot takes only as a URL: as a file name it would be a stray file.
func looksLikeKeywordDSN(location string) bool {
	for _, k := range []string{"host=", "dbname=", "password=", "user=", "sslmode="} {
		if strings.Contains(location, k) {
			return true
		}
	}
	return false
}

// Describe names location for logs and messages: a SQLite path as it is, a PostgreSQL URL
// with its password hidden.
func Describe(location string) string {
	if !IsPostgresURL(location) {
		return location
	}
	u, err := url.Parse(location)
	if err != nil {
		return "a PostgreSQL URL that does not parse"
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// defaultPoolSize is how many connections a store keeps open to PostgreSQL at most, unless the
// URL's pool_max_conns says otherwise. Writes take turns (see pgWriteLock), so a few serve a
// replica; every replica holds its own, within the server's max_connections.
const defaultPoolSize = 10

// openPostgres opens a pool on the PostgreSQL database at location. The package's statements
// are written with SQLite's placeholders (? and ?NNN); the pool's connections turn them into
// PostgreSQL's ($N) before they reach the server, so one statement text serves both databases
// wherever their SQL agrees. Where it does not, the two versions sit side by side (see dialect).
func openPostgres(location string) (*sql.DB, error) {
	u, err := url.Parse(location)
	if err != nil {
		return nil, errors.New("the PostgreSQL URL does not parse (expected postgres://user:password@host:port/database)")
	}
	size := defaultPoolSize
	q := u.Query()
	if v := q.Get("pool_max_conns"); v != "" {
		// Two at least: the sweep holds one for its job lock while it works on another.
		if size, err = strconv.Atoi(v); err != nil || size < 2 {
			return nil, fmt.Errorf("pool_max_conns=%q in the PostgreSQL URL: want a number of connections, 2 or more", v)
		}
		q.Del("pool_max_conns") // the pool's, not a server setting
		u.RawQuery = q.Encode()
	}
	cfg, err := pgx.ParseConfig(u.String())
	if err != nil {
		return nil, errors.New("the PostgreSQL URL does not parse (expected postgres://user:password@host:port/database)")
	}
	db := sql.OpenDB(placeholderConnector{stdlib.GetConnector(*cfg)})
	db.SetMaxOpenConns(size)
	db.SetMaxIdleConns(size)
	return db, nil
}

// placeholderConnector makes connections that rewrite placeholders (see rebind).
type placeholderConnector struct{ driver.Connector }

func (c placeholderConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return placeholderConn{conn.(*stdlib.Conn)}, nil
}

// placeholderConn is pgx's connection with every statement's placeholders rewritten first.
type placeholderConn struct{ *stdlib.Conn }

func (c placeholderConn) Prepare(query string) (driver.Stmt, error) {
	return c.Conn.Prepare(rebind(query))
}

func (c placeholderConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.PrepareContext(ctx, rebind(query))
}

func (c placeholderConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.ExecContext(ctx, rebind(query), args)
}

func (c placeholderConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.QueryContext(ctx, rebind(query), args)
}

// rebind turns SQLite's placeholders into PostgreSQL's: ?NNN becomes $NNN, and a bare ? takes
// the number after the largest one so far, as SQLite numbers it. Quoted strings, quoted names,
// comments and $$-quoted bodies are left alone.
func rebind(query string) string {
	if !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 8)
	largest := 0
	for i := 0; i < len(query); i++ {
		switch ch := query[i]; ch {
		case '\'', '"':
			end := strings.IndexByte(query[i+1:], ch)
			if end < 0 {
				b.WriteString(query[i:])
				return b.String()
			}
			b.WriteString(query[i : i+end+2])
			i += end + 1
		case '/', '$':
			open, close := "/*", "*/"
			if ch == '$' {
				open, close = "$$", "$$"
			}
			if !strings.HasPrefix(query[i:], open) {
				b.WriteByte(ch)
				continue
			}
			end := strings.Index(query[i+2:], close)
			if end < 0 {
				b.WriteString(query[i:])
				return b.String()
			}
			b.WriteString(query[i : i+2+end+2])
			i += 2 + end + 1
		case '-':
			if strings.HasPrefix(query[i:], "--") {
				end := strings.IndexByte(query[i:], '\n')
				if end < 0 {
					b.WriteString(query[i:])
					return b.String()
				}
				b.WriteString(query[i : i+end])
				i += end - 1
				continue
			}
			b.WriteByte(ch)
		case '?':
			j := i + 1
			for j < len(query) && query[j] >= '0' && query[j] <= '9' {
				j++
			}
			n := largest + 1
			if j > i+1 {
				n, _ = strconv.Atoi(query[i+1 : j])
			}
			largest = max(largest, n)
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			i = j - 1
		default:
			b.WriteByte(ch)
		}
	}
	return b.String()
}

// PostgreSQL's error classes the store tells apart.
const (
	pgIntegrityViolation = "23" // unique, foreign key, check, not null
	pgDataException      = "22" // a value the column's type or a cast refuses
)

// pgConstraint reports whether err is PostgreSQL refusing a change that would break a
// constraint, or a value a constraint's cast rejects (a CHECK reading a column as JSON or as a
// date fails with a data exception where SQLite's fails the check).
func pgConstraint(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (strings.HasPrefix(pe.Code, pgIntegrityViolation) || strings.HasPrefix(pe.Code, pgDataException))
}

// dialect holds the statements whose SQL differs between SQLite and PostgreSQL.
type dialect struct {
	postgres bool
}

// ids is a subquery over the integers of the JSON array in parameter p (written "?" or "?N";
// see jsonIDs), for `x IN (…)`: one parameter for any count.
func (d dialect) ids(p string) string {
	if d.postgres {
		// An array rather than json_array_elements_text: the planner sees how many ids an array
		// holds (it guesses 100 rows for a JSON function, and on small tables then scans them).
		return "SELECT unnest(translate(CAST(" + p + " AS text), '[]', '{}')::bigint[])"
	}
	return "SELECT value FROM json_each(" + p + ")"
}

// texts is ids for a JSON array of strings (see jsonStrings).
func (d dialect) texts(p string) string {
	if d.postgres {
		return "SELECT value FROM json_array_elements_text(CAST(" + p + " AS text)::json)"
	}
	return "SELECT value FROM json_each(" + p + ")"
}

// skipLocked ends a claim's subquery: on PostgreSQL the rows it picks are locked, and rows
// another transaction is claiming are passed over rather than waited for. SQLite's claims
// write alone (BEGIN IMMEDIATE) and need nothing.
func (d dialect) skipLocked() string {
	if d.postgres {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// pgWriteLock is the key of the transaction-scoped advisory lock every read-then-write
// transaction takes on PostgreSQL, so that they run one at a time as SQLite's BEGIN IMMEDIATE
// makes them: a check (a delivery handled before, a version to bump) stays true until the
// commit. Claims skip it: they lock only the rows they take (FOR UPDATE SKIP LOCKED).
const pgWriteLock = 0x68697265626f74 // "hirebot"

// pgMigrateLock is the key of the session lock migrations are applied under, so that replicas
// starting together apply each migration once.
const pgMigrateLock = pgWriteLock + 1

// lockKey scopes an advisory lock key to the database's current schema, so that two hirebots
// in two schemas of one database do not wait on each other.
func lockKey(key int64) string {
	return fmt.Sprintf("hashtextextended(current_schema(), %d)", key)
}

// migratePostgres applies the PostgreSQL migrations newer than the recorded version up to
// version last, each in its own transaction, under a session lock that replicas starting
// together queue on: the second finds the first's migrations applied and applies nothing.
func (s *Store) migratePostgres(ctx context.Context, ms []migration, last int) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock("+lockKey(pgMigrateLock)+")"); err != nil {
		return fmt.Errorf("take the migration lock: %w", err)
	}
	defer unlock(ctx, conn, "SELECT pg_advisory_unlock("+lockKey(pgMigrateLock)+")")
	current, err := s.pgRecordedVersion(ctx, conn)
	if err != nil {
		return err
	}
	var due []migration
	for _, m := range ms {
		if int64(m.version) > current.Int64 && m.version <= last {
			due = append(due, m)
		}
	}
	if len(due) == 0 {
		return nil
	}
	return s.applyAll(ctx, conn, due)
}

// unlock releases a session lock held on conn with query. Should that fail, conn is closed
// rather than returned to the pool, and the lock ends with its session.
func unlock(ctx context.Context, conn *sql.Conn, query string, args ...any) {
	if _, err := conn.ExecContext(context.WithoutCancel(ctx), query, args...); err != nil {
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
	}
}

// pgRecordedVersion is the newest applied migration on PostgreSQL, 0 for a new database.
func (s *Store) pgRecordedVersion(ctx context.Context, conn *sql.Conn) (sql.NullInt64, error) {
	var exists bool
	if err := conn.QueryRowContext(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil {
		return sql.NullInt64{}, fmt.Errorf("read schema: %w", err)
	}
	if !exists {
		return sql.NullInt64{Valid: true}, nil
	}
	var v sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT MAX(version) FROM schema_migrations").Scan(&v); err != nil {
		return v, fmt.Errorf("read schema: %w", err)
	}
	return v, nil
}
