package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// CandidateExport is everything stored about one candidate (every spelling under their key).
type CandidateExport struct {
	Candidate  string              `json:"candidate"`
	ExportedAt time.Time           `json:"exported_at"`
	LegalHold  bool                `json:"legal_hold"`
	HeldBy     string              `json:"held_by,omitempty"` // who placed the legal hold
	HeldAt     *time.Time          `json:"held_at,omitempty"`
	Interviews []ExportedInterview `json:"interviews"`
	Messages   []ExportedMessage   `json:"messages"`
	Audit      []AuditEntry        `json:"audit"`
}

// ExportedInterview is one interview with every version of every scorecard, its notes and its
// decisions, oldest first.
type ExportedInterview struct {
	Interview  Interview   `json:"interview"`
	Scorecards []Scorecard `json:"scorecards"`
	Notes      []Note      `json:"notes"`
	Decisions  []Decision  `json:"decisions"`
	Drafts     []Draft     `json:"drafts"` // scorecards their authors have not submitted yet
}

// ExportedMessage is a message hirebot queued about the candidate.
type ExportedMessage struct {
	Kind      string          `json:"kind"`
	To        string          `json:"to"`
	Text      string          `json:"text"`
	Blocks    json.RawMessage `json:"blocks,omitempty"` // the message as Slack shows it (Block Kit)
	Status    string          `json:"status"`
	CreatedAt time.Time       `json:"created_at"`
	// SentChannel and SentTS name the message in Slack once it was posted.
	SentChannel string `json:"sent_channel,omitempty"`
	SentTS      string `json:"sent_ts,omitempty"`
}

// ExportCandidate gathers everything stored about the candidate name (matched by key), at now.
// ErrNotFound when no interview names them.
func (s *Store) ExportCandidate(ctx context.Context, name string) (CandidateExport, error) {
	key := candidateKey(name)
	out := CandidateExport{Candidate: name, ExportedAt: fromUnix(s.now().Unix())}
	ivs, err := s.queryInterviews(ctx, s.db, `SELECT `+interviewCols+` FROM interviews WHERE candidate_key = ? ORDER BY starts_at, id`, key)
	if err != nil {
		return out, fmt.Errorf("data: export interviews: %w", err)
	}
	if len(ivs) == 0 {
		return out, fmt.Errorf("data: export: %w", ErrNotFound)
	}
	out.Candidate = ivs[len(ivs)-1].Candidate
	for _, iv := range ivs {
		e := ExportedInterview{Interview: iv}
		if e.Scorecards, err = s.queryScorecards(ctx, s.db, `SELECT `+scorecardCols+` FROM scorecards WHERE interview_id = ? ORDER BY id`, iv.ID); err != nil {
			return out, fmt.Errorf("data: export scorecards: %w", err)
		}
		if e.Notes, err = queryNotes(ctx, s.db, `SELECT `+noteCols+` FROM candidate_notes WHERE interview_id = ? ORDER BY id`, iv.ID); err != nil {
			return out, fmt.Errorf("data: export notes: %w", err)
		}
		if e.Decisions, err = queryDecisions(ctx, s.db, `SELECT `+decisionCols+` FROM decisions WHERE interview_id = ? ORDER BY id`, iv.ID); err != nil {
			return out, fmt.Errorf("data: export decisions: %w", err)
		}
		// Every draft on the interview, also of someone taken off its panel since.
		authors, err := draftAuthors(ctx, s.db, iv.ID)
		if err != nil {
			return out, fmt.Errorf("data: export drafts: %w", err)
		}
		for _, a := range authors {
			d, err := s.Draft(ctx, iv.ID, a)
			if err != nil && !errors.Is(err, ErrNotFound) {
				return out, fmt.Errorf("data: export drafts: %w", err)
			}
			if err == nil {
				e.Drafts = append(e.Drafts, d)
			}
		}
		out.Interviews = append(out.Interviews, e)
	}
	if out.Messages, err = s.exportMessages(ctx, key, ivs); err != nil {
		return out, err
	}
	if err := s.exportHold(ctx, key, &out); err != nil {
		return out, err
	}
	// Also the rows about their interviews under a name they had before it was changed.
	err = s.eachAudit(ctx, `SELECT id, at, actor, action, candidate, COALESCE(interview_id, 0), detail
		FROM audit_log WHERE candidate_key = ? OR interview_id IN (`+s.d.ids("?")+`) ORDER BY id`,
		[]any{key, jsonIDs(interviewIDs(ivs))}, func(e AuditEntry) error {
			out.Audit = append(out.Audit, e)
			return nil
		})
	return out, err
}

func (s *Store) exportMessages(ctx context.Context, key string, ivs []Interview) ([]ExportedMessage, error) {
	names := make([]string, len(ivs))
	for i, iv := range ivs {
		names[i] = iv.Candidate
	}
	rows, err := s.db.QueryContext(ctx, `SELECT kind, channel, text, blocks, status, created_at, sent_channel, sent_ts FROM outbox
		WHERE candidate_key = ? OR (candidate_key = '' AND about IN (`+s.d.texts("?")+`))
			OR interview_id IN (`+s.d.ids("?")+`) ORDER BY id`,
		key, jsonStrings(names), jsonIDs(interviewIDs(ivs)))
	if err != nil {
		return nil, fmt.Errorf("data: export messages: %w", err)
	}
	defer rows.Close()
	var out []ExportedMessage
	for rows.Next() {
		var m ExportedMessage
		var at int64
		var blocks string
		if err := rows.Scan(&m.Kind, &m.To, &m.Text, &blocks, &m.Status, &at, &m.SentChannel, &m.SentTS); err != nil {
			return nil, fmt.Errorf("data: export messages: %w", err)
		}
		m.CreatedAt = fromUnix(at)
		if json.Valid([]byte(blocks)) {
			m.Blocks = json.RawMessage(blocks)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// exportHold fills in the candidate's legal hold, if any: who placed it and when.
func (s *Store) exportHold(ctx context.Context, key string, out *CandidateExport) error {
	var at int64
	err := s.db.QueryRowContext(ctx, `SELECT held_by, held_at FROM candidate_holds WHERE candidate_key = ?`, key).Scan(&out.HeldBy, &at)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("data: export legal hold: %w", err)
	}
	held := fromUnix(at)
	out.LegalHold, out.HeldAt = true, &held
	return nil
}

// interviewIDs lists the ids of ivs.
func interviewIDs(ivs []Interview) []int64 {
	ids := make([]int64, len(ivs))
	for i, iv := range ivs {
		ids[i] = iv.ID
	}
	return ids
}

// draftAuthors lists who has a scorecard draft on the interview.
func draftAuthors(ctx context.Context, q querier, interviewID int64) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT author FROM scorecard_drafts WHERE interview_id = ? ORDER BY author`, interviewID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
