package main

import (
	"testing"

	"hirebot/data/datatest"
)

// TestEndToEndOnPostgres runs this package's tests again, in a child process, with every bot the
// harness starts (startBot) on a PostgreSQL schema of its own: the same behaviour on both
// databases. The tests that start processes of their own (kills, replicas, the load command)
// run once, in the first run.
func TestEndToEndOnPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: reruns every end-to-end test on PostgreSQL; run without -short")
	}
	datatest.RerunOnPostgres(t)
}

// onceOnly skips, in the PostgreSQL rerun, a test whose database is not the harness's.
func onceOnly(t *testing.T) {
	t.Helper()
	if datatest.OnPostgres() {
		t.Skip("the PostgreSQL rerun: this test starts processes or a browser of its own with its own database, and the first run covered it")
	}
}
