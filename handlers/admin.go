package handlers

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"hirebot/data"
)

// Slack ids of /hirebot-admin.
const (
	adminCommand       = "/hirebot-admin"
	ActionAdminErase   = "admin_erase"
	ActionAdminCancel  = "admin_erase_cancel"
	adminAuditCap      = 50
	adminRefusal       = "Sorry, `/hirebot-admin` is only for hirebot's admins (HIREBOT_ADMINS)."
	adminEraseNotFound = "No interviews are recorded for *%s*. Erasure needs the candidate's name as recorded (any case, any spacing); `/hirebot-admin audit %s` shows what the trail knows."
)

// AdminStore is what the admin command reads and changes.
type AdminStore interface {
	CandidateSpellings(ctx context.Context, name string) ([]data.Spelling, error)
	PlanErasure(ctx context.Context, spelling string) (data.ErasureCounts, error)
	EraseCandidateOnce(ctx context.Context, deliveryKey, spelling, by string) (data.Erasure, error)
	DeletionDone(ctx context.Context, id int64, at time.Time, cause string, notices ...data.OutboxMessage) error
	DeletionDeferred(ctx context.Context, id int64, at time.Time, cause string) error
	ClaimDeletions(ctx context.Context, now time.Time, idle time.Duration, limit int) ([]data.MessageDeletion, error)
	FileDeletionDone(ctx context.Context, id int64, at time.Time, cause string, notices ...data.OutboxMessage) error
	FileDeletionDeferred(ctx context.Context, id int64, at time.Time, cause string) error
	ClaimFileDeletions(ctx context.Context, now time.Time, idle time.Duration, limit int) ([]data.FileDeletion, error)
	RecordExportFile(ctx context.Context, interviewIDs []int64, f data.ExportFile) (*data.FileDeletion, error)
	Enqueue(ctx context.Context, msgs ...data.OutboxMessage) error
	ExportCandidate(ctx context.Context, name string) (data.CandidateExport, error)
	FindAudit(ctx context.Context, f data.AuditFilter) ([]data.AuditEntry, error)
	Audit(ctx context.Context, e data.AuditEntry) error
	Hold(ctx context.Context, name, by string) error
	Release(ctx context.Context, name, by string) error
}

// MessageDeleter deletes a message hirebot posted, or a file it uploaded. Package bot
// implements it with chat.delete and files.delete; a message or file already gone counts as
// deleted. Errors are a *RefusedError for good, as Sender's.
type MessageDeleter interface {
	DeleteMessage(ctx context.Context, channel, ts string) error
	DeleteFile(ctx context.Context, fileID string) error
}

// Admin is /hirebot-admin: candidate erasure, export, legal holds and the audit trail, for the
// people named in HIREBOT_ADMINS only. Every answer is private.
type Admin struct {
	store   AdminStore
	deleter MessageDeleter
	admins  Admins
	now     func() time.Time
	logger  *slog.Logger
}

// AdminConfig is what Admin needs.
type AdminConfig struct {
	Store   AdminStore
	Deleter MessageDeleter
	Admins  Admins // who may use it (HIREBOT_ADMINS)
	Now     func() time.Time
	Logger  *slog.Logger
}

// NewAdmin returns the admin command.
func NewAdmin(c AdminConfig) *Admin {
	return &Admin{store: c.Store, deleter: c.Deleter, admins: orNoAdmins(c.Admins), now: orNow(c.Now), logger: orDiscard(c.Logger)}
}

// refusal is the private answer to someone who may not use /hirebot-admin ("" for an admin).
func (a *Admin) refusal(ctx context.Context, userID string) string {
	ok, err := a.admins.IsAdmin(ctx, userID)
	switch {
	case err != nil:
		a.logger.WarnContext(ctx, "admin check", "user", userID, "err", err)
		return adminsUnknown
	case !ok:
		return adminRefusal
	}
	return ""
}

// command answers /hirebot-admin.
func (a *Admin) command(ctx context.Context, cmd Command) (Response, error) {
	if no := a.refusal(ctx, cmd.UserID); no != "" {
		return Reply(Message{Text: no}), nil
	}
	verb, rest, _ := strings.Cut(strings.TrimSpace(cmd.Text), " ")
	name := strings.Join(strings.Fields(rest), " ")
	needName := func(f func(context.Context, string, string) (Response, error)) (Response, error) {
		if name == "" {
			return Response{}, &UserError{Msg: fmt.Sprintf("Which candidate? Try `/hirebot-admin %s Jane Doe`.", strings.ToLower(verb))}
		}
		return f(ctx, cmd.UserID, name)
	}
	switch strings.ToLower(verb) {
	case "erase":
		return needName(a.planErase)
	case "export":
		return needName(a.export)
	case "hold":
		return needName(a.hold)
	case "release":
		return needName(a.release)
	case "audit":
		return a.audit(ctx, rest)
	}
	return Reply(Message{Text: "hirebot admin", Blocks: []slack.Block{section(adminHelp)}}), nil
}

const adminHelp = "*/hirebot-admin* — candidate data, for hirebot's admins\n" +
	"• `/hirebot-admin erase Jane Doe` — delete everything stored about a candidate, and the messages hirebot posted about them (asks first)\n" +
	"• `/hirebot-admin export Jane Doe` — everything stored about a candidate, as JSON and Markdown files in your direct messages\n" +
	"• `/hirebot-admin hold Jane Doe` / `release Jane Doe` — a legal hold: kept past the retention period, and not erasable\n" +
	"• `/hirebot-admin audit [candidate | @user] [7d | 2026-11-01]` — who did what to candidate data, newest first"

// resolve finds the one spelling of name to erase: the only one recorded under its key, or the
// one typed exactly when several normalise alike. Otherwise it says there is none, or asks which.
func (a *Admin) resolve(ctx context.Context, name string) (string, error) {
	sp, err := a.store.CandidateSpellings(ctx, name)
	if err != nil {
		return "", fmt.Errorf("candidate spellings: %w", err)
	}
	switch {
	case len(sp) == 0:
		return "", &UserError{Msg: fmt.Sprintf(adminEraseNotFound, literal(name), name)}
	case len(sp) == 1:
		return sp[0].Name, nil
	}
	var lines []string
	for _, s := range sp {
		if s.Name == name {
			return s.Name, nil
		}
		lines = append(lines, fmt.Sprintf("• %s (%d interviews)", code(s.Name), s.Interviews))
	}
	return "", &UserError{Msg: fmt.Sprintf("Several candidates are recorded under names that match *%s*:\n%s\nIf they are different people, "+
		"run `/hirebot-admin erase` with the exact spelling of the one you mean; if they are one person, erase each spelling.",
		literal(name), strings.Join(lines, "\n"))}
}

// planErase shows what erasing the candidate removes, with a button to go ahead.
func (a *Admin) planErase(ctx context.Context, _ string, name string) (Response, error) {
	spelling, err := a.resolve(ctx, name)
	if err != nil {
		return Response{}, err
	}
	c, err := a.store.PlanErasure(ctx, spelling)
	if errors.Is(err, data.ErrNotFound) {
		return Response{}, &UserError{Msg: fmt.Sprintf(adminEraseNotFound, literal(name), name)}
	}
	if err != nil {
		return Response{}, fmt.Errorf("plan erasure: %w", err)
	}
	text := fmt.Sprintf(":warning: *Erase %s?* This deletes, for good:\n"+
		"• %d interviews with their panels\n• %d scorecards (every version)\n• %d unsubmitted scorecard drafts\n• %d notes\n• %d decisions\n"+
		"• %d messages hirebot queued about them, and of those, %d still in Slack (deleted there too)\n"+
		"%s"+
		"The audit trail keeps its %d entries about them under a pseudonym.",
		literal(spelling), c.Interviews, c.Scorecards, c.Drafts, c.Notes, c.Decisions, c.Queued, c.Messages, erasePlanExtras(c), c.Audit)
	erase := slack.NewButtonBlockElement(ActionAdminErase, spelling, plain("Erase "+truncate(spelling, 60)))
	erase.Style = slack.StyleDanger
	erase.Confirm = slack.NewConfirmationBlockObject(plain("Erase for good?"),
		plain("Everything listed is deleted and cannot be brought back."), plain("Erase"), plain("Keep")).WithStyle(slack.StyleDanger)
	cancel := slack.NewButtonBlockElement(ActionAdminCancel, "", plain("Cancel"))
	return Reply(Message{Text: "Erase " + spelling + "?", Blocks: []slack.Block{section(text), slack.NewActionBlock("", erase, cancel)}}), nil
}

// erasePlanExtras are the lines of an erasure's confirmation that only some erasures need.
func erasePlanExtras(c data.ErasureCounts) string {
	var b strings.Builder
	if c.InFlight > 0 {
		fmt.Fprintf(&b, "• %d messages being sent right now (each is deleted once it is sent)\n", c.InFlight)
	}
	if c.Files > 0 {
		fmt.Fprintf(&b, "• %d export files in Slack (deleted there)\n", c.Files)
	}
	if c.Unlocated > 0 {
		fmt.Fprintf(&b, "• *%d messages hirebot could not delete* (hirebot does not know where it is: sent before it recorded that); "+
			"the list comes after the erasure, to delete by hand\n", c.Unlocated)
	}
	return b.String()
}

// erase erases the candidate the confirmation named, then deletes hirebot's messages about them
// from Slack, and says which could not be deleted.
func (a *Admin) erase(ctx context.Context, act Action) (Response, error) {
	if no := a.refusal(ctx, act.UserID); no != "" {
		return Reply(Message{Text: no}), nil
	}
	er, err := a.store.EraseCandidateOnce(ctx, act.DeliveryKey, act.Value, act.UserID)
	switch {
	case errors.Is(err, data.ErrReplayed):
		return Reply(Message{ReplaceOriginal: true, Text: "Candidate erased", Blocks: sections(erasedText(er) +
			fmt.Sprintf("\nThe %d messages hirebot had posted about them were deleted then, or are retried in its scheduled sweep.", er.Messages))}), nil
	case errors.Is(err, data.ErrNotFound):
		return Reply(Message{ReplaceOriginal: true, Text: "Nothing is recorded under that name any more: it was erased already, or renamed."}), nil
	case errors.Is(err, data.ErrConflict):
		return Reply(Message{ReplaceOriginal: true, Text: "This candidate is under legal hold. `/hirebot-admin release` lifts it; then erase again."}), nil
	case err != nil:
		return Response{}, fmt.Errorf("erase candidate: %w", err)
	}
	var failed []string
	var later, msgsFailed, filesFailed, filesLater int
	for _, d := range er.Deletions {
		switch cause, stop := a.deleteOne(ctx, d, false); {
		case stop:
			msgsFailed++
			failed = append(failed, fmt.Sprintf("• <#%s> message %s: %s", d.Channel, d.TS, cause))
		case cause != "":
			later++
		}
	}
	for _, f := range er.Files {
		switch cause, stop := a.deleteFile(ctx, f, false); {
		case stop:
			filesFailed++
			failed = append(failed, fmt.Sprintf("• export file %s%s: %s", f.FileID, sharedIn(f.Channel), cause))
		case cause != "":
			filesLater++
		}
	}
	text := erasedText(er) + fmt.Sprintf("\nDeleted %d of %d messages hirebot had posted about them.", len(er.Deletions)-msgsFailed-later, len(er.Deletions))
	if len(er.Files) > 0 {
		text += fmt.Sprintf("\nDeleted %d of %d export files about them.", len(er.Files)-filesFailed-filesLater, len(er.Files))
	}
	if later+filesLater > 0 {
		text += fmt.Sprintf("\n%d could not be deleted yet (Slack did not answer): hirebot tries again in its scheduled sweep, and tells the admins if it gives up.", later+filesLater)
	}
	if er.InFlight > 0 {
		text += fmt.Sprintf("\n%d messages about them were being sent: each is deleted in hirebot's scheduled sweep once it is sent.", er.InFlight)
	}
	for _, m := range er.UnlocatedMessages {
		failed = append(failed, fmt.Sprintf("• the %s%s, sent %s: could not delete (hirebot does not know where it is)",
			strings.ReplaceAll(m.Kind, "-", " "), sentTo(m.Channel), m.SentAt.UTC().Format("2006-01-02 15:04 UTC")))
	}
	if len(failed) > 0 {
		text += "\n*Could not delete* (delete them by hand):\n" + strings.Join(failed, "\n")
	}
	// Their Home tabs may list the candidate still: each is built again.
	return Response{Replies: []Message{{ReplaceOriginal: true, Text: "Candidate erased", Blocks: sections(text)}}, RefreshHome: er.People}, nil
}

// sentTo names where a message went: a person's direct messages, or a channel.
func sentTo(channel string) string {
	if isUserID(channel) {
		return fmt.Sprintf(" to <@%s>", channel)
	}
	return fmt.Sprintf(" in <#%s>", channel)
}

// sharedIn names the conversation a file was shared in, if known.
func sharedIn(channel string) string {
	if channel == "" {
		return ""
	}
	return fmt.Sprintf(" (in <#%s>)", channel)
}

// erasedText says what an erasure removed.
func erasedText(er data.Erasure) string {
	return fmt.Sprintf(":wastebasket: Erased: %d interviews, %d scorecards, %d drafts, %d notes, %d decisions and %d queued messages. "+
		"The audit trail now calls them `%s`.", er.Interviews, er.Scorecards, er.Drafts, er.Notes, er.Decisions, er.Queued, er.Pseudonym)
}

func (a *Admin) cancelErase(_ context.Context, act Action) (Response, error) {
	return Reply(Message{DeleteOriginal: true}), nil
}

func (a *Admin) hold(ctx context.Context, by, name string) (Response, error) {
	err := a.store.Hold(ctx, name, by)
	if errors.Is(err, data.ErrNotFound) {
		return Response{}, &UserError{Msg: fmt.Sprintf("No interviews are recorded for *%s*, so there is nothing to hold.", literal(name))}
	}
	if err != nil {
		return Response{}, fmt.Errorf("hold: %w", err)
	}
	return Reply(Message{Text: fmt.Sprintf(":lock: *%s* is under legal hold: kept past the retention period, and not erasable until `/hirebot-admin release %s`.", literal(name), name)}), nil
}

func (a *Admin) release(ctx context.Context, by, name string) (Response, error) {
	err := a.store.Release(ctx, name, by)
	if errors.Is(err, data.ErrNotFound) {
		return Response{}, &UserError{Msg: fmt.Sprintf("*%s* is not under legal hold.", literal(name))}
	}
	if err != nil {
		return Response{}, fmt.Errorf("release: %w", err)
	}
	return Reply(Message{Text: fmt.Sprintf(":unlock: Released *%s*: the retention period applies to them again.", literal(name))}), nil
}

var (
	userMention = regexp.MustCompile(`^<@([UW][A-Z0-9]+)(\|[^>]*)?>$|^([UW][A-Z0-9]{6,})$`)
	lastPeriod  = regexp.MustCompile(`^(\d+)([hdw])$`)
)

// auditQuery reads "[candidate | @user] [period]": a period is "7d", "24h", "2w" or a date.
func auditQuery(text string, now time.Time) data.AuditFilter {
	f := data.AuditFilter{Limit: adminAuditCap}
	words := strings.Fields(text)
	if n := len(words); n > 0 {
		last := words[n-1]
		if m := lastPeriod.FindStringSubmatch(last); m != nil {
			k, _ := strconv.Atoi(m[1])
			unit := map[string]time.Duration{"h": time.Hour, "d": 24 * time.Hour, "w": 7 * 24 * time.Hour}[m[2]]
			f.Since, words = now.Add(-time.Duration(k)*unit), words[:n-1]
		} else if d, err := time.Parse(time.DateOnly, last); err == nil {
			f.Since, words = d, words[:n-1]
		}
	}
	if len(words) == 1 {
		if m := userMention.FindStringSubmatch(words[0]); m != nil {
			f.Actor = m[1] + m[3]
			return f
		}
	}
	f.Candidate = strings.Join(words, " ")
	return f
}

// audit shows the audit trail, newest first.
func (a *Admin) audit(ctx context.Context, text string) (Response, error) {
	f := auditQuery(text, a.now())
	es, err := a.store.FindAudit(ctx, f)
	if err != nil {
		return Response{}, fmt.Errorf("audit log: %w", err)
	}
	if len(es) == 0 {
		return Reply(Message{Text: "Nothing in the audit trail matches."}), nil
	}
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = auditLine(e)
	}
	blocks := append([]slack.Block{header("Audit trail")}, sections(strings.Join(lines, "\n"))...)
	if len(es) == adminAuditCap {
		blocks = append(blocks, contextBlock(fmt.Sprintf("The newest %d entries; narrow it with a period, or `hirebot audit export` has them all.", adminAuditCap)))
	}
	return Reply(Message{Text: "Audit trail", Blocks: capBlocks(blocks, "More than fits in one message.")}), nil
}

func auditLine(e data.AuditEntry) string {
	who := "hirebot"
	if e.Actor != data.AuditSystem {
		who = "<@" + e.Actor + ">"
	}
	line := fmt.Sprintf("%s · %s · %s", e.At.UTC().Format("2006-01-02 15:04 UTC"), who, e.Action)
	if e.Candidate != "" {
		line += " · *" + literal(e.Candidate) + "*"
	}
	if e.InterviewID != 0 {
		line += fmt.Sprintf(" · interview %d", e.InterviewID)
	}
	if e.Detail != "" {
		line += " · " + literal(e.Detail)
	}
	return line
}
