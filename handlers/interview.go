package handlers

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"hirebot/data"
)

// Slack ids of the "record an interview" modal.
const (
	interviewCommand  = "/interview"
	ViewInterview     = "interview_new"
	blockCandidate    = "iv_candidate"
	blockRole         = "iv_role"
	blockStage        = "iv_stage"
	blockPanel        = "iv_panel"
	blockManager      = "iv_manager"
	blockStart        = "iv_start"
	blockDuration     = "iv_duration"
	maxNameLength     = 100
	maxPanelSize      = 10
	defaultDuration   = 60
	maxDurationMinute = 8 * 60
)

// stages are the interview stages a team picks from, in the order a process runs.
var stages = []struct{ slug, name string }{
	{string(data.StagePhoneScreen), "Phone screen"},
	{string(data.StageTechnical), "Technical"},
	{string(data.StageSystemDesign), "System design"},
	{string(data.StageBehavioral), "Behavioral"},
	{string(data.StageOnsite), "Onsite"},
	{string(data.StageOther), "Other"},
}

func (in *Interviews) interview(ctx context.Context, cmd Command) (Response, error) {
	first, rest, _ := strings.Cut(strings.ToLower(strings.TrimSpace(cmd.Text)), " ")
	switch first {
	case "":
		return Response{OpenView: in.interviewModal(ctx, cmd.UserID, cmd.ChannelID)}, nil
	case "list", "ls", "mine":
		rest = strings.TrimSpace(rest)
		if _, ok := listFilters[rest]; !ok && rest != "" {
			return Response{}, &UserError{Msg: "`/interview list` takes `upcoming`, `past` or `cancelled`, or nothing for all of them."}
		}
		return in.listInterviews(ctx, cmd.UserID, rest)
	case "help", "usage", "h":
		return Reply(helpMessage("How to use /interview", "*/interview* opens a form to record an interview: candidate, role, stage, panel, hiring manager, time and duration. "+
			"Each interviewer gets a direct message with a button to submit feedback, and reminders if it is late.\n"+
			"• `/interview` — record an interview (past ones too)\n"+
			"• `/interview list` — the interviews you are part of; `upcoming`, `past` or `cancelled` shows one kind\n"+
			"• The menu beside an interview you recorded or manage edits, reschedules or cancels it\n"+
			"• `/feedback` — the scorecards you still owe")), nil
	}
	return Response{}, &UserError{Msg: "I don't know " + code("/interview "+truncate(cmd.Text, 40)) + ". Try `/interview` to record one or `/interview list`."}
}

// interviewModal is the form that records an interview. It remembers the channel it was opened
// from, to confirm there privately. Slack shows the datetimepicker in the user's own time zone,
// and the hint under it says which one that is.
func (in *Interviews) interviewModal(ctx context.Context, userID, channelID string) *slack.ModalViewRequest {
	return in.interviewFormView(ctx, userID, nil, ViewInterview, channelID)
}

// interviewFormView is the interview form, empty or filled in with iv to edit it.
func (in *Interviews) interviewFormView(ctx context.Context, userID string, iv *data.Interview, callbackID, metadata string) *slack.ModalViewRequest {
	stageOpts := make([]*slack.OptionBlockObject, len(stages))
	for i, s := range stages {
		stageOpts[i] = slack.NewOptionBlockObject(s.slug, plain(s.name), nil)
	}
	manager := slack.NewOptionsSelectBlockElement(slack.OptTypeUser, plain("Who decides"), actionValue)
	manager.InitialUser = userID
	candidate := textInput(blockCandidate, "Candidate", "Full name", maxNameLength, false)
	role := textInput(blockRole, "Role", "e.g. Senior Python Backend Developer", maxNameLength, false)
	stage := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Pick a stage"), actionValue, stageOpts...)
	panel := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeUser, plain("Add the panel"), actionValue)
	title, submit := "Record an interview", "Save"
	if iv != nil {
		title, submit = "Edit the interview", "Save changes"
		candidate.Element.(*slack.PlainTextInputBlockElement).InitialValue = iv.Candidate
		role.Element.(*slack.PlainTextInputBlockElement).InitialValue = iv.Role
		for _, o := range stageOpts {
			if o.Value == iv.Stage {
				stage.InitialOption = o
			}
		}
		for _, p := range iv.Panel {
			panel.InitialUsers = append(panel.InitialUsers, p.UserID)
		}
		manager.InitialUser = iv.HiringManager
	}
	blocks := []slack.Block{
		candidate, role,
		slack.NewInputBlock(blockStage, plain("Stage"), nil, stage),
		slack.NewInputBlock(blockPanel, plain("Interviewers"), plain("Each gets a direct message with a button to submit feedback."), panel),
		slack.NewInputBlock(blockManager, plain("Hiring manager"), nil, manager),
	}
	return &slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      callbackID,
		Title:           plain(title),
		Submit:          plain(submit),
		Close:           plain("Cancel"),
		PrivateMetadata: metadata,
		Blocks:          slack.Blocks{BlockSet: append(blocks, in.whenBlocks(ctx, userID, iv)...)},
	}
}

// whenBlocks are the form's start and duration, the next full hour and an hour when iv is nil.
func (in *Interviews) whenBlocks(ctx context.Context, userID string, iv *data.Interview) []slack.Block {
	start := slack.NewDateTimePickerBlockElement(actionValue)
	start.InitialDateTime = in.now().Truncate(time.Hour).Add(time.Hour).Unix()
	duration := slack.NewNumberInputBlockElement(plain("Minutes"), actionValue, false)
	duration.InitialValue = strconv.Itoa(defaultDuration)
	duration.MinValue, duration.MaxValue = "5", strconv.Itoa(maxDurationMinute)
	if iv != nil {
		start.InitialDateTime = iv.StartsAt.Unix()
		duration.InitialValue = strconv.Itoa(int(iv.Duration.Minutes()))
	}
	return []slack.Block{
		slack.NewInputBlock(blockStart, plain("Starts"), plain(startHint(in.zones.location(ctx, userID))), start),
		slack.NewInputBlock(blockDuration, plain("Duration in minutes"), nil, duration),
	}
}

// startHint says which time zone the start time is read in: the user's own, as set in Slack.
func startHint(loc *time.Location) string {
	zone := zoneName(loc)
	if zone == "" {
		zone = "UTC"
	}
	return "In your time zone (" + zone + "), as set in Slack. A past time is fine for an interview that already took place."
}

// interviewForm is what the user entered in the interview modal.
type interviewForm struct {
	candidate, role, stage string
	panel                  []string
	manager                string
	start                  time.Time
	duration               time.Duration
}

// parseInterviewForm reads and checks the modal's values; problems come back per block.
func (in *Interviews) parseInterviewForm(values map[string]map[string]slack.BlockAction) (interviewForm, map[string]string) {
	errs := map[string]string{}
	get := func(block string) slack.BlockAction { return values[block][actionValue] }
	f := interviewForm{
		candidate: strings.TrimSpace(get(blockCandidate).Value),
		role:      strings.TrimSpace(get(blockRole).Value),
		stage:     get(blockStage).SelectedOption.Value,
		panel:     get(blockPanel).SelectedUsers,
		manager:   get(blockManager).SelectedUser,
	}
	requireText(errs, blockCandidate, f.candidate, "the candidate's name")
	requireText(errs, blockRole, f.role, "the role")
	if stageName(f.stage) == f.stage {
		errs[blockStage] = "Pick the interview stage."
	}
	switch {
	case len(f.panel) == 0:
		errs[blockPanel] = "Add at least one interviewer."
	case len(f.panel) > maxPanelSize:
		errs[blockPanel] = fmt.Sprintf("A panel can have at most %d interviewers.", maxPanelSize)
	case !validUserIDs(f.panel...):
		errs[blockPanel] = "Pick the interviewers from the list of people in this workspace."
	}
	switch {
	case f.manager == "":
		errs[blockManager] = "Pick the hiring manager."
	case !validUserIDs(f.manager):
		errs[blockManager] = "Pick the hiring manager from the list of people in this workspace."
	}
	f.start, f.duration = in.parseWhen(values, errs)
	return f, errs
}

// parseWhen reads the form's start and duration, recording problems in errs.
func (in *Interviews) parseWhen(values map[string]map[string]slack.BlockAction, errs map[string]string) (time.Time, time.Duration) {
	var start time.Time
	if ts := values[blockStart][actionValue].SelectedDateTime; ts > 0 {
		start = time.Unix(ts, 0).UTC()
		if d := start.Sub(in.now()); d > 366*24*time.Hour || d < -366*24*time.Hour {
			errs[blockStart] = "Pick a time within a year of today."
		}
	} else {
		errs[blockStart] = "Pick the date and time the interview starts."
	}
	minutes, err := strconv.Atoi(strings.TrimSpace(values[blockDuration][actionValue].Value))
	if err != nil || minutes < 5 || minutes > maxDurationMinute {
		errs[blockDuration] = fmt.Sprintf("Enter the length in whole minutes, from 5 to %d.", maxDurationMinute)
	}
	return start, time.Duration(minutes) * time.Minute
}

// recordInterview saves the interview and, in the same transaction, queues a heads-up for each
// interviewer and a confirmation for the person who recorded it. A redelivery of the same
// submission (Slack never got the ack) records and queues nothing again.
func (in *Interviews) recordInterview(ctx context.Context, sub Submission) (Response, error) {
	f, errs := in.parseInterviewForm(sub.Values)
	if len(errs) > 0 {
		return Response{ViewErrors: errs}, nil
	}
	tz := in.zones.locations(ctx, append([]string{sub.UserID, f.manager}, f.panel...))
	panel := make([]data.NewPanelist, len(f.panel))
	for i, u := range f.panel {
		panel[i] = data.NewPanelist{UserID: u, TZ: zoneName(tz[u])}
	}
	_, err := in.store.CreateInterview(ctx, data.NewInterview{
		Candidate: f.candidate, Role: f.role, Stage: f.stage, HiringManager: f.manager, RecordedBy: sub.UserID,
		StartsAt: f.start, Duration: f.duration, Panel: panel,
		FirstReminderAt: f.start.Add(f.duration).Add(in.settings.FeedbackDue),
		DeliveryKey:     sub.DeliveryKey,
		Notify: func(iv data.Interview) []data.OutboxMessage {
			return in.announce(iv, f.panel, tz, sub)
		},
		Audit: in.auditEntry(sub.UserID, data.AuditRecordedInterview, f.candidate, 0),
	})
	var ve *data.ValidationError
	switch {
	case errors.As(err, &ve):
		return Response{}, &UserError{Msg: "Please check the form: " + ve.Msg, BlockID: blockCandidate}
	case err != nil && !errors.Is(err, data.ErrReplayed):
		return Response{}, fmt.Errorf("record interview: %w", err)
	}
	return Response{}, nil // closes the form; the outbox delivers the rest
}

// announce is what a new interview sends: a heads-up to each interviewer; to the hiring
// manager, and to the person who recorded it, when they are not on the panel, a direct message
// with the menu that changes it; and a confirmation to the person who recorded it, privately in
// the channel the form was opened from.
func (in *Interviews) announce(iv data.Interview, panel []string, tz map[string]*time.Location, sub Submission) []data.OutboxMessage {
	var out []data.OutboxMessage
	for _, u := range panel {
		out = append(out, queueAbout(data.KindHeadsUp, Post{Channel: u, Message: in.headsUp(iv, u, tz[u])}, iv, iv.RecordedBy))
	}
	for _, u := range managersOffPanel(iv) {
		lead := fmt.Sprintf("<@%s> recorded an interview with you as its hiring manager:", iv.RecordedBy)
		switch {
		case u == iv.RecordedBy && u == iv.HiringManager:
			lead = "You recorded an interview as its hiring manager:"
		case u == iv.RecordedBy:
			lead = fmt.Sprintf("You recorded an interview, with <@%s> as its hiring manager:", iv.HiringManager)
		}
		out = append(out, queueAbout(data.KindManagerHeadsUp, Post{Channel: u, Message: in.managerNote(iv, lead, tz[u])}, iv, ""))
	}
	confirm := Message{Text: "Interview recorded", Blocks: []slack.Block{section(fmt.Sprintf(
		":white_check_mark: Recorded *%s* (%s, %s) on %s. I've sent the panel (%s) a heads-up with a button to submit feedback.",
		literal(iv.Candidate), literal(iv.Role), stageName(iv.Stage), formatTime(iv.StartsAt, tz[sub.UserID]), mentions(panel)))}}
	post := Post{Channel: sub.UserID, Message: confirm}
	if sub.PrivateMetadata != "" {
		post = Post{Channel: sub.PrivateMetadata, PrivateTo: sub.UserID, Message: confirm}
	}
	return append(out, queueAbout("confirmation", post, iv, ""))
}

// headsUp is the direct message an interviewer gets when they are put on a panel; the hiring
// manager and the recorder find the menu that changes the interview on theirs.
func (in *Interviews) headsUp(iv data.Interview, userID string, loc *time.Location) Message {
	when := formatTime(iv.StartsAt, loc)
	text := fmt.Sprintf(":wave: You're on the panel for *%s* — %s, %s interview, %s (%d min). Hiring manager: <@%s>.",
		literal(iv.Candidate), literal(iv.Role), strings.ToLower(stageName(iv.Stage)), when, int(iv.Duration.Minutes()), iv.HiringManager)
	intro := section(text)
	if iv.Manager(userID) {
		intro = slack.NewSectionBlock(mrkdwn(text), nil, slack.NewAccessory(manageMenu(iv)))
	}
	return Message{
		Text: fmt.Sprintf("You're on the panel for %s, %s", literal(iv.Candidate), when),
		Blocks: []slack.Block{
			intro,
			contextBlock(in.feedbackDueNote(iv) + fmt.Sprintf(" Recorded by <@%s>.", iv.RecordedBy)),
			slack.NewActionBlock("", feedbackButton(iv.ID, true)),
		},
	}
}

// managersOffPanel are the hiring manager and the recorder of iv who are not on its panel (the
// heads-up of a panelist who manages the interview carries its menu already), each once.
func managersOffPanel(iv data.Interview) []string {
	var out []string
	for _, u := range []string{iv.HiringManager, iv.RecordedBy} {
		if _, onPanel := iv.Panelist(u); !onPanel && !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	return out
}

// managerNote is the direct message about an interview that the hiring manager or the recorder
// gets when they are not on its panel: lead, the interview as it is now, and the menu that
// changes it.
func (in *Interviews) managerNote(iv data.Interview, lead string, loc *time.Location) Message {
	when := formatTime(iv.StartsAt, loc)
	text := fmt.Sprintf(":clipboard: %s *%s* — %s, %s interview, %s (%d min). Hiring manager: <@%s>. Panel: %s.",
		lead, literal(iv.Candidate), literal(iv.Role), strings.ToLower(stageName(iv.Stage)), when, int(iv.Duration.Minutes()),
		iv.HiringManager, mentions(panelIDs(iv.Panel)))
	return Message{
		Text: fmt.Sprintf("Interview of %s, %s", literal(iv.Candidate), when),
		Blocks: []slack.Block{
			slack.NewSectionBlock(mrkdwn(text), nil, slack.NewAccessory(manageMenu(iv))),
			contextBlock("The menu edits, reschedules or cancels it. You'll hear when every scorecard is in."),
		},
	}
}

// feedbackDueNote says when the scorecard is due: within the team's allowance of the end, or now
// for an interview recorded after it ended.
func (in *Interviews) feedbackDueNote(iv data.Interview) string {
	if !iv.EndsAt().After(in.now()) {
		return "This interview has already taken place: please submit your scorecard now."
	}
	return fmt.Sprintf("Please submit your scorecard within %s of the end.", humanDuration(in.settings.FeedbackDue))
}

// listFilters are the views of /interview list: what each shows, newest first or soonest first.
var listFilters = map[string]struct {
	title, empty string
	keep         func(iv data.Interview, now time.Time) bool
}{
	"upcoming": {"Upcoming interviews", "No interview of yours is coming up.",
		func(iv data.Interview, now time.Time) bool { return !iv.Cancelled() && iv.StartsAt.After(now) }},
	"past": {"Past interviews", "No interview of yours took place in the last 30 days.",
		func(iv data.Interview, now time.Time) bool { return !iv.Cancelled() && !iv.StartsAt.After(now) }},
	"cancelled": {"Cancelled interviews", "None of your interviews from the last 30 days or coming up was cancelled.",
		func(iv data.Interview, _ time.Time) bool { return iv.Cancelled() }},
}

// listInterviews shows the interviews the user is part of: the soonest upcoming ones, then the
// most recent of the last 30 days, each list cut at listShown with a note of how many more. A
// filter (upcoming, past, cancelled) shows one of those lists, or the cancelled ones. Each
// interview the user may change carries the menu that changes it.
func (in *Interviews) listInterviews(ctx context.Context, userID, filter string) (Response, error) {
	now := in.now()
	ivs, err := in.store.FindInterviews(ctx, data.InterviewFilter{UserID: userID, From: now.AddDate(0, 0, -30)})
	if err != nil {
		return Response{}, fmt.Errorf("list interviews: %w", err)
	}
	loc := in.zones.location(ctx, userID)
	if f, ok := listFilters[filter]; ok {
		var picked []data.Interview
		for _, iv := range ivs {
			if f.keep(iv, now) {
				picked = append(picked, iv)
			}
		}
		if filter == "upcoming" {
			slices.Reverse(picked) // soonest first
		}
		if len(picked) == 0 {
			return Reply(helpMessage(f.title, f.empty+" `/interview list` shows all of yours.")), nil
		}
		blocks := append([]slack.Block{header(f.title)}, in.interviewSections(picked, userID, loc)...)
		blocks = append(blocks, contextBlock("Times are in your time zone. `/interview list upcoming`, `past` or `cancelled` shows one kind."))
		return Reply(Message{Text: fmt.Sprintf("%d interviews", len(picked)), Blocks: blocks}), nil
	}
	var upcoming, recent []data.Interview // ivs come newest first
	cancelled := 0
	for _, iv := range ivs {
		switch {
		case iv.Cancelled():
			cancelled++
		case iv.StartsAt.After(now):
			upcoming = append([]data.Interview{iv}, upcoming...) // soonest first
		default:
			recent = append(recent, iv)
		}
	}
	if len(upcoming)+len(recent) == 0 && cancelled == 0 {
		return Reply(helpMessage("No interviews", "You're not part of any interview from the last 30 days or coming up. Record one with `/interview`.")), nil
	}
	blocks := []slack.Block{header("Your interviews")}
	for _, part := range []struct {
		title string
		ivs   []data.Interview
	}{{"Upcoming", upcoming}, {"Recent", recent}} {
		if len(part.ivs) > 0 {
			blocks = append(blocks, section("*"+part.title+"*"))
			blocks = append(blocks, in.interviewSections(part.ivs, userID, loc)...)
		}
	}
	note := "Times are in your time zone. `/feedback` lists the scorecards you still owe."
	if cancelled > 0 {
		note += fmt.Sprintf(" %d cancelled: `/interview list cancelled`.", cancelled)
	}
	blocks = append(blocks, contextBlock(note))
	return Reply(Message{Text: fmt.Sprintf("%d interviews", len(ivs)), Blocks: blocks}), nil
}

// interviewSections is one section per interview, at most listShown, then a note of how many
// more there are.
func (in *Interviews) interviewSections(ivs []data.Interview, userID string, loc *time.Location) []slack.Block {
	const listShown = 15
	var blocks []slack.Block
	for _, iv := range ivs[:min(len(ivs), listShown)] {
		line := in.interviewLine(iv, userID, loc)
		if iv.Manager(userID) && !iv.Cancelled() {
			blocks = append(blocks, slack.NewSectionBlock(mrkdwn(line), nil, slack.NewAccessory(manageMenu(iv))))
		} else {
			blocks = append(blocks, section(line))
		}
	}
	if more := len(ivs) - listShown; more > 0 {
		blocks = append(blocks, contextBlock(fmt.Sprintf("…and %d more", more)))
	}
	return blocks
}

func (in *Interviews) interviewLine(iv data.Interview, userID string, loc *time.Location) string {
	var roles []string
	if p, ok := iv.Panelist(userID); ok {
		roles = append(roles, "interviewer ("+panelStatusText(p.Status)+")")
	}
	if iv.HiringManager == userID {
		roles = append(roles, "hiring manager")
	}
	if iv.RecordedBy == userID {
		roles = append(roles, "recorded it")
	}
	submitted, expected := scorecardTally(iv)
	line := fmt.Sprintf("*%s* — %s · %s · %s · you: %s · %d/%d scorecards",
		literal(iv.Candidate), literal(iv.Role), stageName(iv.Stage), formatTime(iv.StartsAt, loc),
		strings.Join(roles, ", "), submitted, expected)
	if iv.Cancelled() {
		line += fmt.Sprintf("\n_Cancelled by <@%s>", iv.CancelledBy)
		if iv.CancelReason != "" {
			line += ": " + literal(truncate(iv.CancelReason, 200))
		}
		line += "_"
	}
	return line
}

func panelStatusText(s data.PanelStatus) string {
	switch s {
	case data.PanelSubmitted:
		return "submitted"
	case data.PanelAbsent:
		return "did not attend"
	}
	return "feedback due"
}
