package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Draft is a scorecard an interviewer started and left unsubmitted: what the form held when
// they closed it. It is private to its author and never counts as a scorecard.
type Draft struct {
	InterviewID    int64
	Author         string
	Recommendation Recommendation // "" when none was picked
	Ratings        map[string]int // competency key to the rating picked, for those picked
	Strengths      string
	Concerns       string
	Note           string
	SavedAt        time.Time
}

// Empty reports whether the draft holds nothing the author entered.
func (d Draft) Empty() bool {
	return d.Recommendation == "" && len(d.Ratings) == 0 && d.Strengths == "" && d.Concerns == "" && d.Note == ""
}

func (d Draft) validate() error {
	switch {
	case d.Author == "":
		return invalid("Author", "is required")
	case d.Recommendation != "" && !d.Recommendation.Valid():
		return invalid("Recommendation", fmt.Sprintf("unknown recommendation %q", d.Recommendation))
	}
	for key, v := range d.Ratings {
		if key == "" || v < 1 {
			return invalid("Ratings", fmt.Sprintf("competency %q rated %d", key, v))
		}
	}
	return nil
}

// SaveDraft stores d as the author's draft of their scorecard on the interview, in place of
// any earlier one, stamped with the store's clock. deliveryKey, when set, records the Slack
// delivery in the same transaction: the same key again changes nothing and returns
// ErrReplayed, so a late repeat cannot overwrite a newer draft. ErrNotFound if there is no such
// interview; an error wrapping ErrConflict if the author is not on its panel, was marked absent
// or the interview was cancelled.
func (s *Store) SaveDraft(ctx context.Context, d Draft, deliveryKey string) (Draft, error) {
	if err := d.validate(); err != nil {
		return Draft{}, err
	}
	ratings, err := json.Marshal(orEmpty(d.Ratings))
	if err != nil {
		return Draft{}, fmt.Errorf("data: save draft: %w", err)
	}
	d.SavedAt = fromUnix(s.now().Unix())
	replayed := false
	err = s.inTx(ctx, "save draft", func(tx *sql.Tx) error {
		if _, found, err := handledBefore(ctx, tx, deliveryKey); err != nil || found {
			replayed = found
			return err
		}
		switch status, err := panelStatus(ctx, tx, d.InterviewID, d.Author); {
		case err != nil:
			return err
		case status == "" || status == PanelAbsent:
			return fmt.Errorf("%w: %s has no scorecard to write on interview %d", ErrConflict, d.Author, d.InterviewID)
		}
		if err := requireNotCancelled(ctx, tx, d.InterviewID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO scorecard_drafts (interview_id, author, recommendation,
			ratings, strengths, concerns, note, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (interview_id, author) DO UPDATE SET recommendation = excluded.recommendation,
			ratings = excluded.ratings, strengths = excluded.strengths, concerns = excluded.concerns,
			note = excluded.note, saved_at = excluded.saved_at`,
			d.InterviewID, d.Author, string(d.Recommendation), string(ratings), d.Strengths, d.Concerns, d.Note,
			unix(d.SavedAt)); err != nil {
			return mapErr(err)
		}
		// The outcome names the interview by id only: nothing about the candidate.
		return recordDelivery(ctx, tx, deliveryKey, strconv.FormatInt(d.InterviewID, 10), d.SavedAt)
	})
	switch {
	case err != nil:
		return Draft{}, err
	case replayed:
		return Draft{}, ErrReplayed
	}
	return d, nil
}

func orEmpty(m map[string]int) map[string]int {
	if m == nil {
		return map[string]int{}
	}
	return m
}

// Draft returns the author's draft of their scorecard on the interview, or ErrNotFound when
// they have none. Only the author's own draft can be read.
func (s *Store) Draft(ctx context.Context, interviewID int64, author string) (Draft, error) {
	d := Draft{InterviewID: interviewID, Author: author}
	var rec, ratings string
	var saved int64
	err := s.db.QueryRowContext(ctx, `SELECT recommendation, ratings, strengths, concerns, note, saved_at
		FROM scorecard_drafts WHERE interview_id = ? AND author = ?`, interviewID, author).
		Scan(&rec, &ratings, &d.Strengths, &d.Concerns, &d.Note, &saved)
	if errors.Is(err, sql.ErrNoRows) {
		return Draft{}, fmt.Errorf("data: draft: %w", ErrNotFound)
	}
	if err != nil {
		return Draft{}, fmt.Errorf("data: draft: %w", err)
	}
	if err := json.Unmarshal([]byte(ratings), &d.Ratings); err != nil {
		return Draft{}, fmt.Errorf("data: draft ratings: %w", err)
	}
	d.Recommendation, d.SavedAt = Recommendation(rec), fromUnix(saved)
	return d, nil
}

// deleteDraft removes the author's draft on the interview, if any, in tx.
func deleteDraft(ctx context.Context, tx *sql.Tx, interviewID int64, author string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM scorecard_drafts WHERE interview_id = ? AND author = ?`,
		interviewID, author); err != nil {
		return fmt.Errorf("delete draft: %w", mapErr(err))
	}
	return nil
}
