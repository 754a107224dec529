package data

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestRebind(t *testing.T) {
	tests := []struct{ in, want string }{
		{`SELECT 1`, `SELECT 1`},
		{`SELECT * FROM t WHERE a = ? AND b = ?`, `SELECT * FROM t WHERE a = $1 AND b = $2`},
		{`UPDATE t SET a = ?1 WHERE b = ?2 OR c = ?1`, `UPDATE t SET a = $1 WHERE b = $2 OR c = $1`},
		// A bare ? after numbered ones takes the number after the largest, as SQLite does.
		{`SELECT ?3, ?`, `SELECT $3, $4`},
		{`SELECT '?' , "a?b", ? -- why?` + "\n" + `, ?`, `SELECT '?' , "a?b", $1 -- why?` + "\n" + `, $2`},
		{`SELECT 'it''s', ?`, `SELECT 'it''s', $1`},
		{`SELECT a - ? FROM t`, `SELECT a - $1 FROM t`},
		{`SELECT 'unterminated ?`, `SELECT 'unterminated ?`},
		{`SELECT /* it's ? */ ?`, `SELECT /* it's ? */ $1`},
		{`CREATE FUNCTION f() AS $$ SELECT '?' || ? $$; SELECT ?`, `CREATE FUNCTION f() AS $$ SELECT '?' || ? $$; SELECT $1`},
		{`SELECT a / ? FROM t`, `SELECT a / $1 FROM t`},
	}
	for _, tt := range tests {
		if got := rebind(tt.in); got != tt.want {
			t.Errorf("rebind(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestOpenRefusesAConnectionStringInKeywords(t *testing.T) {
	_, err := Open(context.Background(), "host=db user=hirebot password=s3cret dbname=hirebot")
	if err == nil || strings.Contains(err.Error(), "s3cret") || !strings.Contains(err.Error(), "postgres://") {
		t.Errorf("Open(keywords) = %v, want a refusal that shows the URL form and not the password", err)
	}
	if !IsPostgresURL("POSTGRES://db/hirebot") {
		t.Error("an upper-case scheme is not taken for a PostgreSQL URL")
	}
}

func TestDescribeHidesThePassword(t *testing.T) {
	tests := map[string]string{
		"./hirebot.db": "./hirebot.db",
		"postgres://hirebot:s3cret@db:5432/hirebot?sslmode=disable": "postgres://hirebot:xxxxx@db:5432/hirebot?sslmode=disable",
		"postgresql://db/hirebot":                                   "postgresql://db/hirebot",
		"postgres://db/hirebot?password=s3cret&user=hirebot":        "postgres://db/hirebot?password=xxxxx&user=hirebot",
	}
	for in, want := range tests {
		if got := Describe(in); got != want {
			t.Errorf("Describe(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestReplicasStartingTogetherMigrateOnce opens one new PostgreSQL database from several
// stores at once, as replicas starting together do: the migration lock lets one apply each
// migration and the others find it applied.
func TestReplicasStartingTogetherMigrateOnce(t *testing.T) {
	if !onPostgres() {
		t.Skip("PostgreSQL's migration lock: the PostgreSQL run covers it")
	}
	loc := location(t, filepath.Join(t.TempDir(), "hirebot.db"))
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			s, err := Open(context.Background(), loc)
			if err == nil {
				err = s.Close()
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("Open: %v", err)
		}
	}
	s, err := Open(context.Background(), loc)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ms, err := migrations(s.d.migrationDir())
	if err != nil {
		t.Fatal(err)
	}
	var applied int
	if err := s.db.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&applied); err != nil || applied != len(ms) {
		t.Errorf("%d migrations recorded, %v; want each of the %d once", applied, err, len(ms))
	}
}

// TestAloneRunsOneJobOfANameAtATime runs a job while the same job is running from another
// store on the same database: on PostgreSQL the second passes, on SQLite it runs.
func TestAloneRunsOneJobOfANameAtATime(t *testing.T) {
	ctx := context.Background()
	a, path := mustNewStore(t)
	b := mustOpenAt(t, path)
	var inner, other bool
	ran, err := a.Alone(ctx, "sweep", func(ctx context.Context) error {
		inner = true
		var err error
		other, err = b.Alone(ctx, "sweep", func(context.Context) error { return nil })
		if err != nil {
			return err
		}
		// Another job's name is not held.
		_, err = b.Alone(ctx, "purge", func(context.Context) error { return nil })
		return err
	})
	if err != nil || !ran || !inner {
		t.Fatalf("the first job: ran %v, %v", ran, err)
	}
	if want := !onPostgres(); other != want {
		t.Errorf("the same job from another store while it ran: ran = %v, want %v", other, want)
	}
	// Once it is over, the job runs again.
	if ran, err := b.Alone(ctx, "sweep", func(context.Context) error { return nil }); err != nil || !ran {
		t.Errorf("the job after the first ended: ran %v, %v", ran, err)
	}
}
