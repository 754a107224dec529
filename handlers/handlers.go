package handlers

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"hirebot/content"
)

// Slack ids shared by the code that builds blocks and the router.
const (
	ActionShare = "share_in_channel"
	blockShare  = "share"
	shareLabel  = "Share in channel"
)

// ApologyText is all a user is told when something failed on our side.
const ApologyText = "Sorry, something went wrong on our side. Please try again in a moment."

// Deps is what the handlers need from the rest of the program.
type Deps struct {
	Content  *content.Content
	Feedback FeedbackStore
	Postings PostingStore
	Users    UserDirectory
	Settings Settings
	Metrics  Recorder
	Logger   *slog.Logger
	// Now is the clock; defaults to time.Now.
	Now func() time.Time
	// Intn returns a random number in [0, n); it picks "random" interview questions. Defaults to
	// math/rand/v2.
	Intn func(n int) int
}

// Handlers answers every command, button and modal hirebot offers.
type Handlers struct {
	content  *content.Content
	feedback FeedbackStore
	postings PostingStore
	users    UserDirectory
	settings Settings
	metrics  Recorder
	logger   *slog.Logger
	now      func() time.Time
	intn     func(n int) int
	lookups  []lookup
}

// New returns the handlers for the given content.
func New(d Deps) *Handlers {
	h := &Handlers{content: d.Content, feedback: d.Feedback, postings: d.Postings, users: d.Users,
		settings: d.Settings.withDefaults(), metrics: d.Metrics, logger: d.Logger, now: d.Now, intn: d.Intn}
	if h.metrics == nil {
		h.metrics = noMetrics{}
	}
	if h.logger == nil {
		h.logger = slog.New(slog.DiscardHandler)
	}
	if h.now == nil {
		h.now = time.Now
	}
	if h.intn == nil {
		h.intn = rand.IntN
	}
	h.lookups = []lookup{h.salaryLookup(), h.questionsLookup(), h.faqLookup()}
	return h
}

// Routes lists every command, action and modal the handlers answer.
func (h *Handlers) Routes() Routes {
	var r Routes
	for _, l := range h.lookups {
		r.Commands = append(r.Commands, l.commandSpec())
	}
	r.Actions = append(r.Actions, ActionSpec{ActionID: ActionShare, Handle: h.share})
	r.merge(h.feedbackRoutes())
	r.merge(h.postingRoutes())
	return r
}

// Recorder counts what the handlers store, for monitoring.
type Recorder interface {
	Stored(kind string) // "scorecard", "draft"
}

type noMetrics struct{}

func (noMetrics) Stored(string) {}

func (r *Routes) merge(o Routes) {
	r.Commands = append(r.Commands, o.Commands...)
	r.Actions = append(r.Actions, o.Actions...)
	r.Views = append(r.Views, o.Views...)
}

// answer is what a lookup command shows. Answers that can be shared carry the canonical arguments
// that reproduce them, so the share button posts exactly what the user saw; help and errors cannot
// be shared.
type answer struct {
	text      string
	blocks    []slack.Block
	shareable bool
	share     string
}

// lookup is a read-only command whose answers can be shared in the channel.
type lookup struct {
	name, description, usage string
	run                      func(ctx context.Context, args string) answer
}

func (l lookup) commandSpec() CommandSpec {
	return CommandSpec{
		Name:        l.name,
		Description: l.description,
		UsageHint:   l.usage,
		Handle: func(ctx context.Context, cmd Command) (Response, error) {
			a := l.run(ctx, cmd.Text)
			blocks := a.blocks
			if a.shareable {
				blocks = append(blocks[:len(blocks):len(blocks)], shareActions(strings.TrimSpace(l.name+" "+a.share)))
			}
			return Reply(Message{Text: a.text, Blocks: blocks}), nil
		},
	}
}

func shareActions(value string) slack.Block {
	btn := slack.NewButtonBlockElement(ActionShare, truncate(value, maxButtonValue), plain(shareLabel))
	return slack.NewActionBlock(blockShare, btn)
}

// share posts the answer behind a "Share in channel" button for everyone in the channel, then
// removes the private copy.
func (h *Handlers) share(ctx context.Context, act Action) (Response, error) {
	name, args, _ := strings.Cut(act.Value, " ")
	for _, l := range h.lookups {
		if l.name != name {
			continue
		}
		a := l.run(ctx, args)
		if !a.shareable {
			return Response{}, &UserError{Msg: "That answer can no longer be shared. Run " + name + " again to get a fresh one."}
		}
		blocks := append(a.blocks[:len(a.blocks):len(a.blocks)], contextBlock(fmt.Sprintf("Shared by <@%s> with `%s`", act.UserID, escape(act.Value))))
		return Response{Replies: []Message{
			{Text: a.text, Blocks: blocks, Public: true},
			{DeleteOriginal: true},
		}}, nil
	}
	return Response{}, &UserError{Msg: "That button belongs to a command I no longer know. Try /salary, /interview-questions or /hiring-faq."}
}
