// Package fakeslack is a fake Slack workspace for end-to-end tests and for
// a browser playground. A real Socket Mode app built on slack-go connects
// to it unchanged:
//
//	s, _ := fakeslack.New(fakeslack.Options{})
//	defer s.Close()
//	s.AddUser(fakeslack.User{ID: "U0HM", Name: "hana", TZ: "America/Los_Angeles"})
//	s.AddChannel(fakeslack.Channel{ID: "C0HIRING", Name: "hiring", Members: []string{"U0HM", s.BotUserID()}})
//	api := slack.New(s.BotToken(), slack.OptionAPIURL(s.APIURL()), slack.OptionAppLevelToken(s.AppToken()))
//	go runBot(ctx, socketmode.New(api))
//	_ = s.WaitConnected(ctx)
//	env, _ := s.SlashCommand(ctx, "U0HM", "C0HIRING", "/salary", "berlin")
//	_, _ = env.WaitAck(ctx)
//	msg, _ := s.WaitMessage(ctx, func(m fakeslack.Message) bool { return m.VisibleTo == "U0HM" })
//
// It speaks Slack's payload shapes, errors and limits: the Web API under
// /api/ (auth.test, apps.connections.open, chat.postMessage,
// chat.postEphemeral, chat.update, chat.delete, conversations.open,
// conversations.history, users.info, usergroups.users.list, views.open, views.push, views.update, views.publish; any
// other method answers unknown_method), Socket Mode at /link/ (hello,
// PINGs, envelopes, acks, retries, disconnects) and response URLs under
// /response/. Envelopes carry slash commands, interactions (block_actions,
// view_submission, view_closed, shortcut, message_action) and Events API
// events (app_home_opened). Every message and view, whether sent to the
// Web API, in an ack or to a response URL, is checked with package
// blockkit.
//
// # Driving and observing
//
// Tests act as users (SlashCommand, ClickButton, SelectOption,
// ClickViewButton, SelectViewOption, SetViewValue, SubmitView, CloseView,
// DismissViews, PostUserMessage, OpenHome, ClickHomeButton,
// GlobalShortcut, MessageShortcut; ClickBlockButton, SelectBlockOption,
// ClickViewBlockButton, SelectViewBlockOption and SetViewBlockValue also
// take a block_id, for forms whose inputs share an action_id, and so does
// ClickHomeBlockButton) and read the
// workspace as users see it (Messages, OpenViews, HomeView, UserErrors,
// Acks, Calls; HomePublishes counts views.publish calls per user).
// Subscribe streams every change for a playground.
//
// Waits never poll. Every change bumps a counter (Cursor) and wakes the
// waiters, which re-check state under the lock. WaitMessage, WaitView and
// WaitUserError check what already exists first, so nothing that happened
// before the call is missed; WaitMessageAfter, WaitViewAfter and
// WaitHomeAfter take a Cursor taken earlier to ignore older records. An ack's effects (a reply
// posted, a view closed or updated) are applied before Envelope.WaitAck
// returns, so a test may assert on state right after it.
//
// # Time
//
// Options.Now stamps messages and decides trigger_id expiry (TriggerTTL)
// and response URL expiry (30 minutes), so a test can move a fake clock.
// Ack timeouts and PINGs use real timers (AckTimeout, PingInterval).
//
// # Behaviour where Slack documents little
//
//   - RejectToken makes every call with a token fail with the code given
//     (token_revoked, token_expired, account_inactive, …), for testing how
//     an app reports a token Slack no longer accepts; AcceptToken takes it
//     again.
//   - Like Slack, the fake holds up to MaxConnections (10) sockets at once,
//     e.g. one per replica of an app; every apps.connections.open gives a
//     new URL. Each envelope goes to exactly one open socket, taken in turn
//     in the order they were accepted, so tests are deterministic where
//     Slack promises no pattern. ConnIDs, WaitConnections, DropConnection
//     and Envelope.Conn/DeliveredOn let a test see and steer this. A socket
//     over the limit (sockets told to disconnect but not yet closed count)
//     gets no hello: its only frame is {"type":"disconnect",
//     "reason":"too_many_websockets",…}, then the connection ends without
//     a close frame, as SDK logs show Slack doing.
//   - An envelope not acked within AckTimeout is sent again, with
//     retry_attempt 1..MaxRetries and retry_reason "timeout", to an open
//     socket other than the one that let it time out when there are
//     several; an envelope left un-acked on a socket that closed is sent
//     to another socket the same way. Sent while no socket is open, it
//     waits for the next hello. An ack counts until the last retry times
//     out; later acks are recorded as ignored ("late"). A slash command
//     never acked then shows the user operation_timeout; an interaction
//     shows "We had some trouble connecting" (see UserError).
//   - Ack frames of 20480 bytes or more are not counted: the socket is
//     closed with code 1009, as Slack does.
//   - Disconnect (and RequestRefresh) send the disconnect frame and stop
//     sending on that socket; the app closes it (slack-go does at once),
//     otherwise the fake closes it after DisconnectGrace. DropConnections
//     closes sockets without a close frame. A socket URL works once; a
//     reused ticket is refused with HTTP 401.
//   - Slash command payloads carry form values as strings, so
//     is_enterprise_install is "false" (slack-go accepts both forms).
//   - Replies in an ack or to a response URL are ephemeral unless
//     response_type is "in_channel", which also shows the user's command.
//     replace_original and delete_original act on the clicked message for
//     message interactions and on the latest reply for slash commands; a
//     replaced message keeps its visibility.
//   - A response URL takes 5 POSTs within 30 minutes. An expired, used-up
//     or unknown one answers HTTP 404 with the plain-text body
//     "Expired url", the body Slack sends for expired response URLs. A
//     rejected message answers HTTP 200 {"ok":false,"error":"invalid_blocks",…}.
//   - The bot must be a member of a channel to post there (the app has
//     chat:write, not chat:write.public); DMs with the bot always work,
//     except to a bot user, which answers cannot_dm_bot.
//   - chat.postMessage takes metadata ({"event_type":…,"event_payload":{…}},
//     a JSON string in a form): an event_type outside ^[a-zA-Z0-9_]+$ or a
//     body that is not such an object answers invalid_metadata_format, a
//     payload value that is not a string, number, boolean, object or array
//     invalid_metadata_schema. Message.Metadata keeps it;
//     conversations.history shows it only with include_all_metadata.
//   - conversations.history lists top-level messages newest first (no
//     thread replies, ephemeral or deleted messages), oldest/latest
//     exclusive unless inclusive, 100 per page by default and 999 at most,
//     with has_more and a next_cursor of Slack's form. A conversation the
//     bot is not in answers not_in_channel; scopes are not checked.
//   - views.open replaces any modal stack the user has open. views.push
//     with no modal open answers not_found. A view rejected by validation
//     does not use up its trigger_id.
//   - views.publish keeps one Home view per user; its id stays the same
//     across publishes and its hash changes, so a stale hash answers
//     hash_conflict. A user who never had a view published opens the Home
//     tab without one: app_home_opened then has no view field.
//   - Events API envelopes are retried like the others, with the same
//     event_id; an event never acked shows the user nothing.
//   - files.completeUploadExternal without a channel keeps the file private:
//     no message shares it, and a message may then show it by id in an image
//     block's slack_file. Such an id must name a finished upload whose bytes
//     are a PNG, JPEG or GIF image, or the message answers invalid_blocks
//     (chat.postMessage, chat.update, a response URL or a command's ack).
//   - files.delete answers file_not_found for an unknown id, file_deleted
//     for one deleted already, cant_delete_file for one SetUndeletable
//     marks; a deleted file leaves the messages sharing it, and a message
//     that shared files only, with no text, is deleted with them.
//   - Message shortcuts are not offered on ephemeral messages; their
//     response_url posts to the message's channel and never edits the
//     message itself.
//   - RateLimit works for every method, views.publish included: it refuses
//     the next n calls, each answered HTTP 429 with a fixed Retry-After.
//     RateLimitFor holds a method under 429 for a span of the fake's clock
//     instead, however many calls arrive, each told the time left in
//     Retry-After (rounded up to whole seconds), so a window can outlast
//     an SDK's own retries; LiftRateLimit ends either at once.
//   - FailNext makes a method's next n calls answer HTTP 200 with
//     {"ok":false} and an error Slack gives for a passing fault of its own
//     (internal_error, service_unavailable, ...), without taking effect.
//   - DelayAnswers holds a method's answers for a while after the call
//     took effect, so a test can stop an app between Slack taking a
//     message and the app hearing of it.
//   - HoldDeliveries keeps new envelopes from the app until its release
//     func is called, as when Slack's delivery lags: users can click a
//     button several times before the app hears of the first click.
//   - SendMalformed sends an envelope whose payload is JSON the app may not
//     decode (an interaction {"type":42}), with an envelope_id and retries
//     like any other; its ack counts but does nothing. Acked reports
//     whether an ack counted for an envelope id.
//   - SubmitView refuses what the Slack client would not submit: an empty
//     required input, text outside min_length/max_length, an option the
//     element does not offer.
//   - response_action "errors" shows messages under input blocks and keeps
//     the user's input; keys that are not input block_ids make the user see
//     a generic error instead, as Slack does.
package fakeslack
