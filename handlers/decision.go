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

// Slack ids of the panel-complete message's buttons and the decision form.
const (
	ActionViewSummary    = "feedback_summary"
	ActionRecordDecision = "decision_open"
	ViewDecision         = "decision"
	blockOutcome         = "dc_outcome"
	blockDecisionReason  = "dc_reason"
	blockDecisionConfirm = "dc_confirm"
	decisionConfirmed    = "confirmed"
	maxDecisionReason    = 1000
)

// outcomes in the order the decision form shows them.
var outcomes = []struct {
	value data.Outcome
	name  string
}{
	{data.OutcomeAdvance, "Advance to the next stage"},
	{data.OutcomeHire, "Hire"},
	{data.OutcomeReject, "Reject"},
	{data.OutcomeHold, "Hold"},
}

func outcomeName(o data.Outcome) string {
	for _, oc := range outcomes {
		if oc.value == o {
			return oc.name
		}
	}
	return string(o)
}

func summaryButton(interviewID int64) *slack.ButtonBlockElement {
	return slack.NewButtonBlockElement(ActionViewSummary, strconv.FormatInt(interviewID, 10), plain("View summary"))
}

func decisionButton(interviewID int64, primary bool) *slack.ButtonBlockElement {
	btn := slack.NewButtonBlockElement(ActionRecordDecision, strconv.FormatInt(interviewID, 10), plain("Record decision"))
	if primary {
		btn.Style = slack.StylePrimary
	}
	return btn
}

// panelCompleteNotices tells the hiring manager and the recorder, once, that every scorecard
// the panel owed is in. Should Slack refuse the hiring manager's, the recorder hears it (when
// somebody else recorded the interview).
func panelCompleteNotices(iv data.Interview, cards []data.Scorecard) []data.OutboxMessage {
	in, expected := scorecardTally(iv)
	text := fmt.Sprintf(":inbox_tray: Every scorecard is in for *%s* (%s, %s interview): %d of %d.",
		literal(iv.Candidate), literal(iv.Role), strings.ToLower(stageName(iv.Stage)), in, expected)
	msg := Message{Text: "Every scorecard is in for " + literal(iv.Candidate), Blocks: []slack.Block{
		section(text + "\n" + recommendationCounts(cards)),
		slack.NewActionBlock("", summaryButton(iv.ID), decisionButton(iv.ID, true)),
	}}
	var out []data.OutboxMessage
	for _, u := range []string{iv.HiringManager, iv.RecordedBy} {
		if len(out) == 0 || u != iv.HiringManager {
			tell := ""
			if u == iv.HiringManager && iv.RecordedBy != iv.HiringManager {
				tell = iv.RecordedBy
			}
			m := queueAbout("panel-complete", Post{Channel: u, Message: msg}, iv, tell)
			m.ShowsFeedback = true // the recommendations
			out = append(out, m)
		}
	}
	return out
}

// buttonInterview loads the interview a button names.
func (in *Interviews) buttonInterview(ctx context.Context, value string) (data.Interview, error) {
	id, err := strconv.ParseInt(value, 10, 64)
	if err != nil {
		return data.Interview{}, &UserError{Msg: "That button is out of date. `/interview list` shows your interviews."}
	}
	iv, err := in.store.Interview(ctx, id)
	switch {
	case errors.Is(err, data.ErrNotFound):
		return data.Interview{}, &UserError{Msg: "That interview no longer exists. `/interview list` shows yours."}
	case err != nil:
		return data.Interview{}, fmt.Errorf("load interview %d: %w", id, err)
	}
	return iv, nil
}

// viewSummaryAction answers "View summary" with the private reply `/feedback summary` gives.
func (in *Interviews) viewSummaryAction(ctx context.Context, act Action) (Response, error) {
	iv, err := in.buttonInterview(ctx, act.Value)
	if err != nil {
		return Response{}, err
	}
	return in.summary(ctx, act.UserID, iv.Candidate)
}

// decisionAction opens the decision form from a "Record decision" button.
func (in *Interviews) decisionAction(ctx context.Context, act Action) (Response, error) {
	iv, err := in.buttonInterview(ctx, act.Value)
	if err != nil {
		return Response{}, err
	}
	return in.openDecision(ctx, act.UserID, iv)
}

// decideForCandidate opens the decision form for the latest interview with the candidate that
// the user manages and that was not cancelled.
func (in *Interviews) decideForCandidate(ctx context.Context, userID, candidate string) (Response, error) {
	ivs, err := in.store.FindInterviewsByCandidate(ctx, userID, candidate)
	if err != nil {
		return Response{}, fmt.Errorf("find interviews for %q: %w", candidate, err)
	}
	decidable := func(iv data.Interview) bool { return iv.Manager(userID) && !iv.Cancelled() }
	for i := len(ivs) - 1; i >= 0; i-- {
		if decidable(ivs[i]) {
			return in.openDecision(ctx, userID, ivs[i])
		}
	}
	msg := fmt.Sprintf("You're not the hiring manager of an interview with *%s*, nor did you record one, so you can't decide on them.", literal(truncate(candidate, 80)))
	suggested, match, err := in.suggestInterviews(ctx, userID, candidate, decidable)
	if err != nil {
		return Response{}, err
	}
	if len(match) > 0 {
		return Response{}, &UserError{Msg: msg + didYouMean(literal(suggested), "/feedback decide "+suggested)}
	}
	return Response{}, &UserError{Msg: msg + " `/interview list` shows yours."}
}

func (in *Interviews) openDecision(ctx context.Context, userID string, iv data.Interview) (Response, error) {
	switch {
	case !iv.Manager(userID):
		return Response{}, &UserError{Msg: fmt.Sprintf("Only the hiring manager (<@%s>) or the person who recorded the interview with *%s* can record a decision.", iv.HiringManager, literal(iv.Candidate))}
	case iv.Cancelled():
		return Response{}, &UserError{Msg: fmt.Sprintf("The interview with *%s* was cancelled, so there is nothing to decide on it.", literal(iv.Candidate))}
	}
	ds, err := in.store.Decisions(ctx, []int64{iv.ID})
	if err != nil {
		return Response{}, fmt.Errorf("decisions on interview %d: %w", iv.ID, err)
	}
	return Response{OpenView: in.decisionModal(ctx, userID, iv, ds)}, nil
}

// decisionModal is the decision form. When scorecards are still missing it names who owes one
// and asks for confirmation; the form remembers that it asked in its metadata.
func (in *Interviews) decisionModal(ctx context.Context, userID string, iv data.Interview, history []data.Decision) *slack.ModalViewRequest {
	loc := in.zones.location(ctx, userID)
	intro := fmt.Sprintf("Decision on *%s* after the %s interview (%s) on %s.",
		literal(iv.Candidate), strings.ToLower(stageName(iv.Stage)), literal(iv.Role), formatTime(iv.StartsAt, loc))
	if n := len(history); n > 0 {
		d := history[n-1]
		intro += fmt.Sprintf("\nStanding decision: *%s*, by <@%s> on %s. A new one supersedes it; both stay in the history.",
			outcomeName(d.Outcome), d.DecidedBy, formatTime(d.DecidedAt, loc))
	}
	opts := make([]*slack.OptionBlockObject, len(outcomes))
	for i, o := range outcomes {
		opts[i] = slack.NewOptionBlockObject(string(o.value), plain(o.name), nil)
	}
	reason := textInput(blockDecisionReason, "Reason", "Why, in a sentence or two", maxDecisionReason, true)
	reason.Hint = plain("The hiring manager, the recorder and the panel read this in the summary.")
	blocks := []slack.Block{section(intro),
		slack.NewInputBlock(blockOutcome, plain("Decision"), nil, slack.NewRadioButtonsBlockElement(actionValue, opts...)),
		reason}
	meta := strconv.FormatInt(iv.ID, 10)
	if owed := iv.Outstanding(); len(owed) > 0 {
		blocks = append(blocks, section(fmt.Sprintf(":warning: Not every scorecard is in: still waiting for %s.", mentions(owed))),
			slack.NewInputBlock(blockDecisionConfirm, plain("Decide now?"), nil, slack.NewCheckboxGroupsBlockElement(actionValue,
				slack.NewOptionBlockObject(decisionConfirmed, plain("Record my decision before every scorecard is in"), nil))))
		meta += ":" + decisionConfirmed
	}
	return &slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: ViewDecision,
		Title: plain("Record decision"), Submit: plain("Record"), Close: plain("Cancel"),
		PrivateMetadata: meta,
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
}

// submitDecision records the decision form.
func (in *Interviews) submitDecision(ctx context.Context, sub Submission) (Response, error) {
	idText, asked, _ := strings.Cut(sub.PrivateMetadata, ":")
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		return Response{}, &UserError{Msg: "This form is out of date. Close it and use `/feedback decide` again.", BlockID: blockDecisionReason}
	}
	d := data.NewDecision{InterviewID: id, DecidedBy: sub.UserID, DeliveryKey: sub.DeliveryKey,
		Outcome: data.Outcome(sub.Values[blockOutcome][actionValue].SelectedOption.Value),
		Reason:  strings.TrimSpace(sub.Values[blockDecisionReason][actionValue].Value)}
	errs := map[string]string{}
	if !d.Outcome.Valid() {
		errs[blockOutcome] = "Pick a decision."
	}
	switch {
	case d.Reason == "":
		errs[blockDecisionReason] = "Say why, in a sentence or two."
	case len([]rune(d.Reason)) > maxDecisionReason:
		errs[blockDecisionReason] = fmt.Sprintf("Keep the reason under %d characters.", maxDecisionReason)
	}
	confirmed := false
	for _, o := range sub.Values[blockDecisionConfirm][actionValue].SelectedOptions {
		confirmed = confirmed || o.Value == decisionConfirmed
	}
	if asked == decisionConfirmed && !confirmed {
		errs[blockDecisionConfirm] = "Tick this to decide before every scorecard is in, or wait for them."
	}
	if len(errs) > 0 {
		return Response{ViewErrors: errs}, nil
	}
	iv, err := in.interviewFor(ctx, id, sub.UserID)
	if ue, ok := AsUserError(err); ok {
		ue.BlockID = blockDecisionReason
	}
	if err != nil {
		return Response{}, err
	}
	tz := in.zones.locations(ctx, []string{sub.UserID, iv.HiringManager, iv.RecordedBy})
	d.Notify = func(iv data.Interview, d data.Decision) []data.OutboxMessage { return decisionNotices(iv, d, tz) }
	d.Audit = in.auditEntry(sub.UserID, data.AuditRecordedDecision, iv.Candidate, iv.ID)
	_, err = in.store.RecordDecision(ctx, d)
	switch {
	case errors.Is(err, data.ErrReplayed):
		return Response{}, nil
	case errors.Is(err, data.ErrConflict):
		return Response{}, &UserError{Msg: "This interview was cancelled, so the decision can't be recorded.", BlockID: blockDecisionReason}
	case err != nil:
		return Response{}, fmt.Errorf("record decision on interview %d: %w", id, err)
	}
	in.metrics.Stored("decision")
	return Response{}, nil
}

// decisionNotices confirms the decision to whoever made it and tells the hiring manager and the
// recorder when it was somebody else; should Slack refuse one of theirs, whoever decided hears
// it.
func decisionNotices(iv data.Interview, d data.Decision, tz map[string]*time.Location) []data.OutboxMessage {
	what := fmt.Sprintf("*%s* for *%s* after the %s interview (%s).\n*Reason:* %s", outcomeName(d.Outcome),
		literal(iv.Candidate), strings.ToLower(stageName(iv.Stage)), literal(iv.Role), literal(d.Reason))
	out := []data.OutboxMessage{queueAbout("decision", Post{Channel: d.DecidedBy, Message: Message{Text: "Decision recorded",
		Blocks: []slack.Block{section(":white_check_mark: Decision recorded: " + what)}}}, iv, "")}
	seen := map[string]bool{d.DecidedBy: true}
	for _, u := range []string{iv.HiringManager, iv.RecordedBy} {
		if seen[u] {
			continue
		}
		seen[u] = true
		text := fmt.Sprintf(":scales: <@%s> recorded a decision on %s: %s", d.DecidedBy, formatTime(d.DecidedAt, tz[u]), what)
		out = append(out, queueAbout("decision", Post{Channel: u, Message: Message{Text: "Decision on " + literal(iv.Candidate),
			Blocks: []slack.Block{section(text)}}}, iv, d.DecidedBy))
	}
	return out
}
