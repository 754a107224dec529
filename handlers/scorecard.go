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

// recommendationOrder is the stored recommendations, worst first.
var recommendationOrder = []data.Recommendation{data.StrongNoHire, data.NoHire, data.Hire, data.StrongHire}

// competencyBlock is the block id of a competency's rating on the form: "sc_python".
func competencyBlock(key string) string { return "sc_" + key }

// fieldBlock is the block id of a free-text field on the form: "sc_strengths".
func fieldBlock(key string) string { return "sc_" + key }

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
			"• `/feedback decide Jane Doe` — hiring managers: advance, hire, reject or hold, with a reason\n"+
			"• `/feedback stats [30d | 2026-11 | me]` — how fast scorecards come in, per interviewer and for the team")), nil
	case "stats":
		return in.stats.answer(ctx, cmd, rest)
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
	name, match, err := in.suggestInterviews(ctx, userID, candidate, func(iv data.Interview) bool {
		p, ok := iv.Panelist(userID)
		return ok && p.Status != data.PanelAbsent
	})
	if err != nil {
		return Response{}, err
	}
	if len(match) == 0 {
		return Response{}, &UserError{Msg: fmt.Sprintf("You're not on the panel of any interview with *%s*. `/feedback` lists the scorecards you owe.", literal(truncate(candidate, 80)))}
	}
	return Reply(in.interviewPicker(ctx, userID, "Did you mean "+name+"?", match)), nil
}

// suggestInterviews is how every lookup of a candidate by name that matched nothing finds the
// nearest one (content.Suggest, as the other lookups): among the candidates of the interviews of
// the last year the user is part of and keep accepts, it returns the nearest name and those
// interviews, or no interviews when no name is near. Only names the user may see are offered.
func (in *Interviews) suggestInterviews(ctx context.Context, userID, query string, keep func(data.Interview) bool) (string, []data.Interview, error) {
	ivs, err := in.store.FindInterviews(ctx, data.InterviewFilter{UserID: userID, From: in.now().AddDate(-1, 0, 0)})
	if err != nil {
		return "", nil, fmt.Errorf("find interviews to suggest: %w", err)
	}
	var kept []data.Interview
	var names []string
	for _, iv := range ivs {
		if keep(iv) {
			kept = append(kept, iv)
			names = append(names, iv.Candidate)
		}
	}
	name, ok := content.Suggest(query, names)
	if !ok {
		return "", nil, nil
	}
	var match []data.Interview
	for _, iv := range kept {
		if iv.Candidate == name {
			match = append(match, iv)
		}
	}
	return name, match, nil
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
	if last, ok, err := in.store.LatestScorecard(ctx, iv.ID, userID); err != nil {
		return Response{}, fmt.Errorf("load the last scorecard: %w", err)
	} else if ok {
		previous = &last
	}
	form, loc := in.forms.Form(iv.Stage), in.zones.location(ctx, userID)
	draft, err := in.findDraft(ctx, iv, userID, form, loc)
	if err != nil {
		return Response{}, err
	}
	view := scorecardModal(iv, form, previous, draft, formatTime(iv.StartsAt, loc))
	view.NotifyOnClose = in.drafts != nil // closed unsubmitted, it is kept as a draft
	return Response{OpenView: view}, nil
}

// scorecardModal is the feedback form, filled in with the user's unsaved draft when there is
// one, or else with their last submission. A scorecard filled in on another form fills in what
// the two forms share.
func scorecardModal(iv data.Interview, form content.ScorecardForm, previous *data.Scorecard, draft *restoredDraft, when string) *slack.ModalViewRequest {
	intro := fmt.Sprintf("*%s* — %s · %s · %s", literal(iv.Candidate), literal(iv.Role), stageName(iv.Stage), when)
	if previous != nil {
		intro += fmt.Sprintf("\n_You submitted version %d; saving again keeps it in the history._", previous.Version)
	}
	fill := previous
	if draft != nil {
		intro += fmt.Sprintf("\n:memo: Restored your unsaved draft from %s.", draft.saved)
		fill = &draft.values
	}
	blocks := []slack.Block{section(intro), recommendationInput(form, fill)}
	for _, c := range form.Competencies {
		blocks = append(blocks, ratingInput(form, c, fill))
	}
	for _, f := range form.Fields {
		blocks = append(blocks, freeTextInput(f, fill))
	}
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

func recommendationInput(form content.ScorecardForm, previous *data.Scorecard) *slack.InputBlock {
	opts := make([]*slack.OptionBlockObject, len(form.Recommendations))
	rec := slack.NewRadioButtonsBlockElement(actionValue)
	for i, r := range form.Recommendations {
		opts[i] = slack.NewOptionBlockObject(r.Value, plain(r.Label), nil)
		if previous != nil && string(previous.Recommendation) == r.Value {
			rec.InitialOption = opts[i]
		}
	}
	rec.Options = opts
	return slack.NewInputBlock(blockRecommendation, plain("Overall recommendation"), nil, rec)
}

func ratingInput(form content.ScorecardForm, c content.Competency, previous *data.Scorecard) *slack.InputBlock {
	opts := make([]*slack.OptionBlockObject, len(form.Scale))
	for n := 1; n <= len(form.Scale); n++ {
		opts[n-1] = slack.NewOptionBlockObject(strconv.Itoa(n), plain(form.RatingText(n)), nil)
	}
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain(fmt.Sprintf("Rate 1 to %d", len(form.Scale))), actionValue, opts...)
	if previous != nil && len(previous.Scale) == len(form.Scale) {
		for _, r := range previous.Ratings {
			if r.Competency == c.Key && r.Value >= 1 && r.Value <= len(opts) {
				sel.InitialOption = opts[r.Value-1]
			}
		}
	}
	var hint *slack.TextBlockObject
	if c.Description != "" {
		hint = plain(c.Description)
	}
	return slack.NewInputBlock(competencyBlock(c.Key), plain(c.Label), hint, sel)
}

// freeTextMax is the longest each free-text field may be.
func freeTextMax(key string) int {
	if key == "note" {
		return maxLaterNote
	}
	return maxScorecardNote
}

func freeTextInput(f content.TextField, previous *data.Scorecard) *slack.InputBlock {
	in := textInput(fieldBlock(f.Key), f.Label, f.Placeholder, freeTextMax(f.Key), true)
	in.Optional = f.Optional
	if f.Hint != "" {
		in.Hint = plain(f.Hint)
	}
	if previous != nil {
		in.Element.(*slack.PlainTextInputBlockElement).InitialValue = *freeText(&previous.Strengths, &previous.Concerns, &previous.Note, f.Key)
	}
	return in
}

// freeText picks the stored field a free-text field key names.
func freeText(strengths, concerns, note *string, key string) *string {
	switch key {
	case "strengths":
		return strengths
	case "concerns":
		return concerns
	}
	return note
}

// parseScorecard reads the form; problems come back per block.
func parseScorecard(form content.ScorecardForm, values map[string]map[string]slack.BlockAction) (data.NewScorecard, map[string]string) {
	errs := map[string]string{}
	var sc data.NewScorecard
	sc.Recommendation = data.Recommendation(values[blockRecommendation][actionValue].SelectedOption.Value)
	if !sc.Recommendation.Valid() || !offers(form, sc.Recommendation) {
		errs[blockRecommendation] = "Pick an overall recommendation."
	}
	sc.Scale = form.Scale
	sc.Offered = make([]data.RecommendationOption, len(form.Recommendations))
	for i, r := range form.Recommendations {
		sc.Offered[i] = data.RecommendationOption{Value: data.Recommendation(r.Value), Label: r.Label}
	}
	sc.Fields = make([]data.FieldLabel, len(form.Fields))
	for i, f := range form.Fields {
		sc.Fields[i] = data.FieldLabel{Key: f.Key, Label: f.Label}
	}
	for _, c := range form.Competencies {
		block := competencyBlock(c.Key)
		n, err := strconv.Atoi(values[block][actionValue].SelectedOption.Value)
		if err != nil || n < 1 || n > len(form.Scale) {
			errs[block] = fmt.Sprintf("Rate %s from 1 to %d.", c.Label, len(form.Scale))
			continue
		}
		sc.Ratings = append(sc.Ratings, data.Rating{Competency: c.Key, Label: c.Label, Value: n})
	}
	for _, f := range form.Fields {
		block := fieldBlock(f.Key)
		v := strings.TrimSpace(values[block][actionValue].Value)
		*freeText(&sc.Strengths, &sc.Concerns, &sc.Note, f.Key) = v
		switch max := freeTextMax(f.Key); {
		case v == "" && !f.Optional:
			errs[block] = "Write a sentence or two; \"none\" is fine."
		case len([]rune(v)) > max:
			errs[block] = fmt.Sprintf("Keep this under %d characters.", max)
		}
	}
	return sc, errs
}

// errorBlock is the block a form-wide error shows under: the first free-text field, as near the
// Submit button as the form has one.
func errorBlock(form content.ScorecardForm) string {
	if len(form.Fields) > 0 {
		return fieldBlock(form.Fields[0].Key)
	}
	return blockRecommendation
}

// offers reports whether the form offers the recommendation.
func offers(form content.ScorecardForm, r data.Recommendation) bool {
	for _, o := range form.Recommendations {
		if o.Value == string(r) {
			return true
		}
	}
	return false
}

// submitScorecard stores the scorecard before the submission is acknowledged: if storage fails,
// the modal stays open with the user's input and says so.
func (in *Interviews) submitScorecard(ctx context.Context, sub Submission) (Response, error) {
	id, err := strconv.ParseInt(sub.PrivateMetadata, 10, 64)
	if err != nil {
		return Response{}, &UserError{Msg: "This form is out of date. Close it and use `/feedback` again.", BlockID: blockRecommendation}
	}
	iv, err := in.store.Interview(ctx, id)
	if errors.Is(err, data.ErrNotFound) {
		return Response{}, &UserError{Msg: "That interview no longer exists, so this scorecard has nowhere to go.", BlockID: errorBlock(in.forms.Default)}
	}
	if err != nil {
		in.logger.Error("load interview for a scorecard failed", "interview", id, "user", sub.UserID, "err", err)
		return Response{}, &UserError{Msg: scorecardSavedFailed, BlockID: errorBlock(in.forms.Default)}
	}
	form := in.forms.Form(iv.Stage)
	sc, errs := parseScorecard(form, sub.Values)
	if len(errs) > 0 {
		return Response{ViewErrors: errs}, nil
	}
	sc.InterviewID, sc.Author, sc.DeliveryKey = id, sub.UserID, sub.DeliveryKey
	sc.Notify = func(saved data.Scorecard) []data.OutboxMessage {
		return []data.OutboxMessage{queueAbout("receipt", Post{Channel: sub.UserID, Message: scorecardReceipt(iv, saved)}, iv, "")}
	}
	sc.PanelComplete = panelCompleteNotices
	sc.Audit = in.auditEntry(sub.UserID, "", iv.Candidate, iv.ID)
	saved, err := in.store.SubmitScorecard(ctx, sc)
	switch {
	case errors.Is(err, data.ErrReplayed):
		return Response{}, nil // stored when Slack first delivered this submission
	case errors.Is(err, data.ErrNotFound):
		return Response{}, &UserError{Msg: "That interview no longer exists, so this scorecard has nowhere to go.", BlockID: errorBlock(form)}
	case errors.Is(err, data.ErrConflict) && iv.Cancelled():
		return Response{}, &UserError{Msg: "This interview was cancelled, so the scorecard can't be saved.", BlockID: errorBlock(form)}
	case errors.Is(err, data.ErrConflict):
		return Response{}, &UserError{Msg: "You're not on this interview's panel any more, or it was cancelled, so the scorecard can't be saved.", BlockID: errorBlock(form)}
	case err != nil:
		in.logger.Error("save scorecard failed", "interview", id, "user", sub.UserID, "err", err)
		return Response{}, &UserError{Msg: scorecardSavedFailed, BlockID: errorBlock(form)}
	}
	in.metrics.Stored("scorecard")
	in.observeSubmitDelay(iv, saved)
	return Response{}, nil // closes the form; the receipt is queued with the scorecard
}

// scorecardReceipt is the direct message that confirms a saved scorecard.
func scorecardReceipt(iv data.Interview, saved data.Scorecard) Message {
	text := fmt.Sprintf(":white_check_mark: Thanks! Your scorecard for *%s* (%s) is saved: %s.", literal(iv.Candidate), stageName(iv.Stage), literal(saved.RecommendationLabel()))
	if saved.Version > 1 {
		text += fmt.Sprintf(" This is version %d; earlier ones stay in the history.", saved.Version)
	}
	return Message{Text: "Scorecard saved", Blocks: []slack.Block{
		section(text), contextBlock(code("/feedback summary "+iv.Candidate) + " shows the panel's feedback you may see."),
	}}
}
