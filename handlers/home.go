package handlers

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"hirebot/content"
	"hirebot/data"
)

// Slack ids of the Home tab.
const (
	EventAppHomeOpened        = "app_home_opened"
	ActionHomeRecordInterview = "home_record_interview"
	ActionHomeNewPosting      = "home_new_posting"
	ActionHomeSalary          = "home_salary_lookup"
	blockHomeQuick            = "home_quick"
	homeTabName               = "home"
	maxHomeBlocks             = 100 // Slack's limit for a Home tab
	homeOwedShown             = 15
	homeUpcomingShown         = 10
	homeWaitingShown          = 10
	homeDraftsShown           = 5
	homeWaitingLookback       = 90 * 24 * time.Hour
)

// HomeStore is what the Home tab reads, and where it notes who has opened it.
type HomeStore interface {
	RecordHomeVisit(ctx context.Context, userID string) (first bool, err error)
	HomeVisited(ctx context.Context, userID string) (bool, error)
	PendingFeedback(ctx context.Context, userID string) ([]data.Interview, error)
	FindInterviews(ctx context.Context, f data.InterviewFilter) ([]data.Interview, error)
	RecentPostings(ctx context.Context, author string, limit int) ([]data.Posting, error)
	Decisions(ctx context.Context, interviewIDs []int64) ([]data.Decision, error)
}

// Home is hirebot's Home tab: what each person owes, what is coming up, what waits on others,
// their drafts, and buttons that open the commands' forms. It shows nothing the person could not
// see with the commands.
type Home struct {
	store    HomeStore
	zones    zones
	settings Settings
	roles    *content.Library // nil: the built-in role alone
	admins   Admins           // who may run /hirebot-admin
	now      func() time.Time
	logger   *slog.Logger
}

// HomeConfig is what Home needs.
type HomeConfig struct {
	Store    HomeStore
	Users    UserDirectory // time zones; nil shows every time in UTC
	Settings Settings
	Roles    *content.Library // the roles the lookups know; nil: the built-in one alone
	Admins   Admins           // hirebot's admins, whose welcome names /hirebot-admin
	Now      func() time.Time // nil means time.Now
	Logger   *slog.Logger     // nil logs nothing
}

// NewHome returns the Home tab feature.
func NewHome(c HomeConfig) *Home {
	logger := orDiscard(c.Logger)
	return &Home{
		admins:   orNoAdmins(c.Admins),
		store:    c.Store,
		zones:    zones{users: c.Users, logger: logger},
		settings: c.Settings.withDefaults(),
		roles:    c.Roles,
		now:      orNow(c.Now),
		logger:   logger,
	}
}

// opened answers app_home_opened on the Home tab: the tab is published as it is now, with the
// welcome until a tab the person opened has been published (the visit is noted then, by shown).
func (h *Home) opened(ctx context.Context, ev Event) (Response, error) {
	if ev.Tab != homeTabName || ev.UserID == "" {
		return Response{}, nil // the Messages tab: nothing to publish
	}
	view, err := h.Refresh(ctx, ev.UserID, true)
	if err != nil {
		return Response{}, err
	}
	return Response{PublishHome: &HomeTab{UserID: ev.UserID, View: *view, Opened: true}}, nil
}

// shown notes the visit once Slack has taken the tab userID opened: from then on their tab has
// no welcome, and changes republish it.
func (h *Home) shown(ctx context.Context, userID string) error {
	if _, err := h.store.RecordHomeVisit(ctx, userID); err != nil {
		return fmt.Errorf("home visit: %w", err)
	}
	return nil
}

// Refresh builds userID's Home tab again: after a change (opened false) only if a tab they opened
// was published, else it returns nil; as they open it (opened), with the welcome until then.
func (h *Home) Refresh(ctx context.Context, userID string, opened bool) (*slack.HomeTabViewRequest, error) {
	seen, err := h.store.HomeVisited(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("home visit of %s: %w", userID, err)
	}
	if !seen && !opened {
		return nil, nil
	}
	return h.view(ctx, userID, !seen)
}

// view is userID's Home tab now; first adds the welcome.
func (h *Home) view(ctx context.Context, userID string, first bool) (*slack.HomeTabViewRequest, error) {
	now, loc := h.now(), h.zones.location(ctx, userID)
	blocks := []slack.Block{header("hirebot")}
	if first {
		admin, _ := h.admins.IsAdmin(ctx, userID) // not told: the welcome leaves the admin line out
		blocks = append(blocks, homeWelcome(h.roles, admin)...)
	}
	blocks = append(blocks, homeQuickButtons())
	parts := []func(context.Context, string, time.Time, *time.Location) ([]slack.Block, error){
		h.owedBlocks, h.upcomingBlocks, h.waitingBlocks, h.draftBlocks,
	}
	for _, part := range parts {
		more, err := part(ctx, userID, now, loc)
		if err != nil {
			return nil, fmt.Errorf("home tab of %s: %w", userID, err)
		}
		blocks = append(blocks, more...)
	}
	blocks = append(blocks, contextBlock("Times are in your time zone ("+zoneOrUTC(loc)+"). This tab updates when an interview is recorded or changed, a scorecard submitted, a decision recorded or a draft saved."))
	return &slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: capHomeBlocks(blocks)}}, nil
}

func zoneOrUTC(loc *time.Location) string {
	if z := zoneName(loc); z != "" {
		return z
	}
	return "UTC"
}

// homeWelcome explains each command with one example, for a first visit, /hirebot-admin only to
// an admin; with several roles it lists them with the words that pick them.
func homeWelcome(roles *content.Library, admin bool) []slack.Block {
	lines := []string{
		"`/interview` records an interview and its panel; each interviewer gets a button to submit feedback. Try `/interview list`.",
		"`/feedback` lists the scorecards you owe; `/feedback summary Jane Doe` shows a candidate's feedback you may see.",
		"`/feedback stats me` shows how fast your scorecards come in; hiring managers and hirebot's admins see the whole team's with `/feedback stats`. Try `/feedback stats 30d`.",
		"`/job-posting` writes a job posting draft you can edit, share or export. Try `/job-posting list`.",
		"`/salary` shows salary bands. Try `/salary seattle senior`.",
		"`/interview-questions` suggests questions with evaluation tips. Try `/interview-questions system-design`.",
		"`/hiring-faq` answers hiring questions. Try `/hiring-faq degree`.",
	}
	if admin {
		lines = append(lines, "`/hirebot-admin` is yours as one of hirebot's admins: erase or export a candidate's data, hold it, read the audit trail. Try `/hirebot-admin audit 7d`.")
	}
	blocks := []slack.Block{
		section(":wave: *Welcome!* I help your team hire backend engineers. Everything here also works as a command:"),
		section(bullets(lines)),
	}
	if roles == nil || roles.Single() {
		return blocks
	}
	last := roles.Roles[len(roles.Roles)-1].Key
	return append(blocks, section(fmt.Sprintf("The lookups know %d roles; put the role's word first, e.g. `/salary %s seattle senior`:\n%s",
		len(roles.Roles), last, bullets(roleLines(roles)))))
}

func homeQuickButtons() slack.Block {
	record := slack.NewButtonBlockElement(ActionHomeRecordInterview, "new", plain("Record interview"))
	record.Style = slack.StylePrimary
	return slack.NewActionBlock(blockHomeQuick, record,
		slack.NewButtonBlockElement(ActionHomeNewPosting, "new", plain("New job posting")),
		slack.NewButtonBlockElement(ActionHomeSalary, "lookup", plain("Salary lookup")),
		slack.NewButtonBlockElement(ActionHomeNotifications, "open", plain("Notification settings")),
	)
}

// owedBlocks lists the scorecards userID owes for interviews that have ended, overdue first
// (oldest first among them), each with the button that opens its form.
func (h *Home) owedBlocks(ctx context.Context, userID string, now time.Time, loc *time.Location) ([]slack.Block, error) {
	ivs, err := h.store.PendingFeedback(ctx, userID)
	if err != nil {
		return nil, err
	}
	var owed []data.Interview
	for _, iv := range ivs {
		if !iv.EndsAt().After(now) {
			owed = append(owed, iv)
		}
	}
	due := func(iv data.Interview) time.Time { return iv.EndsAt().Add(h.settings.FeedbackDue) }
	slices.SortStableFunc(owed, func(a, b data.Interview) int {
		ao, bo := !due(a).After(now), !due(b).After(now)
		if ao != bo {
			if ao {
				return -1
			}
			return 1
		}
		return due(a).Compare(due(b))
	})
	blocks := []slack.Block{divider(), section("*Scorecards you owe*")}
	if len(owed) == 0 {
		return append(blocks, contextBlock(":tada: You're all caught up: no interview is waiting for your scorecard.")), nil
	}
	for _, iv := range owed[:min(len(owed), homeOwedShown)] {
		status := "due " + formatTime(due(iv), loc)
		if !due(iv).After(now) {
			status = ":warning: *overdue* since " + formatTime(due(iv), loc)
		}
		text := fmt.Sprintf("*%s* — %s · %s · %s\n%s", literal(iv.Candidate), literal(iv.Role), stageName(iv.Stage), formatTime(iv.StartsAt, loc), status)
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(text), nil, slack.NewAccessory(feedbackButton(iv.ID, false))))
	}
	if more := len(owed) - homeOwedShown; more > 0 {
		blocks = append(blocks, contextBlock(fmt.Sprintf("…and %d more. `/feedback` lists them all.", more)))
	}
	return blocks, nil
}

// upcomingBlocks lists the interviews userID is part of that have not started, soonest first.
func (h *Home) upcomingBlocks(ctx context.Context, userID string, now time.Time, loc *time.Location) ([]slack.Block, error) {
	ivs, err := h.store.FindInterviews(ctx, data.InterviewFilter{UserID: userID, From: now})
	if err != nil {
		return nil, err
	}
	ivs = slices.DeleteFunc(ivs, func(iv data.Interview) bool { return iv.Cancelled() || !stillPartOf(iv, userID) })
	slices.Reverse(ivs) // soonest first
	blocks := []slack.Block{divider(), section("*Your upcoming interviews*")}
	if len(ivs) == 0 {
		return append(blocks, contextBlock("Nothing scheduled. Record one with *Record interview* or `/interview`.")), nil
	}
	var lines []string
	for _, iv := range ivs[:min(len(ivs), homeUpcomingShown)] {
		lines = append(lines, interviewLineFor(iv, userID, loc))
	}
	if more := len(ivs) - homeUpcomingShown; more > 0 {
		lines = append(lines, fmt.Sprintf("…and %d more: `/interview list`", more))
	}
	return append(blocks, sections(bullets(lines))...), nil
}

// stillPartOf reports whether userID is on the interview's current panel, its hiring manager or
// its recorder: someone taken off the panel no longer sees it.
func stillPartOf(iv data.Interview, userID string) bool {
	_, onPanel := iv.Panelist(userID)
	return onPanel || iv.HiringManager == userID || iv.RecordedBy == userID
}

// interviewLineFor is one upcoming interview and userID's part in it.
func interviewLineFor(iv data.Interview, userID string, loc *time.Location) string {
	role := "recorded it"
	switch p, ok := iv.Panelist(userID); {
	case ok && p.Status != data.PanelAbsent:
		role = "interviewer"
	case iv.HiringManager == userID:
		role = "hiring manager"
	}
	return fmt.Sprintf("*%s* — %s · %s · %s (%d min) · you: %s", literal(iv.Candidate), literal(iv.Role),
		stageName(iv.Stage), formatTime(iv.StartsAt, loc), int(iv.Duration.Minutes()), role)
}

// waitingBlocks lists, for a hiring manager, the ended interviews they manage that still wait
// on scorecards, and who owes them, then those whose scorecards are all in (those who did not
// attend or were taken off the panel owe none) and that have no decision yet, each with its
// Record decision button: what /feedback summary and /feedback decide show them. Others see no
// section.
func (h *Home) waitingBlocks(ctx context.Context, userID string, now time.Time, loc *time.Location) ([]slack.Block, error) {
	ivs, err := h.store.FindInterviews(ctx, data.InterviewFilter{UserID: userID, From: now.Add(-homeWaitingLookback), To: now})
	if err != nil {
		return nil, err
	}
	var lines []string
	var complete []data.Interview // every scorecard in: a decision may be due
	managing := false
	for _, iv := range ivs {
		if iv.HiringManager != userID {
			continue
		}
		managing = true
		if iv.EndsAt().After(now) || iv.Cancelled() {
			continue
		}
		if owed := iv.Outstanding(); len(owed) > 0 {
			lines = append(lines, fmt.Sprintf("*%s* — %s · %s · waiting for %s",
				literal(iv.Candidate), stageName(iv.Stage), formatTime(iv.StartsAt, loc), mentions(owed)))
		} else {
			complete = append(complete, iv)
		}
	}
	if !managing {
		return nil, nil
	}
	undecided, err := h.undecided(ctx, complete)
	if err != nil {
		return nil, err
	}
	blocks := []slack.Block{divider(), section("*Your candidates waiting on feedback or a decision*")}
	if len(lines) == 0 && len(undecided) == 0 {
		return append(blocks, contextBlock("Every panel of your candidates has sent its scorecards, and each has a decision.")), nil
	}
	if len(lines) > 0 {
		shown := lines[:min(len(lines), homeWaitingShown)]
		if more := len(lines) - len(shown); more > 0 {
			shown = append(shown, fmt.Sprintf("…and %d more", more))
		}
		blocks = append(blocks, sections(bullets(shown))...)
		blocks = append(blocks, contextBlock("`/feedback summary &lt;candidate&gt;` shows the scorecards in so far."))
	}
	for _, iv := range undecided[:min(len(undecided), homeWaitingShown)] {
		text := fmt.Sprintf("*%s* — %s · %s · %s\nEvery scorecard is in: waiting for your decision.",
			literal(iv.Candidate), literal(iv.Role), stageName(iv.Stage), formatTime(iv.StartsAt, loc))
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(text), nil, slack.NewAccessory(decisionButton(iv.ID, false))))
	}
	if more := len(undecided) - homeWaitingShown; more > 0 {
		blocks = append(blocks, contextBlock(fmt.Sprintf("…and %d more waiting for a decision. `/feedback decide &lt;candidate&gt;` records one.", more)))
	}
	return blocks, nil
}

// undecided keeps the interviews that have no decision standing.
func (h *Home) undecided(ctx context.Context, ivs []data.Interview) ([]data.Interview, error) {
	if len(ivs) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(ivs))
	for i, iv := range ivs {
		ids[i] = iv.ID
	}
	ds, err := h.store.Decisions(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("decisions: %w", err)
	}
	decided := map[int64]bool{}
	for _, d := range ds {
		decided[d.InterviewID] = true
	}
	return slices.DeleteFunc(ivs, func(iv data.Interview) bool { return decided[iv.ID] }), nil
}

// draftBlocks lists userID's most recent job posting drafts, each with its Open button.
func (h *Home) draftBlocks(ctx context.Context, userID string, _ time.Time, loc *time.Location) ([]slack.Block, error) {
	drafts, err := h.store.RecentPostings(ctx, userID, homeDraftsShown)
	if err != nil {
		return nil, err
	}
	if len(drafts) == 0 {
		return nil, nil
	}
	blocks := []slack.Block{divider(), section("*Your recent job posting drafts*")}
	for _, p := range drafts {
		open := slack.NewButtonBlockElement(ActionPostingOpen, strconv.FormatInt(p.ID, 10), plain("Open"))
		text := fmt.Sprintf("*#%d · %s* at %s\nversion %d · updated %s", p.ID, literal(p.Fields.Title), literal(p.Fields.Company), p.Version, formatTime(p.UpdatedAt, loc))
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(text), nil, slack.NewAccessory(open)))
	}
	return blocks, nil
}

// capHomeBlocks keeps a Home tab within Slack's 100 blocks, ending with a note when it cut any.
func capHomeBlocks(blocks []slack.Block) []slack.Block {
	if len(blocks) <= maxHomeBlocks {
		return blocks
	}
	return append(blocks[:maxHomeBlocks-1:maxHomeBlocks-1], contextBlock("More than fits here: the commands list everything."))
}
