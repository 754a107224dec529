package data

import (
	"context"
	"errors"
	"testing"
)

// auditedChange makes one change to iv with e as its audit entry, under the delivery key; fail
// makes it queue a message the outbox refuses, after the entry is written. It returns the id of
// the interview changed.
type auditedChange func(ctx context.Context, s *Store, iv Interview, e *AuditEntry, key string, fail bool) (int64, error)

// broken is what a failing change queues: no channel, so the outbox refuses it.
func broken(fail bool) []OutboxMessage {
	if fail {
		return []OutboxMessage{{Kind: "broken"}}
	}
	return nil
}

func TestChangesWriteTheirAuditEntryInTheirTransaction(t *testing.T) {
	for _, tc := range []struct {
		name   string
		action AuditAction
		change auditedChange
	}{
		{"create interview", AuditRecordedInterview, func(ctx context.Context, s *Store, _ Interview, e *AuditEntry, key string, fail bool) (int64, error) {
			in := sampleInterview("Bo", "U3")
			in.DeliveryKey, in.Audit = key, e
			in.Notify = func(Interview) []OutboxMessage { return broken(fail) }
			iv, err := s.CreateInterview(ctx, in)
			return iv.ID, err
		}},
		{"update interview", AuditChangedInterview, func(ctx context.Context, s *Store, iv Interview, e *AuditEntry, key string, fail bool) (int64, error) {
			u := updateOf(iv, "U1", "U3")
			u.DeliveryKey, u.Audit = key, e
			u.Notify = func(InterviewChange) []OutboxMessage { return broken(fail) }
			_, err := s.UpdateInterview(ctx, u)
			return iv.ID, err
		}},
		{"cancel interview", AuditCancelledInterview, func(ctx context.Context, s *Store, iv Interview, e *AuditEntry, key string, fail bool) (int64, error) {
			_, err := s.CancelInterview(ctx, iv.ID, "UMGR", "", key, func(Interview) []OutboxMessage { return broken(fail) }, e)
			return iv.ID, err
		}},
		{"submit scorecard", AuditSubmittedScorecard, func(ctx context.Context, s *Store, iv Interview, e *AuditEntry, key string, fail bool) (int64, error) {
			sc := sampleScorecard(iv.ID, "U1")
			sc.DeliveryKey, sc.Audit = key, e
			sc.Notify = func(Scorecard) []OutboxMessage { return broken(fail) }
			_, err := s.SubmitScorecard(ctx, sc)
			return iv.ID, err
		}},
		{"record decision", AuditRecordedDecision, func(ctx context.Context, s *Store, iv Interview, e *AuditEntry, key string, fail bool) (int64, error) {
			_, err := s.RecordDecision(ctx, NewDecision{InterviewID: iv.ID, Outcome: OutcomeHold, Reason: "references",
				DecidedBy: "UMGR", DeliveryKey: key, Audit: e,
				Notify: func(Interview, Decision) []OutboxMessage { return broken(fail) }})
			return iv.ID, err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			s, _ := mustNewStore(t)
			iv := mustCreateInterview(t, s, sampleInterview("Ada", "U1", "U2"))
			e := &AuditEntry{Actor: "UACT", Action: tc.action, Candidate: "Ada"}
			trail := func() []AuditEntry {
				t.Helper()
				got, err := s.FindAudit(ctx, AuditFilter{Actor: "UACT"})
				if err != nil {
					t.Fatal(err)
				}
				return got
			}
			if _, err := tc.change(ctx, s, iv, e, "view:1", true); err == nil {
				t.Fatal("a change whose message the outbox refuses succeeded")
			}
			if got := trail(); len(got) != 0 {
				t.Fatalf("a failed change left audit entries: %+v", got)
			}
			id, err := tc.change(ctx, s, iv, e, "view:1", false)
			if err != nil {
				t.Fatal(err)
			}
			if got := trail(); len(got) != 1 || got[0].Action != tc.action || got[0].InterviewID != id || got[0].Candidate != "Ada" {
				t.Fatalf("trail after the change to interview %d: %+v", id, got)
			}
			if _, err := tc.change(ctx, s, iv, e, "view:1", false); !errors.Is(err, ErrReplayed) {
				t.Fatalf("replayed change: %v, want ErrReplayed", err)
			}
			if got := trail(); len(got) != 1 {
				t.Fatalf("a replayed change was audited again: %+v", got)
			}
		})
	}
}

func TestScorecardAuditNamesItsVersion(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	iv := mustCreateInterview(t, s, sampleInterview("Ada", "U1"))
	for _, key := range []string{"view:1", "view:2"} {
		sc := sampleScorecard(iv.ID, "U1")
		sc.DeliveryKey, sc.Audit = key, &AuditEntry{Actor: "U1", Candidate: "Ada"}
		if _, err := s.SubmitScorecard(ctx, sc); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.FindAudit(ctx, AuditFilter{Actor: "U1"})
	if err != nil || len(got) != 2 || got[0].Action != AuditChangedScorecard || got[1].Action != AuditSubmittedScorecard {
		t.Fatalf("trail of a scorecard and its change, newest first: %+v, %v", got, err)
	}
}

// TestOwnActionsAreAuditedOnce: a note and a "didn't attend" are in the trail, named by the
// interview's candidate, and a repeat of either writes no second entry.
func TestOwnActionsAreAuditedOnce(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	iv := mustCreateInterview(t, s, sampleInterview("Jane Doe", "UA", "UB"))
	for range 2 {
		if _, err := s.AddNote(ctx, NewNote{InterviewID: iv.ID, Author: "UA", Body: "Strong on SQL", DeliveryKey: "view:V1:h"}); err != nil && !errors.Is(err, ErrReplayed) {
			t.Fatal(err)
		}
		if err := s.MarkAbsent(ctx, iv.ID, "UB"); err != nil {
			t.Fatal(err)
		}
	}
	trail, err := s.FindAudit(ctx, AuditFilter{Candidate: "jane doe"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[AuditAction][]string{}
	for _, e := range trail {
		if e.InterviewID != iv.ID || e.Candidate != "Jane Doe" {
			t.Errorf("entry %+v: want interview %d of Jane Doe", e, iv.ID)
		}
		got[e.Action] = append(got[e.Action], e.Actor)
	}
	if len(got[AuditAddedNote]) != 1 || got[AuditAddedNote][0] != "UA" || len(got[AuditMarkedAbsent]) != 1 || got[AuditMarkedAbsent][0] != "UB" {
		t.Errorf("audit trail %v, want one added-note by UA and one marked-absent by UB", got)
	}
}

func TestQueuedFeedbackIsAuditedForItsRecipient(t *testing.T) {
	ctx := context.Background()
	s, _ := mustNewStore(t)
	iv := mustCreateInterview(t, s, sampleInterview("Jane Doe", "UA"))
	if err := s.Enqueue(ctx,
		OutboxMessage{Kind: "kit", Channel: "UA", Text: "kit", About: "Jane Doe", InterviewID: iv.ID, ShowsFeedback: true},
		OutboxMessage{Kind: "reminder", Channel: "UA", Text: "reminder", About: "Jane Doe", InterviewID: iv.ID},
	); err != nil {
		t.Fatal(err)
	}
	trail, err := s.FindAudit(ctx, AuditFilter{Actor: "UA"})
	if err != nil || len(trail) != 1 || trail[0].Action != AuditReceivedFeedback || trail[0].Candidate != "Jane Doe" ||
		trail[0].InterviewID != iv.ID || trail[0].Detail != "kit" {
		t.Fatalf("trail of UA = %+v, %v; want one received-feedback entry for the kit", trail, err)
	}
}
