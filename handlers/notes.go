package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"hirebot/data"
)

// Slack ids of the shortcuts and of the "add to candidate notes" form.
const (
	ShortcutRecordInterview = "record_interview"
	ShortcutDraftPosting    = "draft_job_posting"
	ShortcutAddNote         = "add_candidate_note"
	ViewCandidateNote       = "candidate_note"
	blockNoteInterview      = "cn_interview"
	blockNoteBody           = "cn_body"
	maxNoteLength           = 3000
	maxNoteChoices          = 100 // Slack's limit of options in a static select
	noteLookback            = 365 * 24 * time.Hour
)

// NoteStore keeps the notes people add to candidates' interviews.
type NoteStore interface {
	AddNote(ctx context.Context, n data.NewNote) (data.Note, error)
	InterviewNotes(ctx context.Context, interviewIDs []int64) (map[int64][]data.Note, error)
}

// WithNotes lets people add notes to the interviews they are part of (the "Add to candidate
// notes" message shortcut) and shows the notes in the feedback summary.
func (in *Interviews) WithNotes(s NoteStore) *Interviews {
	in.notes = s
	return in
}

// partOf reports whether userID takes part in the interview: on its panel (and attended), its
// hiring manager or the person who recorded it.
func partOf(iv data.Interview, userID string) bool {
	if iv.HiringManager == userID || iv.RecordedBy == userID {
		return true
	}
	p, ok := iv.Panelist(userID)
	return ok && p.Status != data.PanelAbsent
}

// noteMeta is where the message a note comes from was posted, kept in the form.
type noteMeta struct {
	Channel string `json:"c,omitempty"`
	TS      string `json:"ts,omitempty"`
}

// addNoteShortcut opens the form that adds a message to a candidate's notes: the candidates of
// the interviews the user is part of, and the message's text to edit before saving.
func (in *Interviews) addNoteShortcut(ctx context.Context, sc Shortcut) (Response, error) {
	if in.notes == nil {
		return Response{}, errors.New("add a note: no note store")
	}
	ivs, err := in.store.FindInterviews(ctx, data.InterviewFilter{UserID: sc.UserID, From: in.now().Add(-noteLookback)})
	if err != nil {
		return Response{}, fmt.Errorf("interviews for a note: %w", err)
	}
	loc := in.zones.location(ctx, sc.UserID)
	var opts []*slack.OptionBlockObject
	for _, iv := range ivs {
		if partOf(iv, sc.UserID) && len(opts) < maxNoteChoices {
			label := fmt.Sprintf("%s · %s · %s", iv.Candidate, stageName(iv.Stage), iv.StartsAt.In(loc).Format("2 Jan 2006"))
			opts = append(opts, slack.NewOptionBlockObject(strconv.FormatInt(iv.ID, 10), plain(truncate(label, 75)), nil))
		}
	}
	if len(opts) == 0 {
		return Response{}, &UserError{Msg: "You're not part of any interview from the last year, so there is no candidate to add a note to. `/interview` records one."}
	}
	pick := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Pick the candidate"), actionValue, opts...)
	if len(opts) == 1 {
		pick.InitialOption = opts[0]
	}
	body := slack.NewPlainTextInputBlockElement(plain("The note"), actionValue)
	body.Multiline, body.MaxLength = true, maxNoteLength
	body.InitialValue = truncateRunes(strings.TrimSpace(sc.MessageText), maxNoteLength)
	meta, _ := json.Marshal(noteMeta{Channel: sc.ChannelID, TS: sc.MessageTS})
	return Response{OpenView: &slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      ViewCandidateNote,
		Title:           plain("Candidate notes"),
		Submit:          plain("Add note"),
		Close:           plain("Cancel"),
		PrivateMetadata: string(meta),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewInputBlock(blockNoteInterview, plain("Candidate"), plain("Only candidates of interviews you are part of."), pick),
			slack.NewInputBlock(blockNoteBody, plain("Note"), plain("Shown with the candidate's feedback, to the people who may read their scorecards."), body),
		}},
	}}, nil
}

// saveNote stores the note on the interview picked, if the user is part of it.
func (in *Interviews) saveNote(ctx context.Context, sub Submission) (Response, error) {
	if in.notes == nil {
		return Response{}, errors.New("save a note: no note store")
	}
	id, err := strconv.ParseInt(sub.Values[blockNoteInterview][actionValue].SelectedOption.Value, 10, 64)
	if err != nil {
		return Response{ViewErrors: map[string]string{blockNoteInterview: "Pick the candidate."}}, nil
	}
	body := strings.TrimSpace(sub.Values[blockNoteBody][actionValue].Value)
	if body == "" {
		return Response{ViewErrors: map[string]string{blockNoteBody: "Write the note; it can't be empty."}}, nil
	}
	iv, err := in.store.Interview(ctx, id)
	switch {
	case errors.Is(err, data.ErrNotFound):
		return Response{}, &UserError{Msg: "That interview no longer exists. Pick another candidate.", BlockID: blockNoteInterview}
	case err != nil:
		return Response{}, fmt.Errorf("load interview %d for a note: %w", id, err)
	case !partOf(iv, sub.UserID):
		return Response{}, &UserError{Msg: "You're not part of that interview, so you can't add notes to it.", BlockID: blockNoteInterview}
	}
	var meta noteMeta
	_ = json.Unmarshal([]byte(sub.PrivateMetadata), &meta) // a note without its source is still a note
	text := fmt.Sprintf(":memo: Added your note to *%s* (%s). %s shows it to the people who may read the feedback.",
		literal(iv.Candidate), stageName(iv.Stage), code("/feedback summary "+iv.Candidate))
	receipt := queueAbout("note-receipt", Post{Channel: sub.UserID, Message: Message{Text: "Note added", Blocks: []slack.Block{section(text)}}}, iv, "")
	_, err = in.notes.AddNote(ctx, data.NewNote{InterviewID: id, Author: sub.UserID, Body: body,
		SourceChannel: meta.Channel, SourceTS: meta.TS, DeliveryKey: sub.DeliveryKey,
		Notify: func(data.Note) []data.OutboxMessage { return []data.OutboxMessage{receipt} }})
	switch {
	case errors.Is(err, data.ErrReplayed):
		return Response{}, nil // saved, and its confirmation queued, when Slack first delivered this
	case err != nil:
		return Response{}, fmt.Errorf("save note: %w", err)
	}
	return Response{}, nil // closes the form; the confirmation is queued with the note
}

// noteVisible applies the scorecards' visibility rule to a note: the hiring manager and the
// recorder see every note, an interviewer their own and, as the rule allows, the others'.
func noteVisible(viewer string, rule Visibility, iv data.Interview, author string) bool {
	if iv.HiringManager == viewer || iv.RecordedBy == viewer {
		return true
	}
	p, ok := iv.Panelist(viewer)
	switch {
	case !ok || p.Status == data.PanelAbsent:
		return false
	case author == viewer || rule == VisibleAlways:
		return true
	}
	return rule == VisibleAfterOwn && p.Status == data.PanelSubmitted
}

// noteBlocks are the notes on ivs that viewer may read, for the feedback summary.
func (in *Interviews) noteBlocks(ctx context.Context, viewer string, ivs []data.Interview) ([]slack.Block, error) {
	if in.notes == nil || len(ivs) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(ivs))
	for i, iv := range ivs {
		ids[i] = iv.ID
	}
	notes, err := in.notes.InterviewNotes(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("notes: %w", err)
	}
	var lines []string
	for _, iv := range ivs {
		for _, n := range notes[iv.ID] {
			if noteVisible(viewer, in.settings.Visibility, iv, n.Author) {
				lines = append(lines, fmt.Sprintf("<@%s> · %s interview: %s", n.Author, stageName(iv.Stage), literal(n.Body)))
			}
		}
	}
	if len(lines) == 0 {
		return nil, nil
	}
	return append([]slack.Block{divider(), section("*Notes*")}, sections(bullets(lines))...), nil
}

// formShortcut opens a form from a global shortcut, as the button that opens it would.
func formShortcut(open ActionFunc) ShortcutFunc {
	return func(ctx context.Context, sc Shortcut) (Response, error) {
		return open(ctx, Action{UserID: sc.UserID, TriggerID: sc.TriggerID})
	}
}
