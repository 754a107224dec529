package handlers

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"hirebot/data"
)

// Sizes the job posting views and messages keep to.
const (
	// postingFence opens and closes a code block.
	postingFence = "```"
)

// postingPreview is the modal that shows a saved draft with what can be done next.
func postingPreview(p data.Posting, doc postingDoc, hints []postingHint) *slack.ModalViewRequest {
	blocks := []slack.Block{
		contextBlock(fmt.Sprintf("Draft #%d · version %d · private to you until you share it", p.ID, p.Version)),
	}
	if len(hints) > 0 {
		blocks = append(blocks, sections(postingHintsText(hints))...)
	} else {
		blocks = append(blocks, contextBlock(":white_check_mark: No wording that puts candidates off."))
	}
	if len(doc.Confirm) > 0 {
		blocks = append(blocks, sections(postingConfirmText(doc.Confirm))...)
	}
	blocks = append(blocks, postingActions(p), divider())
	blocks = append(blocks, doc.blocks()...)
	return &slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: ViewPostingPreview, PrivateMetadata: strconv.FormatInt(p.ID, 10),
		Title: plain("Job posting draft"), Close: plain("Done"),
		Blocks: slack.Blocks{BlockSet: blocks},
	}
}

func postingActions(p data.Posting) slack.Block {
	id := strconv.FormatInt(p.ID, 10)
	del := slack.NewButtonBlockElement(ActionPostingDelete, id, plain("Delete")).WithStyle(slack.StyleDanger).
		WithConfirm(slack.NewConfirmationBlockObject(plain("Delete this draft?"),
			plain(truncate(fmt.Sprintf("Draft #%d, “%s”, will be deleted for good. Copies already shared in channels stay.", p.ID, p.Fields.Title), 300)),
			plain("Delete"), plain("Keep it")).WithStyle(slack.StyleDanger))
	return slack.NewActionBlock(blockPostingActions,
		slack.NewButtonBlockElement(ActionPostingEdit, id, plain("Edit")).WithStyle(slack.StylePrimary),
		slack.NewButtonBlockElement(ActionPostingShare, id, plain("Share to a channel")),
		slack.NewButtonBlockElement(ActionPostingExport, id, plain("Export as Markdown")),
		del,
	)
}

// postingShareForm asks which channel to post a draft to.
func postingShareForm(p data.Posting) *slack.ModalViewRequest {
	pick := slack.NewOptionsSelectBlockElement(slack.OptTypeConversations, plain("Choose a channel"), postingInput)
	pick.Filter = &slack.SelectBlockElementFilter{Include: []string{"public", "private"}, ExcludeBotUsers: true}
	in := slack.NewInputBlock(blockPostingChannel, plain("Channel"), plain("hirebot must be a member of the channel to post there."), pick)
	return &slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: ViewPostingShare, PrivateMetadata: strconv.FormatInt(p.ID, 10),
		Title: plain("Share job posting"), Submit: plain("Post"), Close: plain("Back"),
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			section(fmt.Sprintf("Post *%s* (draft #%d, version %d) to a channel, where everyone can read it.",
				literal(p.Fields.Title), p.ID, p.Version)),
			in,
		}},
	}
}

// postingNotice is a modal with one message and a button back to where the user came from.
func postingNotice(title, text, closeLabel string) *slack.ModalViewRequest {
	return &slack.ModalViewRequest{
		Type: slack.VTModal, Title: plain(title), Close: plain(closeLabel),
		Blocks: slack.Blocks{BlockSet: []slack.Block{section(text)}},
	}
}

// postingShared is the message a shared draft becomes in a channel.
func postingShared(p data.Posting, doc postingDoc, by string) Message {
	blocks := append(doc.blocks(), contextBlock(fmt.Sprintf("Job posting draft shared by <@%s> · draft #%d, version %d", by, p.ID, p.Version)))
	return Message{Text: fmt.Sprintf("Job posting: %s at %s", literal(p.Fields.Title), literal(p.Fields.Company)), Blocks: blocks, Public: true}
}

// postingSaved is the direct message that confirms a save and leads back to the draft.
func postingSaved(p data.Posting) Message {
	verb := "Saved"
	if p.Version > 1 {
		verb = "Updated"
	}
	text := fmt.Sprintf("%s job posting draft #%d (version %d): %s at %s", verb, p.ID, p.Version, literal(p.Fields.Title), literal(p.Fields.Company))
	open := slack.NewButtonBlockElement(ActionPostingOpen, strconv.FormatInt(p.ID, 10), plain("Open draft"))
	return Message{Text: text, Blocks: []slack.Block{
		slack.NewSectionBlock(mrkdwn(fmt.Sprintf(":memo: %s job posting draft #%d (version %d): *%s* at %s",
			verb, p.ID, p.Version, literal(p.Fields.Title), literal(p.Fields.Company))), nil, slack.NewAccessory(open)),
		contextBlock("`/job-posting list` shows all your drafts."),
	}}
}

// postingExportChunks is the Markdown as code blocks, each small enough for one section.
func postingExportChunks(markdown string) []string {
	text := escape(strings.ReplaceAll(strings.TrimRight(markdown, "\n"), postingFence, "'''"))
	var out []string
	for _, chunk := range splitLines(text, maxSectionText-2*len(postingFence)-2) {
		out = append(out, postingFence+"\n"+chunk+"\n"+postingFence)
	}
	return out
}

// postingExportFile is the Markdown of draft p as a file, with a short preview as its comment.
func postingExportFile(p data.Posting) File {
	return File{
		Name:    fmt.Sprintf("job-posting-%d-v%d.md", p.ID, p.Version),
		Title:   truncate(fmt.Sprintf("Job posting draft #%d: %s", p.ID, p.Fields.Title), 200),
		Content: p.Rendered,
		Comment: fmt.Sprintf(":page_facing_up: Draft #%d, version %d, as Markdown: *%s* at %s. Open the file to copy it into your job board.",
			p.ID, p.Version, literal(p.Fields.Title), literal(p.Fields.Company)),
	}
}

// postingExportView shows the Markdown of draft p in a modal, ready to copy.
func postingExportView(p data.Posting) *slack.ModalViewRequest {
	blocks := []slack.Block{contextBlock("Copy this into your job board. I've also sent it to you as a Markdown file in a direct message.")}
	for _, c := range postingExportChunks(p.Rendered) {
		blocks = append(blocks, section(c))
	}
	return &slack.ModalViewRequest{
		Type: slack.VTModal, Title: plain("Markdown"), Close: plain("Back"),
		Blocks: slack.Blocks{BlockSet: blocks},
	}
}

// postingList is the reply to /job-posting list, its times in the viewer's zone loc.
func postingList(ps []data.Posting, meta func(data.Posting) string, loc *time.Location) Message {
	if len(ps) == 0 {
		return Message{Text: "No job posting drafts yet", Blocks: []slack.Block{
			section("You have no job posting drafts yet. Type `/job-posting` to write one."),
		}}
	}
	blocks := []slack.Block{header("Your job posting drafts")}
	for _, p := range ps {
		open := slack.NewButtonBlockElement(ActionPostingOpen, strconv.FormatInt(p.ID, 10), plain("Open"))
		text := fmt.Sprintf("*#%d · %s* at %s\n%s · version %d · updated <!date^%d^{date_short_pretty} at {time}|%s>",
			p.ID, literal(p.Fields.Title), literal(p.Fields.Company), escape(meta(p)), p.Version,
			p.UpdatedAt.Unix(), formatTime(p.UpdatedAt, loc))
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(text), nil, slack.NewAccessory(open),
			slack.SectionBlockOptionBlockID(postingListBlock(p.ID))))
	}
	note := "Drafts are private to you until you share them. `/job-posting` starts a new one."
	if len(ps) >= maxPostingList {
		note = fmt.Sprintf("Your %d most recent drafts; `/job-posting open &lt;number&gt;` opens any other. ", maxPostingList) + note
	}
	blocks = append(blocks, contextBlock(note))
	return Message{Text: fmt.Sprintf("Your job posting drafts (%d)", len(ps)), Blocks: blocks}
}

// postingListBlock is the block_id of a draft's line in the list.
func postingListBlock(id int64) string { return "jp_draft_" + strconv.FormatInt(id, 10) }
