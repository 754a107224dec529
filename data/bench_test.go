package data

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"
)

// The benchmarks run on either store, as the tests do: on SQLite by default, on PostgreSQL
// (each benchmark in a schema of its own) with
//
//	export HIREBOT_TEST_POSTGRES=$(.ci/postgres start)
//	HIREBOT_TEST_STORE=postgres go test -run XXX -bench . ./data

// BenchmarkClaimDueReminders times one sweep's claim. The first two cases share a 300,000-row
// panel and differ in due rows; the third has the due rows of the first in a table a tenth the
// size. Cost follows the due rows, not the table. It runs on SQLite, or on PostgreSQL with
// HIREBOT_TEST_STORE=postgres and HIREBOT_TEST_POSTGRES set (see above).
func BenchmarkClaimDueReminders(b *testing.B) {
	for _, c := range []struct{ interviews, due int }{
		{100_000, 100},
		{100_000, 1_000},
		{10_000, 100},
	} {
		b.Run(fmt.Sprintf("panel=%d/due=%d", 3*c.interviews, c.due), func(b *testing.B) {
			s := mustSweepFixture(b, c.interviews, c.due)
			ctx := context.Background()
			const lease = time.Minute
			now := t0
			for b.Loop() {
				due, err := s.ClaimDueReminders(ctx, now, lease, c.due)
				if err != nil || len(due) != c.due {
					b.Fatalf("claimed %d, %v; want %d", len(due), err, c.due)
				}
				now = now.Add(lease + time.Second) // the leases lapse: the same rows are due again
			}
		})
	}
}

// BenchmarkSweepDatabaseWork is all a reminder sweep asks of the database over 300,000 panel
// rows with 100 due: the claim, then one confirmation per reminder (each its own committed
// write, as after each Slack message). Deferring to the same time leaves the rows due for the
// next iteration. It runs on SQLite, or on PostgreSQL with HIREBOT_TEST_STORE=postgres and
// HIREBOT_TEST_POSTGRES set (see above).
func BenchmarkSweepDatabaseWork(b *testing.B) {
	s := mustSweepFixture(b, 100_000, 100)
	ctx := context.Background()
	for b.Loop() {
		due, err := s.ClaimDueReminders(ctx, t0, time.Minute, 100)
		if err != nil || len(due) != 100 {
			b.Fatalf("claimed %d, %v", len(due), err)
		}
		for _, r := range due {
			if err := s.ReminderDeferred(ctx, r, t0); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkSubmitScorecard times one scorecard submitted (each a new version by the same
// author) on an interview. It runs on SQLite, or on PostgreSQL with HIREBOT_TEST_STORE=postgres
// and HIREBOT_TEST_POSTGRES set (see above).
func BenchmarkSubmitScorecard(b *testing.B) {
	s, _ := mustNewStore(b)
	iv := mustCreateInterview(b, s, sampleInterview("Ada", "U1"))
	ctx := context.Background()
	for b.Loop() {
		if _, err := s.SubmitScorecard(ctx, sampleScorecard(iv.ID, "U1")); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSubmitScorecardBesideWrites times scorecards submitted while another goroutine
// writes a message every millisecond (as the outbox's bookkeeping does beside users'
// submissions), each submission 0.7 ms after the last (untimed), and reports the p50 and p99 of
// a submission: the wait behind the other writer is part of them.
func BenchmarkSubmitScorecardBesideWrites(b *testing.B) {
	s, _ := mustNewStore(b)
	iv := mustCreateInterview(b, s, sampleInterview("Ada", "U1"))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ctx.Err() == nil {
			_ = s.Enqueue(ctx, OutboxMessage{Kind: "heads-up", Channel: "U2", Text: "beside"})
			time.Sleep(time.Millisecond)
		}
	}()
	var lat []time.Duration
	for b.Loop() {
		b.StopTimer()
		time.Sleep(700 * time.Microsecond)
		b.StartTimer()
		start := time.Now()
		if _, err := s.SubmitScorecard(context.Background(), sampleScorecard(iv.ID, "U1")); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	cancel()
	<-done
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[(len(lat)-1)*99/100].Microseconds())/1000, "p99-ms")
}

// mustSweepFixture builds a database of interviews, each with three panelists: two submitted,
// one pending. The pending rows of the first due interviews are due at t0; the others are
// scheduled years later, so they are in the partial index but not due.
//
// The SQL is one text for both stores: a recursive CTE counts the interviews (PostgreSQL's
// generate_series is not SQLite's), the counter is a BIGINT so PostgreSQL types the Unix-time
// parameters as the BIGINT columns they fill, the subquery of the three seats has an alias,
// which PostgreSQL requires, and ORDER BY fixes the order the panel rows take their ids in:
// the first seat of every interview, then the second, then the third (so the pending rows are
// the last third), the order SQLite's join has always produced and PostgreSQL's would not.
func mustSweepFixture(b *testing.B, interviews, due int) *Store {
	b.Helper()
	s, _ := mustNewStore(b)
	ctx := context.Background()
	// One statement, so one transaction and one round trip, per table.
	for _, st := range []struct {
		q    string
		args []any
	}{
		{`WITH RECURSIVE n(i) AS (SELECT CAST(1 AS BIGINT) UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
		INSERT INTO interviews (id, candidate, candidate_key, role, stage, hiring_manager, recorded_by,
			starts_at, ends_at, created_at)
		SELECT i, 'Candidate ' || i, 'CANDIDATE ' || i, 'Backend Engineer', 'technical',
			'UM' || (i % 50), 'UR' || (i % 50), ?2 - i * 600, ?2 - i * 600 + 3600, ?2 FROM n`,
			[]any{interviews, t0.Unix()}},
		{`WITH RECURSIVE n(i) AS (SELECT CAST(1 AS BIGINT) UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
		INSERT INTO panelists (interview_id, user_id, tz, status, next_reminder_at)
		SELECT i, 'U' || ((i * 3 + j) % 500), 'Europe/Berlin',
			CASE j WHEN 3 THEN 'pending' ELSE 'submitted' END,
			CASE WHEN j < 3 THEN NULL WHEN i <= ?3 THEN ?2 - i ELSE ?4 END
		FROM n, (SELECT 1 AS j UNION ALL SELECT 2 UNION ALL SELECT 3) AS seats
		ORDER BY j, i`,
			[]any{interviews, t0.Unix(), due, t0.AddDate(10, 0, 0).Unix()}},
	} {
		if _, err := s.db.ExecContext(ctx, st.q, st.args...); err != nil {
			b.Fatalf("fixture: %v", err)
		}
	}
	if s.d.postgres {
		// The interviews' ids were given, so PostgreSQL's sequence did not move: the next
		// interview takes the id after the highest, as on SQLite.
		if _, err := s.db.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('interviews', 'id'),
			(SELECT MAX(id) FROM interviews))`); err != nil {
			b.Fatalf("fixture: %v", err)
		}
	}
	// Statistics for the two tables filled (on PostgreSQL a bare ANALYZE would also visit every
	// other test's schema in the database).
	for _, table := range []string{"interviews", "panelists"} {
		if _, err := s.db.ExecContext(ctx, "ANALYZE "+table); err != nil {
			b.Fatal(err)
		}
	}
	return s
}
