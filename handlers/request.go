// Package handlers turns Slack requests (slash commands, button clicks, modal submissions) into
// response values. It never talks to Slack itself: package bot acks, posts and opens views.
package handlers

import (
	"context"
	"errors"
	"sync"

	"github.com/slack-go/slack"
)

// Command is a slash command as a user typed it.
type Command struct {
	Name        string // "/salary", with the leading slash
	Text        string // everything after the command name
	UserID      string
	ChannelID   string
	TeamID      string
	TriggerID   string
	ResponseURL string
}

// Action is a click on a button (or a pick in a select) inside a message or a view.
type Action struct {
	ActionID    string
	BlockID     string
	Value       string
	UserID      string
	ChannelID   string
	MessageTS   string
	ViewID      string
	TriggerID   string
	ResponseURL string
	// DeliveryKey names this click for the record of handled deliveries ("envelope:<id>"): a
	// state change recorded under it is not made again when Slack delivers the click again.
	DeliveryKey string
}

// Message is a reply shown in Slack. It is private to the requesting user unless Public is set.
type Message struct {
	Text            string // notification and screen-reader fallback
	Blocks          []slack.Block
	Public          bool // posted in the channel for everyone ("in_channel")
	ReplaceOriginal bool // replaces the message the request came from
	DeleteOriginal  bool // deletes the message the request came from
	// Encoded, when set, keeps the message's wire form once it was first encoded, so that a
	// message built once and sent many times (a memoised lookup answer) is encoded once. A
	// message carrying it must never change, nor be copied with any field changed.
	Encoded *Encoding
}

// Encoding holds the wire form of one message, filled in by whoever first encodes it (package
// bot, which owns the format). The zero value is ready to use.
type Encoding struct {
	once sync.Once
	raw  []byte
	err  error
}

// Bytes returns the message's wire form, calling encode on the first call only.
func (e *Encoding) Bytes(encode func() ([]byte, error)) ([]byte, error) {
	e.once.Do(func() { e.raw, e.err = encode() })
	return e.raw, e.err
}

// Submission is a modal a user submitted.
type Submission struct {
	CallbackID      string
	ViewID          string
	PrivateMetadata string
	UserID          string
	TeamID          string
	// Values is the view's state: values[block_id][action_id].
	Values map[string]map[string]slack.BlockAction
	// DeliveryKey names this submission for the record of handled deliveries ("view:<id>:<hash>"):
	// what it stored is not stored again when Slack delivers it again, after a crash or to
	// another process.
	DeliveryKey string
}

// ViewClosed is a modal the user closed without submitting it (Cancel, or the × that closes the
// whole stack). Slack tells only of views opened with notify_on_close.
type ViewClosed struct {
	CallbackID      string
	ViewID          string
	PrivateMetadata string
	UserID          string
	TeamID          string
	// Values is the view's state when it closed: values[block_id][action_id], for the inputs
	// Slack reports (those the user touched, at least).
	Values map[string]map[string]slack.BlockAction
	// Cleared is set when the whole stack closed, not just this view.
	Cleared bool
	// DeliveryKey names this close for the record of handled deliveries ("closed:<view id>"): a
	// view closes once, so what a repeat delivery would store is not stored again.
	DeliveryKey string
}

// Post is a message sent on its own (not as a reply): to a channel, or to a user's direct
// messages when Channel is a user id.
type Post struct {
	Channel string
	Message Message
	// PrivateTo makes the post ephemeral: only this user sees it in Channel.
	PrivateTo string
	// Then, when set, is told how the post went once Slack has answered, and returns the view
	// to show in place of the modal the request came from (the view with the returned view's
	// external_id when it has one); nil leaves the modal as it is. A failed post with Then set
	// is explained by the view alone.
	Then func(ctx context.Context, r PostResult) *slack.ModalViewRequest
}

// File is a file to upload and share in a conversation.
type File struct {
	Name    string // file name, with its extension: "job-posting-12.md"
	Title   string
	Content string
	// Channel is where to share it; "" is the requesting user's direct messages.
	Channel string
	Comment string // the message the file comes with
	// Then, when set, uploads the file privately instead (shared in no conversation; Channel and
	// Comment are ignored) and, once Slack has it, returns the replies that show it by its id,
	// in an image block's slack_file. They go where the request came from, after Replies and
	// Posts. Then gets "" when the upload failed, so that the replies can do without the file.
	Then func(fileID string) []Message
	// Shared, when set, is told where a shared file went once Slack has it (not called when
	// the upload failed): an export records its files so that an erasure deletes them.
	Shared func(ctx context.Context, f SharedFile) error
}

// SharedFile is a file Slack took and shared: its id and the conversation it was shared in (a
// direct message's D… id). The message sharing it is Slack's to make, in its own time, so its
// ts is not known; deleting the file takes it out of that message.
type SharedFile struct {
	FileID, Channel string
}

// PostResult is how a Post went.
type PostResult struct {
	TS        string // the posted message's ts
	Permalink string // a link to the posted message, when Slack gave one
	// ErrCode is Slack's error code when the post failed ("not_in_channel",
	// "channel_not_found", …), or "failed" when Slack did not answer; "" when it was posted.
	ErrCode string
}

// Response is everything a handler wants done in answer to one request.
type Response struct {
	// Replies go back where the request came from (a slash command's ack or response_url, a
	// message button's response_url), in order.
	Replies []Message
	// Posts are sent with chat.postMessage after the replies.
	Posts []Post
	// Files are uploaded after the posts.
	Files []File
	// OpenView opens a modal with the request's trigger_id.
	OpenView *slack.ModalViewRequest
	// PushView and UpdateView answer a modal submission with response_action push or update; in
	// answer to a button inside a modal they push a view or update the one the button is in.
	PushView   *slack.ModalViewRequest
	UpdateView *slack.ModalViewRequest
	// ViewErrors keeps a submitted modal open, with its input, showing a message under each input
	// block named by its block_id.
	ViewErrors map[string]string
	// ClearViews closes every view of a submitted modal's stack.
	ClearViews bool
	// PublishHome sets a user's Home tab with views.publish.
	PublishHome *HomeTab
	// RefreshHome names people whose Home tab may show something else now: each one's tab is
	// built again (see Routes.Home) and published, a moment later and once for a burst of changes.
	RefreshHome []string
}

// HomeTab is the Home tab to publish for one user.
type HomeTab struct {
	UserID string
	View   slack.HomeTabViewRequest
	// Opened marks the tab published because UserID opened it. Once Slack has taken it the bot
	// calls Routes.HomeShown, which notes the visit (so a first visitor keeps the welcome until
	// a tab showing it is on their screen); one Slack rate limits is built again as opened.
	Opened bool
}

// Event is an Events API event delivered to the app.
type Event struct {
	Type      string // "app_home_opened"
	UserID    string
	ChannelID string
	Tab       string // for app_home_opened: "home" or "messages"
}

// EventFunc handles an Events API event.
type EventFunc func(ctx context.Context, ev Event) (Response, error)

// EventSpec routes an Events API event by its type; the app manifest subscribes to Type.
type EventSpec struct {
	Type   string
	Handle EventFunc
}

// Shortcut is a global shortcut (from the search bar or the composer) or a message shortcut
// (from a message's "more actions" menu) a user ran.
type Shortcut struct {
	CallbackID  string
	UserID      string
	TriggerID   string
	ResponseURL string // message shortcuts only: replies go to the message's channel
	// The message a message shortcut ran on; empty for a global shortcut.
	ChannelID   string
	MessageTS   string
	MessageText string
	MessageUser string
}

// ShortcutFunc handles a shortcut.
type ShortcutFunc func(ctx context.Context, sc Shortcut) (Response, error)

// Shortcut kinds, as the app manifest names them.
const (
	GlobalShortcut  = "global"
	MessageShortcut = "message"
)

// ShortcutSpec routes a shortcut by its callback_id; the app manifest lists Name (at most 24
// characters), Kind and Description.
type ShortcutSpec struct {
	CallbackID  string
	Kind        string // GlobalShortcut or MessageShortcut
	Name        string
	Description string
	Handle      ShortcutFunc
}

// HomeFunc builds userID's Home tab as it should look now. After a change (opened false) it
// returns nil when there is nothing to publish: no tab they opened was ever published. opened
// builds it as when they open it, with the welcome until a tab they opened has been published.
type HomeFunc func(ctx context.Context, userID string, opened bool) (*slack.HomeTabViewRequest, error)

// HomeShownFunc notes that Slack took the Home tab userID opened (a HomeTab with Opened).
type HomeShownFunc func(ctx context.Context, userID string) error

// Reply is a Response with a single reply.
func Reply(m Message) Response { return Response{Replies: []Message{m}} }

// CommandFunc handles a slash command.
type CommandFunc func(ctx context.Context, cmd Command) (Response, error)

// ActionFunc handles a button click or select choice.
type ActionFunc func(ctx context.Context, act Action) (Response, error)

// CommandSpec describes a slash command: the router dispatches on Name, and the app manifest lists
// Name, Description and UsageHint, so routing and the manifest cannot drift apart.
type CommandSpec struct {
	Name        string
	Description string
	UsageHint   string
	Handle      CommandFunc
}

// SubmissionFunc handles a modal submission.
type SubmissionFunc func(ctx context.Context, sub Submission) (Response, error)

// ViewSpec routes a modal submission by the view's callback_id.
type ViewSpec struct {
	CallbackID string
	Handle     SubmissionFunc
}

// ClosedFunc handles a modal closed without submitting. Nothing it returns reaches the closed
// modal; a UserError is only logged, as there is nowhere left to show it.
type ClosedFunc func(ctx context.Context, vc ViewClosed) (Response, error)

// CloseSpec routes view_closed by the view's callback_id.
type CloseSpec struct {
	CallbackID string
	Handle     ClosedFunc
}

// ActionSpec routes a block action by its action_id.
type ActionSpec struct {
	ActionID string
	Handle   ActionFunc
}

// Routes is every request the handlers answer.
type Routes struct {
	Commands  []CommandSpec
	Actions   []ActionSpec
	Views     []ViewSpec
	Closes    []CloseSpec // modals closed unsubmitted, for views opened with notify_on_close
	Events    []EventSpec
	Shortcuts []ShortcutSpec
	// Home rebuilds a user's Home tab for Response.RefreshHome; nil publishes nothing.
	Home HomeFunc
	// HomeShown is called once Slack has taken a Home tab its user opened.
	HomeShown HomeShownFunc
}

// UserError is a problem with what the user asked for. Msg is shown to them privately (or next to
// the input named by BlockID in a modal); it must be friendly and say what would work.
type UserError struct {
	Msg     string
	BlockID string
}

func (e *UserError) Error() string { return e.Msg }

// AsUserError reports whether err carries a message meant for the user.
func AsUserError(err error) (*UserError, bool) {
	var ue *UserError
	ok := errors.As(err, &ue)
	return ue, ok
}

// UserErrorMessage is the private message that shows a user error outside a modal: the one
// rendering of it, which the bot sends and the golden files record.
func UserErrorMessage(ue *UserError) Message {
	return Message{Text: ue.Msg, Blocks: []slack.Block{section(":warning: " + ue.Msg)}}
}

// ApologyText is all a user is told when something failed on our side.
const ApologyText = "Sorry, something went wrong on our side. Please try again in a moment."
