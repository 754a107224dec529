package data

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestEveryConnectionIsDurable(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	s, _ := mustNewStore(t)
	want := map[string]string{
		"synchronous": "2", "journal_mode": "wal", "foreign_keys": "1", "busy_timeout": "5000",
	}
	for i := range 3 { // hold three pooled connections at once so each is a distinct one
		conn, err := s.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		for pragma, v := range want {
			var got string
			if err := conn.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil || got != v {
				t.Errorf("connection %d: PRAGMA %s = %q, %v; want %q", i, pragma, got, err, v)
			}
		}
	}
}

func TestConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	s, path := mustNewStore(t)
	handles := []*Store{s, mustOpenAt(t, path)}
	const writers, each = 8, 20
	panel := make([]string, writers)
	for g := range panel {
		panel[g] = fmt.Sprint("U", g)
	}
	iv := mustCreateInterview(t, s, sampleInterview("Ada", panel...))

	var wg sync.WaitGroup
	for g := range writers {
		wg.Go(func() {
			h := handles[g%2]
			for range each {
				if _, err := h.SubmitScorecard(ctx, sampleScorecard(iv.ID, panel[g])); err != nil {
					t.Errorf("writer %d: SubmitScorecard: %v", g, err)
				}
				if _, err := h.CreateInterview(ctx, sampleInterview("Bob", panel[g], "UX")); err != nil {
					t.Errorf("writer %d: CreateInterview: %v", g, err)
				}
			}
		})
	}
	wg.Wait()

	if n := countRows(t, s, "interviews"); n != 1+writers*each {
		t.Errorf("%d interviews, want %d", n, 1+writers*each)
	}
	if n := countRows(t, s, "scorecards"); n != writers*each {
		t.Errorf("%d scorecards, want %d", n, writers*each)
	}
	for _, author := range panel {
		history, err := s.ScorecardHistory(ctx, iv.ID, author)
		if err != nil {
			t.Fatal(err)
		}
		for i, sc := range history {
			if sc.Version != i+1 {
				t.Fatalf("%s: versions %v are not 1..%d", author, history, each)
			}
		}
	}
}

// Environment of the child process TestHelperWriter.
const (
	writerDBEnv        = "HIREBOT_TEST_WRITER_DB"
	writerInterviewEnv = "HIREBOT_TEST_WRITER_INTERVIEW"
)

// TestHelperWriter is not a test: TestAcknowledgedScorecardsSurviveKill runs the test binary
// with it as a child that submits scorecards until killed, printing "ack <id>" after each
// SubmitScorecard returns.
func TestHelperWriter(t *testing.T) {
	path := os.Getenv(writerDBEnv)
	if path == "" {
		t.Skip("runs only as the child of TestAcknowledgedScorecardsSurviveKill")
	}
	id, _ := strconv.ParseInt(os.Getenv(writerInterviewEnv), 10, 64)
	s, err := Open(context.Background(), path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	deadline := time.Now().Add(time.Minute) // in case the parent dies first
	var wg sync.WaitGroup
	for _, author := range []string{"U1", "U2", "U3"} { // keep several commits in flight
		wg.Go(func() {
			for time.Now().Before(deadline) {
				sc, err := s.SubmitScorecard(context.Background(), sampleScorecard(id, author))
				if err != nil {
					fmt.Fprintln(os.Stderr, err)
					os.Exit(2)
				}
				fmt.Printf("ack %d\n", sc.ID) // one short write: atomic on a pipe
			}
		})
	}
	wg.Wait()
	os.Exit(0)
}

func TestAcknowledgedScorecardsSurviveKill(t *testing.T) {
	sqliteOnly(t)
	if testing.Short() {
		t.Skip("starts child processes")
	}
	ctx := context.Background()
	s, path := mustNewStore(t)
	iv := mustCreateInterview(t, s, sampleInterview("Ada", "U1", "U2", "U3"))
	s.Close()

	var acked []int64
	for range 3 { // each child after the first recovers the database the previous one left
		acked = append(acked, killWriter(t, path, iv.ID, 100)...)
	}

	reopened := mustOpenAt(t, path)
	var integrity string
	if err := reopened.db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&integrity); err != nil || integrity != "ok" {
		t.Fatalf("integrity_check = %q, %v", integrity, err)
	}
	stored := map[int64]bool{}
	for _, author := range []string{"U1", "U2", "U3"} {
		history, err := reopened.ScorecardHistory(ctx, iv.ID, author)
		if err != nil {
			t.Fatal(err)
		}
		for _, sc := range history {
			stored[sc.ID] = true
		}
	}
	for _, id := range acked {
		if !stored[id] {
			t.Errorf("acknowledged scorecard %d lost", id)
		}
	}
	t.Logf("%d acknowledged before the kills, %d stored", len(acked), len(stored))
}

// killWriter runs TestHelperWriter on the database at path and kills it with SIGKILL once it
// has acknowledged n scorecards, while it is still writing. It returns every id acknowledged.
func killWriter(t *testing.T, path string, interviewID int64, n int) []int64 {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWriter$", "-test.count=1")
	cmd.Env = append(os.Environ(), writerDBEnv+"="+path, writerInterviewEnv+"="+fmt.Sprint(interviewID))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked := readAcks(t, bufio.NewScanner(stdout), n, cmd)
	if err := cmd.Wait(); err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("child ended with %v, want killed; stderr:\n%s", err, stderr.String())
	}
	return acked
}

// readAcks collects acknowledged ids, kills cmd with SIGKILL once it has n of them (writes
// still in flight), then reads whatever acknowledgements the child printed before dying.
func readAcks(t *testing.T, sc *bufio.Scanner, n int, cmd *exec.Cmd) []int64 {
	t.Helper()
	var acked []int64
	killed := false
	for sc.Scan() {
		id, err := strconv.ParseInt(strings.TrimPrefix(sc.Text(), "ack "), 10, 64)
		if err != nil {
			continue // test framework output
		}
		acked = append(acked, id)
		if len(acked) >= n && !killed {
			if err := cmd.Process.Kill(); err != nil { // SIGKILL on Unix
				t.Fatal(err)
			}
			killed = true
		}
	}
	if !killed {
		t.Fatalf("child stopped after %d acknowledgements, before the kill", len(acked))
	}
	return acked
}
