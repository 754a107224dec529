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

// summary shows a candidate's feedback to someone allowed to see it, privately, newest
// interview first.
func (in *Interviews) summary(ctx context.Context, viewer, candidate string) (Response, error) {
	ivs, cards, err := in.store.CandidateScorecards(ctx, candidate)
	if err != nil {
		return Response{}, fmt.Errorf("candidate scorecards for %q: %w", candidate, err)
	}
	name := literal(truncate(candidate, 80))
	if len(ivs) == 0 {
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
	in.audited(ctx, nil, viewer, data.AuditViewedSummary, visible[0].Candidate, 0)
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
		var done, owed, absent []string
		for _, p := range iv.Panel {
			switch p.Status {
			case data.PanelSubmitted:
				done = append(done, "<@"+p.UserID+">")
			case data.PanelAbsent:
				absent = append(absent, "<@"+p.UserID+">")
			default:
				owed = append(owed, "<@"+p.UserID+">")
			}
		}
		line := fmt.Sprintf("*%s* (%s): %d of %d scorecards in", stageName(iv.Stage), literal(iv.Role), len(done), len(iv.Panel)-len(absent))
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

func recommendationCounts(scs []data.Scorecard) string {
	counts := map[data.Recommendation]int{}
	for _, sc := range scs {
		counts[sc.Recommendation]++
	}
	var parts []string
	for i := len(recommendations) - 1; i >= 0; i-- {
		r := recommendations[i]
		parts = append(parts, fmt.Sprintf("%s: *%d*", r.name, counts[r.value]))
	}
	return "*Recommendations* · " + strings.Join(parts, " · ")
}

func averageRatings(scs []data.Scorecard) string {
	lines := []string{"*Average ratings* (1-4)"}
	for _, c := range competencies {
		sum := 0
		for i := range scs {
			sum += *c.get(&scs[i].Ratings)
		}
		lines = append(lines, fmt.Sprintf("• %s: %.1f", c.name, float64(sum)/float64(len(scs))))
	}
	return strings.Join(lines, "\n")
}

func scorecardText(iv data.Interview, sc data.Scorecard) string {
	ratings := make([]string, len(competencies))
	for i, c := range competencies {
		ratings[i] = fmt.Sprintf("%s %d", c.name, *c.get(&sc.Ratings))
	}
	version := ""
	if sc.Version > 1 {
		version = fmt.Sprintf(" (version %d)", sc.Version)
	}
	text := fmt.Sprintf("<@%s> · %s interview · *%s*%s\n%s\n*Strengths:* %s\n*Concerns:* %s",
		sc.Author, stageName(iv.Stage), recommendationName(sc.Recommendation), version,
		strings.Join(ratings, " · "), literal(sc.Strengths), literal(sc.Concerns))
	if sc.Note != "" {
		text += "\n*Note for later interviewers:* " + literal(sc.Note)
	}
	return text
}
