package handlers

import (
	"context"
	"errors"
	"fmt"
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

func stageName(slug string) string {
	for _, s := range stages {
		if s.slug == slug {
			return s.name
		}
	}
	return slug
}

func (in *Interviews) interview(ctx context.Context, cmd Command) (Response, error) {
	switch strings.ToLower(strings.TrimSpace(cmd.Text)) {
	case "":
		return Response{OpenView: in.interviewModal(ctx, cmd.UserID, cmd.ChannelID)}, nil
	case "list", "ls", "mine":
		return in.listInterviews(ctx, cmd.UserID)
	case "help", "usage", "h":
		return Reply(helpMessage("How to use /interview", "*/interview* opens a form to record an interview: candidate, role, stage, panel, hiring manager, time and duration. "+
			"Each interviewer gets a direct message with a button to submit feedback, and reminders if it is late.\n"+
			"• `/interview` — record an interview (past ones too)\n"+
			"• `/interview list` — the interviews you are part of\n"+
			"• `/feedback` — the scorecards you still owe")), nil
	}
	return Response{}, &UserError{Msg: "I don't know " + code("/interview "+truncate(cmd.Text, 40)) + ". Try `/interview` to record one or `/interview list`."}
}

// interviewModal is the form that records an interview. It remembers the channel it was opened
// from, to confirm there privately. Slack shows the datetimepicker in the user's own time zone,
// and the hint under it says which one that is.
func (in *Interviews) interviewModal(ctx context.Context, userID, channelID string) *slack.ModalViewRequest {
	now := in.now().Truncate(time.Hour).Add(time.Hour)
	stageOpts := make([]*slack.OptionBlockObject, len(stages))
	for i, s := range stages {
		stageOpts[i] = slack.NewOptionBlockObject(s.slug, plain(s.name), nil)
	}
	manager := slack.NewOptionsSelectBlockElement(slack.OptTypeUser, plain("Who decides"), actionValue)
	manager.InitialUser = userID
	start := slack.NewDateTimePickerBlockElement(actionValue)
	start.InitialDateTime = now.Unix()
	duration := slack.NewNumberInputBlockElement(plain("Minutes"), actionValue, false)
	duration.InitialValue = strconv.Itoa(defaultDuration)
	duration.MinValue, duration.MaxValue = "5", strconv.Itoa(maxDurationMinute)
	return &slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      ViewInterview,
		Title:           plain("Record an interview"),
		Submit:          plain("Save"),
		Close:           plain("Cancel"),
		PrivateMetadata: channelID,
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			textInput(blockCandidate, "Candidate", "Full name", maxNameLength, false),
			textInput(blockRole, "Role", "e.g. Senior Python Backend Developer", maxNameLength, false),
			slack.NewInputBlock(blockStage, plain("Stage"), nil,
				slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Pick a stage"), actionValue, stageOpts...)),
			slack.NewInputBlock(blockPanel, plain("Interviewers"), plain("Each gets a direct message with a button to submit feedback."),
				slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeUser, plain("Add the panel"), actionValue)),
			slack.NewInputBlock(blockManager, plain("Hiring manager"), nil, manager),
			slack.NewInputBlock(blockStart, plain("Starts"), plain(startHint(in.zones.location(ctx, userID))), start),
			slack.NewInputBlock(blockDuration, plain("Duration in minutes"), nil, duration),
		}},
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
	if ts := get(blockStart).SelectedDateTime; ts > 0 {
		f.start = time.Unix(ts, 0).UTC()
		if d := f.start.Sub(in.now()); d > 366*24*time.Hour || d < -366*24*time.Hour {
			errs[blockStart] = "Pick a time within a year of today."
		}
	} else {
		errs[blockStart] = "Pick the date and time the interview starts."
	}
	minutes, err := strconv.Atoi(strings.TrimSpace(get(blockDuration).Value))
	if err != nil || minutes < 5 || minutes > maxDurationMinute {
		errs[blockDuration] = fmt.Sprintf("Enter the length in whole minutes, from 5 to %d.", maxDurationMinute)
	}
	f.duration = time.Duration(minutes) * time.Minute
	return f, errs
}

// recordInterview saves the interview and, in the same transaction, queues a heads-up for each
// interviewer and a confirmation for the person who recorded it. A redelivery of the same
// submission (Slack never got the ack) records and queues nothing again.
func (in *Interviews) recordInterview(ctx context.Context, sub Submission) (Response, error) {
	f, errs := in.parseInterviewForm(sub.Values)
	if len(errs) > 0 {
		return Response{ViewErrors: errs}, nil
	}
	tz := in.zones.locations(ctx, append([]string{sub.UserID}, f.panel...))
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

// announce is what a new interview sends: a heads-up to each interviewer, and a confirmation
// to the person who recorded it, privately in the channel the form was opened from.
func (in *Interviews) announce(iv data.Interview, panel []string, tz map[string]*time.Location, sub Submission) []data.OutboxMessage {
	var out []data.OutboxMessage
	for _, u := range panel {
		out = append(out, queue("heads-up", Post{Channel: u, Message: in.headsUp(iv, tz[u])}, iv.Candidate, iv.RecordedBy))
	}
	confirm := Message{Text: "Interview recorded", Blocks: []slack.Block{section(fmt.Sprintf(
		":white_check_mark: Recorded *%s* (%s, %s) on %s. I've sent the panel (%s) a heads-up with a button to submit feedback.",
		literal(iv.Candidate), literal(iv.Role), stageName(iv.Stage), formatTime(iv.StartsAt, tz[sub.UserID]), mentions(panel)))}}
	post := Post{Channel: sub.UserID, Message: confirm}
	if sub.PrivateMetadata != "" {
		post = Post{Channel: sub.PrivateMetadata, PrivateTo: sub.UserID, Message: confirm}
	}
	return append(out, queue("confirmation", post, iv.Candidate, ""))
}

// headsUp is the direct message an interviewer gets when they are put on a panel.
func (in *Interviews) headsUp(iv data.Interview, loc *time.Location) Message {
	when := formatTime(iv.StartsAt, loc)
	text := fmt.Sprintf(":wave: You're on the panel for *%s* — %s, %s interview, %s (%d min). Hiring manager: <@%s>.",
		literal(iv.Candidate), literal(iv.Role), strings.ToLower(stageName(iv.Stage)), when, int(iv.Duration.Minutes()), iv.HiringManager)
	return Message{
		Text: fmt.Sprintf("You're on the panel for %s, %s", literal(iv.Candidate), when),
		Blocks: []slack.Block{
			section(text),
			contextBlock(in.feedbackDueNote(iv) + fmt.Sprintf(" Recorded by <@%s>.", iv.RecordedBy)),
			slack.NewActionBlock("", feedbackButton(iv.ID, true)),
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

// listInterviews shows the interviews the user is part of: the soonest upcoming ones, then the
// most recent of the last 30 days, each list cut at listShown with a note of how many more.
func (in *Interviews) listInterviews(ctx context.Context, userID string) (Response, error) {
	const listShown = 15
	now := in.now()
	ivs, err := in.store.FindInterviews(ctx, data.InterviewFilter{UserID: userID, From: now.AddDate(0, 0, -30)})
	if err != nil {
		return Response{}, fmt.Errorf("list interviews: %w", err)
	}
	if len(ivs) == 0 {
		return Reply(helpMessage("No interviews", "You're not part of any interview from the last 30 days or coming up. Record one with `/interview`.")), nil
	}
	loc := in.zones.location(ctx, userID)
	var upcoming, recent []string // ivs come newest first
	for _, iv := range ivs {
		line := in.interviewLine(iv, userID, loc)
		if iv.StartsAt.After(now) {
			upcoming = append([]string{line}, upcoming...) // soonest first
		} else {
			recent = append(recent, line)
		}
	}
	blocks := []slack.Block{header("Your interviews")}
	for _, part := range []struct {
		title string
		lines []string
	}{{"Upcoming", upcoming}, {"Recent", recent}} {
		if len(part.lines) == 0 {
			continue
		}
		shown := part.lines[:min(len(part.lines), listShown)]
		text := "*" + part.title + "*\n" + strings.Join(shown, "\n")
		if more := len(part.lines) - len(shown); more > 0 {
			text += fmt.Sprintf("\n…and %d more", more)
		}
		blocks = append(blocks, sections(text)...)
	}
	blocks = append(blocks, contextBlock("Times are in your time zone. `/feedback` lists the scorecards you still owe."))
	return Reply(Message{Text: fmt.Sprintf("%d interviews", len(ivs)), Blocks: blocks}), nil
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
	submitted := 0
	for _, p := range iv.Panel {
		if p.Status == data.PanelSubmitted {
			submitted++
		}
	}
	return fmt.Sprintf("• *%s* — %s · %s · %s · you: %s · %d/%d scorecards",
		literal(iv.Candidate), literal(iv.Role), stageName(iv.Stage), formatTime(iv.StartsAt, loc),
		strings.Join(roles, ", "), submitted, len(iv.Panel))
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
