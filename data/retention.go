package data

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// RetentionRun is one run of the retention purge.
type RetentionRun struct {
	// Cutoff: interviews whose last activity (their end, a scorecard, a note, a decision, a
	// cancellation) is before it are anonymised.
	Cutoff time.Time
	// Notify builds the messages that report the run (to the admins), queued in its
	// transaction; nil, or no messages, reports nothing.
	Notify func(RetentionReport) []OutboxMessage
}

// RetentionReport is what a run of the retention purge did.
type RetentionReport struct {
	Ran        bool // false when a purge ran already today (UTC), in this process or another
	Cutoff     time.Time
	Interviews int // anonymised
	Candidates int // whose interviews those were
	Held       int // candidates under legal hold with interviews past the cutoff, kept
}

// retentionDecisionReason replaces a decision's reason once the purge anonymised it (the
// column allows no empty reason).
const retentionDecisionReason = "(removed by the retention purge)"

// RunRetention anonymises, in one transaction, every interview whose last activity is before
// r.Cutoff, unless its candidate is under legal hold: the candidate's name becomes their
// pseudonym, and the free text about them goes (cancellation reasons, scorecard strengths,
// concerns and notes, candidate notes, decision reasons, the text of the messages hirebot
// queued about them); ratings, recommendations, outcomes and the panel stay, as anonymous
// statistics. The audit trail calls them by their pseudonym and gets an entry for the run.
// It runs at most once per UTC day: the day is recorded in the same transaction, so a restart
// or a second process does not run it again (Ran is then false).
func (s *Store) RunRetention(ctx context.Context, r RetentionRun) (RetentionReport, error) {
	now := s.now().UTC()
	rep := RetentionReport{Cutoff: r.Cutoff.UTC()}
	var queued bool
	err := s.inTx(ctx, "retention", func(tx *sql.Tx) error {
		due, err := retentionDue(ctx, tx, now)
		if err != nil || !due {
			return err
		}
		rep.Ran = true
		if rep, err = s.anonymiseOlder(ctx, tx, now, rep); err != nil {
			return err
		}
		if err := audit(ctx, tx, now, AuditEntry{Actor: AuditSystem, Action: AuditRetention, Detail: rep.String()}); err != nil {
			return err
		}
		if r.Notify == nil {
			return nil
		}
		msgs := r.Notify(rep)
		queued = len(msgs) > 0
		return enqueue(ctx, tx, now, msgs...)
	})
	if err != nil {
		return RetentionReport{}, err
	}
	if queued {
		s.queued()
	}
	return rep, nil
}

// String is the report as the audit trail keeps it: counts and the cutoff, no names.
func (r RetentionReport) String() string {
	return fmt.Sprintf("%d interviews of %d candidates anonymised (last activity before %s); %d candidates on legal hold kept",
		r.Interviews, r.Candidates, r.Cutoff.Format(time.DateOnly), r.Held)
}

// retentionDue records today (UTC) as the day of the last purge and reports whether it was not
// already.
func retentionDue(ctx context.Context, tx *sql.Tx, now time.Time) (bool, error) {
	today := now.Format(time.DateOnly)
	var last string
	err := tx.QueryRowContext(ctx, `SELECT value FROM app_meta WHERE key = 'retention_last_run'`).Scan(&last)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("last retention run: %w", err)
	}
	if last >= today {
		return false, nil
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO app_meta (key, value) VALUES ('retention_last_run', ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, today)
	return err == nil, err
}

// RetentionLastRun is the UTC day the retention purge last ran, "" for never.
func (s *Store) RetentionLastRun(ctx context.Context) (string, error) {
	var last string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM app_meta WHERE key = 'retention_last_run'`).Scan(&last)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("data: last retention run: %w", err)
	}
	return last, nil
}

// expired is an interview past the retention period.
type expired struct {
	id             int64
	candidate, key string
	held           bool
}

// expiredInterviews lists the interviews not anonymised yet whose last activity is before
// cutoff, with whether their candidate is under legal hold.
func expiredInterviews(ctx context.Context, tx *sql.Tx, cutoff time.Time) ([]expired, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, candidate, candidate_key,
			EXISTS (SELECT 1 FROM candidate_holds h WHERE h.candidate_key = i.candidate_key)
		FROM interviews i
		WHERE anonymised_at IS NULL AND ends_at < ?1 AND COALESCE(cancelled_at, 0) < ?1
			AND NOT EXISTS (SELECT 1 FROM scorecards WHERE interview_id = i.id AND submitted_at >= ?1)
			AND NOT EXISTS (SELECT 1 FROM candidate_notes WHERE interview_id = i.id AND created_at >= ?1)
			AND NOT EXISTS (SELECT 1 FROM decisions WHERE interview_id = i.id AND decided_at >= ?1)
		ORDER BY id`, unix(cutoff))
	if err != nil {
		return nil, fmt.Errorf("expired interviews: %w", err)
	}
	defer rows.Close()
	var out []expired
	for rows.Next() {
		var e expired
		if err := rows.Scan(&e.id, &e.candidate, &e.key, &e.held); err != nil {
			return nil, fmt.Errorf("expired interviews: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// anonymiseOlder anonymises the expired interviews of every candidate not under legal hold,
// one candidate (key) at a time, and counts what it did into rep.
func (s *Store) anonymiseOlder(ctx context.Context, tx *sql.Tx, now time.Time, rep RetentionReport) (RetentionReport, error) {
	exp, err := expiredInterviews(ctx, tx, rep.Cutoff)
	if err != nil {
		return rep, err
	}
	type candidate struct {
		ids       []int64
		spellings []string
	}
	byKey := map[string]*candidate{}
	var keys []string
	held := map[string]bool{}
	for _, e := range exp {
		if e.held {
			held[e.key] = true
			continue
		}
		c := byKey[e.key]
		if c == nil {
			c = &candidate{}
			byKey[e.key] = c
			keys = append(keys, e.key)
		}
		c.ids = append(c.ids, e.id)
		c.spellings = append(c.spellings, e.candidate)
	}
	for _, key := range keys {
		c := byKey[key]
		if err := s.anonymiseCandidate(ctx, tx, now, rep.Cutoff, key, c.spellings, c.ids); err != nil {
			return rep, err
		}
		rep.Interviews += len(c.ids)
	}
	rep.Candidates, rep.Held = len(keys), len(held)
	return rep, nil
}

// anonymiseCandidate anonymises the interviews ids of the candidate with key (recorded under
// spellings). The audit rows and outbox messages about these interviews are anonymised whatever
// name they carry (one the candidate had before it was changed). With none of their interviews
// left named, every audit row, outbox message and export file under key is too; otherwise only
// the messages under key queued before cutoff.
//
// The interviews and messages get a random alias (see anonymousAlias), unrelated to the name: the
// anonymous statistics cannot be linked to the candidate by anyone who knows their name. Only
// the audit trail keeps the stable pseudonym, which the same name always gets.
func (s *Store) anonymiseCandidate(ctx context.Context, tx *sql.Tx, now, cutoff time.Time, key string, spellings []string, ids []int64) error {
	stable, err := pseudonym(ctx, tx, key)
	if err != nil {
		return err
	}
	alias, err := anonymousAlias()
	if err != nil {
		return err
	}
	aliasKey := candidateKey(alias)
	if err := s.anonymiseInterviews(ctx, tx, now, alias, ids); err != nil {
		return err
	}
	var named int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM interviews WHERE candidate_key = ?`, key).Scan(&named); err != nil {
		return err
	}
	before := sql.NullInt64{Int64: unix(cutoff), Valid: named > 0}
	if _, err := tx.ExecContext(ctx, `UPDATE outbox SET text = '', blocks = '', about = ?1, candidate_key = ?2,
			status = CASE status WHEN 'pending' THEN 'failed' ELSE status END,
			last_error = CASE status WHEN 'pending' THEN '`+droppedAnonymised+`' ELSE last_error END,
			done_at = CASE status WHEN 'pending' THEN ?3 ELSE done_at END,
			claim_token = NULL, claim_owner = NULL, claim_until = NULL
		WHERE interview_id IN (`+s.d.ids("?7")+`)
			OR ((candidate_key = ?4 OR (candidate_key = '' AND about IN (`+s.d.texts("?5")+`)))
				AND (CAST(?6 AS BIGINT) IS NULL OR created_at < ?6))`,
		alias, aliasKey, unix(now), key, jsonStrings(spellings), before, jsonIDs(ids)); err != nil {
		return fmt.Errorf("anonymise outbox: %w", mapErr(err))
	}
	if named == 0 {
		// The export files stay in Slack as the messages do; under the alias, an erasure of it
		// deletes them.
		if _, err := tx.ExecContext(ctx, `UPDATE export_files SET candidate = ?1, candidate_key = ?2
			WHERE candidate_key = ?3 AND status = 'kept'`, alias, aliasKey, key); err != nil {
			return fmt.Errorf("anonymise export files: %w", mapErr(err))
		}
		return s.pseudonymiseAudit(ctx, tx, key, nil, ids, stable)
	}
	// Entries about the candidate as a whole stay under their name while an interview of theirs is
	// left (earlier versions tied them to the first interview): they go with the last one.
	if _, err := tx.ExecContext(ctx, `UPDATE audit_log SET candidate = ?1, candidate_key = ?2
		WHERE interview_id IN (`+s.d.ids("?3")+`) AND NOT (candidate_key = ?4 AND action IN (?5, ?6, ?7))`,
		stable, candidateKey(stable), jsonIDs(ids), key, AuditHeld, AuditReleased, AuditExported); err != nil {
		return fmt.Errorf("pseudonymise audit log: %w", mapErr(err))
	}
	return nil
}

// anonymousAlias is a new random name for a candidate's anonymised interviews: those of one
// candidate that one purge anonymises share it (so that `/hirebot-admin erase` of it finds them
// and the messages about them), those of another purge get another.
func anonymousAlias() (string, error) {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("anonymous alias: %w", err)
	}
	return "anonymous-" + hex.EncodeToString(b), nil
}

// anonymiseInterviews gives the interviews ids the candidate alias and removes their free text,
// and the reminders they still had due. Handled-delivery records stay (Slack and row ids only).
func (s *Store) anonymiseInterviews(ctx context.Context, tx *sql.Tx, now time.Time, alias string, ids []int64) error {
	in := jsonIDs(ids)
	for _, q := range []struct {
		query string
		args  []any
	}{
		{`UPDATE interviews SET candidate = ?, candidate_key = ?, cancel_reason = '', anonymised_at = ?
			WHERE id IN (` + s.d.ids("?") + `)`, []any{alias, candidateKey(alias), unix(now), in}},
		{`UPDATE scorecards SET strengths = '', concerns = '', note = '' WHERE interview_id IN (` + s.d.ids("?") + `)`, []any{in}},
		{`DELETE FROM candidate_notes WHERE interview_id IN (` + s.d.ids("?") + `)`, []any{in}},
		{`DELETE FROM scorecard_drafts WHERE interview_id IN (` + s.d.ids("?") + `)`, []any{in}},
		{`UPDATE decisions SET reason = ? WHERE interview_id IN (` + s.d.ids("?") + `)`, []any{retentionDecisionReason, in}},
		{`UPDATE panelists SET next_reminder_at = NULL WHERE interview_id IN (` + s.d.ids("?") + `) AND next_reminder_at IS NOT NULL`, []any{in}},
	} {
		if _, err := tx.ExecContext(ctx, q.query, q.args...); err != nil {
			return fmt.Errorf("anonymise: %w", mapErr(err))
		}
	}
	return nil
}
