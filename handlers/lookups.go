package handlers

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/slack-go/slack"

	"hirebot/content"
	"hirebot/data"
)

// Slack ids of the "Share in channel" button under a lookup's answer.
const (
	ActionShare = "share_in_channel"
	blockShare  = "share"
	shareLabel  = "Share in channel"
)

// Lookups answers the read-only commands from the content: /salary, /interview-questions and
// /hiring-faq, each privately with a button that shares the answer in the channel. With several
// roles (see content.Library) a command names its role first ("/salary frontend seattle"); each
// role has a Lookups of its own over its content.
type Lookups struct {
	content *content.Content
	library *content.Library
	role    *content.Role
	perRole map[string]*Lookups // by role key, shared by every role's Lookups
	// rolePrefix is the role's word and a space when there are several roles, for the share
	// button to run the same lookup again.
	rolePrefix string
	voice      func(string) string // the role's words (see roleVoice); nil with one role
	shares     ShareStore          // nil: every click shares
	intn       func(n int) int
	answers    map[string]func(ctx context.Context, args string) answer // by command name
	// salaryIndex and salaryMemo are built once from the content, which never changes after
	// start-up: /salary finds its band and level by map and answers with blocks built once.
	salaryIndex content.SalaryIndex
	salaryMemo  map[salaryKey]answer
}

// NewLookups returns the lookup feature over one role's content c. intn returns a random number
// in [0, n) to pick a "random" interview question; nil means math/rand/v2.
func NewLookups(c *content.Content, intn func(n int) int) *Lookups {
	return NewRoleLookups(content.SingleLibrary(c), intn)
}

// NewRoleLookups returns the lookup feature over every role of lib (see NewLookups).
func NewRoleLookups(lib *content.Library, intn func(n int) int) *Lookups {
	if intn == nil {
		intn = rand.IntN
	}
	perRole := map[string]*Lookups{}
	for _, r := range lib.Roles {
		perRole[r.Key] = newRoleLookups(lib, r, perRole, intn)
	}
	return perRole[lib.Default().Key]
}

func newRoleLookups(lib *content.Library, r *content.Role, perRole map[string]*Lookups, intn func(n int) int) *Lookups {
	c := r.Content
	l := &Lookups{content: c, library: lib, role: r, perRole: perRole, intn: intn, salaryIndex: c.Salary.Index(), voice: roleVoice(lib, r)}
	if !lib.Single() {
		l.rolePrefix = r.Key + " "
	}
	l.salaryMemo = l.memoSalary()
	l.answers = map[string]func(context.Context, string) answer{
		salaryCommand:    l.salary,
		questionsCommand: l.questions,
		faqCommand:       l.faq,
	}
	return l
}

// answer is what a lookup command shows. Answers that can be shared carry the canonical arguments
// that reproduce them, so the share button posts exactly what the user saw; help and errors cannot
// be shared.
type answer struct {
	text      string
	blocks    []slack.Block
	shareable bool
	share     string
	// replyBlocks, when set, are blocks with the share button already added (see withShare), and
	// encoded keeps the private reply's wire form once it was first sent.
	replyBlocks []slack.Block
	encoded     *Encoding
	// image, when set, is uploaded with each reply and shown in it (see answerImage).
	image *answerImage
	// voiced is set once the answer is in its role's words (see Lookups.voiced).
	voiced bool
}

// withShare adds to a the blocks of its private reply, share button included, so that an answer
// built once is not rebuilt (nor re-encoded) for each reply.
func (l *Lookups) withShare(command string, a answer) answer {
	a.replyBlocks = l.replyBlocks(command, a)
	a.encoded = new(Encoding)
	return a
}

func (l *Lookups) replyBlocks(command string, a answer) []slack.Block {
	if !a.shareable {
		return a.blocks
	}
	return append(a.blocks[:len(a.blocks):len(a.blocks)], shareActions(strings.TrimSpace(command+" "+l.rolePrefix+a.share)))
}

// forRole is the Lookups of the role args name first, and the rest of args. With one role
// nothing changes: args are the command's own (a word like "python" is a search term of
// /hiring-faq). With several and none named, it returns nil.
func (l *Lookups) forRole(args string) (*Lookups, string) {
	if l.library.Single() {
		return l, args
	}
	if r, rest := l.library.CutRole(args); r != nil {
		return l.perRole[r.Key], rest
	}
	return nil, args
}

// roleLines names each role of lib with the words that pick it: "*Frontend Developer*:
// `frontend`, `fe`".
func roleLines(lib *content.Library) []string {
	lines := make([]string, 0, len(lib.Roles))
	for _, r := range lib.Roles {
		lines = append(lines, fmt.Sprintf("*%s*: `%s`", escape(r.Name), strings.Join(r.Words(), "`, `")))
	}
	return lines
}

// whichRole asks which role a command is about, listing them with an example.
func (l *Lookups) whichRole(command, args string) answer {
	example := strings.TrimSpace(command + " " + l.library.Roles[len(l.library.Roles)-1].Key + " " + args)
	text := fmt.Sprintf(":busts_in_silhouette: Which role? I know %d; put one of its words first, e.g. `%s`.\n%s",
		len(l.library.Roles), escape(truncate(example, 120)), bullets(roleLines(l.library)))
	return answer{text: "Which role?", blocks: []slack.Block{section(text)}}
}

// Salary answers /salary.
func (l *Lookups) Salary(ctx context.Context, cmd Command) (Response, error) {
	return l.reply(ctx, salaryCommand, cmd.Text), nil
}

// Questions answers /interview-questions.
func (l *Lookups) Questions(ctx context.Context, cmd Command) (Response, error) {
	return l.reply(ctx, questionsCommand, cmd.Text), nil
}

// FAQ answers /hiring-faq.
func (l *Lookups) FAQ(ctx context.Context, cmd Command) (Response, error) {
	return l.reply(ctx, faqCommand, cmd.Text), nil
}

// reply is a lookup's private answer, with the share button when it can be shared.
func (l *Lookups) reply(ctx context.Context, command, args string) Response {
	role, rest := l.forRole(args)
	if role == nil {
		a := l.whichRole(command, args)
		return Reply(Message{Text: a.text, Blocks: a.blocks})
	}
	a := role.voiced(role.answers[command](ctx, rest))
	if a.image != nil {
		return Response{Files: []File{a.image.file(func(id string) []Message {
			shown := a
			shown.blocks = a.image.withImage(a.blocks, id)
			return []Message{{Text: a.text, Blocks: role.replyBlocks(command, shown)}}
		})}}
	}
	if a.replyBlocks != nil {
		return Reply(Message{Text: a.text, Blocks: a.replyBlocks, Encoded: a.encoded})
	}
	return Reply(Message{Text: a.text, Blocks: role.replyBlocks(command, a)})
}

func shareActions(value string) slack.Block {
	btn := slack.NewButtonBlockElement(ActionShare, truncate(value, maxButtonValue), plain(shareLabel))
	return slack.NewActionBlock(blockShare, btn)
}

// Share posts the answer behind a "Share in channel" button for everyone in the channel, then
// removes the private copy.
func (l *Lookups) Share(ctx context.Context, act Action) (Response, error) {
	name, args, _ := strings.Cut(act.Value, " ")
	role, rest := l.forRole(args)
	if role == nil {
		return Response{}, &UserError{Msg: "That answer is from before hirebot knew several roles. Run " + name + " again with the role first to share a fresh one."}
	}
	run, ok := role.answers[name]
	if !ok {
		return Response{}, &UserError{Msg: "That button belongs to a command I no longer know. Try /salary, /interview-questions or /hiring-faq."}
	}
	a := role.voiced(run(ctx, rest))
	if !a.shareable {
		return Response{}, &UserError{Msg: "That answer can no longer be shared. Run " + name + " again to get a fresh one."}
	}
	if l.shares != nil && act.MessageTS != "" && act.ChannelID != "" {
		k := data.ShareKey{Channel: act.ChannelID, Source: act.MessageTS, User: act.UserID}
		_, first, err := l.shares.ClaimShare(ctx, k, shareWindow, 0) // the post's ts is never recorded
		if err != nil {
			return Response{}, fmt.Errorf("share %s: %w", act.Value, err)
		}
		if !first {
			return Response{}, nil // this click repeats one already sharing this message
		}
	}
	shared := func(blocks []slack.Block) []Message {
		blocks = append(blocks[:len(blocks):len(blocks)], contextBlock(fmt.Sprintf("Shared by <@%s> with `%s`", act.UserID, escape(act.Value))))
		return []Message{{Text: a.text, Blocks: blocks, Public: true}, {DeleteOriginal: true}}
	}
	sharing := Message{Text: "Sharing…", Blocks: []slack.Block{section(":hourglass_flowing_sand: Sharing in the channel…")}, ReplaceOriginal: true}
	if a.image != nil {
		return Response{Replies: []Message{sharing}, Files: []File{a.image.file(func(id string) []Message {
			return shared(a.image.withImage(a.blocks, id))
		})}}, nil
	}
	return Response{Replies: append([]Message{sharing}, shared(a.blocks)...)}, nil
}
