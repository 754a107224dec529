package data

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Stage names the kind of interview. The store keeps whatever stage it is given.
type Stage string

// Stages the bot offers.
const (
	StagePhoneScreen  Stage = "phone-screen"
	StageTechnical    Stage = "technical"
	StageSystemDesign Stage = "system-design"
	StageBehavioral   Stage = "behavioral"
	StageOnsite       Stage = "onsite"
	StageOther        Stage = "other"
)

// Interview is one recorded interview with its panel.
type Interview struct {
	ID            int64
	Candidate     string
	Role          string
	Stage         string
	HiringManager string // Slack user id
	RecordedBy    string // Slack user id
	StartsAt      time.Time
	Duration      time.Duration
	Panel         []Panelist // in the order given at creation, without those removed since
	Removed       []Panelist // taken off the panel by an edit; their scorecards are kept
	CreatedAt     time.Time
	// FeedbackDueAt is when its scorecards became due; zero for an interview recorded before
	// this was kept (see DueAt).
	FeedbackDueAt time.Time
	// CancelledAt is when the interview was cancelled, zero while it is not; CancelledBy and
	// CancelReason (possibly empty) say by whom and why.
	CancelledAt               time.Time
	CancelledBy, CancelReason string
	// PanelCompleteAt is when the last expected scorecard arrived; zero while one is missing.
	PanelCompleteAt time.Time
}

// EndsAt is when the interview is scheduled to end.
func (i Interview) EndsAt() time.Time { return i.StartsAt.Add(i.Duration) }

// DueAt is when the panel's scorecards became (or become) due: FeedbackDueAt, or the end for
// an interview recorded without one.
func (i Interview) DueAt() time.Time {
	if i.FeedbackDueAt.IsZero() {
		return i.EndsAt()
	}
	return i.FeedbackDueAt
}

// Cancelled reports whether the interview was cancelled.
func (i Interview) Cancelled() bool { return !i.CancelledAt.IsZero() }

// Outstanding returns the panelists whose scorecard is still expected: on the panel, neither
// submitted nor absent.
func (i Interview) Outstanding() []string {
	var out []string
	for _, p := range i.Panel {
		if p.Status == PanelPending {
			out = append(out, p.UserID)
		}
	}
	return out
}

// Manager reports whether userID may change the interview: its hiring manager or its recorder.
func (i Interview) Manager(userID string) bool {
	return userID != "" && (userID == i.HiringManager || userID == i.RecordedBy)
}

// Panelist returns the panel row of userID and whether there is one.
func (i Interview) Panelist(userID string) (Panelist, bool) {
	for _, p := range i.Panel {
		if p.UserID == userID {
			return p, true
		}
	}
	return Panelist{}, false
}

// PanelStatus is where a panelist stands with their scorecard.
type PanelStatus string

// Panel statuses.
const (
	PanelPending   PanelStatus = "pending"
	PanelSubmitted PanelStatus = "submitted"
	PanelAbsent    PanelStatus = "absent"
)

// Panelist is one interviewer on an interview and their reminder state.
type Panelist struct {
	UserID        string
	TZ            string // IANA name or ""
	Status        PanelStatus
	RemindersSent int
	NextReminder  time.Time // zero when none is scheduled
	LastReminded  time.Time // zero when never reminded
	Escalated     bool
	RemovedAt     time.Time // zero while on the panel
}

// NewInterview is what CreateInterview records.
type NewInterview struct {
	Candidate, Role, Stage, HiringManager, RecordedBy string
	StartsAt                                          time.Time
	Duration                                          time.Duration // at least a second; stored in seconds
	Panel                                             []NewPanelist
	// FirstReminderAt becomes every panelist's first reminder (end of interview plus the
	// feedback deadline). Zero schedules no reminders.
	FirstReminderAt time.Time
	// DeliveryKey, when set, records the Slack delivery that asked for this interview in the
	// same transaction: the same key again creates nothing and returns the interview it created
	// with ErrReplayed.
	DeliveryKey string
	// Notify builds the messages that announce the new interview (heads-ups, a confirmation),
	// queued in the outbox in the same transaction.
	Notify func(Interview) []OutboxMessage
	// Audit, when set, is appended to the audit trail in the same transaction; an empty
	// InterviewID becomes the new interview's.
	Audit *AuditEntry
}

// NewPanelist is one interviewer of a NewInterview.
type NewPanelist struct {
	UserID, TZ string
}

// InterviewFilter selects interviews for FindInterviews. Zero fields do not filter.
type InterviewFilter struct {
	UserID string    // involved as panelist, hiring manager or recorder
	From   time.Time // StartsAt >= From
	To     time.Time // StartsAt < To
	Limit  int       // at most this many; zero or less means no limit
}

const interviewCols = `id, candidate, role, stage, hiring_manager, recorded_by, starts_at, ends_at, created_at,
	feedback_due_at, cancelled_at, cancelled_by, cancel_reason, panel_complete_at`

// involving selects the ids of interviews a user is part of in any role; it takes the user id
// three times. Each branch uses its own index.
const involving = `SELECT interview_id FROM panelists WHERE user_id = ?
	UNION SELECT id FROM interviews WHERE hiring_manager = ?
	UNION SELECT id FROM interviews WHERE recorded_by = ?`

func (in NewInterview) validate() error {
	for _, f := range []struct{ name, v string }{
		{"Candidate", in.Candidate}, {"Role", in.Role}, {"Stage", in.Stage},
		{"HiringManager", in.HiringManager}, {"RecordedBy", in.RecordedBy},
	} {
		if strings.TrimSpace(f.v) == "" {
			return invalid(f.name, "is required")
		}
	}
	if in.StartsAt.IsZero() {
		return invalid("StartsAt", "is required")
	}
	if in.Duration < time.Second {
		return invalid("Duration", "must be at least a second")
	}
	return validatePanel(in.Panel)
}

func validatePanel(panel []NewPanelist) error {
	if len(panel) == 0 {
		return invalid("Panel", "needs at least one interviewer")
	}
	seen := make(map[string]bool, len(panel))
	for i, p := range panel {
		field := "Panel[" + strconv.Itoa(i) + "].UserID"
		switch {
		case strings.TrimSpace(p.UserID) == "":
			return invalid(field, "is required")
		case seen[p.UserID]:
			return invalid(field, p.UserID+" is on the panel twice")
		}
		seen[p.UserID] = true
	}
	return nil
}

// CreateInterview validates and records an interview and its panel in one transaction. Each
// panelist starts pending with in.FirstReminderAt as their next reminder.
func (s *Store) CreateInterview(ctx context.Context, in NewInterview) (Interview, error) {
	if err := in.validate(); err != nil {
		return Interview{}, err
	}
	iv := in.record(s.now())
	replayed := false
	err := s.inTx(ctx, "create interview", func(tx *sql.Tx) error {
		if outcome, found, err := handledBefore(ctx, tx, in.DeliveryKey); err != nil || found {
			if err == nil {
				replayed = true
				iv, err = s.interviewByOutcome(ctx, tx, outcome)
			}
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO interviews
			(candidate, candidate_key, role, stage, hiring_manager, recorded_by, starts_at, ends_at, created_at,
			feedback_due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			iv.Candidate, candidateKey(iv.Candidate), iv.Role, iv.Stage, iv.HiringManager, iv.RecordedBy,
			unix(iv.StartsAt), unix(iv.EndsAt()), unix(iv.CreatedAt), nullUnix(iv.FeedbackDueAt)).Scan(&iv.ID)
		if err != nil {
			return fmt.Errorf("insert interview: %w", mapErr(err))
		}
		for _, p := range iv.Panel {
			if _, err := tx.ExecContext(ctx, `INSERT INTO panelists (interview_id, user_id, tz, next_reminder_at)
				VALUES (?, ?, ?, ?)`, iv.ID, p.UserID, p.TZ, nullUnix(p.NextReminder)); err != nil {
				return fmt.Errorf("insert panelist %s: %w", p.UserID, mapErr(err))
			}
		}
		if err := recordDelivery(ctx, tx, in.DeliveryKey, strconv.FormatInt(iv.ID, 10), iv.CreatedAt); err != nil {
			return err
		}
		if err := auditChange(ctx, tx, iv.CreatedAt, in.Audit, iv.ID); err != nil {
			return err
		}
		if in.Notify == nil {
			return nil
		}
		return enqueue(ctx, tx, iv.CreatedAt, in.Notify(iv)...)
	})
	switch {
	case err != nil:
		return Interview{}, err
	case replayed:
		return iv, ErrReplayed
	}
	if in.Notify != nil {
		s.queued()
	}
	return iv, nil
}

// interviewByOutcome loads the interview a handled delivery created.
func (s *Store) interviewByOutcome(ctx context.Context, q querier, outcome string) (Interview, error) {
	return byOutcome(ctx, q, outcome, "interview", `SELECT `+interviewCols+` FROM interviews WHERE id = ?`, s.queryInterviews)
}

// record is the Interview that in becomes, at the precision it is stored with.
func (in NewInterview) record(now time.Time) Interview {
	starts := fromUnix(in.StartsAt.Unix())
	iv := Interview{
		Candidate:     strings.TrimSpace(in.Candidate),
		Role:          strings.TrimSpace(in.Role),
		Stage:         strings.TrimSpace(in.Stage),
		HiringManager: in.HiringManager,
		RecordedBy:    in.RecordedBy,
		StartsAt:      starts,
		Duration:      in.Duration.Truncate(time.Second),
		CreatedAt:     fromUnix(now.Unix()),
	}
	next := fromNullUnix(nullUnix(in.FirstReminderAt))
	iv.FeedbackDueAt = next
	for _, p := range in.Panel {
		iv.Panel = append(iv.Panel, Panelist{UserID: p.UserID, TZ: p.TZ, Status: PanelPending, NextReminder: next})
	}
	return iv
}

// Interview returns the interview with its panel, or ErrNotFound.
func (s *Store) Interview(ctx context.Context, id int64) (Interview, error) {
	ivs, err := s.queryInterviews(ctx, s.db, `SELECT `+interviewCols+` FROM interviews WHERE id = ?`, id)
	if err != nil {
		return Interview{}, fmt.Errorf("data: interview %d: %w", id, err)
	}
	if len(ivs) == 0 {
		return Interview{}, fmt.Errorf("data: interview %d: %w", id, ErrNotFound)
	}
	return ivs[0], nil
}

// FindInterviews returns the interviews matching f, newest StartsAt first.
func (s *Store) FindInterviews(ctx context.Context, f InterviewFilter) ([]Interview, error) {
	q := `SELECT ` + interviewCols + ` FROM interviews WHERE 1 = 1`
	var args []any
	if f.UserID != "" {
		q, args = q+` AND id IN (`+involving+`)`, append(args, f.UserID, f.UserID, f.UserID)
	}
	if !f.From.IsZero() {
		q, args = q+` AND starts_at >= ?`, append(args, unix(f.From))
	}
	if !f.To.IsZero() {
		q, args = q+` AND starts_at < ?`, append(args, unix(f.To))
	}
	q += ` ORDER BY starts_at DESC, id DESC`
	if f.Limit > 0 {
		q, args = q+` LIMIT ?`, append(args, f.Limit)
	}
	ivs, err := s.queryInterviews(ctx, s.db, q, args...)
	if err != nil {
		return nil, fmt.Errorf("data: find interviews: %w", err)
	}
	return ivs, nil
}

// PendingFeedback returns the interviews on which userID still owes a scorecard, oldest first.
func (s *Store) PendingFeedback(ctx context.Context, userID string) ([]Interview, error) {
	ivs, err := s.queryInterviews(ctx, s.db, `SELECT `+interviewCols+` FROM interviews
		WHERE id IN (SELECT interview_id FROM panelists WHERE user_id = ? AND status = 'pending' AND removed_at IS NULL)
			AND cancelled_at IS NULL
		ORDER BY starts_at, id`, userID)
	if err != nil {
		return nil, fmt.Errorf("data: pending feedback of %s: %w", userID, err)
	}
	return ivs, nil
}

// FindInterviewsByCandidate returns, oldest first, the interviews of candidate (matched ignoring
// case and repeated spaces) that userID is part of as panelist, hiring manager or recorder.
func (s *Store) FindInterviewsByCandidate(ctx context.Context, userID, candidate string) ([]Interview, error) {
	ivs, err := s.queryInterviews(ctx, s.db, `SELECT `+interviewCols+` FROM interviews
		WHERE candidate_key = ? AND id IN (`+involving+`)
		ORDER BY starts_at, id`, candidateKey(candidate), userID, userID, userID)
	if err != nil {
		return nil, fmt.Errorf("data: interviews of %q for %s: %w", candidate, userID, err)
	}
	return ivs, nil
}

// queryInterviews runs a query selecting interviewCols and attaches each interview's panel.
func (s *Store) queryInterviews(ctx context.Context, q querier, query string, args ...any) ([]Interview, error) {
	ivs, err := queryAll(ctx, q, scanInterview, query, args...)
	if err != nil {
		return nil, err
	}
	return ivs, s.attachPanels(ctx, q, ivs)
}

func scanInterview(rows *sql.Rows) (Interview, error) {
	var iv Interview
	var starts, ends, created int64
	var due, cancelled, complete sql.NullInt64
	if err := rows.Scan(&iv.ID, &iv.Candidate, &iv.Role, &iv.Stage, &iv.HiringManager,
		&iv.RecordedBy, &starts, &ends, &created, &due, &cancelled, &iv.CancelledBy, &iv.CancelReason,
		&complete); err != nil {
		return Interview{}, err
	}
	iv.StartsAt, iv.CreatedAt = fromUnix(starts), fromUnix(created)
	iv.FeedbackDueAt, iv.CancelledAt = fromNullUnix(due), fromNullUnix(cancelled)
	iv.PanelCompleteAt = fromNullUnix(complete)
	iv.Duration = time.Duration(ends-starts) * time.Second
	return iv, nil
}

// attachPanels loads the panels of ivs in one query.
func (s *Store) attachPanels(ctx context.Context, q querier, ivs []Interview) error {
	if len(ivs) == 0 {
		return nil
	}
	ids := make([]int64, len(ivs))
	at := make(map[int64]int, len(ivs))
	for i, iv := range ivs {
		ids[i], at[iv.ID] = iv.ID, i
	}
	rows, err := q.QueryContext(ctx, `SELECT interview_id, user_id, tz, status, reminders_sent,
		next_reminder_at, last_reminded_at, escalated, removed_at FROM panelists
		WHERE interview_id IN (`+s.d.ids("?")+`) ORDER BY interview_id, id`, jsonIDs(ids))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var p Panelist
		var next, last, removed sql.NullInt64
		if err := rows.Scan(&id, &p.UserID, &p.TZ, &p.Status, &p.RemindersSent, &next, &last, &p.Escalated, &removed); err != nil {
			return err
		}
		p.NextReminder, p.LastReminded, p.RemovedAt = fromNullUnix(next), fromNullUnix(last), fromNullUnix(removed)
		iv := &ivs[at[id]]
		if p.RemovedAt.IsZero() {
			iv.Panel = append(iv.Panel, p)
		} else {
			iv.Removed = append(iv.Removed, p)
		}
	}
	return rows.Err()
}

// candidateKey is the lookup key of a candidate name: spaces collapsed and every letter
// replaced by the smallest rune it case-folds to, so keys match exactly when strings.EqualFold
// would match the normalised names.
func candidateKey(name string) string {
	var b strings.Builder
	for i, word := range strings.Fields(name) {
		if i > 0 {
			b.WriteByte(' ')
		}
		for _, r := range word {
			b.WriteRune(foldRune(r))
		}
	}
	return b.String()
}

func foldRune(r rune) rune {
	least := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		least = min(least, f)
	}
	return least
}
