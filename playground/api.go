package playground

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strings"
	"time"

	"hirebot/fakeslack"
)

// request is the body of every POST under /api/; each action reads the fields it needs.
type request struct {
	User     string     `json:"user"`
	Channel  string     `json:"channel"`
	TS       string     `json:"ts"`     // the message acted on
	View     string     `json:"view"`   // the modal acted on
	Block    string     `json:"block"`  // block_id of the element
	Action   string     `json:"action"` // action_id of the element
	Value    []string   `json:"value"`  // what the element's control holds
	Text     string     `json:"text"`   // what was typed in the message box
	Values   formValues `json:"values"` // a modal's inputs
	Dismiss  bool       `json:"dismiss"`
	Home     bool       `json:"home"`     // the element is in the person's Home tab
	Tab      string     `json:"tab"`      // the tab of the app's page opened
	Callback string     `json:"callback"` // a shortcut's callback_id
}

// answer is the body of every POST response. A request the page made correctly is answered
// 200 even when the action did not happen: ok is false and error (or errors, for a form) says
// why, the way the Slack client tells the user. Other statuses are real failures: a malformed
// request, an unknown route, a bot that did not answer.
type answer struct {
	OK     bool              `json:"ok"`
	Error  string            `json:"error,omitempty"`
	Errors map[string]string `json:"errors,omitempty"` // block_id → message, for a form the Slack client would not submit
	Notice string            `json:"notice,omitempty"`
	Sweep  *SweepReport      `json:"sweep,omitempty"`
}

// apiError is an error with the status and message the page shows.
type apiError struct {
	status int
	msg    string
	err    error // logged, never shown
}

func (e *apiError) Error() string { return e.msg }
func (e *apiError) Unwrap() error { return e.err }

// badRequest is a request the page should never make, such as one naming an unknown person.
func badRequest(format string, args ...any) error {
	return &apiError{status: http.StatusBadRequest, msg: fmt.Sprintf(format, args...)}
}

// refused is an action the Slack client would not take, answered 200 with ok false and a
// message for the person.
func refused(format string, args ...any) error {
	return &apiError{status: http.StatusOK, msg: fmt.Sprintf(format, args...)}
}

// handle decodes a JSON request, runs an action with a deadline and writes its answer.
func (s *Server) handle(action func(context.Context, request) (answer, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
			writeJSON(w, http.StatusUnsupportedMediaType, answer{Error: "send application/json"})
			return
		}
		var req request
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil {
			writeJSON(w, http.StatusBadRequest, answer{Error: "the request is not valid JSON: " + err.Error()})
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), s.cfg.ActionTimeout)
		defer cancel()
		ans, err := action(ctx, req)
		if err != nil {
			status, msg := s.failure(r, err)
			writeJSON(w, status, answer{Error: msg})
			return
		}
		ans.OK = len(ans.Errors) == 0
		writeJSON(w, http.StatusOK, ans)
	}
}

// failure maps an error to what the page shows, and logs what it does not.
func (s *Server) failure(r *http.Request, err error) (int, string) {
	var ae *apiError
	switch {
	case errors.As(err, &ae):
		if ae.err != nil {
			s.log.Warn("playground: action failed", "path", r.URL.Path, "err", ae.err)
		}
		return ae.status, ae.msg
	case errors.Is(err, fakeslack.ErrNotAcked):
		return http.StatusGatewayTimeout, "hirebot did not answer in time."
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusGatewayTimeout, "hirebot is not connected yet, or did not answer in time. Try again in a moment."
	case errors.Is(err, fakeslack.ErrClosed), errors.Is(err, context.Canceled):
		return http.StatusServiceUnavailable, "The playground is shutting down."
	}
	// The fake Slack refuses what the Slack client would not allow; its message says why.
	s.log.Info("playground: action refused", "path", r.URL.Path, "err", err)
	return http.StatusOK, strings.TrimPrefix(err.Error(), "fakeslack: ")
}

// person checks that the request names a member of the workspace.
func (s *Server) person(id string) (fakeslack.User, error) {
	u, ok := s.cfg.Slack.User(id)
	if !ok || u.IsBot {
		return fakeslack.User{}, badRequest("unknown person %q", id)
	}
	return u, nil
}

// waitAck waits for the bot's ack of an envelope; a nil envelope (Slack sent nothing) is fine.
func waitAck(ctx context.Context, env *fakeslack.Envelope) error {
	if env == nil {
		return nil
	}
	_, err := env.WaitAck(ctx)
	return err
}

// command runs a slash command, or posts a plain message, as the person in the conversation.
func (s *Server) command(ctx context.Context, req request) (answer, error) {
	if _, err := s.person(req.User); err != nil {
		return answer{}, err
	}
	if c, ok := s.cfg.Slack.Channel(req.Channel); ok && c.IsIM && slices.Contains(c.Members, s.cfg.Slack.BotUserID()) {
		return answer{}, refused("%s Run commands from a channel such as #hiring.", readOnlyNote)
	}
	text := strings.TrimSpace(req.Text)
	if text == "" {
		return answer{}, refused("type a message or a command such as /salary seattle")
	}
	if !strings.HasPrefix(text, "/") {
		// The Slack client sends what was typed with &, < and > escaped, so it cannot format a
		// link or a mention by accident.
		_, err := s.cfg.Slack.PostUserMessage(req.User, req.Channel, typedText.Replace(req.Text))
		return answer{}, err
	}
	name, args, _ := strings.Cut(text, " ")
	if s.cfg.Commands != nil {
		cmds := s.cfg.Commands()
		if len(cmds) > 0 && !slices.ContainsFunc(cmds, func(c Command) bool { return c.Name == name }) {
			return answer{}, refused(`%s is not a valid command. In Slack, all messages that start with the "/" character are interpreted as commands.`, name)
		}
	}
	env, err := s.cfg.Slack.SlashCommand(ctx, req.User, req.Channel, name, strings.TrimSpace(args))
	if err != nil {
		return answer{}, err
	}
	return answer{}, waitAck(ctx, env)
}

// typedText escapes typed text the way the Slack client does before sending it.
var typedText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// click presses a button in a message or in the person's modal.
func (s *Server) click(ctx context.Context, req request) (answer, error) {
	if _, err := s.person(req.User); err != nil {
		return answer{}, err
	}
	if req.Home {
		env, err := s.cfg.Slack.ClickHomeBlockButton(ctx, req.User, req.Block, req.Action)
		if err != nil {
			return answer{}, err
		}
		return answer{}, waitAck(ctx, env)
	}
	if req.View != "" {
		if err := s.syncInputs(ctx, req); err != nil {
			return answer{}, err
		}
		env, err := s.cfg.Slack.ClickViewBlockButton(ctx, req.User, fakeslack.View{ID: req.View}, req.Block, req.Action)
		if err != nil {
			return answer{}, err
		}
		return answer{}, waitAck(ctx, env)
	}
	msg := fakeslack.Message{Channel: req.Channel, TS: req.TS}
	env, err := s.cfg.Slack.ClickBlockButton(ctx, req.User, msg, req.Block, req.Action)
	if err != nil {
		return answer{}, err
	}
	return answer{}, waitAck(ctx, env)
}

// selectValue picks an option (or a user, channel, date…) in a message or a modal. In a modal,
// an input with dispatch_action stores the value and tells the bot; other elements send
// block_actions with the form's current input.
func (s *Server) selectValue(ctx context.Context, req request) (answer, error) {
	if _, err := s.person(req.User); err != nil {
		return answer{}, err
	}
	if req.Home {
		return answer{}, refused("only buttons work in the Home tab of this playground")
	}
	if req.View == "" {
		msg := fakeslack.Message{Channel: req.Channel, TS: req.TS}
		env, err := s.cfg.Slack.SelectBlockOption(ctx, req.User, msg, req.Block, req.Action, first(req.Value))
		if err != nil {
			return answer{}, err
		}
		return answer{}, waitAck(ctx, env)
	}
	if err := s.syncInputs(ctx, req); err != nil {
		return answer{}, err
	}
	v, ok := s.cfg.Slack.View(req.View)
	if !ok {
		return answer{}, badRequest("no view %q", req.View)
	}
	for _, in := range inputElements(v.Blocks) {
		if in.block.BlockID == req.Block && in.el.ActionID == req.Action {
			val, err := toValue(in.el.Type, in.el.Timezone, req.Value, s.zoneOf(req.User))
			if err != nil {
				return answer{}, badRequest("%v", err)
			}
			env, err := s.cfg.Slack.SetViewBlockValue(ctx, req.User, req.View, req.Block, req.Action, val)
			if err != nil {
				return answer{}, err
			}
			return answer{}, waitAck(ctx, env)
		}
	}
	env, err := s.cfg.Slack.SelectViewBlockOption(ctx, req.User, v, req.Block, req.Action, first(req.Value))
	if err != nil {
		return answer{}, err
	}
	return answer{}, waitAck(ctx, env)
}

// sync keeps what the person typed in a modal, as the Slack client does, without telling the
// bot: used before the page shows another person.
func (s *Server) sync(ctx context.Context, req request) (answer, error) {
	if _, err := s.person(req.User); err != nil {
		return answer{}, err
	}
	return answer{}, s.syncInputs(ctx, req)
}

// syncInputs stores the form's inputs in the view state (those with dispatch_action are sent
// to the bot when they change, not here).
func (s *Server) syncInputs(ctx context.Context, req request) error {
	if len(req.Values) == 0 {
		return nil
	}
	v, ok := s.cfg.Slack.View(req.View)
	if !ok || v.Closed {
		return refused("that form is no longer open")
	}
	for _, in := range inputElements(v.Blocks) {
		strs, given := req.Values[in.block.BlockID][in.el.ActionID]
		if !given || in.block.Dispatch {
			continue
		}
		val, err := toValue(in.el.Type, in.el.Timezone, strs, s.zoneOf(req.User))
		if err != nil {
			return badRequest("%v", err)
		}
		if _, err := s.cfg.Slack.SetViewBlockValue(ctx, req.User, req.View, in.block.BlockID, in.el.ActionID, val); err != nil {
			return err
		}
	}
	return nil
}

// submit presses the modal's submit button. Like the Slack client, it first checks required
// inputs and text lengths and answers those problems without sending anything.
func (s *Server) submit(ctx context.Context, req request) (answer, error) {
	if _, err := s.person(req.User); err != nil {
		return answer{}, err
	}
	v, ok := s.cfg.Slack.View(req.View)
	if !ok || v.Closed {
		return answer{}, refused("that form is no longer open")
	}
	values, problems, err := submission(v.Blocks, req.Values, s.zoneOf(req.User))
	if err != nil {
		return answer{}, badRequest("%v", err)
	}
	if len(problems) > 0 {
		return answer{Errors: problems}, nil
	}
	env, err := s.cfg.Slack.SubmitView(ctx, req.User, req.View, values)
	if err != nil {
		return answer{}, err
	}
	return answer{}, waitAck(ctx, env)
}

// closeView presses Cancel (closing the top view) or, with dismiss, the × (closing them all).
func (s *Server) closeView(ctx context.Context, req request) (answer, error) {
	if _, err := s.person(req.User); err != nil {
		return answer{}, err
	}
	var env *fakeslack.Envelope
	var err error
	if req.Dismiss {
		env, err = s.cfg.Slack.DismissViews(ctx, req.User)
	} else {
		env, err = s.cfg.Slack.CloseView(ctx, req.User, req.View)
	}
	if err != nil {
		return answer{}, err
	}
	return answer{}, waitAck(ctx, env)
}

// openHome opens a tab of the app's page as the person: Slack tells the bot with
// app_home_opened, and the bot may publish their Home tab.
func (s *Server) openHome(ctx context.Context, req request) (answer, error) {
	if _, err := s.person(req.User); err != nil {
		return answer{}, err
	}
	if req.Tab != TabHome && req.Tab != TabMessages {
		return answer{}, badRequest("unknown tab %q", req.Tab)
	}
	env, err := s.cfg.Slack.OpenHome(ctx, req.User, req.Tab)
	if err != nil {
		return answer{}, err
	}
	return answer{}, waitAck(ctx, env)
}

// shortcut runs one of the bot's shortcuts as the person: a global one, or a message one on the
// message named by channel and ts.
func (s *Server) shortcut(ctx context.Context, req request) (answer, error) {
	if _, err := s.person(req.User); err != nil {
		return answer{}, err
	}
	onMessage := req.TS != ""
	if s.cfg.Shortcuts != nil && !slices.ContainsFunc(s.cfg.Shortcuts(), func(sc Shortcut) bool {
		return sc.CallbackID == req.Callback && sc.Message == onMessage
	}) {
		return answer{}, badRequest("hirebot has no such shortcut %q", req.Callback)
	}
	var env *fakeslack.Envelope
	var err error
	if onMessage {
		env, err = s.cfg.Slack.MessageShortcut(ctx, req.User, fakeslack.Message{Channel: req.Channel, TS: req.TS}, req.Callback)
	} else {
		env, err = s.cfg.Slack.GlobalShortcut(ctx, req.User, req.Callback)
	}
	if err != nil {
		return answer{}, err
	}
	return answer{}, waitAck(ctx, env)
}

// sweep runs the bot's reminder sweep now.
func (s *Server) sweep(ctx context.Context, req request) (answer, error) {
	if s.cfg.Sweep == nil {
		return answer{}, &apiError{status: http.StatusNotImplemented, msg: "This playground has no reminder sweep."}
	}
	rep, err := s.cfg.Sweep(ctx)
	if err != nil {
		return answer{}, &apiError{status: http.StatusInternalServerError, msg: "The reminder sweep failed; see hirebot's log.", err: err}
	}
	return answer{Sweep: &rep, Notice: s.sweepNotice(rep, req.User)}, nil
}

// fastForward makes the next reminder due and runs the sweep.
func (s *Server) fastForward(ctx context.Context, req request) (answer, error) {
	if s.cfg.FastForward == nil {
		return answer{}, &apiError{status: http.StatusNotImplemented, msg: "This playground cannot fast-forward reminders."}
	}
	rep, err := s.cfg.FastForward(ctx)
	if err != nil {
		return answer{}, &apiError{status: http.StatusInternalServerError, msg: "Fast-forwarding failed; see hirebot's log.", err: err}
	}
	if rep.counts() == (SweepReport{}) && rep.Next == nil {
		return answer{Sweep: &rep, Notice: "No reminder is scheduled. Record an interview that has ended with /interview in #hiring, then fast-forward."}, nil
	}
	return answer{Sweep: &rep, Notice: s.sweepNotice(rep, req.User)}, nil
}

// counts is the report without what comes next.
func (r SweepReport) counts() SweepReport {
	r.Next = nil
	return r
}

// sweepNotice says what a sweep did, and what comes next, in the viewer's time.
func (s *Server) sweepNotice(r SweepReport, viewer string) string {
	if r.counts() == (SweepReport{}) {
		if r.Next == nil {
			return "Reminder sweep done: nothing was due, and no reminder is scheduled."
		}
		return "Nothing was due; next reminder: " + s.reminderText(*r.Next, viewer) + "."
	}
	done := fmt.Sprintf("Reminder sweep done: %d sent, %d held for working hours, %d failed, %d escalated to hiring managers.",
		r.Sent, r.Deferred, r.Failed, r.Escalated)
	switch {
	case r.Kits == 1:
		done += " 1 interview kit sent to an interviewer of an interview starting soon."
	case r.Kits > 1:
		done += fmt.Sprintf(" %d interview kits sent to the panels of interviews starting soon.", r.Kits)
	}
	if r.Next != nil {
		done += " Next reminder: " + s.reminderText(*r.Next, viewer) + "."
	}
	return done
}

// reminderText is "Ivan Petrov about Jane Doe at 14:05 (in 2 h)", the time in the viewer's zone.
func (s *Server) reminderText(r Reminder, viewer string) string {
	who := r.User
	if u, ok := s.cfg.Slack.User(r.User); ok && u.RealName != "" {
		who = u.RealName
	}
	now := s.now()
	loc := s.zoneOf(viewer)
	at, today := r.At.In(loc), now.In(loc)
	layout := "Mon 2 Jan 15:04"
	if at.Year() == today.Year() && at.YearDay() == today.YearDay() {
		layout = "15:04"
	}
	return fmt.Sprintf("%s about %s at %s (%s)", who, r.Candidate, at.Format(layout), untilText(r.At.Sub(now)))
}

// untilText says roughly how long until something: "in 45 min", "in 2 h", "in 3 days".
func untilText(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "due now"
	case d < time.Hour:
		return fmt.Sprintf("in %d min", int(d.Round(time.Minute)/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("in %d h", int(d.Round(time.Hour)/time.Hour))
	}
	return fmt.Sprintf("in %d days", int(d.Round(24*time.Hour)/(24*time.Hour)))
}

// zoneOf is a person's time zone, in which they read and pick dates and times.
func (s *Server) zoneOf(userID string) *time.Location {
	u, _ := s.cfg.Slack.User(userID)
	return zone(u.TZ)
}
