package handlers

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"

	"hirebot/data"
)

// share posts draft p to channel once per version, channel and person: the modal says
// "Sharing…" at once, and what happened once Slack has answered. The claim counts as shared
// only once the post is recorded; until then it holds for shareLease, so a share whose process
// stopped before posting can be made again.
func (ps *Postings) share(ctx context.Context, p data.Posting, doc postingDoc, channel string, sub Submission) (Response, error) {
	k := data.ShareKey{Channel: channel, Source: fmt.Sprintf("job-posting:%d:%d", p.ID, p.Version), User: sub.UserID}
	externalID := "jp_share_" + sub.ViewID
	if ps.shares != nil {
		prev, first, err := ps.shares.ClaimShare(ctx, k, shareWindow, shareLease)
		switch {
		case err != nil:
			return Response{}, fmt.Errorf("share posting %d: %w", p.ID, err)
		case !first && prev.SharedTS == "":
			return Response{UpdateView: postingStillSharing(p, channel)}, nil
		case !first:
			return Response{UpdateView: postingAlreadyShared(p, channel, prev)}, nil
		}
	}
	sharing := postingNotice("Sharing", fmt.Sprintf(":hourglass_flowing_sand: Posting *%s* to <#%s>…", literal(p.Fields.Title), channel), "Back")
	sharing.ExternalID = externalID
	then := func(ctx context.Context, r PostResult) *slack.ModalViewRequest {
		v := ps.shareOutcome(ctx, p, k, r)
		v.ExternalID = externalID
		return v
	}
	return Response{
		Posts:      []Post{{Channel: channel, Message: postingShared(p, doc, sub.UserID), Then: then}},
		UpdateView: sharing,
	}, nil
}

// shareOutcome records how the share went and says so.
func (ps *Postings) shareOutcome(ctx context.Context, p data.Posting, k data.ShareKey, r PostResult) *slack.ModalViewRequest {
	title := literal(p.Fields.Title)
	if r.ErrCode != "" {
		if ps.shares != nil {
			if err := ps.shares.ReleaseShare(ctx, k); err != nil {
				ps.logger.Error("release share", "err", err)
			}
		}
		return postingNotice("Not shared", fmt.Sprintf(":warning: I couldn't post *%s* to <#%s>: %s",
			title, k.Channel, postingShareProblem(k.Channel, r.ErrCode)), "Back")
	}
	if ps.shares != nil {
		if err := ps.shares.SharePosted(ctx, k, r.TS, r.Permalink); err != nil {
			ps.logger.Error("record share", "err", err)
		}
	}
	return postingNotice("Shared", ":white_check_mark: Posted *"+title+"* in "+postingWhere(k.Channel, r.Permalink)+".", "Back")
}

// postingWhere names the channel, with a link to the posted message when there is one.
func postingWhere(channel, permalink string) string {
	if permalink == "" {
		return fmt.Sprintf("<#%s>", channel)
	}
	return fmt.Sprintf("<#%s> (<%s|see the post>)", channel, permalink)
}

// postingShareProblem says what to do about Slack's refusal code.
func postingShareProblem(channel, code string) string {
	switch code {
	case "not_in_channel":
		return fmt.Sprintf("I'm not a member of <#%s>. Invite @hirebot to <#%s> (type `/invite @hirebot` there), then share again.", channel, channel)
	case "channel_not_found":
		return "I can't see that channel. If it's private, invite @hirebot to it first, then share again."
	case "is_archived":
		return "that channel is archived. Choose another one."
	case "restricted_action", "restricted_action_read_only_channel", "restricted_action_thread_only_channel":
		return "that channel doesn't let apps post. Choose another one, or ask an admin."
	}
	return fmt.Sprintf("Slack refused the post (%s). Please try again in a moment.", escape(code))
}

// postingStillSharing answers a share form submitted again while the first is still being posted.
func postingStillSharing(p data.Posting, channel string) *slack.ModalViewRequest {
	return postingNotice("Still sharing", fmt.Sprintf(":hourglass_flowing_sand: I'm still posting *%s* (draft #%d, version %d) to <#%s>, so I didn't post it again. "+
		"If it isn't there in a minute, share it again.", literal(p.Fields.Title), p.ID, p.Version, channel), "Back")
}

// postingAlreadyShared answers a share form submitted again for the same channel and version.
func postingAlreadyShared(p data.Posting, channel string, prev data.Share) *slack.ModalViewRequest {
	return postingNotice("Already shared", fmt.Sprintf(":white_check_mark: You already shared *%s* (draft #%d, version %d) in %s. I didn't post it again.",
		literal(p.Fields.Title), p.ID, p.Version, postingWhere(channel, prev.Permalink)), "Back")
}
