package datatest

import (
	"crypto/rand"
	"database/sql"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// PostgresEnv names the variable that gives tests a PostgreSQL server, as a URL. .ci/run
// starts a throwaway one; locally: export HIREBOT_TEST_POSTGRES=$(.ci/postgres start).
const PostgresEnv = "HIREBOT_TEST_POSTGRES"

// PostgresURL returns the URL of a new, empty schema of its own on the test server, dropped
// after t. Without a server it skips t with the reason, or fails it under CI, which always has
// one.
func PostgresURL(t testing.TB) string {
	t.Helper()
	return PostgresSchema(t, PostgresServer(t), "test_"+strings.ToLower(rand.Text()[:16]))
}

// PostgresServer returns the test server's URL. Without one it skips t with the reason, or
// fails it under CI, which always has one.
func PostgresServer(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set: CI must run the PostgreSQL tests (.ci/run starts a server)", PostgresEnv)
		}
		t.Skipf("%s is not set; for PostgreSQL: export %s=$(.ci/postgres start)", PostgresEnv, PostgresEnv)
	}
	return base
}

// PostgresSchema creates the schema name (if it is not there) on the server at base and
// returns base with search_path set to it, so a store opened there lives in it alone. The
// schema is dropped after t.
func PostgresSchema(t testing.TB, base, name string) string {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", PostgresEnv, err)
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE SCHEMA IF NOT EXISTS "` + name + `"`); err != nil {
		db.Close()
		t.Fatalf("create schema %s: %v", name, err)
	}
	t.Cleanup(func() {
		defer db.Close()
		if _, err := db.Exec(`DROP SCHEMA IF EXISTS "` + name + `" CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", name, err)
		}
	})
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}

// StoreEnv, set to "postgres", makes a test run's stores PostgreSQL schemas (see
// RerunOnPostgres); `HIREBOT_TEST_STORE=postgres go test -run TestX ./data` runs one test there.
const StoreEnv = "HIREBOT_TEST_STORE"

// OnPostgres reports whether this run's stores are PostgreSQL schemas.
func OnPostgres() bool { return os.Getenv(StoreEnv) == "postgres" }

// RerunOnPostgres runs the test binary's tests again, in a child process with StoreEnv set, so
// that one `go test` covers both databases. Without a server it skips t with the reason, or
// fails it under CI; in the PostgreSQL run itself it skips.
func RerunOnPostgres(t *testing.T) {
	t.Helper()
	if OnPostgres() {
		t.Skip("this is the PostgreSQL run")
	}
	PostgresServer(t)
	var args []string
	for _, a := range os.Args[1:] {
		// Profiles and the test log belong to this process; the child would overwrite them.
		if strings.Contains(a, "profile") || strings.Contains(a, "testlogfile") || strings.Contains(a, "gocoverdir") {
			continue
		}
		args = append(args, a)
	}
	cmd := exec.CommandContext(t.Context(), os.Args[0], args...)
	cmd.Env = append(os.Environ(), StoreEnv+"=postgres")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("on PostgreSQL: %v\n%s", err, out)
	}
	if testing.Verbose() {
		t.Logf("on PostgreSQL:\n%s", out)
	}
}
