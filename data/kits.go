package data

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// DueKit is a panelist whose interview kit is due: their interview starts within the lead time,
// is not cancelled, and they have had no kit for its current start.
type DueKit struct {
	Interview Interview // with its whole panel
	Panelist  Panelist
}

// LaterNote is a note a panelist left for later interviewers of the same candidate.
type LaterNote struct {
	Author, Stage, Text string
	InterviewStartsAt   time.Time
}

// DueKits returns up to limit panelists, soonest interview first, whose kit is due at now: the
// interview starts after now and at most lead later, is not cancelled, and they are on its panel,
// not absent, and have no kit for its start. Reading claims nothing: KitQueued does, with the
// kit, in one transaction.
func (s *Store) DueKits(ctx context.Context, now time.Time, lead time.Duration, limit int) ([]DueKit, error) {
	if limit <= 0 {
		return nil, invalid("limit", "must be positive")
	}
	rows, err := s.db.QueryContext(ctx, `SELECT p.interview_id, p.user_id FROM interviews i
		JOIN panelists p ON p.interview_id = i.id
		WHERE i.starts_at > ?1 AND i.starts_at <= ?2 AND i.cancelled_at IS NULL
			AND p.removed_at IS NULL AND p.status <> 'absent'
			AND (p.kit_sent_for IS NULL OR p.kit_sent_for <> i.starts_at)
		ORDER BY i.starts_at, p.id LIMIT ?3`, unix(now), unix(now.Add(lead)), limit)
	if err != nil {
		return nil, fmt.Errorf("data: due kits: %w", err)
	}
	keys, err := scanKeys(rows)
	if err != nil {
		return nil, fmt.Errorf("data: due kits: %w", err)
	}
	var out []DueKit
	byID := map[int64]Interview{}
	for _, k := range keys {
		iv, ok := byID[k.interviewID]
		if !ok {
			if iv, err = s.Interview(ctx, k.interviewID); err != nil {
				return nil, err
			}
			byID[k.interviewID] = iv
		}
		if p, ok := iv.Panelist(k.userID); ok {
			out = append(out, DueKit{Interview: iv, Panelist: p})
		}
	}
	return out, nil
}

// KitQueued records that k's kit was sent for the interview's start and queues msg with it, in
// one transaction, only if the kit is still due for that start: ErrConflict when another sweep
// queued it first, or the interview moved, was cancelled or the panelist left it meanwhile.
func (s *Store) KitQueued(ctx context.Context, k DueKit, msg OutboxMessage) error {
	return s.kitDone(ctx, k, &msg)
}

// KitSkipped records the kit as handled without sending it (the panelist turned the "starting
// soon" message off), with the same conditions as KitQueued.
func (s *Store) KitSkipped(ctx context.Context, k DueKit) error {
	return s.kitDone(ctx, k, nil)
}

func (s *Store) kitDone(ctx context.Context, k DueKit, msg *OutboxMessage) error {
	err := s.inTx(ctx, "kit done", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE panelists SET kit_sent_for = ?1
			WHERE interview_id = ?2 AND user_id = ?3 AND removed_at IS NULL AND status <> 'absent'
				AND (kit_sent_for IS NULL OR kit_sent_for <> ?1)
				AND EXISTS (SELECT 1 FROM interviews WHERE id = ?2 AND starts_at = ?1 AND cancelled_at IS NULL)`,
			unix(k.Interview.StartsAt), k.Interview.ID, k.Panelist.UserID)
		if err != nil {
			return mapErr(err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = fmt.Errorf("%w: the kit of %s for interview %d is no longer due", ErrConflict, k.Panelist.UserID, k.Interview.ID)
			}
			return err
		}
		if msg == nil {
			return nil
		}
		return enqueue(ctx, tx, s.now(), *msg)
	})
	if err == nil && msg != nil {
		s.queued()
	}
	return err
}

// EarlierNotes returns the notes for later interviewers left on the scorecards (current
// versions) of the candidate's interviews that started before iv, oldest first: interviews of
// the same hiring manager, not cancelled, so that two candidates who share a name in different
// hiring processes never see each other's notes.
func (s *Store) EarlierNotes(ctx context.Context, iv Interview) ([]LaterNote, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT s.author, i.stage, s.note, i.starts_at FROM scorecards s
		JOIN interviews i ON i.id = s.interview_id
		WHERE i.candidate_key = ? AND i.starts_at < ? AND i.id <> ? AND s.note <> ''
			AND i.hiring_manager = ? AND i.cancelled_at IS NULL
			AND s.version = (SELECT MAX(version) FROM scorecards WHERE interview_id = s.interview_id AND author = s.author)
		ORDER BY i.starts_at, s.id`, candidateKey(iv.Candidate), unix(iv.StartsAt), iv.ID, iv.HiringManager)
	if err != nil {
		return nil, fmt.Errorf("data: earlier notes on %q: %w", iv.Candidate, err)
	}
	defer rows.Close()
	var out []LaterNote
	for rows.Next() {
		var n LaterNote
		var at int64
		if err := rows.Scan(&n.Author, &n.Stage, &n.Text, &at); err != nil {
			return nil, fmt.Errorf("data: earlier notes on %q: %w", iv.Candidate, err)
		}
		n.InterviewStartsAt = fromUnix(at)
		out = append(out, n)
	}
	return out, rows.Err()
}
