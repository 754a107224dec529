package handlers

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/slack-go/slack"
)

// Slack ids of the salary lookup form the Home tab opens.
const (
	ViewSalaryLookup = "salary_lookup"
	blockSalaryQuery = "sl_query"
)

// The forms the commands open, opened instead from a button (the Home tab's) or a shortcut, both
// of which carry a trigger_id.

// openInterviewForm opens the "record an interview" form. With no channel to confirm in, the
// confirmation comes as a direct message.
func (in *Interviews) openInterviewForm(ctx context.Context, act Action) (Response, error) {
	return Response{OpenView: in.interviewModal(ctx, act.UserID, "")}, nil
}

// openPostingForm opens the form of a new job posting draft.
func (ps *Postings) openPostingForm(context.Context, Action) (Response, error) {
	return Response{OpenView: ps.postingForm(nil)}, nil
}

// openSalaryForm opens a small form that asks what /salary takes: a location and a level.
func (l *Lookups) openSalaryForm(context.Context, Action) (Response, error) {
	example, label := "e.g. seattle senior", "Location and level"
	if !l.library.Single() {
		example, label = "e.g. "+l.library.Roles[len(l.library.Roles)-1].Key+" seattle senior", "Role, location and level"
	}
	in := slack.NewPlainTextInputBlockElement(plain(example), actionValue)
	in.MaxLength = 100
	input := slack.NewInputBlock(blockSalaryQuery, plain(label), plain("Leave empty for the national overview."), in)
	input.Optional = true
	return Response{OpenView: &slack.ModalViewRequest{
		Type:       slack.VTModal,
		CallbackID: ViewSalaryLookup,
		Title:      plain("Salary lookup"),
		Submit:     plain("Look up"),
		Close:      plain("Close"),
		Blocks:     slack.Blocks{BlockSet: []slack.Block{input}},
	}}, nil
}

// salaryLookup answers the salary form in the form itself, as /salary would answer: the band, or
// the overview, with a way back to ask again.
func (l *Lookups) salaryLookup(ctx context.Context, sub Submission) (Response, error) {
	query := strings.TrimSpace(sub.Values[blockSalaryQuery][actionValue].Value)
	var a answer
	if role, rest := l.forRole(query); role != nil {
		a = role.voiced(role.salary(ctx, rest))
	} else {
		a = l.whichRole(salaryCommand, query)
	}
	blocks := append(a.blocks[:len(a.blocks):len(a.blocks)],
		contextBlock("The same as "+code(strings.TrimSpace(salaryCommand+" "+query))+", which can also share the answer in a channel."))
	return Response{UpdateView: &slack.ModalViewRequest{
		Type:   slack.VTModal,
		Title:  plain("Salary lookup"),
		Close:  plain("Done"),
		Blocks: slack.Blocks{BlockSet: capModalBlocks(blocks)},
	}}, nil
}

// capModalBlocks keeps a modal within Slack's 100 blocks.
func capModalBlocks(blocks []slack.Block) []slack.Block {
	return capHomeBlocks(blocks)
}

// refreshing wraps a submission handler so that, once it succeeded, the Home tabs of the people
// whom names are republished. whom is asked before the change is made, so that it can name those
// the change takes an interview away from (a replaced hiring manager, a panelist taken off). With
// no Home feature it returns next as it is.
func (h *Home) refreshing(next SubmissionFunc, whom func(context.Context, Submission) []string) SubmissionFunc {
	if h == nil {
		return next
	}
	return func(ctx context.Context, sub Submission) (Response, error) {
		people := whom(ctx, sub)
		resp, err := next(ctx, sub)
		if err == nil && len(resp.ViewErrors) == 0 {
			resp.RefreshHome = appendUnique(resp.RefreshHome, people...)
		}
		return resp, err
	}
}

// refreshingAction is refreshing for a button: once it succeeded, the Home tabs of the people
// whom names (asked before the click is acted on) are republished.
func (h *Home) refreshingAction(next ActionFunc, whom func(context.Context, Action) []string) ActionFunc {
	if h == nil {
		return next
	}
	return func(ctx context.Context, act Action) (Response, error) {
		people := whom(ctx, act)
		resp, err := next(ctx, act)
		if err == nil {
			resp.RefreshHome = appendUnique(resp.RefreshHome, people...)
		}
		return resp, err
	}
}

// clicker is the person who clicked a button.
func clicker(_ context.Context, act Action) []string { return []string{act.UserID} }

// submitter is the person who submitted a form.
func submitter(_ context.Context, sub Submission) []string { return []string{sub.UserID} }

// interviewPeople are everyone a recorded interview shows up for: who recorded it, its panel
// and its hiring manager.
func interviewPeople(_ context.Context, sub Submission) []string {
	people := []string{sub.UserID}
	people = append(people, sub.Values[blockPanel][actionValue].SelectedUsers...)
	if m := sub.Values[blockManager][actionValue].SelectedUser; m != "" {
		people = append(people, m)
	}
	return people
}

// changedInterviewPeople are everyone whose Home a change to an interview touches: the person
// changing it, the panel before the change (those it takes off too) and after (an edit's new
// panel from the form), those taken off by earlier edits, the hiring manager before and after
// (a replaced one no longer sees the interview) and the recorder. The change forms carry the
// interview's id; refreshing asks before the change is stored.
func (in *Interviews) changedInterviewPeople(ctx context.Context, sub Submission) []string {
	people := interviewPeople(ctx, sub)
	id, err := strconv.ParseInt(sub.PrivateMetadata, 10, 64)
	if err != nil {
		return people
	}
	return append(people, in.involved(ctx, id)...)
}

// involved is everyone an interview shows up for, or showed up for: its hiring manager, its
// recorder and its panel, with those taken off it. Nobody when it cannot be read.
func (in *Interviews) involved(ctx context.Context, id int64) []string {
	iv, err := in.store.Interview(ctx, id)
	if err != nil {
		return nil
	}
	people := []string{iv.HiringManager, iv.RecordedBy}
	for _, p := range slices.Concat(iv.Panel, iv.Removed) {
		people = append(people, p.UserID)
	}
	return people
}

// decisionPeople are whoever records a decision and the interview's hiring manager, whose list
// of candidates waiting on a decision it changes. The decision form's metadata starts with the
// interview's id.
func (in *Interviews) decisionPeople(ctx context.Context, sub Submission) []string {
	idText, _, _ := strings.Cut(sub.PrivateMetadata, ":")
	return in.managerAnd(ctx, sub.UserID, idText)
}

// scorecardPeople are the author of a scorecard and the interview's hiring manager, whose list
// of candidates waiting on feedback it changes.
func (in *Interviews) scorecardPeople(ctx context.Context, sub Submission) []string {
	return in.managerAnd(ctx, sub.UserID, sub.PrivateMetadata)
}

// managerAnd is userID and the hiring manager of the interview whose id is idText (userID alone
// when it cannot be read).
func (in *Interviews) managerAnd(ctx context.Context, userID, idText string) []string {
	people := []string{userID}
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		return people
	}
	if iv, err := in.store.Interview(ctx, id); err == nil {
		people = append(people, iv.HiringManager)
	}
	return people
}

// absentPeople are who clicks "I didn't attend" on a reminder and the interview's hiring manager,
// whose list of candidates waiting on feedback (or a decision) it changes.
func (rm *Reminders) absentPeople(ctx context.Context, act Action) []string {
	people := []string{act.UserID}
	id, err := strconv.ParseInt(act.Value, 10, 64)
	if err != nil {
		return people
	}
	if iv, err := rm.store.Interview(ctx, id); err == nil {
		people = append(people, iv.HiringManager)
	}
	return people
}

func appendUnique(list []string, more ...string) []string {
	for _, s := range more {
		if s != "" && !contains(list, s) {
			list = append(list, s)
		}
	}
	return list
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
