package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// PostingFields are what an author fills in for a job posting draft.
type PostingFields struct {
	// Role is the key of the content role the draft is for ("backend", "frontend"); "" for the
	// default role, as with every draft saved before postings had roles.
	Role    string
	Title   string
	Company string
	// Level, Industry, WorkSetting and Location are content slugs ("senior", "fintech",
	// "startup", "seattle"); Industry is "general" for none in particular.
	Level, Industry, WorkSetting, Location string
	Frameworks                             []string // "Django", "FastAPI", "Flask"
	// SalaryMin and SalaryMax are the author's own yearly range in dollars, both zero when the
	// location's salary band applies.
	SalaryMin, SalaryMax int
	Notes                string
	// Benefits are the slugs of the benefits the author ticked; OtherBenefits their own, one a
	// line. Both empty: the author has not said what the company offers.
	Benefits      []string
	OtherBenefits string
	// Education is the author's own education requirement; "" for the content's default line.
	Education string
}

// HasBenefits reports whether the author said what the company offers.
func (f PostingFields) HasBenefits() bool {
	return len(f.Benefits) > 0 || strings.TrimSpace(f.OtherBenefits) != ""
}

// HasSalary reports whether the author set their own salary range.
func (f PostingFields) HasSalary() bool { return f.SalaryMin != 0 || f.SalaryMax != 0 }

func (f PostingFields) validate() error {
	for _, r := range []struct{ name, v string }{
		{"Title", f.Title}, {"Company", f.Company}, {"Level", f.Level},
		{"Industry", f.Industry}, {"WorkSetting", f.WorkSetting}, {"Location", f.Location},
	} {
		if strings.TrimSpace(r.v) == "" {
			return invalid(r.name, "is required")
		}
	}
	switch {
	case f.HasSalary() && (f.SalaryMin <= 0 || f.SalaryMax <= 0):
		return invalid("SalaryMin", "must be set with SalaryMax, both above zero")
	case f.SalaryMin > f.SalaryMax:
		return invalid("SalaryMax", "must not be below SalaryMin")
	}
	return nil
}

// NewPosting is what CreatePosting and UpdatePosting record.
type NewPosting struct {
	Author   string // Slack user id
	Fields   PostingFields
	Rendered string // the draft as Markdown
	// DeliveryKey, when set, records the Slack submission in the same transaction: the same key
	// again saves nothing and returns the draft as that submission left it, with ErrReplayed.
	DeliveryKey string
}

func (p NewPosting) validate() error {
	switch {
	case p.Author == "":
		return invalid("Author", "is required")
	case strings.TrimSpace(p.Rendered) == "":
		return invalid("Rendered", "is required")
	}
	return p.Fields.validate()
}

// Posting is the current version of a job posting draft.
type Posting struct {
	ID        int64
	Author    string
	Version   int // 1 when created, one more with every saved edit
	Fields    PostingFields
	Rendered  string
	CreatedAt time.Time
	UpdatedAt time.Time
}

const postingCols = `id, author, version, title, company, level, industry, work_setting, location,
	frameworks, salary_min, salary_max, notes, rendered, created_at, updated_at,
	benefits, other_benefits, education, role`

// CreatePosting stores a new draft as version 1.
func (s *Store) CreatePosting(ctx context.Context, p NewPosting) (Posting, error) {
	if err := p.validate(); err != nil {
		return Posting{}, err
	}
	now := fromUnix(s.now().Unix())
	fw, smin, smax := postingArgs(p.Fields)
	benefits := jsonStrings(p.Fields.Benefits)
	f := p.Fields
	var id int64
	var replayed *Posting
	err := s.inTx(ctx, "create posting", func(tx *sql.Tx) error {
		if outcome, found, err := handledBefore(ctx, tx, p.DeliveryKey); err != nil || found {
			if err == nil {
				replayed, err = postingByOutcome(ctx, tx, outcome)
			}
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO job_postings (author, version, title, company, level,
			industry, work_setting, location, frameworks, salary_min, salary_max, notes, rendered,
			created_at, updated_at, benefits, other_benefits, education, role)
			VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			p.Author, f.Title, f.Company, f.Level, f.Industry, f.WorkSetting, f.Location, fw, smin, smax,
			f.Notes, p.Rendered, unix(now), unix(now), benefits, f.OtherBenefits, f.Education, f.Role).Scan(&id)
		if err != nil {
			return mapErr(err)
		}
		return recordDelivery(ctx, tx, p.DeliveryKey, postingOutcome(id, 1), now)
	})
	switch {
	case err != nil:
		return Posting{}, err
	case replayed != nil:
		return *replayed, ErrReplayed
	}
	return Posting{ID: id, Author: p.Author, Version: 1, Fields: f, Rendered: p.Rendered,
		CreatedAt: now, UpdatedAt: now}, nil
}

// postingOutcome is what a handled delivery records of the draft version it saved.
func postingOutcome(id int64, version int) string { return fmt.Sprintf("%d:%d", id, version) }

// postingByOutcome loads the draft a handled delivery saved, as it saved it (a later version
// keeps its id; the text shown is the latest).
func postingByOutcome(ctx context.Context, q querier, outcome string) (*Posting, error) {
	var id int64
	var version int
	if _, err := fmt.Sscanf(outcome, "%d:%d", &id, &version); err != nil {
		return nil, fmt.Errorf("handled delivery outcome %q: %w", outcome, err)
	}
	ps, err := queryPostings(ctx, q, `SELECT `+postingCols+` FROM job_postings WHERE id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return nil, fmt.Errorf("%w: posting %d", ErrNotFound, id)
	}
	return &ps[0], nil
}

// UpdatePosting replaces the fields and text of the author's draft id and makes it the next
// version. version is the one the author edited: if the draft has moved on since, it returns an
// error wrapping ErrConflict and changes nothing. A draft that does not exist or belongs to
// someone else is ErrNotFound.
func (s *Store) UpdatePosting(ctx context.Context, id int64, version int, p NewPosting) (Posting, error) {
	if err := p.validate(); err != nil {
		return Posting{}, err
	}
	now := fromUnix(s.now().Unix())
	fw, smin, smax := postingArgs(p.Fields)
	benefits := jsonStrings(p.Fields.Benefits)
	f := p.Fields
	var out Posting
	var replayed *Posting
	err := s.inTx(ctx, fmt.Sprintf("update posting %d", id), func(tx *sql.Tx) error {
		if outcome, found, err := handledBefore(ctx, tx, p.DeliveryKey); err != nil || found {
			if err == nil {
				replayed, err = postingByOutcome(ctx, tx, outcome)
			}
			return err
		}
		if err := checkPostingVersion(ctx, tx, id, p.Author, version); err != nil {
			return err
		}
		var created int64
		err := tx.QueryRowContext(ctx, `UPDATE job_postings SET version = version + 1, title = ?1,
			company = ?2, level = ?3, industry = ?4, work_setting = ?5, location = ?6, frameworks = ?7,
			salary_min = ?8, salary_max = ?9, notes = ?10, rendered = ?11,
			updated_at = CASE WHEN created_at > ?12 THEN created_at ELSE ?12 END,
			benefits = ?13, other_benefits = ?14, education = ?15, role = ?16
			WHERE id = ?17 RETURNING version, created_at`,
			f.Title, f.Company, f.Level, f.Industry, f.WorkSetting, f.Location, fw, smin, smax,
			f.Notes, p.Rendered, unix(now), benefits, f.OtherBenefits, f.Education, f.Role, id).Scan(&out.Version, &created)
		if err != nil {
			return mapErr(err)
		}
		out.CreatedAt = fromUnix(created)
		return recordDelivery(ctx, tx, p.DeliveryKey, postingOutcome(id, out.Version), now)
	})
	switch {
	case err != nil:
		return Posting{}, err
	case replayed != nil:
		return *replayed, ErrReplayed
	}
	out.ID, out.Author, out.Fields, out.Rendered = id, p.Author, f, p.Rendered
	out.UpdatedAt = now
	if now.Before(out.CreatedAt) { // the clock went back; the row keeps created_at
		out.UpdatedAt = out.CreatedAt
	}
	return out, nil
}

// checkPostingVersion reports ErrNotFound unless author owns draft id, and ErrConflict unless it
// is at version.
func checkPostingVersion(ctx context.Context, q querier, id int64, author string, version int) error {
	var owner string
	var current int
	err := q.QueryRowContext(ctx, `SELECT author, version FROM job_postings WHERE id = ?`, id).Scan(&owner, &current)
	switch {
	case errors.Is(err, sql.ErrNoRows) || err == nil && owner != author:
		return fmt.Errorf("no draft %d by %s: %w", id, author, ErrNotFound)
	case err != nil:
		return mapErr(err)
	case current != version:
		return fmt.Errorf("draft %d is at version %d, not %d: %w", id, current, version, ErrConflict)
	}
	return nil
}

// Posting returns draft id, whoever wrote it, or ErrNotFound. Access control is the caller's.
func (s *Store) Posting(ctx context.Context, id int64) (Posting, error) {
	ps, err := queryPostings(ctx, s.db, `SELECT `+postingCols+` FROM job_postings WHERE id = ?`, id)
	if err != nil {
		return Posting{}, fmt.Errorf("data: posting %d: %w", id, err)
	}
	if len(ps) == 0 {
		return Posting{}, fmt.Errorf("data: posting %d: %w", id, ErrNotFound)
	}
	return ps[0], nil
}

// RecentPostings returns at most limit of the author's drafts, most recently changed first.
func (s *Store) RecentPostings(ctx context.Context, author string, limit int) ([]Posting, error) {
	ps, err := queryPostings(ctx, s.db, `SELECT `+postingCols+` FROM job_postings
		WHERE author = ? ORDER BY updated_at DESC, id DESC LIMIT ?`, author, limit)
	if err != nil {
		return nil, fmt.Errorf("data: postings of %s: %w", author, err)
	}
	return ps, nil
}

// DeletePosting deletes the author's draft id, or returns ErrNotFound if they have no such draft.
// The draft's number is never given to another draft, and PostingDeletion tells when it went.
func (s *Store) DeletePosting(ctx context.Context, id int64, author string) error {
	return s.DeletePostingOnce(ctx, "", id, author)
}

// DeletePostingOnce is DeletePosting for the click named deliveryKey, recorded in the same
// transaction: the same key again deletes nothing and returns ErrReplayed.
func (s *Store) DeletePostingOnce(ctx context.Context, deliveryKey string, id int64, author string) error {
	replayed := false
	err := s.inTx(ctx, fmt.Sprintf("delete posting %d", id), func(tx *sql.Tx) error {
		if _, found, err := handledBefore(ctx, tx, deliveryKey); err != nil || found {
			replayed = found
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM job_postings WHERE id = ? AND author = ?`, id, author)
		if err != nil {
			return mapErr(err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return fmt.Errorf("no draft by %s: %w", author, ErrNotFound)
		}
		if _, err = tx.ExecContext(ctx, `INSERT INTO job_posting_deletions (id, author, deleted_at) VALUES (?, ?, ?)`,
			id, author, s.now().Unix()); err != nil {
			return mapErr(err)
		}
		return recordDelivery(ctx, tx, deliveryKey, fmt.Sprintf("deleted:%d", id), s.now())
	})
	if err == nil && replayed {
		return ErrReplayed
	}
	return err
}

// PostingDeletion is the record a deleted draft leaves behind.
type PostingDeletion struct {
	ID        int64
	Author    string
	DeletedAt time.Time
}

// PostingDeletion tells who deleted draft id and when, or returns ErrNotFound if it was never
// deleted (or was deleted before deletions were recorded).
func (s *Store) PostingDeletion(ctx context.Context, id int64) (PostingDeletion, error) {
	d := PostingDeletion{ID: id}
	var at int64
	err := s.db.QueryRowContext(ctx, `SELECT author, deleted_at FROM job_posting_deletions WHERE id = ?`, id).Scan(&d.Author, &at)
	if err != nil {
		return PostingDeletion{}, fmt.Errorf("data: deletion of posting %d: %w", id, mapErr(err))
	}
	d.DeletedAt = fromUnix(at)
	return d, nil
}

// postingArgs encodes the columns that differ from their Go form: frameworks as a JSON array,
// the salary range as NULLs when unset.
func postingArgs(f PostingFields) (frameworks string, salaryMin, salaryMax sql.NullInt64) {
	if f.HasSalary() {
		salaryMin = sql.NullInt64{Int64: int64(f.SalaryMin), Valid: true}
		salaryMax = sql.NullInt64{Int64: int64(f.SalaryMax), Valid: true}
	}
	return jsonStrings(f.Frameworks), salaryMin, salaryMax
}

func queryPostings(ctx context.Context, q querier, query string, args ...any) ([]Posting, error) {
	ps, err := queryAll(ctx, q, scanPosting, query, args...)
	return ps, mapErr(err)
}

func scanPosting(rows *sql.Rows) (Posting, error) {
	var p Posting
	var fw, benefits string
	var smin, smax sql.NullInt64
	var created, updated int64
	f := &p.Fields
	if err := rows.Scan(&p.ID, &p.Author, &p.Version, &f.Title, &f.Company, &f.Level, &f.Industry,
		&f.WorkSetting, &f.Location, &fw, &smin, &smax, &f.Notes, &p.Rendered, &created, &updated,
		&benefits, &f.OtherBenefits, &f.Education, &f.Role); err != nil {
		return Posting{}, err
	}
	if err := json.Unmarshal([]byte(benefits), &f.Benefits); err != nil {
		return Posting{}, fmt.Errorf("posting %d: benefits: %w", p.ID, err)
	}
	if len(f.Benefits) == 0 {
		f.Benefits = nil
	}
	if err := json.Unmarshal([]byte(fw), &f.Frameworks); err != nil {
		return Posting{}, fmt.Errorf("posting %d: frameworks: %w", p.ID, err)
	}
	if len(f.Frameworks) == 0 {
		f.Frameworks = nil
	}
	f.SalaryMin, f.SalaryMax = int(smin.Int64), int(smax.Int64)
	p.CreatedAt, p.UpdatedAt = fromUnix(created), fromUnix(updated)
	return p, nil
}
