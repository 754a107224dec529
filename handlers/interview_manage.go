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

// Slack ids of the menu that changes an interview and the forms it opens.
const (
	ActionManageInterview   = "interview_manage"
	ViewInterviewEdit       = "interview_edit"
	ViewInterviewReschedule = "interview_reschedule"
	ViewInterviewCancel     = "interview_cancel"
	blockCancelReason       = "iv_cancel_reason"
	maxCancelReason         = 500

	manageEdit       = "edit"
	manageReschedule = "reschedule"
	manageCancel     = "cancel"
)

// manageMenu is the overflow menu on an interview its hiring manager or recorder sees.
func manageMenu(iv data.Interview) *slack.OverflowBlockElement {
	id := strconv.FormatInt(iv.ID, 10)
	return slack.NewOverflowBlockElement(ActionManageInterview,
		slack.NewOptionBlockObject(manageEdit+":"+id, plain("Edit"), nil),
		slack.NewOptionBlockObject(manageReschedule+":"+id, plain("Reschedule"), nil),
		slack.NewOptionBlockObject(manageCancel+":"+id, plain("Cancel interview"), nil),
	)
}

// manageAction opens the form the menu item asks for.
func (in *Interviews) manageAction(ctx context.Context, act Action) (Response, error) {
	what, idText, _ := strings.Cut(act.Value, ":")
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		return Response{}, &UserError{Msg: "That menu is out of date. `/interview list` shows your interviews."}
	}
	iv, err := in.managedInterview(ctx, id, act.UserID)
	if err != nil {
		return Response{}, err
	}
	meta := strconv.FormatInt(iv.ID, 10)
	switch what {
	case manageEdit:
		return Response{OpenView: in.interviewFormView(ctx, act.UserID, &iv, ViewInterviewEdit, meta)}, nil
	case manageReschedule:
		return Response{OpenView: in.rescheduleModal(ctx, act.UserID, iv)}, nil
	case manageCancel:
		return Response{OpenView: in.cancelModal(ctx, act.UserID, iv)}, nil
	}
	return Response{}, &UserError{Msg: "That menu is out of date. `/interview list` shows your interviews."}
}

// managedInterview loads an interview that userID may change: they are its hiring manager or
// recorded it, and it is not cancelled.
func (in *Interviews) managedInterview(ctx context.Context, id int64, userID string) (data.Interview, error) {
	iv, err := in.interviewFor(ctx, id, userID)
	switch {
	case err != nil:
		return data.Interview{}, err
	case iv.Cancelled():
		return data.Interview{}, &UserError{Msg: fmt.Sprintf("The interview with *%s* was cancelled, so it can't be changed.", literal(iv.Candidate))}
	}
	return iv, nil
}

// interviewFor loads an interview for its hiring manager or recorder, cancelled or not.
func (in *Interviews) interviewFor(ctx context.Context, id int64, userID string) (data.Interview, error) {
	iv, err := in.store.Interview(ctx, id)
	switch {
	case errors.Is(err, data.ErrNotFound):
		return data.Interview{}, &UserError{Msg: "That interview no longer exists. `/interview list` shows yours."}
	case err != nil:
		return data.Interview{}, fmt.Errorf("load interview %d: %w", id, err)
	case !iv.Manager(userID):
		return data.Interview{}, &UserError{Msg: fmt.Sprintf("Only the hiring manager (<@%s>) or the person who recorded the interview with *%s* can change it.", iv.HiringManager, literal(iv.Candidate))}
	}
	return iv, nil
}

func (in *Interviews) rescheduleModal(ctx context.Context, userID string, iv data.Interview) *slack.ModalViewRequest {
	intro := fmt.Sprintf("*%s* — %s · %s · now %s. The panel is told the new time, and reminders follow it.",
		literal(iv.Candidate), literal(iv.Role), stageName(iv.Stage), formatTime(iv.StartsAt, in.zones.location(ctx, userID)))
	return &slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: ViewInterviewReschedule,
		Title: plain("Reschedule"), Submit: plain("Reschedule"), Close: plain("Cancel"),
		PrivateMetadata: strconv.FormatInt(iv.ID, 10),
		Blocks:          slack.Blocks{BlockSet: append([]slack.Block{section(intro)}, in.whenBlocks(ctx, userID, &iv)...)},
	}
}

func (in *Interviews) cancelModal(ctx context.Context, userID string, iv data.Interview) *slack.ModalViewRequest {
	text := fmt.Sprintf("Cancel the %s interview with *%s* on %s? The panel (%s) will be told, and nobody will be reminded about it again. Scorecards already submitted are kept.",
		strings.ToLower(stageName(iv.Stage)), literal(iv.Candidate), formatTime(iv.StartsAt, in.zones.location(ctx, userID)), mentions(panelIDs(iv.Panel)))
	reason := textInput(blockCancelReason, "Reason", "e.g. The candidate withdrew", maxCancelReason, true)
	reason.Optional = true
	reason.Hint = plain("The panel reads this with the cancellation.")
	return &slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: ViewInterviewCancel,
		Title: plain("Cancel interview"), Submit: plain("Cancel interview"), Close: plain("Keep it"),
		PrivateMetadata: strconv.FormatInt(iv.ID, 10),
		Blocks:          slack.Blocks{BlockSet: []slack.Block{section(text), reason}},
	}
}

func panelIDs(panel []data.Panelist) []string {
	ids := make([]string, len(panel))
	for i, p := range panel {
		ids[i] = p.UserID
	}
	return ids
}

// submittedInterview loads the interview a change form is about, for a user who may change it.
// A cancelled one is left to the store to refuse: a redelivered cancellation must find it and
// be answered as the first delivery was.
func (in *Interviews) submittedInterview(ctx context.Context, sub Submission, block string) (data.Interview, error) {
	id, err := strconv.ParseInt(sub.PrivateMetadata, 10, 64)
	if err != nil {
		return data.Interview{}, &UserError{Msg: "This form is out of date. Close it and use `/interview list` again.", BlockID: block}
	}
	iv, err := in.interviewFor(ctx, id, sub.UserID)
	if ue, ok := AsUserError(err); ok {
		ue.BlockID = block
	}
	return iv, err
}

// saveInterviewEdit applies the edit form: details, panel and time at once.
func (in *Interviews) saveInterviewEdit(ctx context.Context, sub Submission) (Response, error) {
	f, errs := in.parseInterviewForm(sub.Values)
	if len(errs) > 0 {
		return Response{ViewErrors: errs}, nil
	}
	iv, err := in.submittedInterview(ctx, sub, blockCandidate)
	if err != nil {
		return Response{}, err
	}
	return in.update(ctx, sub, iv, f, blockCandidate)
}

// saveReschedule applies the reschedule form: a new start and duration, nothing else.
func (in *Interviews) saveReschedule(ctx context.Context, sub Submission) (Response, error) {
	errs := map[string]string{}
	start, duration := in.parseWhen(sub.Values, errs)
	if len(errs) > 0 {
		return Response{ViewErrors: errs}, nil
	}
	iv, err := in.submittedInterview(ctx, sub, blockStart)
	if err != nil {
		return Response{}, err
	}
	f := interviewForm{candidate: iv.Candidate, role: iv.Role, stage: iv.Stage, panel: panelIDs(iv.Panel),
		manager: iv.HiringManager, start: start, duration: duration}
	return in.update(ctx, sub, iv, f, blockStart)
}

// update stores the change and, in the same transaction, queues what it calls for.
func (in *Interviews) update(ctx context.Context, sub Submission, iv data.Interview, f interviewForm, block string) (Response, error) {
	users := append([]string{sub.UserID, iv.HiringManager, iv.RecordedBy, f.manager}, f.panel...)
	users = append(users, panelIDs(iv.Panel)...)
	tz := in.zones.locations(ctx, users)
	panel := make([]data.NewPanelist, len(f.panel))
	for i, u := range f.panel {
		panel[i] = data.NewPanelist{UserID: u, TZ: zoneName(tz[u])}
	}
	_, err := in.store.UpdateInterview(ctx, data.InterviewUpdate{
		ID: iv.ID, Candidate: f.candidate, Role: f.role, Stage: f.stage, HiringManager: f.manager,
		StartsAt: f.start, Duration: f.duration, Panel: panel, FeedbackDue: in.settings.FeedbackDue,
		DeliveryKey:   sub.DeliveryKey,
		Notify:        func(ch data.InterviewChange) []data.OutboxMessage { return in.changeNotices(ch, sub.UserID, tz) },
		PanelComplete: panelCompleteNotices,
		Audit:         in.auditEntry(sub.UserID, data.AuditChangedInterview, f.candidate, iv.ID),
	})
	var ve *data.ValidationError
	switch {
	case errors.As(err, &ve):
		return Response{}, &UserError{Msg: "Please check the form: " + ve.Msg, BlockID: block}
	case errors.Is(err, data.ErrConflict):
		return Response{}, &UserError{Msg: "This interview was cancelled meanwhile, so it can't be changed.", BlockID: block}
	case err != nil && !errors.Is(err, data.ErrReplayed):
		return Response{}, fmt.Errorf("update interview %d: %w", iv.ID, err)
	}
	return Response{}, nil
}

// changeNotices is what an edit or a reschedule sends: a heads-up to each added interviewer,
// a note to each removed one, the new details to the rest of the panel when anything they read
// changed, the change to the hiring manager and the recorder (a new hiring manager is told they
// are one, the one replaced that they are not any more), and a confirmation to whoever made it.
// Whoever made the change hears of a note Slack refuses for good (a heads-up, as at recording,
// is reported to the recorder).
func (in *Interviews) changeNotices(ch data.InterviewChange, by string, tz map[string]*time.Location) []data.OutboxMessage {
	iv := ch.After
	told := map[string]bool{by: true}
	var out []data.OutboxMessage
	for _, u := range ch.Added {
		told[u] = true
		out = append(out, queueAbout(data.KindHeadsUp, Post{Channel: u, Message: in.headsUp(iv, u, tz[u])}, iv, iv.RecordedBy))
	}
	for _, u := range ch.Removed {
		told[u] = true
		msg := Message{Text: "Taken off a panel", Blocks: []slack.Block{section(fmt.Sprintf(
			":information_source: <@%s> took you off the panel for *%s* (%s interview, %s). No scorecard is needed from you, and you won't be reminded.",
			by, literal(ch.Before.Candidate), strings.ToLower(stageName(ch.Before.Stage)), formatTime(ch.Before.StartsAt, tz[u])))}}
		out = append(out, queueAbout("panel-removed", Post{Channel: u, Message: msg}, iv, by))
	}
	if ch.Moved() || ch.Retitled() {
		for _, u := range ch.Kept {
			if p, _ := iv.Panelist(u); p.Status == data.PanelAbsent || u == by {
				continue
			}
			told[u] = true
			out = append(out, queueAbout("interview-changed", Post{Channel: u, Message: in.changedMessage(ch, u, by, tz[u])}, iv, by))
		}
	}
	out = append(out, in.managerChangeNotices(ch, by, tz, told)...)
	confirm := fmt.Sprintf(":white_check_mark: Saved: *%s* (%s, %s) on %s, %d min, panel %s.",
		literal(iv.Candidate), literal(iv.Role), stageName(iv.Stage), formatTime(iv.StartsAt, tz[by]), int(iv.Duration.Minutes()), mentions(panelIDs(iv.Panel)))
	if len(ch.Added)+len(ch.Removed) > 0 || ch.Moved() || ch.Retitled() {
		confirm += " I've told the panel what changed."
	}
	return append(out, queueAbout("confirmation", Post{Channel: by, Message: Message{Text: "Interview updated", Blocks: []slack.Block{section(confirm)}}}, iv, ""))
}

// managerChangeNotices tells the hiring manager and the recorder of a changed interview, those
// of them not told already, what changed, with the menu that changes it; a newly appointed hiring
// manager that they now manage it, and the hiring manager replaced that they no longer do.
func (in *Interviews) managerChangeNotices(ch data.InterviewChange, by string, tz map[string]*time.Location, told map[string]bool) []data.OutboxMessage {
	iv := ch.After
	changed := ch.Moved() || ch.Retitled() || len(ch.Added)+len(ch.Removed) > 0
	var out []data.OutboxMessage
	if old := ch.Before.HiringManager; old != iv.HiringManager && !told[old] && !iv.Manager(old) {
		told[old] = true
		msg := Message{Text: "No longer hiring manager: " + literal(iv.Candidate), Blocks: []slack.Block{section(fmt.Sprintf(
			":information_source: <@%s> made <@%s> the hiring manager for *%s* (%s interview, %s) instead of you.",
			by, iv.HiringManager, literal(iv.Candidate), strings.ToLower(stageName(iv.Stage)), formatTime(iv.StartsAt, tz[old])))}}
		out = append(out, queueAbout("manager-replaced", Post{Channel: old, Message: msg}, iv, by))
	}
	for _, u := range []string{iv.HiringManager, iv.RecordedBy} {
		appointed := u == iv.HiringManager && ch.Before.HiringManager != u
		if told[u] || (!changed && !appointed) {
			continue
		}
		told[u] = true
		lead := fmt.Sprintf("<@%s> changed an interview you manage:", by)
		if appointed {
			lead = fmt.Sprintf("<@%s> made you the hiring manager of an interview:", by)
		}
		msg := in.managerNote(iv, lead, tz[u])
		if note := changeNote(ch, tz[u]); note != "" {
			msg.Blocks = append(msg.Blocks[:1], append([]slack.Block{contextBlock(note)}, msg.Blocks[1:]...)...)
		}
		out = append(out, queueAbout("interview-changed", Post{Channel: u, Message: msg}, iv, by))
	}
	return out
}

// changeNote says who joined and who left the panel and when the interview was before it moved,
// empty when none of that changed.
func changeNote(ch data.InterviewChange, loc *time.Location) string {
	var parts []string
	if len(ch.Added) > 0 {
		parts = append(parts, "Added to the panel: "+mentions(ch.Added)+".")
	}
	if len(ch.Removed) > 0 {
		parts = append(parts, "Taken off the panel: "+mentions(ch.Removed)+".")
	}
	if !ch.Before.StartsAt.Equal(ch.After.StartsAt) {
		parts = append(parts, "Moved from "+formatTime(ch.Before.StartsAt, loc)+".")
	}
	return strings.Join(parts, " ")
}

// changedMessage tells a panelist who stays on an interview what it is now.
func (in *Interviews) changedMessage(ch data.InterviewChange, userID, by string, loc *time.Location) Message {
	iv := ch.After
	what := "was updated"
	switch {
	case !ch.Before.StartsAt.Equal(iv.StartsAt):
		what = fmt.Sprintf("moved from %s", formatTime(ch.Before.StartsAt, loc))
	case ch.Before.Duration != iv.Duration:
		what = fmt.Sprintf("now lasts %d min instead of %d", int(iv.Duration.Minutes()), int(ch.Before.Duration.Minutes()))
	}
	text := fmt.Sprintf(":calendar: The interview with *%s* %s. Now: %s, %s interview, *%s* (%d min). Hiring manager: <@%s>. Changed by <@%s>.",
		literal(iv.Candidate), what, literal(iv.Role), strings.ToLower(stageName(iv.Stage)), formatTime(iv.StartsAt, loc),
		int(iv.Duration.Minutes()), iv.HiringManager, by)
	intro := section(text)
	if iv.Manager(userID) {
		intro = slack.NewSectionBlock(mrkdwn(text), nil, slack.NewAccessory(manageMenu(iv)))
	}
	blocks := []slack.Block{intro}
	if p, _ := iv.Panelist(userID); p.Status == data.PanelPending {
		blocks = append(blocks, contextBlock(in.feedbackDueNote(iv)), slack.NewActionBlock("", feedbackButton(iv.ID, false)))
	}
	return Message{Text: "Interview changed: " + literal(iv.Candidate), Blocks: blocks}
}

// cancelInterview applies the cancel form.
func (in *Interviews) cancelInterview(ctx context.Context, sub Submission) (Response, error) {
	reason := strings.TrimSpace(sub.Values[blockCancelReason][actionValue].Value)
	if len([]rune(reason)) > maxCancelReason {
		return Response{ViewErrors: map[string]string{blockCancelReason: fmt.Sprintf("Keep the reason under %d characters.", maxCancelReason)}}, nil
	}
	iv, err := in.submittedInterview(ctx, sub, blockCancelReason)
	if err != nil {
		return Response{}, err
	}
	users := append([]string{sub.UserID, iv.HiringManager, iv.RecordedBy}, panelIDs(iv.Panel)...)
	tz := in.zones.locations(ctx, users)
	_, err = in.store.CancelInterview(ctx, iv.ID, sub.UserID, reason, sub.DeliveryKey, func(iv data.Interview) []data.OutboxMessage {
		return in.cancelNotices(iv, tz)
	}, in.auditEntry(sub.UserID, data.AuditCancelledInterview, iv.Candidate, iv.ID))
	switch {
	case errors.Is(err, data.ErrConflict):
		return Response{}, &UserError{Msg: "This interview was already cancelled.", BlockID: blockCancelReason}
	case err != nil && !errors.Is(err, data.ErrReplayed):
		return Response{}, fmt.Errorf("cancel interview %d: %w", iv.ID, err)
	}
	return Response{}, nil
}

// cancelNotices tells the panel (all but those who did not attend), the hiring manager and the
// recorder that the interview was cancelled, with the reason; whoever cancelled it gets a
// confirmation instead, and hears of a notice Slack refuses for good.
func (in *Interviews) cancelNotices(iv data.Interview, tz map[string]*time.Location) []data.OutboxMessage {
	by := iv.CancelledBy
	seen := map[string]bool{by: true}
	var out []data.OutboxMessage
	tell := func(u string) {
		if seen[u] {
			return
		}
		seen[u] = true
		text := fmt.Sprintf(":x: The %s interview with *%s* (%s) on %s was cancelled by <@%s>.",
			strings.ToLower(stageName(iv.Stage)), literal(iv.Candidate), literal(iv.Role), formatTime(iv.StartsAt, tz[u]), by)
		if iv.CancelReason != "" {
			text += "\n*Reason:* " + literal(iv.CancelReason)
		}
		if p, ok := iv.Panelist(u); ok && p.Status == data.PanelPending {
			text += "\nNo scorecard is needed, and you won't be reminded."
		}
		out = append(out, queueAbout("cancelled", Post{Channel: u, Message: Message{Text: "Interview cancelled: " + literal(iv.Candidate),
			Blocks: []slack.Block{section(text)}}}, iv, by))
	}
	for _, p := range iv.Panel {
		if p.Status != data.PanelAbsent {
			tell(p.UserID)
		}
	}
	tell(iv.HiringManager)
	tell(iv.RecordedBy)
	confirm := fmt.Sprintf(":white_check_mark: Cancelled the %s interview with *%s* on %s. I've told the panel; nobody will be reminded about it again.",
		strings.ToLower(stageName(iv.Stage)), literal(iv.Candidate), formatTime(iv.StartsAt, tz[by]))
	return append(out, queueAbout("confirmation", Post{Channel: by, Message: Message{Text: "Interview cancelled", Blocks: []slack.Block{section(confirm)}}}, iv, ""))
}
