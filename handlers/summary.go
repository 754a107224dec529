package handlers

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/slack-go/slack"

	"hirebot/data"
)

// visibleScorecards decides, interview by interview, what viewer may read of a candidate's
// feedback under the team's visibility rule. The hiring manager and the recorder of an interview
// see all its scorecards; its panel interviewers see the others' once they have submitted their
// own (after-own), always, or never; an interviewer who did not attend, and anybody else, sees
// nothing of it. Interviews the viewer has no part in are left out altogether, so two candidates
// who share a name never see each other's feedback. The note says why some were held back.
func visibleScorecards(viewer string, rule Visibility, ivs []data.Interview, cards map[int64][]data.Scorecard) (visible []data.Interview, shown map[int64][]data.Scorecard, note string) {
	shown = map[int64][]data.Scorecard{}
	for _, iv := range ivs {
		p, onPanel := iv.Panelist(viewer)
		onPanel = onPanel && p.Status != data.PanelAbsent
		switch {
		case iv.HiringManager == viewer || iv.RecordedBy == viewer:
			shown[iv.ID] = cards[iv.ID]
		case !onPanel && removedAfterSubmitting(iv, viewer):
			// Taken off the panel after submitting: their scorecard is kept, and theirs to read.
			for _, sc := range cards[iv.ID] {
				if sc.Author == viewer {
					shown[iv.ID] = append(shown[iv.ID], sc)
				}
			}
			note = "You were taken off a panel after submitting: you see only your own scorecard for it."
		case !onPanel:
			continue
		case rule == VisibleAlways || (rule == VisibleAfterOwn && p.Status == data.PanelSubmitted):
			shown[iv.ID] = cards[iv.ID]
		default:
			for _, sc := range cards[iv.ID] {
				if sc.Author == viewer {
					shown[iv.ID] = append(shown[iv.ID], sc)
				}
			}
			note = "You see only your own scorecard: the others appear once you have submitted yours."
			if rule == VisibleNever {
				note = "Your team shows interviewers only their own scorecards; the hiring manager sees them all."
			}
		}
		visible = append(visible, iv)
	}
	return visible, shown, note
}

// removedAfterSubmitting reports whether userID was taken off the interview's panel after
// submitting a scorecard.
func removedAfterSubmitting(iv data.Interview, userID string) bool {
	for _, p := range iv.Removed {
		if p.UserID == userID && p.Status == data.PanelSubmitted {
			return true
		}
	}
	return false
}

// scorecardTally counts an interview's scorecards in, and those expected: one from each
// panelist who attended, and the kept scorecard of each taken off the panel after submitting.
func scorecardTally(iv data.Interview) (in, expected int) {
	for _, p := range iv.Panel {
		switch p.Status {
		case data.PanelSubmitted:
			in, expected = in+1, expected+1
		case data.PanelAbsent:
		default:
			expected++
		}
	}
	for _, p := range iv.Removed {
		if p.Status == data.PanelSubmitted {
			in, expected = in+1, expected+1
		}
	}
	return in, expected
}

// summary shows a candidate's feedback to someone allowed to see it, privately, newest
// interview first.
func (in *Interviews) summary(ctx context.Context, viewer, candidate string) (Response, error) {
	ivs, cards, err := in.store.CandidateScorecards(ctx, candidate)
	if err != nil {
		return Response{}, fmt.Errorf("candidate scorecards for %q: %w", candidate, err)
	}
	name := literal(truncate(candidate, 80))
	if len(ivs) == 0 {
		suggested, match, err := in.suggestInterviews(ctx, viewer, candidate, func(iv data.Interview) bool {
			v, _, _ := visibleScorecards(viewer, in.settings.Visibility, []data.Interview{iv}, nil)
			return len(v) > 0
		})
		if err != nil {
			return Response{}, err
		}
		if len(match) > 0 {
			return Response{}, &UserError{Msg: fmt.Sprintf("No interviews are recorded for *%s*.", name) +
				didYouMean(literal(suggested), "/feedback summary "+suggested)}
		}
		return Response{}, &UserError{Msg: fmt.Sprintf("No interviews are recorded for *%s*. Check the spelling, or `/interview list` shows yours.", name)}
	}
	visible, shown, note := visibleScorecards(viewer, in.settings.Visibility, ivs, cards)
	if len(visible) == 0 {
		return Response{}, &UserError{Msg: fmt.Sprintf("Feedback on *%s* is visible only to their hiring manager, the person who recorded the interview and the panel. You're none of those, so there is nothing I can show you.", name)}
	}
	slices.Reverse(visible)
	var all []data.Scorecard
	for _, iv := range visible {
		all = append(all, shown[iv.ID]...)
	}
	blocks := []slack.Block{header("Feedback · " + visible[0].Candidate)}
	blocks = append(blocks, section(panelProgress(visible)))
	decided, err := in.decisionBlocks(ctx, viewer, visible)
	if err != nil {
		return Response{}, err
	}
	blocks = append(blocks, decided...)
	if len(all) > 0 {
		blocks = append(blocks, section(recommendationCounts(all)+"\n\n"+averageRatings(all)))
	}
	for _, iv := range visible {
		for _, sc := range shown[iv.ID] {
			blocks = append(blocks, divider())
			blocks = append(blocks, sections(scorecardText(iv, sc))...)
		}
	}
	notes, err := in.noteBlocks(ctx, viewer, visible)
	if err != nil {
		return Response{}, fmt.Errorf("summary of %q: %w", candidate, err)
	}
	blocks = append(blocks, notes...)
	if note != "" {
		blocks = append(blocks, contextBlock(note))
	}
	if err := in.auditRead(ctx, viewer, data.AuditViewedSummary, visible[0].Candidate, visible[0].ID); err != nil {
		return Response{}, fmt.Errorf("summary of %q: %w", candidate, err)
	}
	blocks = capBlocks(blocks, "More scorecards than fit in one message: the newest interviews are shown first.")
	return Reply(Message{Text: "Feedback summary for " + literal(visible[0].Candidate), Blocks: blocks}), nil
}

// capBlocks keeps a message within Slack's 50 blocks, ending with a note when it cut anything.
func capBlocks(blocks []slack.Block, note string) []slack.Block {
	const maxBlocks = 50
	if len(blocks) <= maxBlocks {
		return blocks
	}
	return append(blocks[:maxBlocks-1:maxBlocks-1], contextBlock(note))
}

// decisionBlocks shows the standing decision on the candidate over the visible interviews, who
// made it and when, the earlier ones as its history, and a "Record decision" button to whoever
// may decide.
func (in *Interviews) decisionBlocks(ctx context.Context, viewer string, visible []data.Interview) ([]slack.Block, error) {
	ids := make([]int64, len(visible))
	byID := make(map[int64]data.Interview, len(visible))
	for i, iv := range visible {
		ids[i], byID[iv.ID] = iv.ID, iv
	}
	ds, err := in.store.Decisions(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("decisions on %q: %w", visible[0].Candidate, err)
	}
	loc := in.zones.location(ctx, viewer)
	var blocks []slack.Block
	if n := len(ds); n > 0 {
		d := ds[n-1]
		blocks = append(blocks, section(fmt.Sprintf("*Decision:* %s — by <@%s> on %s, after the %s interview\n*Reason:* %s",
			outcomeName(d.Outcome), d.DecidedBy, formatTime(d.DecidedAt, loc), strings.ToLower(stageName(byID[d.InterviewID].Stage)), literal(d.Reason))))
		var earlier []string
		for i := n - 2; i >= 0 && len(earlier) < 5; i-- {
			e := ds[i]
			earlier = append(earlier, fmt.Sprintf("%s by <@%s> on %s (%s)", outcomeName(e.Outcome), e.DecidedBy, formatTime(e.DecidedAt, loc), literal(truncate(e.Reason, 200))))
		}
		if len(earlier) > 0 {
			blocks = append(blocks, contextBlock("Superseded: "+strings.Join(earlier, " · ")))
		}
	}
	for _, iv := range visible { // newest first
		if iv.Manager(viewer) && !iv.Cancelled() {
			blocks = append(blocks, slack.NewActionBlock("", decisionButton(iv.ID, false)))
			break
		}
	}
	return blocks, nil
}

func panelProgress(ivs []data.Interview) string {
	var lines []string
	for _, iv := range ivs {
		var owed, absent []string
		for _, p := range iv.Panel {
			switch p.Status {
			case data.PanelSubmitted:
			case data.PanelAbsent:
				absent = append(absent, "<@"+p.UserID+">")
			default:
				owed = append(owed, "<@"+p.UserID+">")
			}
		}
		in, expected := scorecardTally(iv)
		line := fmt.Sprintf("*%s* (%s): %d of %d scorecards in", stageName(iv.Stage), literal(iv.Role), in, expected)
		if len(owed) > 0 {
			line += " · waiting for " + strings.Join(owed, ", ")
		}
		if len(absent) > 0 {
			line += " · did not attend: " + strings.Join(absent, ", ")
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// recommendationCounts counts the scorecards' recommendations, best first, under the labels
// their forms gave them: every recommendation one of them chose, and every one their forms
// offered, even when nobody chose it.
func recommendationCounts(scs []data.Scorecard) string {
	counts := map[data.Recommendation]int{}
	labels := map[data.Recommendation][]string{}
	label := func(r data.Recommendation, l string) {
		if !slices.Contains(labels[r], l) {
			labels[r] = append(labels[r], l)
		}
	}
	for _, sc := range scs {
		counts[sc.Recommendation]++
		for _, o := range sc.Offered {
			label(o.Value, o.Label)
		}
		label(sc.Recommendation, sc.RecommendationLabel())
	}
	var parts []string
	for i := len(recommendationOrder) - 1; i >= 0; i-- {
		r := recommendationOrder[i]
		if len(labels[r]) == 0 {
			continue
		}
		names := make([]string, len(labels[r]))
		for j, l := range labels[r] {
			names[j] = literal(l)
		}
		parts = append(parts, fmt.Sprintf("%s: *%d*", strings.Join(names, " / "), counts[r]))
	}
	return "*Recommendations* · " + strings.Join(parts, " · ")
}

// competencyAverage is one competency's ratings across the scorecards that rated it.
type competencyAverage struct {
	label      string
	sum, count int
	scale      int // the scale of its ratings, -1 when they were on different scales
}

// averageRatings averages each competency over the scorecards that rated it, matched by key, in
// the order they first appear. Scorecards filled in on different forms (other competencies, or
// another scale) are counted and said so.
func averageRatings(scs []data.Scorecard) string {
	var order []string
	avgs := map[string]*competencyAverage{}
	scales := map[int]bool{}
	for _, sc := range scs {
		scales[len(sc.Scale)] = true
		for _, r := range sc.Ratings {
			a, ok := avgs[r.Competency]
			if !ok {
				a = &competencyAverage{label: r.Label, scale: len(sc.Scale)}
				avgs[r.Competency], order = a, append(order, r.Competency)
			}
			a.sum, a.count = a.sum+r.Value, a.count+1
			if a.scale != len(sc.Scale) {
				a.scale = -1
			}
		}
	}
	header := "*Average ratings*"
	if len(scales) == 1 {
		header += fmt.Sprintf(" (1-%d)", len(scs[0].Scale))
	}
	lines := []string{header}
	for _, key := range order {
		lines = append(lines, averageLine(avgs[key], len(scales) == 1, len(scs)))
	}
	if n := otherForms(scs); n > 0 {
		lines = append(lines, fmt.Sprintf("_%d of %d scorecards used a different form; each average covers the scorecards that rated that competency._", n, len(scs)))
	}
	return strings.Join(lines, "\n")
}

func averageLine(a *competencyAverage, oneScale bool, total int) string {
	if a.scale < 0 {
		return fmt.Sprintf("• %s: rated on different scales, not averaged", a.label)
	}
	line := fmt.Sprintf("• %s: %.1f", a.label, float64(a.sum)/float64(a.count))
	if !oneScale {
		line += fmt.Sprintf(" of %d", a.scale)
	}
	if a.count < total {
		line += fmt.Sprintf(" (%d of %d scorecards)", a.count, total)
	}
	return line
}

// otherForms counts the scorecards filled in on a form other than the newest one's: other
// competencies, or another scale.
func otherForms(scs []data.Scorecard) int {
	newest := 0
	for i, sc := range scs {
		if sc.SubmittedAt.After(scs[newest].SubmittedAt) {
			newest = i
		}
	}
	want, n := formOf(scs[newest]), 0
	for _, sc := range scs {
		if formOf(sc) != want {
			n++
		}
	}
	return n
}

// formOf identifies the form a scorecard was filled in on by what it rated and on what scale.
func formOf(sc data.Scorecard) string {
	keys := make([]string, len(sc.Ratings))
	for i, r := range sc.Ratings {
		keys[i] = r.Competency
	}
	return fmt.Sprintf("%s/%d", strings.Join(keys, ","), len(sc.Scale))
}

func scorecardText(iv data.Interview, sc data.Scorecard) string {
	ratings := make([]string, len(sc.Ratings))
	for i, r := range sc.Ratings {
		ratings[i] = fmt.Sprintf("%s %d", r.Label, r.Value)
	}
	version := ""
	if sc.Version > 1 {
		version = fmt.Sprintf(" (version %d)", sc.Version)
	}
	text := fmt.Sprintf("<@%s> · %s interview · *%s*%s\n%s", sc.Author, stageName(iv.Stage),
		literal(sc.RecommendationLabel()), version, strings.Join(ratings, " · "))
	// Each free-text field with a value, under the label its form gave it.
	for _, f := range []struct{ key, value string }{{"strengths", sc.Strengths}, {"concerns", sc.Concerns}, {"note", sc.Note}} {
		if f.value != "" {
			text += fmt.Sprintf("\n*%s:* %s", literal(sc.FieldLabel(f.key)), literal(f.value))
		}
	}
	return text
}
