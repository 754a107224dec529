package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"hirebot/content"
	"hirebot/data"
)

// maxKitNotes is how many notes from earlier interviewers a kit shows at most, the latest.
const maxKitNotes = 5

// sendKits queues the interview kit of every panelist whose interview starts within the lead
// time, in their own time zone and whatever the hour. Each kit is recorded as sent in the
// transaction that queues it, so overlapping sweeps and restarts never send one twice.
func (rm *Reminders) sendKits(ctx context.Context, rep *SweepReport) error {
	if rm.settings.KitLead < 0 {
		return nil
	}
	for {
		due, err := rm.store.DueKits(ctx, rm.now(), rm.settings.KitLead, sweepBatch)
		if err != nil {
			return fmt.Errorf("due kits: %w", err)
		}
		queued := 0
		notes := map[int64][]data.LaterNote{}
		for _, k := range due {
			if _, ok := notes[k.Interview.ID]; !ok {
				if notes[k.Interview.ID], err = rm.store.EarlierNotes(ctx, k.Interview); err != nil {
					return fmt.Errorf("earlier notes: %w", err)
				}
			}
			if !rm.prefs.lookup(ctx, k.Panelist.UserID).StartingSoon {
				// They turned the message off: the kit counts as handled, so it is not tried again.
				if err := rm.store.KitSkipped(ctx, k); err != nil && !errors.Is(err, data.ErrConflict) {
					rm.logger.Error("skipped interview kit not recorded", "interview", k.Interview.ID, "user", k.Panelist.UserID, "err", err)
				}
				continue
			}
			candidateNotes, err := rm.kitCandidateNotes(ctx, k)
			if err != nil {
				return err
			}
			loc := rm.zones.panelistZone(ctx, rm.store, k.Panelist)
			msg := queueAbout(data.KindKit, Post{Channel: k.Panelist.UserID, Message: rm.kitMessage(k, notes[k.Interview.ID], candidateNotes, loc)}, k.Interview, "")
			msg.ShowsFeedback = len(notes[k.Interview.ID]) > 0 || len(candidateNotes) > 0 // earlier interviewers' words
			switch err := rm.store.KitQueued(ctx, k, msg); {
			case err == nil:
				rep.Kits++
				queued++
			case !errors.Is(err, data.ErrConflict): // a conflict: another sweep sent it, or the interview changed
				rm.logger.Error("interview kit not queued", "interview", k.Interview.ID, "user", k.Panelist.UserID, "err", err)
			}
		}
		if len(due) < sweepBatch || queued == 0 {
			return nil
		}
	}
}

// kitMessage is the interview kit: what the interview is, who else is on the panel, questions
// that suit the stage with the evaluation tips, and what earlier interviewers left for later ones.
func (rm *Reminders) kitMessage(k data.DueKit, notes []data.LaterNote, candidateNotes []data.Note, loc *time.Location) Message {
	iv := k.Interview
	var others []string
	for _, p := range iv.Panel {
		if p.UserID != k.Panelist.UserID && p.Status != data.PanelAbsent {
			others = append(others, p.UserID)
		}
	}
	panel := "You're the whole panel."
	if len(others) > 0 {
		panel = "With you on the panel: " + mentions(others) + "."
	}
	intro := fmt.Sprintf(":clipboard: Your %s interview with *%s* starts at %s (%s).\n*Role:* %s · *Stage:* %s · *Hiring manager:* <@%s>\n%s",
		strings.ToLower(stageName(iv.Stage)), literal(iv.Candidate), formatTime(iv.StartsAt, loc), humanDuration(iv.Duration),
		literal(iv.Role), stageName(iv.Stage), iv.HiringManager, panel)
	blocks := []slack.Block{header("Interview kit · " + iv.Candidate), section(intro)}
	if rm.content != nil {
		if qs, ok := rm.content.KitQuestions(iv.Stage, int(iv.ID)); ok {
			lines := []string{"*Questions that suit a " + strings.ToLower(stageName(iv.Stage)) + " interview*"}
			for i, q := range qs {
				lines = append(lines, fmt.Sprintf("%d. *%s* — %s", i+1, escape(q.Topic), escape(q.Text)))
			}
			blocks = append(blocks, sections(strings.Join(lines, "\n"))...)
			blocks = append(blocks, kitTips(rm.content.Questions, qs)...)
		}
	}
	if len(notes) > 0 {
		lines := []string{"*Notes from earlier interviewers*"}
		for _, n := range notes[max(len(notes)-maxKitNotes, 0):] {
			lines = append(lines, fmt.Sprintf("• <@%s> (%s interview, %s): %s", n.Author, strings.ToLower(stageName(n.Stage)),
				n.InterviewStartsAt.In(loc).Format("2 Jan"), literal(n.Text)))
		}
		blocks = append(blocks, sections(strings.Join(lines, "\n"))...)
	}
	if len(candidateNotes) > 0 {
		lines := []string{"*Notes on the candidate*"}
		for _, n := range candidateNotes[max(len(candidateNotes)-maxKitNotes, 0):] {
			lines = append(lines, fmt.Sprintf("• <@%s> (%s): %s", n.Author, n.CreatedAt.In(loc).Format("2 Jan"), literal(n.Body)))
		}
		blocks = append(blocks, sections(strings.Join(lines, "\n"))...)
	}
	blocks = append(blocks, contextBlock("After the interview, submit your scorecard with the button below or `/feedback "+literal(iv.Candidate)+"`."),
		slack.NewActionBlock("", feedbackButton(iv.ID, false)))
	return Message{Text: "Interview kit: " + literal(iv.Candidate) + " at " + formatTime(iv.StartsAt, loc), Blocks: blocks}
}

// kitTips are the evaluation tips for the kit's questions they fit, by the content's
// evaluation_tips_for: none for a kit of behavioral and culture-fit questions, and in a mixed
// kit they say which questions they are for.
func kitTips(bank content.QuestionBank, qs []content.Question) []slack.Block {
	if bank.EvaluationTips == "" {
		return nil
	}
	var fit []string
	for i, q := range qs {
		if bank.TipsFitQuestion(q.Slug) {
			fit = append(fit, strconv.Itoa(i+1))
		}
	}
	switch {
	case len(fit) == 0:
		return nil
	case len(fit) == len(qs):
		return sections("*What to look for:* " + escape(bank.EvaluationTips))
	}
	which := "question " + fit[0]
	if len(fit) > 1 {
		which = "questions " + strings.Join(fit[:len(fit)-1], ", ") + " and " + fit[len(fit)-1]
	}
	return sections("*What to look for* (" + which + "): " + escape(bank.EvaluationTips))
}

// kitNotesStore is what the kit needs to show the notes people saved on this interview's
// candidate with the message shortcut; a store without notes shows none.
type kitNotesStore interface {
	InterviewNotes(ctx context.Context, interviewIDs []int64) (map[int64][]data.Note, error)
}

// kitCandidateNotes are the notes on the kit's interview its panelist may read: by the same rule
// as scorecards, before the interview that is their own notes, and everyone's when the team shows
// feedback always.
func (rm *Reminders) kitCandidateNotes(ctx context.Context, k data.DueKit) ([]data.Note, error) {
	ns, ok := rm.store.(kitNotesStore)
	if !ok {
		return nil, nil
	}
	byInterview, err := ns.InterviewNotes(ctx, []int64{k.Interview.ID})
	if err != nil {
		return nil, fmt.Errorf("candidate notes: %w", err)
	}
	var out []data.Note
	for _, n := range byInterview[k.Interview.ID] {
		if n.Author == k.Panelist.UserID || rm.settings.Visibility == VisibleAlways {
			out = append(out, n)
		}
	}
	return out, nil
}
