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

// DraftStore keeps the scorecards interviewers started and closed unsubmitted.
type DraftStore interface {
	SaveDraft(ctx context.Context, d data.Draft, deliveryKey string) (data.Draft, error)
	Draft(ctx context.Context, interviewID int64, author string) (data.Draft, error)
}

// WithDrafts keeps what is in a scorecard form when it is closed unsubmitted, and fills the form
// in with it when it is opened again.
func (in *Interviews) WithDrafts(s DraftStore) *Interviews {
	in.drafts = s
	return in
}

// saveDraft keeps what a scorecard form held when the user closed it, as their draft. A form
// closed untouched keeps the draft it showed. Nothing is said to the user: the form is gone.
func (in *Interviews) saveDraft(ctx context.Context, vc ViewClosed) (Response, error) {
	if len(vc.Values) == 0 {
		return Response{}, nil // nothing typed: the form showed what is stored already
	}
	id, err := strconv.ParseInt(vc.PrivateMetadata, 10, 64)
	if err != nil {
		return Response{}, nil // a form from before drafts, or not ours
	}
	iv, err := in.store.Interview(ctx, id)
	if errors.Is(err, data.ErrNotFound) {
		return Response{}, nil
	}
	if err != nil {
		return Response{}, fmt.Errorf("load interview %d for a draft: %w", id, err)
	}
	shown, err := in.shownOnForm(ctx, id, vc.UserID)
	if err != nil {
		return Response{}, err
	}
	d := draftOf(in.forms.Form(iv.Stage), vc.Values, shown)
	d.InterviewID, d.Author = id, vc.UserID
	switch _, err := in.drafts.SaveDraft(ctx, d, vc.DeliveryKey); {
	case errors.Is(err, data.ErrReplayed), errors.Is(err, data.ErrConflict), errors.Is(err, data.ErrNotFound):
		return Response{}, nil // saved before, or no scorecard is owed here any more
	case err != nil:
		return Response{}, fmt.Errorf("save draft: %w", err)
	}
	in.metrics.Stored("scorecard_draft")
	return Response{}, nil
}

// shownOnForm is what the author's form was filled in with when it opened: their draft, or else
// their last submission, or else nothing.
func (in *Interviews) shownOnForm(ctx context.Context, interviewID int64, author string) (data.Draft, error) {
	d, err := in.drafts.Draft(ctx, interviewID, author)
	if err == nil {
		return d, nil
	}
	if !errors.Is(err, data.ErrNotFound) {
		return data.Draft{}, fmt.Errorf("load draft: %w", err)
	}
	last, ok, err := in.store.LatestScorecard(ctx, interviewID, author)
	if err != nil || !ok {
		return data.Draft{}, err
	}
	d = data.Draft{Recommendation: last.Recommendation, Ratings: map[string]int{},
		Strengths: last.Strengths, Concerns: last.Concerns, Note: last.Note}
	for _, r := range last.Ratings {
		d.Ratings[r.Competency] = r.Value
	}
	return d, nil
}

// draftOf reads a closed form: each input the state reports, as the user left it (however
// incomplete), and every other one as it was shown.
func draftOf(form content.ScorecardForm, values map[string]map[string]slack.BlockAction, shown data.Draft) data.Draft {
	d := data.Draft{Recommendation: shown.Recommendation, Ratings: map[string]int{},
		Strengths: shown.Strengths, Concerns: shown.Concerns, Note: shown.Note}
	if v, ok := values[blockRecommendation][actionValue]; ok {
		d.Recommendation = data.Recommendation(v.SelectedOption.Value)
		if !d.Recommendation.Valid() {
			d.Recommendation = ""
		}
	}
	for _, c := range form.Competencies {
		n := shown.Ratings[c.Key]
		if v, reported := values[competencyBlock(c.Key)][actionValue]; reported {
			n, _ = strconv.Atoi(v.SelectedOption.Value)
		}
		if n >= 1 && n <= len(form.Scale) {
			d.Ratings[c.Key] = n
		}
	}
	for _, f := range form.Fields {
		if v, ok := values[fieldBlock(f.Key)][actionValue]; ok {
			text := strings.TrimSpace(v.Value)
			if rs := []rune(text); len(rs) > freeTextMax(f.Key) {
				text = string(rs[:freeTextMax(f.Key)])
			}
			*freeText(&d.Strengths, &d.Concerns, &d.Note, f.Key) = text
		}
	}
	return d
}

// restoredDraft is a draft to fill the form in with, and when it was saved as the user reads it.
type restoredDraft struct {
	values data.Scorecard
	saved  string
}

// findDraft loads the author's draft to restore, or nil when they have none.
func (in *Interviews) findDraft(ctx context.Context, iv data.Interview, author string, form content.ScorecardForm, loc *time.Location) (*restoredDraft, error) {
	if in.drafts == nil {
		return nil, nil
	}
	d, err := in.drafts.Draft(ctx, iv.ID, author)
	if errors.Is(err, data.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load draft: %w", err)
	}
	values := data.Scorecard{Recommendation: d.Recommendation, Scale: form.Scale,
		Strengths: d.Strengths, Concerns: d.Concerns, Note: d.Note}
	for _, c := range form.Competencies {
		if n, ok := d.Ratings[c.Key]; ok {
			values.Ratings = append(values.Ratings, data.Rating{Competency: c.Key, Label: c.Label, Value: n})
		}
	}
	return &restoredDraft{values: values, saved: d.SavedAt.In(loc).Format("Mon 2 Jan, 15:04")}, nil
}
