package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"flag"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for the test schemas' admin connection

	"hirebot/data"
	"hirebot/data/datatest"
)

// migratePassword is the password the tests put in every PostgreSQL URL, to look for in the output.
const migratePassword = "SECRET-PG-PASSWORD"

// migrateServer is HIREBOT_TEST_POSTGRES and a connection to it as its superuser, closed after
// the test. Without HIREBOT_TEST_POSTGRES the test is skipped, or fails in CI, which always has one.
func migrateServer(t *testing.T) (string, *sql.DB) {
	t.Helper()
	base := datatest.PostgresServer(t)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	return base, admin
}

// migrateTarget gives the URL of an empty PostgreSQL database of the test's own (see
// datatest.PostgresURL) carrying migratePassword; the test server trusts local connections, so
// any password does.
func migrateTarget(t *testing.T) string {
	t.Helper()
	u, err := url.Parse(datatest.PostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword(u.User.Username(), migratePassword)
	return u.String()
}

// migrateName is prefix and a random suffix: a name no other test uses.
func migrateName(prefix string) string {
	return prefix + strings.ToLower(rand.Text()[:12])
}

// newMigrateSource makes a SQLite database with two interviews of two panelists each, an audit
// entry and a Home tab visit, and returns its path.
func newMigrateSource(t *testing.T) string {
	t.Helper()
	return newDatabase(t, func(ctx context.Context, s *data.Store) error {
		starts := time.Date(2026, 11, 2, 15, 0, 0, 0, time.UTC)
		for _, candidate := range []string{"Jane Doe", "John Roe"} {
			_, err := s.CreateInterview(ctx, data.NewInterview{Candidate: candidate, Role: "Backend", Stage: "technical",
				HiringManager: "U1", RecordedBy: "U1", StartsAt: starts, Duration: time.Hour,
				Panel: []data.NewPanelist{{UserID: "U2"}, {UserID: "U3"}}, FirstReminderAt: starts.Add(2 * time.Hour)})
			if err != nil {
				return err
			}
		}
		if err := s.Audit(ctx, data.AuditEntry{At: starts, Actor: "U1", Action: data.AuditExported, Candidate: "Jane Doe"}); err != nil {
			return err
		}
		_, err := s.RecordHomeVisit(ctx, "U2")
		return err
	})
}

// redactedURL is location as migrate may show it: with the password hidden.
func redactedURL(t *testing.T, location string) string {
	t.Helper()
	u, err := url.Parse(location)
	if err != nil {
		t.Fatal(err)
	}
	return u.Redacted()
}

func TestMigrateCopiesSQLiteIntoPostgreSQL(t *testing.T) {
	t.Parallel()
	target := migrateTarget(t)
	source := newMigrateSource(t)
	args := []string{"migrate", "--from", source, "--to", target}

	stdout, stderr, err := runOutput(t, args, nil)
	if err != nil {
		t.Fatalf("migrate: %v\n%s", err, stderr)
	}
	t.Logf("migrate printed:\n%s", stdout)
	for _, want := range []string{
		"Rows copied from " + source + ":\n",
		"\n  interviews ", "\n  panelists ", "\n  audit_log ", "\n  home_visits ", "\n  outbox ",
		"; row counts match.\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("migrate printed no %q:\n%s", want, stdout)
		}
	}
	for table, rows := range map[string]string{"interviews": "2", "panelists": "4", "audit_log": "1", "home_visits": "1", "scorecards": "0"} {
		if !hasTableLine(stdout, table, rows) {
			t.Errorf("migrate does not say %s has %s rows:\n%s", table, rows, stdout)
		}
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	last := lines[len(lines)-1]
	if !strings.HasPrefix(last, "Copied ") || !strings.HasSuffix(last, " rows in 19 tables to "+redactedURL(t, target)+"; row counts match.") {
		t.Errorf("last line %q, want the total, the tables and where", last)
	}
	if strings.Contains(stdout+stderr, migratePassword) {
		t.Errorf("migrate printed the password:\n%s\n%s", stdout, stderr)
	}

	// The copy is the database hirebot will run on: the interviews are there, and new ones
	// follow the copied ids.
	ctx := context.Background()
	dst, err := data.Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	iv, err := dst.Interview(ctx, 2)
	if err != nil || iv.Candidate != "John Roe" || len(iv.Panel) != 2 {
		t.Errorf("interview 2 in PostgreSQL: %+v, %v; want John Roe with two panelists", iv, err)
	}

	// A second run finds the data there and copies nothing.
	stdout, stderr, err = runOutput(t, args, nil)
	want := redactedURL(t, target) + " already holds hirebot data (interviews has 2 rows); migrate copies only into an empty database"
	if err == nil || !strings.Contains(err.Error(), want) || !errors.Is(err, data.ErrTargetNotEmpty) || exitCode(err) != 1 {
		t.Errorf("a second migrate: %v, want %q", err, want)
	}
	if stdout != "" || (err != nil && strings.Contains(err.Error()+stderr, migratePassword)) {
		t.Errorf("the refused migrate printed %q or the password: %v", stdout, err)
	}
	if ivs, _ := dst.FindInterviews(ctx, data.InterviewFilter{}); len(ivs) != 2 {
		t.Errorf("after the refused migrate PostgreSQL holds %d interviews, want 2", len(ivs))
	}
}

// hasTableLine reports whether the report in out says table has rows rows.
func hasTableLine(out, table, rows string) bool {
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == table && f[1] == rows {
			return true
		}
	}
	return false
}

func TestMigrateExplainsAMissingPostgreSQLDatabase(t *testing.T) {
	t.Parallel()
	u, err := url.Parse(migrateTarget(t))
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/no_such_database"
	_, _, err = runOutput(t, []string{"migrate", "--from", newMigrateSource(t), "--to", u.String()}, nil)
	if err == nil || !strings.Contains(err.Error(), `database "no_such_database" does not exist`) ||
		!strings.Contains(err.Error(), "create the database first (createdb ") {
		t.Errorf("migrate into a database that does not exist: %v, want its name and how to create it", err)
	}
	if err != nil && strings.Contains(err.Error(), migratePassword) {
		t.Errorf("the error repeats the password: %v", err)
	}
}

func TestMigrateExplainsAUserWhoMayNotCreateTables(t *testing.T) {
	t.Parallel()
	target := migrateTarget(t)
	_, admin := migrateServer(t)
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	// A user who may use the schema but not create tables in it, like any user but the owner in
	// the public schema since PostgreSQL 15.
	role, schema := migrateName("migrate_user_"), u.Query().Get("search_path")
	if _, err := admin.Exec("CREATE ROLE " + role + " LOGIN; GRANT USAGE ON SCHEMA " + schema + " TO " + role); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP OWNED BY " + role + "; DROP ROLE " + role); err != nil {
			t.Errorf("drop role %s: %v", role, err)
		}
	})
	u.User = url.UserPassword(role, migratePassword)
	_, _, err = runOutput(t, []string{"migrate", "--from", newMigrateSource(t), "--to", u.String()}, nil)
	want := role + " may not create hirebot's tables in " + u.Redacted() + " (permission denied for schema " + schema + "): " +
		"make it the database's owner (ALTER DATABASE " + strings.TrimPrefix(u.Path, "/") + " OWNER TO " + role + ")"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("migrate as a user who may not create tables: %v, want %q", err, want)
	}
	if err != nil && strings.Contains(err.Error(), migratePassword) {
		t.Errorf("the error repeats the password: %v", err)
	}
}

func TestMigrateExplainsWhatIsWrong(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	source := newMigrateSource(t)
	missing := filepath.Join(dir, "none.db")
	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	const pg = "postgres://hirebot:" + migratePassword + "@127.0.0.1:1/hirebot?sslmode=disable" // nothing listens on port 1
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no flags", []string{}, "use hirebot migrate --from FILE --to URL, e.g.\n  hirebot migrate --from ./hirebot.db --to "},
		{"no --to", []string{"--from", source}, "--to is missing: give the URL of the new PostgreSQL database; use hirebot migrate --from FILE"},
		{"no --from", []string{"--to", pg}, "--from is missing: give the SQLite file hirebot used (its HIREBOT_DB); use hirebot migrate"},
		{"no such file", []string{"--from", missing, "--to", pg}, "there is no SQLite database at " + missing + ": give --from the file hirebot used"},
		{"empty file", []string{"--from", empty, "--to", pg}, empty + " is empty, not a hirebot database"},
		{"a folder", []string{"--from", dir, "--to", pg}, dir + " is a folder: give --from hirebot's SQLite database file in it"},
		{"--from a URL", []string{"--from", pg, "--to", pg}, "--from is a URL, but hirebot migrate copies from a SQLite file"},
		{"--to a file", []string{"--from", source, "--to", filepath.Join(dir, "new.db")}, "--to is not a PostgreSQL URL: give one that starts with postgres://"},
		{"--to another database", []string{"--from", source, "--to", "mysql://hirebot:" + migratePassword + "@db/hirebot"}, "--to is not a PostgreSQL URL"},
		{"a keyword DSN", []string{"--from", source, "--to", "host=db password=" + migratePassword}, "--to is not a PostgreSQL URL"},
		{"--to not a URL", []string{"--from", source, "--to", "postgres://hirebot:" + migratePassword + "@[::1/hirebot"},
			"--to does not parse as a URL, expected postgres://USER:PASSWORD@HOST:5432/DATABASE"},
		{"no flag names", []string{source, pg}, `unexpected argument "` + source + `"; use hirebot migrate --from FILE --to URL`},
		{"a stray URL", []string{"--from", source, pg}, `unexpected argument "postgres://hirebot:xxxxx@127.0.0.1:1/hirebot?sslmode=disable"`},
		{"an unknown flag", []string{"--from", source, "--db", pg}, "flag provided but not defined: -db; use hirebot migrate"},
		{"no server", []string{"--from", source, "--to", pg},
			"cannot connect to the PostgreSQL server at 127.0.0.1:1 (connection refused): check the host and port in --to, " +
				"and that the server runs and accepts connections from this machine. --to was postgres://hirebot:xxxxx@127.0.0.1:1/hirebot?sslmode=disable"},
		{"a password parameter", []string{"--from", source, "--to", "postgres://hirebot@127.0.0.1:1/hirebot?password=" + migratePassword},
			"--to was postgres://hirebot@127.0.0.1:1/hirebot?password=xxxxx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, err := runOutput(t, append([]string{"migrate"}, tt.args...), nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) || exitCode(err) != 1 {
				t.Errorf("migrate %q: %v, want an error with %q", tt.args, err, tt.want)
			}
			if err != nil && strings.Contains(stdout+stderr+err.Error(), migratePassword) {
				t.Errorf("migrate %q repeats the password: %v\n%s%s", tt.args, err, stdout, stderr)
			}
		})
	}
	if _, err := os.Stat(missing); !errors.Is(err, fs.ErrNotExist) {
		t.Error("migrating from a missing file created it")
	}
}

func TestMigrateHelp(t *testing.T) {
	t.Parallel()
	stdout, stderr, err := runOutput(t, []string{"migrate", "-h"}, nil)
	if !errors.Is(err, flag.ErrHelp) || exitCode(err) != 0 || stdout != "" || !strings.Contains(stderr, "\n  migrate ") {
		t.Errorf("migrate -h: err %v (exit %d), stdout %q, stderr:\n%s", err, exitCode(err), stdout, stderr)
	}
	stdout, _, _ = runOutput(t, []string{"-h"}, nil)
	if !strings.Contains(stdout, "\n  migrate      migrate --from FILE --to URL: ") {
		t.Errorf("hirebot -h does not list migrate:\n%s", stdout)
	}
}

func TestMigrateThousands(t *testing.T) {
	t.Parallel()
	for n, want := range map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 1234: "1,234",
		123_456: "123,456", 1_234_567: "1,234,567", -1234: "-1,234"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestMigrateRefusesAFileHirebotDidNotMake leaves such a file as it was.
func TestMigrateRefusesAFileHirebotDidNotMake(t *testing.T) {
	other := filepath.Join(t.TempDir(), "other.db")
	db, err := sql.Open("sqlite3", "file:"+other)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE app_meta (k TEXT)`); err != nil {
		t.Fatal(err)
	}
	_, _, err = runOutput(t, []string{"migrate", "--from", other, "--to", "postgres://hirebot:" + migratePassword + "@127.0.0.1:1/hirebot"}, nil)
	if err == nil || !strings.Contains(err.Error(), "is not a hirebot database") {
		t.Errorf("migrate from another SQLite file = %v, want a refusal", err)
	}
	var tables int
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table'`).Scan(&tables); err != nil || tables != 1 {
		t.Errorf("the other file has %d tables after the refusal (%v), want its one", tables, err)
	}
}

// TestAnUnreachablePostgresStopsStartUpPlainly: a bot whose HIREBOT_DB names a PostgreSQL server
// that does not answer says so, and how to fix it, without the password.
func TestAnUnreachablePostgresStopsStartUpPlainly(t *testing.T) {
	err := startUpError(t, map[string]string{"HIREBOT_DB": "postgres://hirebot:" + migratePassword + "@127.0.0.1:1/hirebot"})
	if err == nil || !strings.Contains(err.Error(), "cannot connect to the PostgreSQL server at 127.0.0.1:1") ||
		!strings.Contains(err.Error(), "check the host and port in HIREBOT_DB") {
		t.Errorf("start with an unreachable PostgreSQL = %v, want what is wrong and how to fix it", err)
	}
	if err != nil && strings.Contains(err.Error(), migratePassword) {
		t.Errorf("the error repeats the password: %v", err)
	}
}
