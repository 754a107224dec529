package handlers

import (
	"context"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"hirebot/data"
)

// newPostingHandlers returns handlers backed by a real SQLite database in a temporary directory.
func newPostingHandlers(t *testing.T) (testHandlers, *data.Store) {
	t.Helper()
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	store, err := data.Open(context.Background(), filepath.Join(t.TempDir(), "hirebot.db"), data.WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return newTestFeatures(t, testDeps{store: store}), store
}

func postingCmd(t *testing.T, h testHandlers, user, text string) (Response, error) {
	t.Helper()
	return h.jobPosting(context.Background(), Command{Name: postingCommand, Text: text, UserID: user, ChannelID: "C1"})
}

// mustSavePosting submits the form as user (editing meta, "" for a new draft) and returns the
// saved draft's preview response.
func mustSavePosting(t *testing.T, h testHandlers, user, meta string, vals map[string]map[string]slack.BlockAction) Response {
	t.Helper()
	resp, err := h.savePosting(context.Background(), Submission{CallbackID: ViewPostingForm, UserID: user, PrivateMetadata: meta, Values: vals})
	if err != nil || len(resp.ViewErrors) > 0 {
		t.Fatalf("savePosting: %v %v", err, resp.ViewErrors)
	}
	if resp.UpdateView == nil || resp.UpdateView.CallbackID != ViewPostingPreview {
		t.Fatalf("savePosting did not show the preview: %+v", resp)
	}
	mustBeValidPostingView(t, "preview", resp.UpdateView)
	return resp
}

func postingAct(actionID, user string, id int64, viewID string) Action {
	return Action{ActionID: actionID, UserID: user, Value: strconv.FormatInt(id, 10), ViewID: viewID}
}

func wantPostingUserError(t *testing.T, err error, want string) {
	t.Helper()
	ue, ok := AsUserError(err)
	if !ok || !strings.Contains(ue.Msg, want) {
		t.Errorf("err = %v, want a user error containing %q", err, want)
	}
}

func TestPostingCommand(t *testing.T) {
	h, _ := newPostingHandlers(t)
	resp, err := postingCmd(t, h, "U1", "")
	if err != nil || resp.OpenView == nil || resp.OpenView.CallbackID != ViewPostingForm {
		t.Errorf("/job-posting = %+v, %v; want the form", resp, err)
	}
	for text, want := range map[string]string{
		"help": "/job-posting list", "list": "no job posting drafts yet",
	} {
		resp, err := postingCmd(t, h, "U1", text)
		if err != nil || len(resp.Replies) != 1 || !strings.Contains(rendered(t, resp.Replies[0]), want) {
			t.Errorf("/job-posting %s = %+v, %v; want %q", text, resp, err, want)
		}
		mustBeValidPostingMessage(t, text, resp.Replies[0])
	}
	for text, want := range map[string]string{
		"frobnicate": "I don't know `/job-posting frobnicate`",
		"open":       "Which draft?",
		"open abc":   "Which draft?",
		"open 99":    "can't find job posting draft #99",
		"#99":        "can't find job posting draft #99",
	} {
		_, err := postingCmd(t, h, "U1", text)
		wantPostingUserError(t, err, want)
	}
}

func TestPostingSaveEditAndConflict(t *testing.T) {
	h, store := newPostingHandlers(t)
	vals := postingFormValues()
	vals[blockPostingTitle] = map[string]slack.BlockAction{postingInput: {Value: "Python Rockstar"}}
	resp := mustSavePosting(t, h, "U1", "", vals)
	preview := rendered(t, Message{Blocks: resp.UpdateView.Blocks.BlockSet})
	for _, want := range []string{"Draft #1 · version 1", "“rockstar” in the title", "Acme Analytics is seeking a skilled Python Rockstar"} {
		if !strings.Contains(preview, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	if len(resp.Replies) != 1 || !strings.Contains(resp.Replies[0].Text, "Saved job posting draft #1 (version 1)") {
		t.Errorf("replies = %+v", resp.Replies)
	}

	edit, err := h.editPosting(context.Background(), postingAct(ActionPostingEdit, "U1", 1, "V1"))
	if err != nil || edit.UpdateView == nil || edit.UpdateView.PrivateMetadata != "1:1" {
		t.Fatalf("Edit = %+v, %v", edit, err)
	}
	vals[blockPostingTitle] = map[string]slack.BlockAction{postingInput: {Value: "Python Backend Developer"}}
	resp = mustSavePosting(t, h, "U1", edit.UpdateView.PrivateMetadata, vals)
	if !strings.Contains(resp.Replies[0].Text, "Updated job posting draft #1 (version 2)") {
		t.Errorf("replies = %+v", resp.Replies)
	}
	p, err := store.Posting(context.Background(), 1)
	if err != nil || p.Version != 2 || p.Fields.Title != "Python Backend Developer" || !strings.HasPrefix(p.Rendered, "# Python Backend Developer\n") {
		t.Errorf("stored = %+v, %v", p, err)
	}

	// The same, now stale, form submitted again is refused inside the modal.
	_, err = h.savePosting(context.Background(), Submission{UserID: "U1", PrivateMetadata: "1:1", Values: vals})
	wantPostingUserError(t, err, "saved from another window")
	if ue, _ := AsUserError(err); ue == nil || ue.BlockID != blockPostingTitle {
		t.Errorf("the conflict is not shown on an input block: %v", err)
	}
}

func TestPostingSaveRefusesBadInput(t *testing.T) {
	h, store := newPostingHandlers(t)
	vals := postingFormValues()
	vals[blockPostingCompany] = map[string]slack.BlockAction{postingInput: {Value: ""}}
	vals[blockPostingMin] = map[string]slack.BlockAction{postingInput: {Value: "abc"}}
	vals[blockPostingMax] = map[string]slack.BlockAction{postingInput: {Value: "150000"}}
	resp, err := h.savePosting(context.Background(), Submission{UserID: "U1", Values: vals})
	if err != nil || len(resp.ViewErrors) != 2 || resp.ViewErrors[blockPostingCompany] == "" || resp.ViewErrors[blockPostingMin] == "" {
		t.Errorf("savePosting = %+v, %v; want errors on company and salary minimum", resp, err)
	}
	if ps, _ := store.RecentPostings(context.Background(), "U1", 10); len(ps) != 0 {
		t.Errorf("a draft was saved despite the errors")
	}
}

func TestPostingsArePrivateToTheirAuthor(t *testing.T) {
	h, store := newPostingHandlers(t)
	mustSavePosting(t, h, "U1", "", postingFormValues())
	ctx := context.Background()
	for _, a := range []struct {
		id     string
		handle ActionFunc
	}{
		{ActionPostingOpen, h.openPosting}, {ActionPostingEdit, h.editPosting}, {ActionPostingShare, h.sharePosting},
		{ActionPostingExport, h.exportPosting}, {ActionPostingDelete, h.deletePosting},
	} {
		resp, err := a.handle(ctx, postingAct(a.id, "U2", 1, ""))
		wantPostingUserError(t, err, "belongs to someone else")
		if resp.OpenView != nil || len(resp.Replies) > 0 || len(resp.Posts) > 0 {
			t.Errorf("%s by another user answered %+v", a.id, resp)
		}
	}
	_, err := postingCmd(t, h, "U2", "open 1")
	wantPostingUserError(t, err, "Drafts stay private to their author")
	_, err = h.postShared(ctx, Submission{UserID: "U2", PrivateMetadata: "1",
		Values: map[string]map[string]slack.BlockAction{blockPostingChannel: {postingInput: {SelectedConversation: "C9"}}}})
	if ue, ok := AsUserError(err); !ok || ue.BlockID != blockPostingChannel {
		t.Errorf("sharing someone else's draft: %v", err)
	}
	_, err = h.savePosting(ctx, Submission{UserID: "U2", PrivateMetadata: "1:1", Values: postingFormValues()})
	wantPostingUserError(t, err, "")
	if p, _ := store.Posting(ctx, 1); p.Version != 1 || p.Author != "U1" {
		t.Errorf("another user changed the draft: %+v", p)
	}
	if resp, _ := postingCmd(t, h, "U2", "list"); strings.Contains(rendered(t, resp.Replies[0]), "#1") {
		t.Error("another user's list shows the draft")
	}
}

func TestPostingShare(t *testing.T) {
	h, _ := newPostingHandlers(t)
	mustSavePosting(t, h, "U1", "", postingFormValues())
	ctx := context.Background()
	form, err := h.sharePosting(ctx, postingAct(ActionPostingShare, "U1", 1, "V1"))
	if err != nil || form.PushView == nil || form.PushView.CallbackID != ViewPostingShare {
		t.Fatalf("Share = %+v, %v", form, err)
	}
	mustBeValidPostingView(t, "share form", form.PushView)
	sub := Submission{CallbackID: ViewPostingShare, UserID: "U1", PrivateMetadata: form.PushView.PrivateMetadata}
	if resp, err := h.postShared(ctx, sub); err != nil || resp.ViewErrors[blockPostingChannel] == "" {
		t.Errorf("no channel chosen: %+v, %v", resp, err)
	}
	sub.Values = map[string]map[string]slack.BlockAction{blockPostingChannel: {postingInput: {SelectedConversation: "C9"}}}
	resp, err := h.postShared(ctx, sub)
	if err != nil || len(resp.Posts) != 1 || resp.Posts[0].Channel != "C9" || resp.Posts[0].PrivateTo != "" {
		t.Fatalf("postShared = %+v, %v", resp, err)
	}
	mustBeValidPostingMessage(t, "shared", resp.Posts[0].Message)
	if got := rendered(t, resp.Posts[0].Message); !strings.Contains(got, "shared by <@U1>") || !strings.Contains(got, "Acme Analytics is seeking") {
		t.Errorf("shared message:\n%s", got)
	}
	if resp.UpdateView == nil || !strings.Contains(rendered(t, Message{Blocks: resp.UpdateView.Blocks.BlockSet}), "<#C9>") {
		t.Errorf("no confirmation naming the channel: %+v", resp.UpdateView)
	}
}

// TestPostingShareCutShortCanBeSharedAgain: a process that stops between claiming a share and
// posting it leaves an unposted claim. A repeat inside its lease says it is still posting and
// posts nothing; after the lease it posts; once that post is recorded, a repeat says it was
// already shared.
func TestPostingShareCutShortCanBeSharedAgain(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	store, err := data.Open(context.Background(), filepath.Join(t.TempDir(), "hirebot.db"), data.WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	h := newTestFeatures(t, testDeps{store: store})
	h.Postings = NewPostings(PostingsConfig{Content: h.content, Store: store, Shares: store})
	mustSavePosting(t, h, "U1", "", postingFormValues())
	ctx := context.Background()
	form, err := h.sharePosting(ctx, postingAct(ActionPostingShare, "U1", 1, "V1"))
	if err != nil || form.PushView == nil {
		t.Fatalf("Share = %+v, %v", form, err)
	}
	sub := Submission{CallbackID: ViewPostingShare, UserID: "U1", ViewID: "V2", PrivateMetadata: form.PushView.PrivateMetadata,
		Values: map[string]map[string]slack.BlockAction{blockPostingChannel: {postingInput: {SelectedConversation: "C9"}}}}
	share := func() (Response, string) {
		t.Helper()
		resp, err := h.postShared(ctx, sub)
		if err != nil || resp.UpdateView == nil {
			t.Fatalf("postShared = %+v, %v", resp, err)
		}
		return resp, rendered(t, Message{Blocks: resp.UpdateView.Blocks.BlockSet})
	}
	if resp, _ := share(); len(resp.Posts) != 1 {
		t.Fatalf("first share posts %d messages, want 1", len(resp.Posts))
	} // ... and the process stops before posting it.

	now = now.Add(30 * time.Second)
	resp, text := share()
	if len(resp.Posts) != 0 || !strings.Contains(text, "still posting") || strings.Contains(text, "already shared") {
		t.Fatalf("a repeat inside the lease: %d posts, %q; want none, and that it is still posting", len(resp.Posts), text)
	}
	mustBeValidPostingView(t, "still sharing", resp.UpdateView)

	now = now.Add(shareLease)
	resp, _ = share()
	if len(resp.Posts) != 1 || resp.Posts[0].Then == nil {
		t.Fatalf("a repeat after the lease posts %d messages, want 1", len(resp.Posts))
	}
	done := resp.Posts[0].Then(ctx, PostResult{TS: "1772445600.000100", Permalink: "https://acme.slack.com/p1"})
	if got := rendered(t, Message{Blocks: done.Blocks.BlockSet}); !strings.Contains(got, "Posted") {
		t.Fatalf("after the post: %q", got)
	}

	now = now.Add(5 * time.Minute)
	resp, text = share()
	if len(resp.Posts) != 0 || !strings.Contains(text, "You already shared") || !strings.Contains(text, "https://acme.slack.com/p1") {
		t.Errorf("a repeat after the post: %d posts, %q; want none, and a link to the post", len(resp.Posts), text)
	}
}

func TestPostingExport(t *testing.T) {
	h, _ := newPostingHandlers(t)
	mustSavePosting(t, h, "U1", "", postingFormValues())
	ctx := context.Background()
	fromView, err := h.exportPosting(ctx, postingAct(ActionPostingExport, "U1", 1, "V1"))
	if err != nil || fromView.PushView == nil || len(fromView.Files) != 1 || len(fromView.Replies) != 0 {
		t.Fatalf("export from the preview = %+v, %v; want the view and one file", fromView, err)
	}
	mustBeValidPostingView(t, "export", fromView.PushView)
	f := fromView.Files[0]
	if f.Name != "job-posting-1-v1.md" || f.Channel != "" || !strings.HasPrefix(f.Content, "# Python Backend Developer\n") ||
		!strings.Contains(f.Content, "We sponsor visas.\n") || strings.Contains(f.Content, "```") {
		t.Errorf("export file = %+v", f)
	}
	if !strings.Contains(f.Comment, "Draft #1, version 1") || len(f.Comment) > 300 {
		t.Errorf("export comment = %q", f.Comment)
	}
	fromMessage, err := h.exportPosting(ctx, postingAct(ActionPostingExport, "U1", 1, ""))
	if err != nil || fromMessage.PushView != nil || len(fromMessage.Files) != 1 {
		t.Errorf("export from a message = %+v, %v", fromMessage, err)
	}
}

func TestPostingDelete(t *testing.T) {
	h, store := newPostingHandlers(t)
	mustSavePosting(t, h, "U1", "", postingFormValues())
	mustSavePosting(t, h, "U1", "", postingFormValues())
	ctx := context.Background()
	resp, err := h.deletePosting(ctx, postingAct(ActionPostingDelete, "U1", 1, "V1"))
	if err != nil || resp.UpdateView == nil || !strings.Contains(rendered(t, Message{Blocks: resp.UpdateView.Blocks.BlockSet}), "Deleted job posting draft #1") {
		t.Errorf("delete from the preview = %+v, %v", resp, err)
	}
	resp, err = h.deletePosting(ctx, postingAct(ActionPostingDelete, "U1", 2, ""))
	if err != nil || len(resp.Replies) != 1 || !resp.Replies[0].ReplaceOriginal {
		t.Errorf("delete from a message = %+v, %v", resp, err)
	}
	if _, err := store.Posting(ctx, 1); !errors.Is(err, data.ErrNotFound) {
		t.Errorf("draft 1 still there: %v", err)
	}
	_, err = h.deletePosting(ctx, postingAct(ActionPostingDelete, "U1", 1, "V1"))
	wantPostingUserError(t, err, "Job posting draft #1 was deleted on Mon 2 Mar 2026, 10:00 UTC")
	_, err = h.openPosting(ctx, postingAct(ActionPostingOpen, "U2", 1, ""))
	wantPostingUserError(t, err, "can't find job posting draft #1")
}

func TestPostingList(t *testing.T) {
	h, _ := newPostingHandlers(t)
	for range maxPostingList + 2 {
		mustSavePosting(t, h, "U1", "", postingFormValues())
	}
	resp, err := postingCmd(t, h, "U1", "list")
	if err != nil {
		t.Fatal(err)
	}
	m := resp.Replies[0]
	mustBeValidPostingMessage(t, "list", m)
	got := rendered(t, m)
	if !strings.Contains(got, "#12 · Python Backend Developer") || strings.Contains(got, "#2 ·") {
		t.Errorf("list does not show the %d most recent drafts:\n%s", maxPostingList, got)
	}
	if !strings.Contains(got, "Senior · FinTech · Startup Environment · Seattle, WA · version 1") {
		t.Errorf("list lacks the draft's facts:\n%s", got)
	}
	open, err := h.openPosting(context.Background(), postingAct(ActionPostingOpen, "U1", 12, ""))
	if err != nil || open.OpenView == nil || open.OpenView.PrivateMetadata != "12" {
		t.Errorf("Open = %+v, %v", open, err)
	}
}

func TestPostingRoutesAreRegistered(t *testing.T) {
	h, _ := newPostingHandlers(t)
	r := h.Routes()
	has := func(ids []string, id string) bool {
		for _, x := range ids {
			if x == id {
				return true
			}
		}
		return false
	}
	var cmds, acts, views []string
	for _, c := range r.Commands {
		cmds = append(cmds, c.Name)
	}
	for _, a := range r.Actions {
		acts = append(acts, a.ActionID)
	}
	for _, v := range r.Views {
		views = append(views, v.CallbackID)
	}
	for _, want := range []struct {
		ids []string
		id  string
	}{
		{cmds, postingCommand}, {views, ViewPostingForm}, {views, ViewPostingShare},
		{acts, ActionPostingOpen}, {acts, ActionPostingEdit}, {acts, ActionPostingShare},
		{acts, ActionPostingExport}, {acts, ActionPostingDelete},
	} {
		if !has(want.ids, want.id) {
			t.Errorf("%s is not routed", want.id)
		}
	}
}
