package data

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestAuditTrailIsAppendOnly(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	for i, e := range []AuditEntry{
		{Actor: "UMGR", Action: AuditRecordedInterview, Candidate: "Ada Lovelace", InterviewID: 1},
		{Actor: "U1", Action: AuditViewedSummary, Candidate: "ada  LOVELACE"},
		{Actor: "U1", Action: AuditViewedSummary, Candidate: "Bo Diddley"},
	} {
		e.At = t0.Add(time.Duration(i) * time.Minute)
		if err := s.Audit(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.FindAudit(ctx, AuditFilter{Candidate: "ADA lovelace"})
	if err != nil || len(got) != 2 || got[0].Action != AuditViewedSummary || got[1].InterviewID != 1 {
		t.Fatalf("Ada's trail, newest first: %+v, %v", got, err)
	}
	if got, _ := s.FindAudit(ctx, AuditFilter{Actor: "U1", Since: t0.Add(2 * time.Minute)}); len(got) != 1 || got[0].Candidate != "Bo Diddley" {
		t.Fatalf("U1's trail since the third minute: %+v", got)
	}
	for _, q := range []string{
		`DELETE FROM audit_log`,
		`UPDATE audit_log SET actor = 'UX'`,
		`UPDATE audit_log SET candidate = 'Someone Else', candidate_key = 'SOMEONE ELSE'`,
	} {
		if _, err := s.db.ExecContext(ctx, q); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v, want it refused", q, err)
		}
	}
	p1, _ := s.Pseudonym(ctx, "Ada Lovelace")
	p2, _ := s.Pseudonym(ctx, " ada   lovelace ")
	if p1 != p2 || !strings.HasPrefix(p1, "candidate-") || len(p1) != len("candidate-")+8 {
		t.Fatalf("pseudonyms %q and %q: want one stable candidate-xxxxxxxx", p1, p2)
	}
}

func TestPrivacyMigrationKeepsTheOutbox(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hirebot.db")
	old := mustOpenAtVersion(t, path, 14)
	if _, err := old.db.ExecContext(ctx, `INSERT INTO outbox (kind, channel, text, about, status, not_before, created_at, done_at)
		VALUES ('heads-up', 'U1', 'Interview with Ada', 'Ada Lovelace', 'sent', ?1, ?1, ?1)`, unix(t0)); err != nil {
		t.Fatal(err)
	}
	old.Close()

	s := mustOpenAt(t, path)
	var about, key, ts string
	if err := s.db.QueryRowContext(ctx, `SELECT about, candidate_key, sent_ts FROM outbox`).Scan(&about, &key, &ts); err != nil {
		t.Fatal(err)
	}
	if about != "Ada Lovelace" || key != "" || ts != "" {
		t.Fatalf("old outbox row after the upgrade: about %q key %q ts %q", about, key, ts)
	}
	if p, err := s.Pseudonym(ctx, "Ada"); err != nil || p == "" {
		t.Fatalf("no pseudonym key after the upgrade: %q, %v", p, err)
	}

	// New messages carry their candidate's key, and where Slack put them once sent.
	if err := s.Enqueue(ctx, OutboxMessage{Kind: "receipt", Channel: "U2", Text: "Saved", About: "Bo  Diddley"}); err != nil {
		t.Fatal(err)
	}
	ms, err := s.ClaimOutbox(ctx, t0, time.Minute, 10, "me")
	if err != nil || len(ms) != 1 {
		t.Fatalf("claim: %+v, %v", ms, err)
	}
	if err := s.OutboxSent(ctx, ms[0], t0, Posted{Channel: "D2", TS: "1.0002"}); err != nil {
		t.Fatal(err)
	}
	if err := s.db.QueryRowContext(ctx, `SELECT candidate_key, sent_channel || ' ' || sent_ts FROM outbox WHERE id = ?`,
		ms[0].ID).Scan(&key, &ts); err != nil {
		t.Fatal(err)
	}
	if key != candidateKey("bo diddley") || ts != "D2 1.0002" {
		t.Fatalf("sent message: key %q, posted %q", key, ts)
	}
}
