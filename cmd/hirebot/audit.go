package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"hirebot/data"
)

// auditCommand is `hirebot audit export [-since 2026-11-01] [-db path]`: the audit trail as
// JSON lines, oldest first, on stdout.
func auditCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "export" {
		return errors.New("use hirebot audit export [-since 2026-11-01] [-db ./hirebot.db] > audit.jsonl")
	}
	fs := flag.NewFlagSet("audit export", flag.ContinueOnError)
	since := fs.String("since", "", "the first day to export (UTC), e.g. 2026-11-01; everything when empty")
	db := fs.String("db", "", "SQLite database file (default HIREBOT_DB, or ./hirebot.db)")
	if err := parseFlags(fs, args[1:], stderr); err != nil {
		return err
	}
	var from time.Time
	if *since != "" {
		t, err := time.Parse(time.DateOnly, *since)
		if err != nil {
			return fmt.Errorf("-since %q: use a date like 2026-11-01", *since)
		}
		from = t
	}
	path := *db
	if path == "" {
		path = getenv("HIREBOT_DB")
	}
	if path == "" {
		path = "./hirebot.db"
	}
	store, err := data.Open(ctx, path)
	if err != nil {
		return err
	}
	defer store.Close()
	w := bufio.NewWriter(stdout)
	enc := json.NewEncoder(w)
	err = store.EachAuditSince(ctx, from, func(e data.AuditEntry) error {
		return enc.Encode(auditLineJSON{ID: e.ID, At: e.At, Actor: e.Actor, Action: string(e.Action),
			Candidate: e.Candidate, InterviewID: e.InterviewID, Detail: e.Detail})
	})
	if err != nil {
		return err
	}
	return w.Flush()
}

// auditLineJSON is one audit entry as `hirebot audit export` writes it.
type auditLineJSON struct {
	ID          int64     `json:"id"`
	At          time.Time `json:"at"`
	Actor       string    `json:"actor"`
	Action      string    `json:"action"`
	Candidate   string    `json:"candidate,omitempty"`
	InterviewID int64     `json:"interview_id,omitempty"`
	Detail      string    `json:"detail,omitempty"`
}
