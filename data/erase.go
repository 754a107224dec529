package data

import (
	"cmp"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Spelling is one way a candidate's name is recorded, and on how many interviews.
type Spelling struct {
	Name       string
	Interviews int
}

// CandidateSpellings returns every spelling recorded under name's key (its case-folded form
// with collapsed spaces), most used first: none when no interview names them, several when
// different spellings normalise alike and only a person can tell whether they are one candidate.
func (s *Store) CandidateSpellings(ctx context.Context, name string) ([]Spelling, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT candidate, COUNT(*) FROM interviews WHERE candidate_key = ?
		GROUP BY candidate ORDER BY COUNT(*) DESC, candidate`, candidateKey(name))
	if err != nil {
		return nil, fmt.Errorf("data: candidate spellings: %w", err)
	}
	defer rows.Close()
	var out []Spelling
	for rows.Next() {
		var sp Spelling
		if err := rows.Scan(&sp.Name, &sp.Interviews); err != nil {
			return nil, fmt.Errorf("data: candidate spellings: %w", err)
		}
		out = append(out, sp)
	}
	return out, rows.Err()
}

// ErasureCounts is what an erasure removes (or would remove) of one candidate.
type ErasureCounts struct {
	Interviews, Scorecards, Notes, Decisions int
	Drafts                                   int // unsubmitted scorecards
	Queued                                   int // outbox rows about them, sent or not
	Messages                                 int // of those, messages Slack keeps a copy of, to delete there
	// InFlight counts the queued messages being sent (claimed by a sender, or sent by an attempt
	// whose outcome is not known): their rows stay, emptied, and each is deleted once it is sent.
	InFlight int
	// Unlocated counts the messages Slack keeps a copy of but hirebot does not know where (sent
	// before it recorded that): they cannot be deleted.
	Unlocated int
	Audit     int // audit rows naming them, which keep a pseudonym instead
	Files     int // files of exports about them, to delete in Slack
}

// candidateScope is the rows of one exact spelling of a candidate.
type candidateScope struct{ key, name string }

func scopeOf(spelling string) candidateScope {
	return candidateScope{key: candidateKey(spelling), name: strings.TrimSpace(spelling)}
}

// The rows of one spelling (?1 its key, ?2 the name): outbox and audit rows are found by the
// name they carry and by the interview they are about, which finds them also after the
// candidate's name was changed.
const (
	scopeInterviews = `SELECT id FROM interviews WHERE candidate_key = ?1 AND candidate = ?2`
	scopeOutbox     = `(((candidate_key = ?1 OR candidate_key = '') AND about = ?2) OR interview_id IN (` + scopeInterviews + `))`
	scopeAudit      = `((candidate_key = ?1 AND candidate = ?2) OR interview_id IN (` + scopeInterviews + `))`
	// Export files go by key alone: an export may spell the name otherwise, and what one
	// holds is theirs whatever spelling it was asked under.
	scopeFiles = `(candidate_key = ?1 AND status = 'kept')`
	// inFlight is, of the outbox rows in scope, those being sent: claimed (?3 is now), or sent
	// by an attempt whose outcome is not known.
	inFlight = ` AND status = 'pending' AND (claim_until > ?3 OR attempt_at IS NOT NULL)`
	// unlocated is, of the outbox rows in scope, the messages sent before hirebot recorded where
	// (ephemeral ones Slack keeps no copy of).
	unlocated = ` AND status = 'sent' AND private_to = '' AND sent_ts = ''`
)

// PlanErasure counts what erasing the candidate recorded exactly as spelling would remove.
// ErrNotFound when no interview is recorded under that spelling.
func (s *Store) PlanErasure(ctx context.Context, spelling string) (ErasureCounts, error) {
	sc := scopeOf(spelling)
	var c ErasureCounts
	err := s.db.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM interviews WHERE id IN (`+scopeInterviews+`)),
		(SELECT COUNT(*) FROM scorecards WHERE interview_id IN (`+scopeInterviews+`)),
		(SELECT COUNT(*) FROM candidate_notes WHERE interview_id IN (`+scopeInterviews+`)),
		(SELECT COUNT(*) FROM decisions WHERE interview_id IN (`+scopeInterviews+`)),
		(SELECT COUNT(*) FROM scorecard_drafts WHERE interview_id IN (`+scopeInterviews+`)),
		(SELECT COUNT(*) FROM outbox WHERE `+scopeOutbox+`),
		(SELECT COUNT(*) FROM outbox WHERE `+scopeOutbox+` AND sent_ts <> ''),
		(SELECT COUNT(*) FROM outbox WHERE `+scopeOutbox+inFlight+`),
		(SELECT COUNT(*) FROM outbox WHERE `+scopeOutbox+unlocated+`),
		(SELECT COUNT(*) FROM audit_log WHERE `+scopeAudit+`),
		(SELECT COUNT(*) FROM export_files WHERE `+scopeFiles+`)`, sc.key, sc.name, unix(s.now())).
		Scan(&c.Interviews, &c.Scorecards, &c.Notes, &c.Decisions, &c.Drafts, &c.Queued, &c.Messages, &c.InFlight, &c.Unlocated,
			&c.Audit, &c.Files)
	if err != nil {
		return c, fmt.Errorf("data: plan erasure: %w", err)
	}
	if c.Interviews == 0 {
		return c, fmt.Errorf("data: plan erasure: %w", ErrNotFound)
	}
	return c, nil
}

// Erasure is what EraseCandidate did: the pseudonym the audit trail keeps, what it removed, and
// the messages to delete from Slack (queued under ID).
type Erasure struct {
	ID        string
	Pseudonym string
	ErasureCounts
	Deletions []MessageDeletion
	// UnlocatedMessages are the messages about them Slack has that hirebot cannot delete: it
	// does not know where they are.
	UnlocatedMessages []UnlocatedMessage
	Files             []FileDeletion // export files to delete in Slack
	People            []string       // Slack user ids the erased interviews involved (panel, hiring manager, recorder)
}

// UnlocatedMessage is a message hirebot sent without recording where Slack put it.
type UnlocatedMessage struct {
	Kind    string // "heads-up", "reminder", …
	Channel string // the channel, or the user for a direct message
	SentAt  time.Time
}

// MessageDeletion is a message hirebot posted that an erasure deletes from Slack.
type MessageDeletion struct {
	ID          int64
	Channel, TS string
	Attempts    int // earlier tries that failed for now
}

// EraseCandidate removes, in one transaction, every record of the candidate recorded exactly as
// spelling: their interviews with panels, scorecards (every version and every draft), notes and
// decisions; the outbox messages about them (handled-delivery records stay: they hold Slack and
// row ids only, and expire after a day, see ForgetDeliveries); it queues
// the messages Slack keeps a copy of for deletion, and replaces their name in the audit trail
// with a pseudonym, adding an "erased" entry by by. ErrNotFound when no interview is recorded
// under that spelling; ErrConflict while the candidate is under legal hold.
func (s *Store) EraseCandidate(ctx context.Context, spelling, by string) (Erasure, error) {
	return s.EraseCandidateOnce(ctx, "", spelling, by)
}

// erasureOutcome is what the record of handled deliveries keeps of an erasure, to answer a
// repeat of the click: counts and the pseudonym only, never the candidate's name.
type erasureOutcome struct {
	Pseudonym string        `json:"pseudonym"`
	Counts    ErasureCounts `json:"counts"`
}

// EraseCandidateOnce is EraseCandidate for the click named deliveryKey, recorded in the same
// transaction: the same key again erases nothing and returns, with ErrReplayed, the first
// erasure's counts and pseudonym (no deletions or people: the first click had them).
func (s *Store) EraseCandidateOnce(ctx context.Context, deliveryKey, spelling, by string) (Erasure, error) {
	sc := scopeOf(spelling)
	out := Erasure{ID: rand.Text()}
	replayed := false
	err := s.inTx(ctx, "erase candidate", func(tx *sql.Tx) error {
		if outcome, found, err := handledBefore(ctx, tx, deliveryKey); err != nil || found {
			if err == nil {
				replayed = true
				var o erasureOutcome
				if err = json.Unmarshal([]byte(outcome), &o); err != nil {
					return fmt.Errorf("handled delivery outcome: %w", err)
				}
				out = Erasure{Pseudonym: o.Pseudonym, ErasureCounts: o.Counts}
			}
			return err
		}
		var err error
		if out.Pseudonym, err = pseudonym(ctx, tx, sc.key); err != nil {
			return err
		}
		if held, err := heldIn(ctx, tx, sc.key); err != nil || held {
			return firstErr(err, fmt.Errorf("candidate under legal hold: %w", ErrConflict))
		}
		ids, err := erasedIDs(ctx, tx, sc)
		if err != nil {
			return err
		}
		if len(ids.interviews) == 0 {
			return ErrNotFound
		}
		out.Interviews, out.Scorecards, out.Notes, out.Decisions = len(ids.interviews), len(ids.scorecards), len(ids.notes), len(ids.decisions)
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM scorecard_drafts WHERE interview_id IN (`+scopeInterviews+`)`,
			sc.key, sc.name).Scan(&out.Drafts); err != nil {
			return err
		}
		if out.People, err = s.involved(ctx, tx, ids.interviews); err != nil {
			return err
		}
		if out.Deletions, out.Queued, err = queueDeletions(ctx, tx, sc, out.ID, s.now()); err != nil {
			return err
		}
		out.Messages = len(out.Deletions)
		if out.UnlocatedMessages, err = unlocatedMessages(ctx, tx, sc); err != nil {
			return err
		}
		out.Unlocated = len(out.UnlocatedMessages)
		if out.InFlight, err = keepInFlight(ctx, tx, sc, out.ID, s.now()); err != nil {
			return err
		}
		if out.Files, err = queueFileDeletions(ctx, tx, sc, out.ID, s.now()); err != nil {
			return err
		}
		out.ErasureCounts.Files = len(out.Files)
		if out.Audit, err = countAudit(ctx, tx, sc); err != nil {
			return err
		}
		if err := s.deleteCandidateRows(ctx, tx, sc, ids); err != nil {
			return err
		}
		// With no other spelling left under their key, every audit row under it names them
		// (whatever spelling it was typed with); otherwise only the rows with this spelling do.
		// The rows of the erased interviews name them whatever they say.
		spellings := []string{sc.name}
		var others int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM interviews WHERE candidate_key = ?`, sc.key).Scan(&others); err != nil {
			return err
		}
		if others == 0 {
			spellings = nil
		}
		if err := s.pseudonymiseAudit(ctx, tx, sc.key, spellings, ids.interviews, out.Pseudonym); err != nil {
			return err
		}
		if err := audit(ctx, tx, s.now(), AuditEntry{Actor: by, Action: AuditErased, Candidate: out.Pseudonym,
			Detail: fmt.Sprintf("%d interviews, %d scorecards, %d notes, %d decisions, %d queued messages (%d to delete in Slack, "+
				"%d being sent, %d whose place is not known), %d export files",
				out.Interviews, out.Scorecards, out.Notes, out.Decisions, out.Queued, out.Messages, out.InFlight, out.Unlocated,
				out.ErasureCounts.Files)}); err != nil {
			return err
		}
		if deliveryKey == "" {
			return nil
		}
		outcome, err := json.Marshal(erasureOutcome{Pseudonym: out.Pseudonym, Counts: out.ErasureCounts})
		if err != nil {
			return err
		}
		return recordDelivery(ctx, tx, deliveryKey, string(outcome), s.now())
	})
	switch {
	case err != nil:
		return Erasure{}, err
	case replayed:
		return out, ErrReplayed
	}
	return out, nil
}

// firstErr returns the first non-nil error.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

type erasedRows struct{ interviews, scorecards, notes, decisions []int64 }

func erasedIDs(ctx context.Context, tx *sql.Tx, sc candidateScope) (erasedRows, error) {
	var r erasedRows
	for _, q := range []struct {
		dst   *[]int64
		query string
	}{
		{&r.interviews, scopeInterviews},
		{&r.scorecards, `SELECT id FROM scorecards WHERE interview_id IN (` + scopeInterviews + `)`},
		{&r.notes, `SELECT id FROM candidate_notes WHERE interview_id IN (` + scopeInterviews + `)`},
		{&r.decisions, `SELECT id FROM decisions WHERE interview_id IN (` + scopeInterviews + `)`},
	} {
		ids, err := queryIDs(ctx, tx, q.query, sc.key, sc.name)
		if err != nil {
			return r, err
		}
		*q.dst = ids
	}
	return r, nil
}

// involved lists, sorted, the people the interviews ids involve: their panels (past members
// too), hiring managers and recorders.
func (s *Store) involved(ctx context.Context, tx *sql.Tx, ids []int64) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT user_id FROM panelists WHERE interview_id IN (`+s.d.ids("?1")+`)
		UNION SELECT hiring_manager FROM interviews WHERE id IN (`+s.d.ids("?1")+`)
		UNION SELECT recorded_by FROM interviews WHERE id IN (`+s.d.ids("?1")+`)
		ORDER BY 1`, jsonIDs(ids))
	if err != nil {
		return nil, fmt.Errorf("people involved: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return nil, fmt.Errorf("people involved: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

func queryIDs(ctx context.Context, q querier, query string, args ...any) ([]int64, error) {
	return queryAll(ctx, q, func(rows *sql.Rows) (id int64, err error) {
		return id, rows.Scan(&id)
	}, query, args...)
}

// queueDeletions records, under erasure, every message about the candidate Slack keeps a copy
// of, and counts the outbox rows about them.
func queueDeletions(ctx context.Context, tx *sql.Tx, sc candidateScope, erasure string, now time.Time) ([]MessageDeletion, int, error) {
	var queued int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM outbox WHERE `+scopeOutbox, sc.key, sc.name).Scan(&queued); err != nil {
		return nil, 0, err
	}
	rows, err := tx.QueryContext(ctx, `INSERT INTO message_deletions (erasure, channel, ts, queued_at)
		SELECT ?3, sent_channel, sent_ts, ?4 FROM outbox WHERE `+scopeOutbox+` AND sent_ts <> '' AND sent_channel <> ''
		ORDER BY id RETURNING id, channel, ts`, sc.key, sc.name, erasure, unix(now))
	if err != nil {
		return nil, 0, fmt.Errorf("queue message deletions: %w", mapErr(err))
	}
	defer rows.Close()
	var out []MessageDeletion
	for rows.Next() {
		var d MessageDeletion
		if err := rows.Scan(&d.ID, &d.Channel, &d.TS); err != nil {
			return nil, 0, err
		}
		out = append(out, d)
	}
	return out, queued, rows.Err()
}

// unlocatedMessages lists the messages about the candidate Slack keeps a copy of whose place
// hirebot did not record (sent before it did).
func unlocatedMessages(ctx context.Context, tx *sql.Tx, sc candidateScope) ([]UnlocatedMessage, error) {
	return queryAll(ctx, tx, func(rows *sql.Rows) (m UnlocatedMessage, err error) {
		var at sql.NullInt64
		err = rows.Scan(&m.Kind, &m.Channel, &at)
		m.SentAt = fromNullUnix(at)
		return m, err
	}, `SELECT kind, channel, done_at FROM outbox WHERE `+scopeOutbox+unlocated+` ORDER BY id`, sc.key, sc.name)
}

// keepInFlight empties, instead of deleting, the outbox rows about the candidate being sent,
// and marks them with erasure: when the send completes, OutboxSent queues the message for
// deletion under it, and a sender that has not started yet does not send it (see
// OutboxAttempt). It returns how many there were.
func keepInFlight(ctx context.Context, tx *sql.Tx, sc candidateScope, erasure string, now time.Time) (int, error) {
	res, err := tx.ExecContext(ctx, `UPDATE outbox SET erasure = ?4, text = '', blocks = '', about = '', tell = '',
		candidate_key = '', interview_id = NULL WHERE `+scopeOutbox+inFlight, sc.key, sc.name, unix(now), erasure)
	if err != nil {
		return 0, fmt.Errorf("keep messages being sent: %w", mapErr(err))
	}
	n, err := res.RowsAffected()
	return int(n), err
}

func countAudit(ctx context.Context, tx *sql.Tx, sc candidateScope) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE `+scopeAudit, sc.key, sc.name).Scan(&n)
	return n, err
}

// deleteCandidateRows deletes what erasedIDs found, with the outbox rows about the candidate
// (before their interviews, by which some are found).
// Handled-delivery records stay: they hold Slack ids and row ids, nothing about the person, and
// other rows' records share their numbers. Panels, notes and decisions go with
// their interviews (ON DELETE CASCADE); drafts are deleted by name, not left to the cascade;
// scorecards refer to panel rows, so they go first, each after its ratings.
func (s *Store) deleteCandidateRows(ctx context.Context, tx *sql.Tx, sc candidateScope, r erasedRows) error {
	for _, q := range []struct {
		query string
		args  []any
	}{
		{`DELETE FROM scorecard_ratings WHERE scorecard_id IN (` + s.d.ids("?") + `)`, []any{jsonIDs(r.scorecards)}},
		{`DELETE FROM scorecards WHERE id IN (` + s.d.ids("?") + `)`, []any{jsonIDs(r.scorecards)}},
		{`DELETE FROM scorecard_drafts WHERE interview_id IN (` + s.d.ids("?") + `)`, []any{jsonIDs(r.interviews)}},
		{`DELETE FROM outbox WHERE ` + scopeOutbox, []any{sc.key, sc.name}}, // while the interviews that scope it are there (after keepInFlight)
		{`DELETE FROM interviews WHERE id IN (` + s.d.ids("?") + `)`, []any{jsonIDs(r.interviews)}},
		{`DELETE FROM candidate_holds WHERE candidate_key = ?`, []any{sc.key}},
	} {
		if _, err := tx.ExecContext(ctx, q.query, q.args...); err != nil {
			return fmt.Errorf("erase: %w", mapErr(err))
		}
	}
	return nil
}

// PendingDeletions returns the messages erasure still has to delete from Slack.
func (s *Store) PendingDeletions(ctx context.Context, erasure string) ([]MessageDeletion, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, channel, ts FROM message_deletions
		WHERE erasure = ? AND status = 'pending' ORDER BY id`, erasure)
	if err != nil {
		return nil, fmt.Errorf("data: pending deletions: %w", err)
	}
	defer rows.Close()
	var out []MessageDeletion
	for rows.Next() {
		var d MessageDeletion
		if err := rows.Scan(&d.ID, &d.Channel, &d.TS); err != nil {
			return nil, fmt.Errorf("data: pending deletions: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// ClaimDeletions claims up to limit pending message deletions, oldest first, whose last try (or,
// before any, their erasure) began at least idle before now: each is marked as tried at now, so
// that no other sweep takes it within idle. Erasures that stopped before deleting everything,
// and deletions that failed for now, are found this way.
func (s *Store) ClaimDeletions(ctx context.Context, now time.Time, idle time.Duration, limit int) ([]MessageDeletion, error) {
	var out []MessageDeletion
	err := s.inTx(ctx, "claim deletions", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `UPDATE message_deletions SET attempt_at = ?1
			WHERE id IN (SELECT id FROM message_deletions WHERE status = 'pending' AND COALESCE(attempt_at, queued_at) <= ?2
				ORDER BY id LIMIT ?3)
			RETURNING id, channel, ts, attempts`, unix(now), unix(now.Add(-idle)), limit)
		if err != nil {
			return mapErr(err)
		}
		defer rows.Close()
		for rows.Next() {
			var d MessageDeletion
			if err := rows.Scan(&d.ID, &d.Channel, &d.TS, &d.Attempts); err != nil {
				return err
			}
			out = append(out, d)
		}
		return rows.Err()
	})
	slices.SortFunc(out, func(a, b MessageDeletion) int { return cmp.Compare(a.ID, b.ID) })
	return out, err
}

// DeletionDeferred records a try at deleting a message that failed for now, with Slack's
// reason: the deletion stays pending, for ClaimDeletions to find again.
func (s *Store) DeletionDeferred(ctx context.Context, id int64, at time.Time, cause string) error {
	return s.execOne(ctx, "deletion deferred", `UPDATE message_deletions SET attempts = attempts + 1, attempt_at = ?, error = ?
		WHERE id = ? AND status = 'pending'`, unix(at), cause, id)
}

// DeletionDone records how deleting a message went: deleted when cause is "", failed with
// Slack's reason otherwise. notices (telling the admins to delete it by hand) are queued in the
// same transaction, so a failure recorded is never a failure untold.
func (s *Store) DeletionDone(ctx context.Context, id int64, at time.Time, cause string, notices ...OutboxMessage) error {
	return s.updateThenQueue(ctx, "deletion done", at, notices, `UPDATE message_deletions SET status = ?, error = ?, done_at = ?
		WHERE id = ? AND status = 'pending'`, doneStatus(cause), cause, unix(at), id)
}
