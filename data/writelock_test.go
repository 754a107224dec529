package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

// TestWriterQueuedBehindAnotherHonoursItsContext: on SQLite a write waits in the store's own
// queue while another is under way, and gives up when its context ends, having written
// nothing; once the first is done, writes go through again.
func TestWriterQueuedBehindAnotherHonoursItsContext(t *testing.T) {
	if onPostgres() {
		t.Skip("SQLite's in-process queue of writers; PostgreSQL queues writers itself")
	}
	s, _ := mustNewStore(t)
	ctx := context.Background()
	inside, release := make(chan struct{}), make(chan struct{})
	firstDone := make(chan error, 1)
	go func() {
		firstDone <- s.inTx(ctx, "held", func(*sql.Tx) error {
			close(inside)
			<-release
			return nil
		})
	}()
	<-inside

	msg := OutboxMessage{Kind: "heads-up", Channel: "U1", Text: "hello"}
	for name, write := range map[string]func(context.Context) error{
		"transaction": func(ctx context.Context) error { return s.Enqueue(ctx, msg) },
		"one statement": func(ctx context.Context) error {
			_, err := s.SavePreferences(ctx, Preferences{UserID: "U1"})
			return err
		},
		"home visit": func(ctx context.Context) error { _, err := s.RecordHomeVisit(ctx, "U1"); return err },
	} {
		wctx, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
		err := write(wctx)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s behind a held write: %v, want its context's deadline", name, err)
		}
	}
	close(release)
	if err := <-firstDone; err != nil {
		t.Fatal(err)
	}
	var queued, prefs, visits int
	for q, n := range map[string]*int{"SELECT count(*) FROM outbox": &queued,
		"SELECT count(*) FROM notification_preferences": &prefs, "SELECT count(*) FROM home_visits": &visits} {
		if err := s.db.QueryRow(q).Scan(n); err != nil {
			t.Fatal(err)
		}
	}
	if queued+prefs+visits != 0 {
		t.Errorf("writes that gave up left %d messages, %d preferences, %d visits", queued, prefs, visits)
	}
	if err := s.Enqueue(ctx, msg); err != nil {
		t.Errorf("a write after the held one: %v", err)
	}
}

// TestConcurrentWritersAllCommit: writers from many goroutines, in transactions and single
// statements, all commit, none lost.
func TestConcurrentWritersAllCommit(t *testing.T) {
	s, _ := mustNewStore(t)
	ctx := context.Background()
	const writers, each = 8, 15
	var wg sync.WaitGroup
	errs := make(chan error, writers*each*2)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				errs <- s.Enqueue(ctx, OutboxMessage{Kind: "heads-up", Channel: fmt.Sprintf("U%d", w), Text: fmt.Sprintf("%d", i)})
				_, err := s.RecordHomeVisit(ctx, fmt.Sprintf("U%d", w))
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	var queued, visits int
	if err := s.db.QueryRow("SELECT count(*) FROM outbox").Scan(&queued); err != nil {
		t.Fatal(err)
	}
	if err := s.db.QueryRow("SELECT sum(visits) FROM home_visits").Scan(&visits); err != nil {
		t.Fatal(err)
	}
	if queued != writers*each || visits != writers*each {
		t.Errorf("%d messages and %d visits committed, want %d of each", queued, visits, writers*each)
	}
}
