package handlers

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/slack-go/slack"

	"hirebot/data"
)

// savePosting answers the form: it checks the input, writes and saves the draft (a new one, or
// the next version of the one being edited) and turns the modal into the draft's preview. A
// direct message confirms the save and leads back to the draft later.
func (ps *Postings) savePosting(ctx context.Context, sub Submission) (Response, error) {
	f, errs := ps.parsePostingForm(sub.Values)
	if refit := ps.refitPostingForm(f, sub.PrivateMetadata); refit != nil {
		return Response{UpdateView: refit}, nil
	}
	if len(errs) > 0 {
		return Response{ViewErrors: errs}, nil
	}
	id, version, editing, err := parsePostingFormMeta(sub.PrivateMetadata)
	if err != nil {
		return Response{}, err
	}
	role := ps.roleOf(f.Role)
	doc, err := buildPosting(role.Content, f)
	if err != nil {
		return Response{}, fmt.Errorf("save posting: %w", err)
	}
	np := data.NewPosting{Author: sub.UserID, Fields: f, Rendered: doc.markdown(), DeliveryKey: sub.DeliveryKey}
	var p data.Posting
	if editing {
		p, err = ps.store.UpdatePosting(ctx, id, version, np)
	} else {
		p, err = ps.store.CreatePosting(ctx, np)
	}
	if errors.Is(err, data.ErrReplayed) {
		// Saved when Slack first delivered this submission, and confirmed then: show the draft.
		return ps.showSaved(p)
	}
	if err != nil {
		return Response{}, postingSaveError(id, err)
	}
	ps.metrics.Stored("draft")
	preview := postingPreview(p, doc, postingHints(role.Wording, f, np.Rendered))
	return Response{UpdateView: preview, Replies: []Message{postingSaved(p)}}, nil
}

// showSaved turns the form into the preview of a draft as it is stored.
func (ps *Postings) showSaved(p data.Posting) (Response, error) {
	doc, err := ps.renderPosting(p)
	if err != nil {
		return Response{}, fmt.Errorf("show saved posting %d: %w", p.ID, err)
	}
	return Response{UpdateView: postingPreview(p, doc, ps.savedHints(p))}, nil
}

// savedHints are the wording hints of saved draft p, from its role's word list.
func (ps *Postings) savedHints(p data.Posting) []postingHint {
	return postingHints(ps.roleOf(p.Fields.Role).Wording, p.Fields, p.Rendered)
}

// postingSaveError explains a refused save in the form, or wraps an internal failure.
func postingSaveError(id int64, err error) error {
	var ve *data.ValidationError
	switch {
	case errors.Is(err, data.ErrConflict):
		return &UserError{BlockID: blockPostingTitle, Msg: "This draft was saved from another window after you opened this form. " +
			"Close this form and open the draft again to edit its latest version."}
	case errors.Is(err, data.ErrNotFound):
		return &UserError{BlockID: blockPostingTitle, Msg: fmt.Sprintf("Draft #%d no longer exists. Close this form and start a new draft with `/job-posting`.", id)}
	case errors.As(err, &ve):
		return &UserError{BlockID: blockPostingTitle, Msg: "Please check the form: " + ve.Msg + "."}
	}
	return fmt.Errorf("save posting: %w", err)
}

// openPosting answers an "Open" button: the draft's preview in a new modal.
func (ps *Postings) openPosting(ctx context.Context, act Action) (Response, error) {
	id, err := parsePostingID(act.Value)
	if err != nil {
		return Response{}, &UserError{Msg: "That button is out of date. `/job-posting list` shows your drafts."}
	}
	return ps.showPosting(ctx, act, id)
}

// showPosting opens the preview of draft id for its author.
func (ps *Postings) showPosting(ctx context.Context, act Action, id int64) (Response, error) {
	p, err := ps.ownPosting(ctx, id, act.UserID)
	if err != nil {
		return Response{}, err
	}
	doc, err := ps.renderPosting(p)
	if err != nil {
		return Response{}, err
	}
	return Response{OpenView: postingPreview(p, doc, ps.savedHints(p))}, nil
}

// editPosting turns the preview back into the form, filled in with the draft's current version.
func (ps *Postings) editPosting(ctx context.Context, act Action) (Response, error) {
	p, err := ps.postingFromAction(ctx, act)
	if err != nil {
		return Response{}, err
	}
	return postingInPlace(act, ps.postingForm(&p)), nil
}

// sharePosting asks which channel to post the draft to.
func (ps *Postings) sharePosting(ctx context.Context, act Action) (Response, error) {
	p, err := ps.postingFromAction(ctx, act)
	if err != nil {
		return Response{}, err
	}
	return postingOnTop(act, postingShareForm(p)), nil
}

// postShared posts the draft to the chosen channel and says where it went.
func (ps *Postings) postShared(ctx context.Context, sub Submission) (Response, error) {
	channel := sub.Values[blockPostingChannel][postingInput].SelectedConversation
	if channel == "" {
		return Response{ViewErrors: map[string]string{blockPostingChannel: "Choose the channel to post the draft to."}}, nil
	}
	id, err := parsePostingID(sub.PrivateMetadata)
	if err != nil {
		return Response{}, fmt.Errorf("share posting: metadata: %w", err)
	}
	p, err := ps.ownPosting(ctx, id, sub.UserID)
	if err != nil {
		return Response{}, postingInForm(err)
	}
	doc, err := ps.renderPosting(p)
	if err != nil {
		return Response{}, err
	}
	return ps.share(ctx, p, doc, channel, sub)
}

// postingInForm shows a user error next to the share form's channel picker.
func postingInForm(err error) error {
	if ue, ok := AsUserError(err); ok {
		return &UserError{Msg: ue.Msg, BlockID: blockPostingChannel}
	}
	return err
}

// exportPosting sends the saved draft to the user as one Markdown file for a job board, and
// shows it at once on top of the preview.
func (ps *Postings) exportPosting(ctx context.Context, act Action) (Response, error) {
	p, err := ps.postingFromAction(ctx, act)
	if err != nil {
		return Response{}, err
	}
	resp := Response{Files: []File{postingExportFile(p)}}
	if act.ViewID != "" {
		resp.PushView = postingExportView(p)
	}
	return resp, nil
}

// deletePosting deletes the draft once the user confirmed it.
func (ps *Postings) deletePosting(ctx context.Context, act Action) (Response, error) {
	p, err := ps.postingFromAction(ctx, act)
	if err != nil {
		// Gone: a repeat of the click that deleted it is answered as the first time was.
		id, perr := parsePostingID(act.Value)
		if perr != nil || act.DeliveryKey == "" || !errors.Is(ps.store.DeletePostingOnce(ctx, act.DeliveryKey, id, act.UserID), data.ErrReplayed) {
			return Response{}, err
		}
		p = data.Posting{ID: id}
	} else if err := ps.store.DeletePostingOnce(ctx, act.DeliveryKey, p.ID, act.UserID); err != nil &&
		!errors.Is(err, data.ErrNotFound) && !errors.Is(err, data.ErrReplayed) {
		return Response{}, fmt.Errorf("delete posting %d: %w", p.ID, err)
	}
	what := fmt.Sprintf("#%d", p.ID)
	if p.Fields.Title != "" {
		what += ", *" + literal(p.Fields.Title) + "*"
	}
	text := fmt.Sprintf(":wastebasket: Deleted job posting draft %s. Copies you shared in channels stay where they are. `/job-posting` starts a new draft.", what)
	if act.ViewID != "" {
		return Response{UpdateView: postingNotice("Draft deleted", text, "Close")}, nil
	}
	return Reply(Message{Text: "Draft #" + strconv.FormatInt(p.ID, 10) + " deleted", Blocks: []slack.Block{section(text)}, ReplaceOriginal: true}), nil
}

// postingInPlace shows view instead of the modal the button is in, or opens it from a message.
func postingInPlace(act Action, view *slack.ModalViewRequest) Response {
	if act.ViewID != "" {
		return Response{UpdateView: view}
	}
	return Response{OpenView: view}
}

// postingOnTop pushes view over the modal the button is in, or opens it from a message.
func postingOnTop(act Action, view *slack.ModalViewRequest) Response {
	if act.ViewID != "" {
		return Response{PushView: view}
	}
	return Response{OpenView: view}
}
