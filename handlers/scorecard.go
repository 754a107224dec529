package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"hirebot/content"
	"hirebot/data"
)

// Slack ids of the scorecard form and the buttons that open it.
const (
	feedbackCommand      = "/feedback"
	ViewScorecard        = "scorecard"
	ActionOpenScorecard  = "feedback_open"
	blockRecommendation  = "sc_recommendation"
	blockStrengths       = "sc_strengths"
	blockConcerns        = "sc_concerns"
	blockNote            = "sc_note"
	maxScorecardNote     = 3000
	maxLaterNote         = 1000
	scorecardSavedFailed = "I couldn't save your feedback just now. Your input is still here; please submit again."
)

// recommendations in the order the form shows them.
var recommendations = []struct {
	value data.Recommendation
	name  string
}{
	{data.StrongNoHire, "Strong no hire"},
	{data.NoHire, "No hire"},
	{data.Hire, "Hire"},
	{data.StrongHire, "Strong hire"},
}

func recommendationName(r data.Recommendation) string {
	for _, rec := range recommendations {
		if rec.value == r {
			return rec.name
		}
	}
	return string(r)
}

// competencies are the rated skills, each with its block id on the form.
var competencies = []struct {
	block, name string
	get         func(*data.Ratings) *int
}{
	{"sc_python", "Python", func(r *data.Ratings) *int { return &r.Python }},
	{"sc_apis", "APIs and system design", func(r *data.Ratings) *int { return &r.APIs }},
	{"sc_databases", "Databases", func(r *data.Ratings) *int { return &r.Databases }},
	{"sc_testing", "Testing and code quality", func(r *data.Ratings) *int { return &r.Testing }},
	{"sc_communication", "Communication", func(r *data.Ratings) *int { return &r.Communication }},
}

var ratingNames = []string{"", "1 · Weak", "2 · Mixed", "3 · Good", "4 · Excellent"}

func (in *Interviews) feedbackCommand(ctx context.Context, cmd Command) (Response, error) {
	text := strings.TrimSpace(cmd.Text)
	first, rest, _ := strings.Cut(text, " ")
	switch strings.ToLower(first) {
	case "":
		return in.pendingFeedback(ctx, cmd.UserID)
	case "help", "usage", "h":
		return Reply(helpMessage("How to use /feedback", "*/feedback* is where interviewers submit scorecards.\n"+
			"• `/feedback` — the interviews still waiting for your scorecard\n"+
			"• `/feedback Jane Doe` — open the form for that candidate\n"+
			"• `/feedback summary Jane Doe` — recommendations, average ratings and every scorecard you may see\n"+
			"• `/feedback decide Jane Doe` — hiring managers: advance, hire, reject or hold, with a reason")), nil
	case "summary":
		if strings.TrimSpace(rest) == "" {
			return Response{}, &UserError{Msg: "Whose summary? Try `/feedback summary Jane Doe`."}
		}
		return in.summary(ctx, cmd.UserID, strings.TrimSpace(rest))
	case "decide", "decision":
		if strings.TrimSpace(rest) == "" {
			return Response{}, &UserError{Msg: "Decide on whom? Try `/feedback decide Jane Doe`."}
		}
		return in.decideForCandidate(ctx, cmd.UserID, strings.TrimSpace(rest))
	}
	return in.feedbackForCandidate(ctx, cmd, text)
}

// pendingFeedback lists the user's interviews still waiting for their scorecard.
func (in *Interviews) pendingFeedback(ctx context.Context, userID string) (Response, error) {
	ivs, err := in.store.PendingFeedback(ctx, userID)
	if err != nil {
		return Response{}, fmt.Errorf("pending feedback: %w", err)
	}
	if len(ivs) == 0 {
		return Reply(helpMessage("You're all caught up", ":tada: You're all caught up: no interview is waiting for your scorecard.")), nil
	}
	return Reply(in.interviewPicker(ctx, userID, "Scorecards you still owe", ivs)), nil
}

// interviewPicker lists interviews, each with a button that opens its scorecard form.
func (in *Interviews) interviewPicker(ctx context.Context, userID, title string, ivs []data.Interview) Message {
	loc := in.zones.location(ctx, userID)
	blocks := []slack.Block{header(title)}
	const maxShown = 20 // two blocks each, well under Slack's 50 per message
	for _, iv := range ivs[:min(len(ivs), maxShown)] {
		text := fmt.Sprintf("*%s* — %s · %s · %s", literal(iv.Candidate), literal(iv.Role), stageName(iv.Stage), formatTime(iv.StartsAt, loc))
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(text), nil, slack.NewAccessory(feedbackButton(iv.ID, false))))
	}
	if len(ivs) > maxShown {
		blocks = append(blocks, contextBlock(fmt.Sprintf("…and %d more. Use `/feedback` with the candidate's name, like `/feedback Jane Doe`, to pick one.", len(ivs)-maxShown)))
	}
	return Message{Text: literal(title), Blocks: blocks}
}

func feedbackButton(interviewID int64, primary bool) *slack.ButtonBlockElement {
	btn := slack.NewButtonBlockElement(ActionOpenScorecard, strconv.FormatInt(interviewID, 10), plain("Submit feedback"))
	if primary {
		btn.Style = slack.StylePrimary
	}
	return btn
}

// feedbackForCandidate opens the form for the one interview with that candidate the user sits
// on, or asks which one when there are several.
func (in *Interviews) feedbackForCandidate(ctx context.Context, cmd Command, candidate string) (Response, error) {
	ivs, err := in.store.FindInterviewsByCandidate(ctx, cmd.UserID, candidate)
	if err != nil {
		return Response{}, fmt.Errorf("find interviews for %q: %w", candidate, err)
	}
	var mine []data.Interview
	for _, iv := range ivs {
		if p, ok := iv.Panelist(cmd.UserID); ok && p.Status != data.PanelAbsent && !iv.Cancelled() {
			mine = append(mine, iv)
		}
	}
	switch len(mine) {
	case 0:
		return in.suggestCandidate(ctx, cmd.UserID, candidate)
	case 1:
		return in.openScorecard(ctx, cmd.UserID, mine[0])
	}
	return Reply(in.interviewPicker(ctx, cmd.UserID, "Which interview with "+truncate(candidate, 80)+"?", mine)), nil
}

// suggestCandidate answers a /feedback name that matches none of the user's panels: when it is
// close to a candidate they interviewed ("Jane" for "Jane Doe"), it offers those interviews, each
// with the button that opens its form.
func (in *Interviews) suggestCandidate(ctx context.Context, userID, candidate string) (Response, error) {
	notFound := &UserError{Msg: fmt.Sprintf("You're not on the panel of any interview with *%s*. `/feedback` lists the scorecards you owe.", literal(truncate(candidate, 80)))}
	ivs, err := in.store.FindInterviews(ctx, data.InterviewFilter{UserID: userID, From: in.now().AddDate(-1, 0, 0)})
	if err != nil {
		return Response{}, fmt.Errorf("find interviews to suggest: %w", err)
	}
	var names []string
	for _, iv := range ivs {
		if p, ok := iv.Panelist(userID); ok && p.Status != data.PanelAbsent {
			names = append(names, iv.Candidate)
		}
	}
	name, ok := content.Suggest(candidate, names)
	if !ok {
		return Response{}, notFound
	}
	var match []data.Interview
	for _, iv := range ivs {
		if p, onPanel := iv.Panelist(userID); onPanel && p.Status != data.PanelAbsent && iv.Candidate == name {
			match = append(match, iv)
		}
	}
	return Reply(in.interviewPicker(ctx, userID, "Did you mean "+name+"?", match)), nil
}

// openScorecardAction opens the form from a "Submit feedback" button.
func (in *Interviews) openScorecardAction(ctx context.Context, act Action) (Response, error) {
	id, err := strconv.ParseInt(act.Value, 10, 64)
	if err != nil {
		return Response{}, &UserError{Msg: "That button is out of date. Use `/feedback` to find the interview."}
	}
	iv, err := in.store.Interview(ctx, id)
	if errors.Is(err, data.ErrNotFound) {
		return Response{}, &UserError{Msg: "That interview no longer exists. `/feedback` lists the scorecards you owe."}
	}
	if err != nil {
		return Response{}, fmt.Errorf("load interview %d: %w", id, err)
	}
	return in.openScorecard(ctx, act.UserID, iv)
}

func (in *Interviews) openScorecard(ctx context.Context, userID string, iv data.Interview) (Response, error) {
	p, ok := iv.Panelist(userID)
	switch {
	case !ok:
		return Response{}, &UserError{Msg: fmt.Sprintf("You're not on the panel for *%s*, so there is no scorecard for you to fill in.", literal(iv.Candidate))}
	case p.Status == data.PanelAbsent:
		return Response{}, &UserError{Msg: fmt.Sprintf("You said you didn't attend the interview with *%s*, so there is no scorecard for you to fill in.", literal(iv.Candidate))}
	case iv.Cancelled():
		return Response{}, &UserError{Msg: fmt.Sprintf("The interview with *%s* was cancelled, so there is no scorecard to fill in.", literal(iv.Candidate))}
	}
	var previous *data.Scorecard
	if history, err := in.store.ScorecardHistory(ctx, iv.ID, userID); err != nil {
		return Response{}, fmt.Errorf("load scorecard history: %w", err)
	} else if len(history) > 0 {
		previous = &history[len(history)-1]
	}
	return Response{OpenView: scorecardModal(iv, previous, formatTime(iv.StartsAt, in.zones.location(ctx, userID)))}, nil
}

// scorecardModal is the feedback form, filled in with the last submission when there is one.
func scorecardModal(iv data.Interview, previous *data.Scorecard, when string) *slack.ModalViewRequest {
	recOpts := make([]*slack.OptionBlockObject, len(recommendations))
	for i, r := range recommendations {
		recOpts[i] = slack.NewOptionBlockObject(string(r.value), plain(r.name), nil)
	}
	rec := slack.NewRadioButtonsBlockElement(actionValue, recOpts...)
	strengths := textInput(blockStrengths, "Strengths", "What went well, with examples", maxScorecardNote, true)
	concerns := textInput(blockConcerns, "Concerns", "What worried you, with examples", maxScorecardNote, true)
	note := textInput(blockNote, "Note for later interviewers (optional)", "e.g. Dig deeper into caching", maxLaterNote, true)
	note.Optional = true
	note.Hint = plain("Later interviewers of this candidate read it in their interview kit.")
	intro := fmt.Sprintf("*%s* — %s · %s · %s", literal(iv.Candidate), literal(iv.Role), stageName(iv.Stage), when)
	if previous != nil {
		intro += fmt.Sprintf("\n_You submitted version %d; saving again keeps it in the history._", previous.Version)
		rec.InitialOption = recOpts[recommendationIndex(previous.Recommendation)]
		strengths.Element.(*slack.PlainTextInputBlockElement).InitialValue = previous.Strengths
		concerns.Element.(*slack.PlainTextInputBlockElement).InitialValue = previous.Concerns
		note.Element.(*slack.PlainTextInputBlockElement).InitialValue = previous.Note
	}
	blocks := []slack.Block{section(intro), slack.NewInputBlock(blockRecommendation, plain("Overall recommendation"), nil, rec)}
	for _, c := range competencies {
		opts := make([]*slack.OptionBlockObject, 4)
		for n := 1; n <= 4; n++ {
			opts[n-1] = slack.NewOptionBlockObject(strconv.Itoa(n), plain(ratingNames[n]), nil)
		}
		sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Rate 1 to 4"), actionValue, opts...)
		if previous != nil {
			if v := *c.get(&previous.Ratings); v >= 1 && v <= 4 {
				sel.InitialOption = opts[v-1]
			}
		}
		blocks = append(blocks, slack.NewInputBlock(c.block, plain(c.name), nil, sel))
	}
	blocks = append(blocks, strengths, concerns, note)
	return &slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      ViewScorecard,
		Title:           plain("Scorecard"),
		Submit:          plain("Submit"),
		Close:           plain("Cancel"),
		PrivateMetadata: strconv.FormatInt(iv.ID, 10),
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
}

func recommendationIndex(r data.Recommendation) int {
	for i, rec := range recommendations {
		if rec.value == r {
			return i
		}
	}
	return 0
}

// parseScorecard reads the form; problems come back per block.
func parseScorecard(values map[string]map[string]slack.BlockAction) (data.NewScorecard, map[string]string) {
	errs := map[string]string{}
	var sc data.NewScorecard
	sc.Recommendation = data.Recommendation(values[blockRecommendation][actionValue].SelectedOption.Value)
	if !sc.Recommendation.Valid() {
		errs[blockRecommendation] = "Pick an overall recommendation."
	}
	for _, c := range competencies {
		n, err := strconv.Atoi(values[c.block][actionValue].SelectedOption.Value)
		if err != nil || n < 1 || n > 4 {
			errs[c.block] = "Rate " + c.name + " from 1 to 4."
			continue
		}
		*c.get(&sc.Ratings) = n
	}
	sc.Strengths = strings.TrimSpace(values[blockStrengths][actionValue].Value)
	sc.Concerns = strings.TrimSpace(values[blockConcerns][actionValue].Value)
	sc.Note = strings.TrimSpace(values[blockNote][actionValue].Value)
	if len([]rune(sc.Note)) > maxLaterNote {
		errs[blockNote] = fmt.Sprintf("Keep the note under %d characters.", maxLaterNote)
	}
	for block, v := range map[string]string{blockStrengths: sc.Strengths, blockConcerns: sc.Concerns} {
		switch {
		case v == "":
			errs[block] = "Write a sentence or two; \"none\" is fine."
		case len([]rune(v)) > maxScorecardNote:
			errs[block] = fmt.Sprintf("Keep this under %d characters.", maxScorecardNote)
		}
	}
	return sc, errs
}

// submitScorecard stores the scorecard before the submission is acknowledged: if storage fails,
// the modal stays open with the user's input and says so.
func (in *Interviews) submitScorecard(ctx context.Context, sub Submission) (Response, error) {
	id, err := strconv.ParseInt(sub.PrivateMetadata, 10, 64)
	if err != nil {
		return Response{}, &UserError{Msg: "This form is out of date. Close it and use `/feedback` again.", BlockID: blockRecommendation}
	}
	sc, errs := parseScorecard(sub.Values)
	if len(errs) > 0 {
		return Response{ViewErrors: errs}, nil
	}
	sc.InterviewID, sc.Author, sc.DeliveryKey = id, sub.UserID, sub.DeliveryKey
	iv, err := in.store.Interview(ctx, id)
	if errors.Is(err, data.ErrNotFound) {
		return Response{}, &UserError{Msg: "That interview no longer exists, so this scorecard has nowhere to go.", BlockID: blockStrengths}
	}
	if err != nil {
		in.logger.Error("load interview for a scorecard failed", "interview", id, "user", sub.UserID, "err", err)
		return Response{}, &UserError{Msg: scorecardSavedFailed, BlockID: blockStrengths}
	}
	sc.Notify = func(saved data.Scorecard) []data.OutboxMessage {
		return []data.OutboxMessage{queue("receipt", Post{Channel: sub.UserID, Message: scorecardReceipt(iv, saved)}, iv.Candidate, "")}
	}
	sc.PanelComplete = panelCompleteNotices
	saved, err := in.store.SubmitScorecard(ctx, sc)
	switch {
	case errors.Is(err, data.ErrReplayed):
		return Response{}, nil // stored when Slack first delivered this submission
	case errors.Is(err, data.ErrNotFound):
		return Response{}, &UserError{Msg: "That interview no longer exists, so this scorecard has nowhere to go.", BlockID: blockStrengths}
	case errors.Is(err, data.ErrConflict) && iv.Cancelled():
		return Response{}, &UserError{Msg: "This interview was cancelled, so the scorecard can't be saved.", BlockID: blockStrengths}
	case errors.Is(err, data.ErrConflict):
		return Response{}, &UserError{Msg: "You're not on this interview's panel any more, or it was cancelled, so the scorecard can't be saved.", BlockID: blockStrengths}
	case err != nil:
		in.logger.Error("save scorecard failed", "interview", id, "user", sub.UserID, "err", err)
		return Response{}, &UserError{Msg: scorecardSavedFailed, BlockID: blockStrengths}
	}
	in.metrics.Stored("scorecard")
	in.audited(ctx, err, sub.UserID, scorecardAction(saved), iv.Candidate, iv.ID)
	return Response{}, nil // closes the form; the receipt is queued with the scorecard
}

// scorecardReceipt is the direct message that confirms a saved scorecard.
func scorecardReceipt(iv data.Interview, saved data.Scorecard) Message {
	text := fmt.Sprintf(":white_check_mark: Thanks! Your scorecard for *%s* (%s) is saved: %s.", literal(iv.Candidate), stageName(iv.Stage), recommendationName(saved.Recommendation))
	if saved.Version > 1 {
		text += fmt.Sprintf(" This is version %d; earlier ones stay in the history.", saved.Version)
	}
	return Message{Text: "Scorecard saved", Blocks: []slack.Block{
		section(text), contextBlock(code("/feedback summary "+iv.Candidate) + " shows the panel's feedback you may see."),
	}}
}
