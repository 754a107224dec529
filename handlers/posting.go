package handlers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"hirebot/content"
	"hirebot/data"
)

// Slack ids of the job posting builder, besides the form's (see posting_form.go).
const (
	postingCommand      = "/job-posting"
	ViewPostingPreview  = "job_posting_preview"
	ViewPostingShare    = "job_posting_share_form"
	ActionPostingOpen   = "job_posting_open"
	ActionPostingEdit   = "job_posting_edit"
	ActionPostingShare  = "job_posting_share"
	ActionPostingExport = "job_posting_export"
	ActionPostingDelete = "job_posting_delete"
	blockPostingActions = "jp_actions"
	blockPostingChannel = "jp_channel"
	maxPostingList      = 10
)

// PostingStore keeps job posting drafts.
type PostingStore interface {
	CreatePosting(ctx context.Context, p data.NewPosting) (data.Posting, error)
	UpdatePosting(ctx context.Context, id int64, version int, p data.NewPosting) (data.Posting, error)
	Posting(ctx context.Context, id int64) (data.Posting, error)
	RecentPostings(ctx context.Context, author string, limit int) ([]data.Posting, error)
	DeletePostingOnce(ctx context.Context, deliveryKey string, id int64, author string) error
	PostingDeletion(ctx context.Context, id int64) (data.PostingDeletion, error)
}

// Postings builds job posting drafts: /job-posting, its form, the draft's preview and the
// buttons that edit, share, export and delete a draft. Each draft is for one role, whose content
// (template, levels, locations, salary figures, word list) it is written from.
type Postings struct {
	roles   *content.Library
	store   PostingStore
	shares  ShareStore // nil: every submission shares
	zones   zones
	metrics Recorder
	logger  *slog.Logger
}

// PostingsConfig is what Postings needs.
type PostingsConfig struct {
	// Roles are the roles a posting can be for, the default first; nil: Content's alone.
	Roles *content.Library
	// Content is the one role's content when Roles is nil.
	Content *content.Content
	Store   PostingStore
	Shares  ShareStore    // nil: a repeated share form posts again
	Users   UserDirectory // time zones; nil shows every time in UTC
	Metrics Recorder      // nil counts nothing
	Logger  *slog.Logger  // nil logs nothing
}

// NewPostings returns the job posting feature.
func NewPostings(c PostingsConfig) *Postings {
	roles := c.Roles
	if roles == nil && c.Content != nil {
		roles = content.SingleLibrary(c.Content)
	}
	return &Postings{
		roles:   roles,
		store:   c.Store,
		shares:  c.Shares,
		zones:   zones{users: c.Users, logger: orDiscard(c.Logger)},
		metrics: orNoMetrics(c.Metrics),
		logger:  orDiscard(c.Logger),
	}
}

// jobPosting answers /job-posting: a new draft's form, the user's drafts, one draft, or help.
func (ps *Postings) jobPosting(ctx context.Context, cmd Command) (Response, error) {
	verb, arg, _ := strings.Cut(strings.TrimSpace(cmd.Text), " ")
	switch strings.ToLower(verb) {
	case "", "new":
		return Response{OpenView: ps.postingForm(nil)}, nil
	case "list", "ls", "mine":
		return ps.listPostings(ctx, cmd.UserID)
	case "help", "h", "?":
		return Reply(postingHelp(ps.roles)), nil
	case "open", "show":
		return ps.openPostingByText(ctx, cmd.UserID, arg)
	}
	if _, err := parsePostingID(verb); err == nil {
		return ps.openPostingByText(ctx, cmd.UserID, verb)
	}
	return Response{}, &UserError{Msg: fmt.Sprintf("I don't know `/job-posting %s`. Try `/job-posting` for a new draft, `/job-posting list` or `/job-posting help`.",
		escape(truncate(cmd.Text, 40)))}
}

// postingHelp explains /job-posting; with several roles, it names them.
func postingHelp(roles *content.Library) Message {
	what, pick := "a Python backend role from the hiring guide", ""
	if !roles.Single() {
		names := make([]string, len(roles.Roles))
		for i, r := range roles.Roles {
			names[i] = "*" + literal(r.Name) + "*"
		}
		what, pick = "one of your roles ("+postingJoin(names, "or")+")", "the role, "
	}
	text := "*/job-posting* writes a complete job posting for " + what + ": " +
		"you pick " + pick + "the title, company, level, industry, work setting, location and frameworks, and I write the overview, " +
		"responsibilities, qualifications for that level, the industry's requirements, the work setting, " +
		"one salary range (yours, or an estimate for the level in that location) and the benefits you tick. " +
		"What only you can confirm, such as benefits or where the team works, is marked in the draft until you fill it in.\n" +
		"• `/job-posting` — write a new draft\n" +
		"• `/job-posting list` — your recent drafts\n" +
		"• `/job-posting open 12` — open draft #12\n\n" +
		"Each draft is saved and private to you until you share it. From a draft you can *Edit* it (each save is a new version), " +
		"*Share* it to a channel, *Export* it as Markdown for a job board, or *Delete* it. " +
		"Wording hints point out phrases known to put candidates off, such as “rockstar” or “digital native”."
	return Message{Text: "How to use /job-posting", Blocks: sections(text)}
}

func (ps *Postings) listPostings(ctx context.Context, userID string) (Response, error) {
	drafts, err := ps.store.RecentPostings(ctx, userID, maxPostingList)
	if err != nil {
		return Response{}, fmt.Errorf("list postings: %w", err)
	}
	return Reply(postingList(drafts, ps.postingMeta, ps.zones.location(ctx, userID))), nil
}

// postingMeta is the facts line of a draft: "Senior · FinTech · Startup Environment · Seattle, WA",
// after the role's name when there are several roles.
func (ps *Postings) postingMeta(p data.Posting) string {
	r := ps.roleOf(p.Fields.Role)
	var meta []string
	if !ps.roles.Single() {
		meta = append(meta, r.Name)
	}
	ch, err := resolvePosting(r.Content, p.Fields)
	if err != nil {
		return strings.Join(append(meta, "uses options the hiring guide no longer has"), " · ")
	}
	return strings.Join(append(meta, postingWriter{ch: ch}.meta()...), " · ")
}

// roleOf is the role a draft is for: the one key names, or the default role for a draft that
// names none (saved before postings had roles, or while there was one role) or a role the
// content no longer has.
func (ps *Postings) roleOf(key string) *content.Role {
	if r, ok := ps.roles.Role(key); ok {
		return r
	}
	return ps.roles.Default()
}

func (ps *Postings) openPostingByText(ctx context.Context, userID, arg string) (Response, error) {
	id, err := parsePostingID(arg)
	if err != nil {
		return Response{}, &UserError{Msg: "Which draft? Use its number, like `/job-posting open 12`; `/job-posting list` shows yours."}
	}
	return ps.showPosting(ctx, Action{UserID: userID}, id)
}

func parsePostingID(s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(s), "#"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("posting id %q: not a positive number", s)
	}
	return id, nil
}

// ownPosting loads draft id for userID, who must be its author: drafts are private.
func (ps *Postings) ownPosting(ctx context.Context, id int64, userID string) (data.Posting, error) {
	p, err := ps.store.Posting(ctx, id)
	switch {
	case errors.Is(err, data.ErrNotFound):
		return data.Posting{}, ps.missingPosting(ctx, id, userID)
	case err != nil:
		return data.Posting{}, fmt.Errorf("load posting %d: %w", id, err)
	case p.Author != userID:
		return data.Posting{}, &UserError{Msg: fmt.Sprintf("Job posting draft #%d belongs to someone else. Drafts stay private to their author until they share them in a channel.", id)}
	}
	return p, nil
}

// missingPosting explains why draft id is not there: userID deleted it (and when), or there is
// no such draft of theirs.
func (ps *Postings) missingPosting(ctx context.Context, id int64, userID string) error {
	d, err := ps.store.PostingDeletion(ctx, id)
	switch {
	case err == nil && d.Author == userID:
		return &UserError{Msg: fmt.Sprintf("Job posting draft #%d was deleted on %s. `/job-posting list` shows your drafts.",
			id, formatTime(d.DeletedAt, ps.zones.location(ctx, userID)))}
	case err != nil && !errors.Is(err, data.ErrNotFound):
		return fmt.Errorf("load deletion of posting %d: %w", id, err)
	}
	return &UserError{Msg: fmt.Sprintf("I can't find job posting draft #%d. `/job-posting list` shows your drafts.", id)}
}

// postingFromAction loads the draft a button names, checking that the clicker owns it.
func (ps *Postings) postingFromAction(ctx context.Context, act Action) (data.Posting, error) {
	id, err := parsePostingID(act.Value)
	if err != nil {
		return data.Posting{}, &UserError{Msg: "That button is out of date. `/job-posting list` shows your drafts."}
	}
	return ps.ownPosting(ctx, id, act.UserID)
}

// renderPosting builds the draft of p from its role's content.
func (ps *Postings) renderPosting(p data.Posting) (postingDoc, error) {
	doc, err := buildPosting(ps.roleOf(p.Fields.Role).Content, p.Fields)
	if err != nil {
		return postingDoc{}, fmt.Errorf("posting %d: %w", p.ID, err)
	}
	return doc, nil
}
