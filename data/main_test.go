package data

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"testing"

	"hirebot/data/datatest"
)

// The package's tests run twice: on SQLite, then, in a second process, on PostgreSQL (see
// TestOnPostgres). postgresEnv gives the server (.ci/run starts a throwaway one:
// `export HIREBOT_TEST_POSTGRES=$(.ci/postgres start)`); storeEnv=postgres makes a run use it,
// also for one test: `HIREBOT_TEST_STORE=postgres go test -run TestX ./data`.
const (
	postgresEnv = datatest.PostgresEnv
	storeEnv    = datatest.StoreEnv
)

// onPostgres reports whether this run's stores are PostgreSQL schemas.
func onPostgres() bool { return datatest.OnPostgres() }

// sqliteOnly skips a test of SQLite's own ground (its files, its older schemas) in the
// PostgreSQL run.
func sqliteOnly(t testing.TB) {
	t.Helper()
	if onPostgres() {
		t.Skip("about SQLite's files or its schemas before version 22, which PostgreSQL never had")
	}
}

// TestOnPostgres runs this package's tests again, in a child process, on PostgreSQL.
func TestOnPostgres(t *testing.T) { datatest.RerunOnPostgres(t) }

// location is where a test's database named by path lives: path itself on SQLite; on
// PostgreSQL, a schema of its own named after path (so opening path again opens the same
// database), created now and dropped after the test.
func location(t testing.TB, path string) string {
	t.Helper()
	if !onPostgres() {
		return path
	}
	base := os.Getenv(datatest.PostgresEnv)
	if base == "" {
		t.Fatalf("%s=postgres needs %s", storeEnv, datatest.PostgresEnv)
	}
	sum := sha256.Sum256([]byte(path))
	return datatest.PostgresSchema(t, base, "test_"+hex.EncodeToString(sum[:8]))
}

// mustOpenLocation opens the database location gives for path with opts.
func mustOpenLocation(t testing.TB, path string, opts ...Option) *Store {
	t.Helper()
	s, err := Open(context.Background(), location(t, path), opts...)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
