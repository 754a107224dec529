package data

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Note is something a person added to a candidate's interview, such as a message from a channel.
type Note struct {
	ID            int64
	InterviewID   int64
	Author        string
	Body          string
	SourceChannel string // where the message it came from was posted; "" when unknown
	SourceTS      string
	CreatedAt     time.Time
}

// NewNote is what AddNote records.
type NewNote struct {
	InterviewID   int64
	Author        string
	Body          string
	SourceChannel string
	SourceTS      string
	// DeliveryKey, when set, records the Slack submission in the same transaction: the same key
	// again stores nothing and returns the note it stored with ErrReplayed.
	DeliveryKey string
	// Notify, when set, builds the messages to queue in the outbox with the stored note (the
	// confirmation to its author), in the same transaction: they go out once, whatever happens.
	Notify func(Note) []OutboxMessage
}

// AddNote stores a note on an interview. It returns ErrNotFound if there is no such interview.
// Who may add notes is the caller's decision.
func (s *Store) AddNote(ctx context.Context, n NewNote) (Note, error) {
	body := strings.TrimSpace(n.Body)
	switch {
	case n.Author == "":
		return Note{}, invalid("Author", "is required")
	case body == "":
		return Note{}, invalid("Body", "is required")
	}
	out := Note{InterviewID: n.InterviewID, Author: n.Author, Body: body, SourceChannel: n.SourceChannel,
		SourceTS: n.SourceTS, CreatedAt: fromUnix(s.now().Unix())}
	replayed, queued := false, false
	err := s.inTx(ctx, "add note", func(tx *sql.Tx) error {
		if outcome, found, err := handledBefore(ctx, tx, n.DeliveryKey); err != nil || found {
			if err == nil {
				replayed = true
				out, err = noteByOutcome(ctx, tx, outcome)
			}
			return err
		}
		if _, err := panelStatus(ctx, tx, n.InterviewID, n.Author); err != nil {
			return err // ErrNotFound without the interview
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO candidate_notes
			(interview_id, author, body, source_channel, source_ts, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			out.InterviewID, out.Author, out.Body, out.SourceChannel, out.SourceTS, unix(out.CreatedAt)).Scan(&out.ID)
		if err != nil {
			return fmt.Errorf("insert note: %w", mapErr(err))
		}
		if err := auditOwn(ctx, tx, out.CreatedAt, out.Author, AuditAddedNote, out.InterviewID); err != nil {
			return err
		}
		if n.Notify != nil {
			notices := n.Notify(out)
			if err := enqueue(ctx, tx, s.now(), notices...); err != nil {
				return err
			}
			queued = len(notices) > 0
		}
		return recordDelivery(ctx, tx, n.DeliveryKey, strconv.FormatInt(out.ID, 10), out.CreatedAt)
	})
	switch {
	case err != nil:
		return Note{}, err
	case replayed:
		return out, ErrReplayed
	}
	if queued {
		s.queued()
	}
	return out, nil
}

const noteCols = `id, interview_id, author, body, source_channel, source_ts, created_at`

func noteByOutcome(ctx context.Context, q querier, outcome string) (Note, error) {
	return byOutcome(ctx, q, outcome, "note", `SELECT `+noteCols+` FROM candidate_notes WHERE id = ?`, queryNotes)
}

// InterviewNotes returns the notes on the given interviews, keyed by interview id, oldest first.
// Access control is the caller's.
func (s *Store) InterviewNotes(ctx context.Context, interviewIDs []int64) (map[int64][]Note, error) {
	notes, err := queryNotes(ctx, s.db, `SELECT `+noteCols+` FROM candidate_notes
		WHERE interview_id IN (`+s.d.ids("?")+`) ORDER BY id`, jsonIDs(interviewIDs))
	if err != nil {
		return nil, fmt.Errorf("data: notes: %w", err)
	}
	out := make(map[int64][]Note)
	for _, n := range notes {
		out[n.InterviewID] = append(out[n.InterviewID], n)
	}
	return out, nil
}

func queryNotes(ctx context.Context, q querier, query string, args ...any) ([]Note, error) {
	return queryAll(ctx, q, scanNote, query, args...)
}

func scanNote(rows *sql.Rows) (Note, error) {
	var n Note
	var at int64
	if err := rows.Scan(&n.ID, &n.InterviewID, &n.Author, &n.Body, &n.SourceChannel, &n.SourceTS, &at); err != nil {
		return Note{}, err
	}
	n.CreatedAt = fromUnix(at)
	return n, nil
}
