package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Recommendation is an interviewer's overall verdict.
type Recommendation string

// Recommendations, from worst to best.
const (
	StrongNoHire Recommendation = "strong-no-hire"
	NoHire       Recommendation = "no-hire"
	Hire         Recommendation = "hire"
	StrongHire   Recommendation = "strong-hire"
)

// Valid reports whether r is one of the four recommendations.
func (r Recommendation) Valid() bool {
	switch r {
	case StrongNoHire, NoHire, Hire, StrongHire:
		return true
	}
	return false
}

// Rating is a scorecard's score on one competency, with the competency's key and label as the
// form said when the scorecard was filled in.
type Rating struct {
	Competency string // the key: scorecards that share it are compared on it
	Label      string
	Value      int // from 1 to the length of the scorecard's scale
}

// validateRatings checks that every rating has a key and a label, no key twice, and a value
// on the scale.
func validateRatings(ratings []Rating, scale []string) error {
	if len(scale) < 2 {
		return invalid("Scale", "must have at least 2 labels")
	}
	if len(ratings) == 0 {
		return invalid("Ratings", "must have at least one rating")
	}
	seen := map[string]bool{}
	for i, r := range ratings {
		field := fmt.Sprintf("Ratings[%d]", i)
		switch {
		case r.Competency == "" || r.Label == "":
			return invalid(field, "needs a competency and a label")
		case seen[r.Competency]:
			return invalid(field, fmt.Sprintf("competency %q rated twice", r.Competency))
		case r.Value < 1 || r.Value > len(scale):
			return invalid(field, fmt.Sprintf("must be from 1 to %d", len(scale)))
		}
		seen[r.Competency] = true
	}
	return nil
}

// RecommendationOption is a recommendation a scorecard form offered, under its label.
type RecommendationOption struct {
	Value Recommendation `json:"value"`
	Label string         `json:"label"`
}

// FieldLabel is the label a scorecard form gave one of its free-text fields ("strengths",
// "concerns", "note").
type FieldLabel struct {
	Key   string `json:"key"`
	Label string `json:"label"`
}

// BuiltinRecommendations and BuiltinFields are the words of the form scorecards were filled in
// on before they kept their own: a scorecard submitted without them keeps these.
var (
	BuiltinRecommendations = []RecommendationOption{{StrongNoHire, "Strong no hire"}, {NoHire, "No hire"}, {Hire, "Hire"}, {StrongHire, "Strong hire"}}
	BuiltinFields          = []FieldLabel{{"strengths", "Strengths"}, {"concerns", "Concerns"}, {"note", "Note for later interviewers"}}
)

// Scorecard is one submitted version of an interviewer's feedback.
type Scorecard struct {
	ID, InterviewID int64
	Author          string
	Version         int // 1 for the first submission, then one more per resubmission
	Recommendation  Recommendation
	Ratings         []Rating // in the order the form showed them
	Scale           []string // the labels of ratings 1, 2, … as the form said
	// Offered are the recommendations the form offered, in its order, with their labels as it
	// said them; Fields the labels of its free-text fields.
	Offered     []RecommendationOption
	Fields      []FieldLabel
	Strengths   string
	Concerns    string
	Note        string // for later interviewers of the same candidate; "" for none
	SubmittedAt time.Time
}

// RecommendationLabel is what the form the scorecard was filled in on called its recommendation.
func (sc Scorecard) RecommendationLabel() string {
	for _, o := range sc.Offered {
		if o.Value == sc.Recommendation {
			return o.Label
		}
	}
	for _, o := range BuiltinRecommendations {
		if o.Value == sc.Recommendation {
			return o.Label
		}
	}
	return string(sc.Recommendation)
}

// FieldLabel is what the form the scorecard was filled in on called the free-text field key, or
// the built-in label when the form had no such field.
func (sc Scorecard) FieldLabel(key string) string {
	for _, f := range append(slices.Clip(sc.Fields), BuiltinFields...) {
		if f.Key == key {
			return f.Label
		}
	}
	return key
}

// NewScorecard is what SubmitScorecard records.
type NewScorecard struct {
	InterviewID    int64
	Author         string
	Recommendation Recommendation
	Ratings        []Rating
	Scale          []string // the labels of ratings 1, 2, …
	// Offered and Fields are the words of the form: the recommendations it offered, with their
	// labels, and the labels of its free-text fields. Left out, they are the built-in form's.
	Offered             []RecommendationOption
	Fields              []FieldLabel
	Strengths, Concerns string
	Note                string // optional: for later interviewers of the same candidate
	// DeliveryKey, when set, records the Slack submission in the same transaction: the same key
	// again stores nothing and returns the scorecard it stored with ErrReplayed.
	DeliveryKey string
	// Notify builds messages to queue with the scorecard (the author's receipt), in the same
	// transaction.
	Notify func(Scorecard) []OutboxMessage
	// PanelComplete builds the messages to queue, in the same transaction, when this scorecard is
	// the last one the panel owed (see completePanel): it gets the interview and the current
	// scorecards of its panel. Called at most once per interview.
	PanelComplete func(Interview, []Scorecard) []OutboxMessage
	// Audit, when set, is appended to the audit trail in the same transaction. An empty Action
	// becomes AuditSubmittedScorecard for a first version and AuditChangedScorecard for a later
	// one; an empty InterviewID, the scorecard's.
	Audit *AuditEntry
}

func (sc NewScorecard) validate() error {
	switch {
	case sc.Author == "":
		return invalid("Author", "is required")
	case !sc.Recommendation.Valid():
		return invalid("Recommendation", fmt.Sprintf("unknown recommendation %q", sc.Recommendation))
	case len(sc.Offered) > 0 && !slices.ContainsFunc(sc.Offered, func(o RecommendationOption) bool { return o.Value == sc.Recommendation }):
		return invalid("Recommendation", fmt.Sprintf("%q is not one the form offered", sc.Recommendation))
	}
	for i, o := range sc.Offered {
		if !o.Value.Valid() || o.Label == "" {
			return invalid(fmt.Sprintf("Offered[%d]", i), "needs a known recommendation and a label")
		}
	}
	for i, f := range sc.Fields {
		if f.Key == "" || f.Label == "" {
			return invalid(fmt.Sprintf("Fields[%d]", i), "needs a key and a label")
		}
	}
	return validateRatings(sc.Ratings, sc.Scale)
}

const scorecardCols = `id, interview_id, author, version, recommendation, scale, recommendations, fields,
	strengths, concerns, note, submitted_at`

// SubmitScorecard stores a new version of the author's scorecard (one more than their latest)
// and, in the same transaction, deletes their draft, marks their panel row submitted and cancels
// its reminders and any claim on it (a reminder or kit still queued for them is dropped). It returns ErrNotFound if there is no such interview, and an error wrapping
// ErrConflict if the author is not on the panel or was marked absent. The scorecard is committed
// to disk before SubmitScorecard returns.
func (s *Store) SubmitScorecard(ctx context.Context, sc NewScorecard) (Scorecard, error) {
	if err := sc.validate(); err != nil {
		return Scorecard{}, err
	}
	out := Scorecard{InterviewID: sc.InterviewID, Author: sc.Author, Recommendation: sc.Recommendation,
		Ratings: sc.Ratings, Scale: sc.Scale, Offered: sc.Offered, Fields: sc.Fields,
		Strengths: sc.Strengths, Concerns: sc.Concerns, Note: sc.Note, SubmittedAt: fromUnix(s.now().Unix())}
	if out.Offered == nil {
		out.Offered = BuiltinRecommendations
	}
	if out.Fields == nil {
		out.Fields = BuiltinFields
	}
	replayed := false
	err := s.inTx(ctx, "submit scorecard", func(tx *sql.Tx) error {
		if outcome, found, err := handledBefore(ctx, tx, sc.DeliveryKey); err != nil || found {
			if err == nil {
				replayed = true
				out, err = s.scorecardByOutcome(ctx, tx, outcome)
			}
			return err
		}
		status, err := panelStatus(ctx, tx, sc.InterviewID, sc.Author)
		switch {
		case err != nil:
			return err
		case status == "":
			return fmt.Errorf("%w: %s is not on the panel of interview %d", ErrConflict, sc.Author, sc.InterviewID)
		case status == PanelAbsent:
			return fmt.Errorf("%w: %s was marked absent from interview %d", ErrConflict, sc.Author, sc.InterviewID)
		}
		if err := requireNotCancelled(ctx, tx, sc.InterviewID); err != nil {
			return err
		}
		if err := insertScorecard(ctx, tx, &out); err != nil {
			return err
		}
		if err := deleteDraft(ctx, tx, sc.InterviewID, sc.Author); err != nil {
			return err
		}
		if _, err = tx.ExecContext(ctx, `UPDATE panelists SET status = 'submitted', next_reminder_at = NULL,
			claim_token = NULL, claim_until = NULL, claim_owner = NULL WHERE interview_id = ? AND user_id = ?`,
			sc.InterviewID, sc.Author); err != nil {
			return mapErr(err)
		}
		// A reminder or kit still waiting for Slack would now ask for what is done.
		if err := dropQueued(ctx, tx, out.SubmittedAt, sc.InterviewID, sc.Author, droppedSubmitted, KindKit, KindReminder); err != nil {
			return err
		}
		if err := recordDelivery(ctx, tx, sc.DeliveryKey, strconv.FormatInt(out.ID, 10), out.SubmittedAt); err != nil {
			return err
		}
		if err := auditChange(ctx, tx, out.SubmittedAt, scorecardAudit(sc.Audit, out), sc.InterviewID); err != nil {
			return err
		}
		if sc.Notify != nil {
			if err := enqueue(ctx, tx, out.SubmittedAt, sc.Notify(out)...); err != nil {
				return err
			}
		}
		return s.completePanel(ctx, tx, sc.InterviewID, out.SubmittedAt, sc.PanelComplete)
	})
	switch {
	case err != nil:
		return Scorecard{}, err
	case replayed:
		return out, ErrReplayed
	}
	if sc.Notify != nil || sc.PanelComplete != nil {
		s.queued()
	}
	return out, nil
}

// scorecardAudit is e with the action a saved scorecard calls for, unless e names one: a first
// version is submitted, a later one changes it.
func scorecardAudit(e *AuditEntry, saved Scorecard) *AuditEntry {
	if e == nil || e.Action != "" {
		return e
	}
	entry := *e
	entry.Action = AuditSubmittedScorecard
	if saved.Version > 1 {
		entry.Action = AuditChangedScorecard
	}
	return &entry
}

// scorecardByOutcome loads the scorecard a handled delivery stored.
func (s *Store) scorecardByOutcome(ctx context.Context, q querier, outcome string) (Scorecard, error) {
	return byOutcome(ctx, q, outcome, "scorecard", `SELECT `+scorecardCols+` FROM scorecards WHERE id = ?`, s.queryScorecards)
}

// insertScorecard inserts sc as the author's next version, with its ratings, and sets its ID and
// Version.
func insertScorecard(ctx context.Context, tx *sql.Tx, sc *Scorecard) error {
	scale, err := json.Marshal(sc.Scale)
	if err != nil {
		return fmt.Errorf("insert scorecard: %w", err)
	}
	offered, err := json.Marshal(sc.Offered)
	if err != nil {
		return fmt.Errorf("insert scorecard: %w", err)
	}
	fields, err := json.Marshal(sc.Fields)
	if err != nil {
		return fmt.Errorf("insert scorecard: %w", err)
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO scorecards (interview_id, author, version, recommendation,
		scale, recommendations, fields, strengths, concerns, note, submitted_at)
		VALUES (?1, ?2, (SELECT COALESCE(MAX(version), 0) + 1 FROM scorecards WHERE interview_id = ?1 AND author = ?2),
		?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
		RETURNING id, version`,
		sc.InterviewID, sc.Author, string(sc.Recommendation), string(scale), string(offered), string(fields),
		sc.Strengths, sc.Concerns, sc.Note, unix(sc.SubmittedAt)).Scan(&sc.ID, &sc.Version)
	if err != nil {
		return fmt.Errorf("insert scorecard: %w", mapErr(err))
	}
	for i, r := range sc.Ratings {
		if _, err := tx.ExecContext(ctx, `INSERT INTO scorecard_ratings (scorecard_id, position, competency, label, rating)
			VALUES (?, ?, ?, ?, ?)`, sc.ID, i, r.Competency, r.Label, r.Value); err != nil {
			return fmt.Errorf("insert scorecard rating: %w", mapErr(err))
		}
	}
	return nil
}

// panelStatus returns the status of userID on the interview, "" if they are not on its panel,
// or ErrNotFound if there is no such interview.
func panelStatus(ctx context.Context, q querier, interviewID int64, userID string) (PanelStatus, error) {
	var status sql.NullString
	err := q.QueryRowContext(ctx, `SELECT (SELECT status FROM panelists WHERE interview_id = ?1 AND user_id = ?2
			AND removed_at IS NULL)
		FROM interviews WHERE id = ?1`, interviewID, userID).Scan(&status)
	if err != nil {
		return "", fmt.Errorf("interview %d: %w", interviewID, mapErr(err))
	}
	return PanelStatus(status.String), nil
}

// Scorecards returns the current version of each author's scorecard on the interview, in the
// order they were submitted, or ErrNotFound if there is no such interview.
func (s *Store) Scorecards(ctx context.Context, interviewID int64) ([]Scorecard, error) {
	scs, err := s.queryScorecards(ctx, s.db, `SELECT `+scorecardCols+` FROM scorecards s
		WHERE interview_id = ? AND version = (SELECT MAX(version) FROM scorecards
			WHERE interview_id = s.interview_id AND author = s.author)
		ORDER BY id`, interviewID)
	return s.orNotFound(ctx, "scorecards", interviewID, scs, err)
}

// ScorecardHistory returns every version of the author's scorecard on the interview, oldest
// first, or ErrNotFound if there is no such interview.
func (s *Store) ScorecardHistory(ctx context.Context, interviewID int64, author string) ([]Scorecard, error) {
	scs, err := s.queryScorecards(ctx, s.db, `SELECT `+scorecardCols+` FROM scorecards
		WHERE interview_id = ? AND author = ? ORDER BY version`, interviewID, author)
	return s.orNotFound(ctx, "scorecard history", interviewID, scs, err)
}

// LatestScorecard returns author's newest version on interview interviewID, and whether there
// is one: the one their form starts from, without loading every version before it.
func (s *Store) LatestScorecard(ctx context.Context, interviewID int64, author string) (Scorecard, bool, error) {
	scs, err := s.queryScorecards(ctx, s.db, `SELECT `+scorecardCols+` FROM scorecards
		WHERE interview_id = ? AND author = ? ORDER BY version DESC LIMIT 1`, interviewID, author)
	if err != nil {
		return Scorecard{}, false, fmt.Errorf("data: latest scorecard of %s on interview %d: %w", author, interviewID, err)
	}
	if len(scs) == 0 {
		return Scorecard{}, false, nil
	}
	return scs[0], true, nil
}

// orNotFound passes on a query's result, turning an empty one into ErrNotFound when the
// interview itself does not exist.
func (s *Store) orNotFound(ctx context.Context, what string, interviewID int64, scs []Scorecard, err error) ([]Scorecard, error) {
	if err == nil && len(scs) == 0 {
		_, err = panelStatus(ctx, s.db, interviewID, "") // ErrNotFound only if the interview is missing
	}
	if err != nil {
		return nil, fmt.Errorf("data: %s of interview %d: %w", what, interviewID, err)
	}
	return scs, nil
}

// CandidateScorecards returns every interview of candidate (matched ignoring case and repeated
// spaces), oldest first, and the current scorecards of each, keyed by interview id. Access
// control is the caller's: this reads every interview of the candidate.
func (s *Store) CandidateScorecards(ctx context.Context, candidate string) ([]Interview, map[int64][]Scorecard, error) {
	key := candidateKey(candidate)
	ivs, err := s.queryInterviews(ctx, s.db, `SELECT `+interviewCols+` FROM interviews
		WHERE candidate_key = ? ORDER BY starts_at, id`, key)
	if err != nil {
		return nil, nil, fmt.Errorf("data: interviews of %q: %w", candidate, err)
	}
	ids := make([]int64, len(ivs))
	for i, iv := range ivs {
		ids[i] = iv.ID
	}
	scs, err := s.queryScorecards(ctx, s.db, `SELECT `+scorecardCols+` FROM scorecards s
		WHERE interview_id IN (`+s.d.ids("?")+`) AND version = (SELECT MAX(version)
			FROM scorecards WHERE interview_id = s.interview_id AND author = s.author)
		ORDER BY id`, jsonIDs(ids))
	if err != nil {
		return nil, nil, fmt.Errorf("data: scorecards of %q: %w", candidate, err)
	}
	byInterview := make(map[int64][]Scorecard, len(ivs))
	for _, sc := range scs {
		byInterview[sc.InterviewID] = append(byInterview[sc.InterviewID], sc)
	}
	return ivs, byInterview, nil
}

// queryScorecards runs a query selecting scorecardCols and loads the ratings of what it found.
func (s *Store) queryScorecards(ctx context.Context, q querier, query string, args ...any) ([]Scorecard, error) {
	scs, err := queryScorecardRows(ctx, q, query, args...)
	if err != nil || len(scs) == 0 {
		return scs, err
	}
	ids := make([]int64, len(scs))
	at := make(map[int64]int, len(scs))
	for i, sc := range scs {
		ids[i], at[sc.ID] = sc.ID, i
	}
	rows, err := q.QueryContext(ctx, `SELECT scorecard_id, competency, label, rating FROM scorecard_ratings
		WHERE scorecard_id IN (`+s.d.ids("?")+`) ORDER BY scorecard_id, position`, jsonIDs(ids))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var r Rating
		if err := rows.Scan(&id, &r.Competency, &r.Label, &r.Value); err != nil {
			return nil, err
		}
		scs[at[id]].Ratings = append(scs[at[id]].Ratings, r)
	}
	return scs, rows.Err()
}

func queryScorecardRows(ctx context.Context, q querier, query string, args ...any) ([]Scorecard, error) {
	return queryAll(ctx, q, scanScorecard, query, args...)
}

func scanScorecard(rows *sql.Rows) (Scorecard, error) {
	var sc Scorecard
	var at int64
	var scale, offered, fields string
	if err := rows.Scan(&sc.ID, &sc.InterviewID, &sc.Author, &sc.Version, &sc.Recommendation,
		&scale, &offered, &fields, &sc.Strengths, &sc.Concerns, &sc.Note, &at); err != nil {
		return Scorecard{}, err
	}
	if err := json.Unmarshal([]byte(scale), &sc.Scale); err != nil {
		return Scorecard{}, fmt.Errorf("scorecard %d: scale: %w", sc.ID, err)
	}
	if err := json.Unmarshal([]byte(offered), &sc.Offered); err != nil {
		return Scorecard{}, fmt.Errorf("scorecard %d: recommendations: %w", sc.ID, err)
	}
	if err := json.Unmarshal([]byte(fields), &sc.Fields); err != nil {
		return Scorecard{}, fmt.Errorf("scorecard %d: fields: %w", sc.ID, err)
	}
	sc.SubmittedAt = fromUnix(at)
	return sc, nil
}
