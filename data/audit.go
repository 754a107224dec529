package data

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"time"
)

// AuditAction is what someone did to candidate data.
type AuditAction string

// Audited actions.
const (
	AuditViewedSummary      AuditAction = "viewed-summary"
	AuditReceivedFeedback   AuditAction = "received-feedback" // hirebot sent them feedback: a kit with notes, a complete panel's recommendations
	AuditSubmittedScorecard AuditAction = "submitted-scorecard"
	AuditChangedScorecard   AuditAction = "changed-scorecard"
	AuditRecordedInterview  AuditAction = "recorded-interview"
	AuditChangedInterview   AuditAction = "changed-interview"
	AuditCancelledInterview AuditAction = "cancelled-interview"
	AuditRecordedDecision   AuditAction = "recorded-decision"
	AuditAddedNote          AuditAction = "added-note"
	AuditMarkedAbsent       AuditAction = "marked-absent" // a panelist said they did not attend
	AuditExported           AuditAction = "exported"
	AuditErased             AuditAction = "erased"
	AuditHeld               AuditAction = "held"
	AuditReleased           AuditAction = "released"
	AuditRetention          AuditAction = "retention-run"
)

// AuditEntry is one row of the audit trail. Detail never holds a candidate's name or anything
// written about them: ids and counts only.
type AuditEntry struct {
	ID          int64
	At          time.Time
	Actor       string // a Slack user id, or "hirebot" for the bot's own work
	Action      AuditAction
	Candidate   string // the name as given, a pseudonym after an erasure, or "" for none
	InterviewID int64  // zero for none
	Detail      string
}

// AuditSystem is the actor of what hirebot does on its own (the retention purge).
const AuditSystem = "hirebot"

// Audit appends e to the audit trail, stamped now unless e.At is set. The trail has no update
// or delete: see pseudonymise for the one change an erasure makes.
func (s *Store) Audit(ctx context.Context, e AuditEntry) error {
	return s.inTx(ctx, "audit", func(tx *sql.Tx) error { return audit(ctx, tx, s.now(), e) })
}

// audit appends e in tx.
func audit(ctx context.Context, tx *sql.Tx, now time.Time, e AuditEntry) error {
	if e.Actor == "" || e.Action == "" {
		return invalid("AuditEntry", "needs an actor and an action")
	}
	if e.At.IsZero() {
		e.At = now
	}
	var key string
	if e.Candidate != "" {
		key = candidateKey(e.Candidate)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (at, actor, action, candidate, candidate_key, interview_id, detail)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, unix(e.At), e.Actor, string(e.Action), e.Candidate, key,
		sql.NullInt64{Int64: e.InterviewID, Valid: e.InterviewID != 0}, e.Detail)
	if err != nil {
		return fmt.Errorf("append audit entry: %w", mapErr(err))
	}
	return nil
}

// auditChange appends e, if any, in tx as the audit entry of a change to the interview id: the
// entry a store method writes with the change it records, so that the two commit together (and a
// replayed delivery, which changes nothing, writes none). e's InterviewID defaults to id.
func auditChange(ctx context.Context, tx *sql.Tx, now time.Time, e *AuditEntry, id int64) error {
	if e == nil {
		return nil
	}
	entry := *e
	if entry.InterviewID == 0 {
		entry.InterviewID = id
	}
	return audit(ctx, tx, now, entry)
}

// auditOwn appends, in tx, the entry of an action actor took on interview id themselves (a note,
// a panel change), naming the interview's candidate.
func auditOwn(ctx context.Context, tx *sql.Tx, now time.Time, actor string, action AuditAction, id int64) error {
	var candidate string
	if err := tx.QueryRowContext(ctx, `SELECT candidate FROM interviews WHERE id = ?`, id).Scan(&candidate); err != nil {
		return fmt.Errorf("audit: candidate of interview %d: %w", id, mapErr(err))
	}
	return audit(ctx, tx, now, AuditEntry{Actor: actor, Action: action, Candidate: candidate, InterviewID: id})
}

// AuditFilter narrows FindAudit. Empty fields match everything.
type AuditFilter struct {
	Candidate string // a name (matched by its key) or a pseudonym
	Actor     string
	Since     time.Time // inclusive
	Until     time.Time // exclusive
	Limit     int       // at most this many, newest first; zero means 50
}

// FindAudit returns the audit entries f matches, newest first.
func (s *Store) FindAudit(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	q := `SELECT id, at, actor, action, candidate, COALESCE(interview_id, 0), detail FROM audit_log WHERE 1 = 1`
	var args []any
	if f.Candidate != "" {
		q += ` AND candidate_key = ?`
		args = append(args, candidateKey(f.Candidate))
	}
	if f.Actor != "" {
		q += ` AND actor = ?`
		args = append(args, f.Actor)
	}
	if !f.Since.IsZero() {
		q += ` AND at >= ?`
		args = append(args, unix(f.Since))
	}
	if !f.Until.IsZero() {
		q += ` AND at < ?`
		args = append(args, unix(f.Until))
	}
	q += ` ORDER BY id DESC LIMIT ?`
	args = append(args, f.Limit)
	var out []AuditEntry
	err := s.eachAudit(ctx, q, args, func(e AuditEntry) error { out = append(out, e); return nil })
	return out, err
}

// EachAuditSince calls fn with every audit entry at or after since, oldest first, stopping at
// fn's first error.
func (s *Store) EachAuditSince(ctx context.Context, since time.Time, fn func(AuditEntry) error) error {
	return s.eachAudit(ctx, `SELECT id, at, actor, action, candidate, COALESCE(interview_id, 0), detail
		FROM audit_log WHERE at >= ? ORDER BY id`, []any{unix(since)}, fn)
}

func (s *Store) eachAudit(ctx context.Context, q string, args []any, fn func(AuditEntry) error) error {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("data: audit log: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e AuditEntry
		var at int64
		var action string
		if err := rows.Scan(&e.ID, &at, &e.Actor, &action, &e.Candidate, &e.InterviewID, &e.Detail); err != nil {
			return fmt.Errorf("data: audit log: %w", err)
		}
		e.At, e.Action = fromUnix(at), AuditAction(action)
		if err := fn(e); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("data: audit log: %w", err)
	}
	return nil
}

// Pseudonym is the stable stand-in for a candidate's name once they are erased or anonymised:
// "candidate-" and 8 hex digits of an HMAC of their key under this database's secret.
func (s *Store) Pseudonym(ctx context.Context, candidate string) (string, error) {
	return pseudonym(ctx, s.db, candidateKey(candidate))
}

func pseudonym(ctx context.Context, q querier, key string) (string, error) {
	var secret string
	if err := q.QueryRowContext(ctx, `SELECT value FROM app_meta WHERE key = 'pseudonym_key'`).Scan(&secret); err != nil {
		return "", fmt.Errorf("pseudonym key: %w", err)
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(key))
	return "candidate-" + hex.EncodeToString(mac.Sum(nil))[:8], nil
}

// pseudonymiseAudit replaces a candidate's name with its pseudonym in every audit row under key
// that spells it as one of spellings, or in every row under key when spellings is nil, and in
// every row about one of the interviews ids whatever name it has (one the candidate had before
// it was changed): the only change the audit trail allows.
func (s *Store) pseudonymiseAudit(ctx context.Context, tx *sql.Tx, key string, spellings []string, ids []int64, alias string) error {
	_, err := tx.ExecContext(ctx, `UPDATE audit_log SET candidate = ?1, candidate_key = ?2
		WHERE (candidate_key = ?3 AND (CAST(?4 AS TEXT) IS NULL OR candidate IN (`+s.d.texts("?4")+`)))
			OR interview_id IN (`+s.d.ids("?5")+`)`,
		alias, candidateKey(alias), key, sql.NullString{String: jsonStrings(spellings), Valid: spellings != nil}, jsonIDs(ids))
	if err != nil {
		return fmt.Errorf("pseudonymise audit log: %w", mapErr(err))
	}
	return nil
}
