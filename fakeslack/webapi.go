package fakeslack

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"
)

// Call is one Web API request as the fake received and answered it.
type Call struct {
	Method string
	// Params holds form values, or the top-level fields of a JSON body
	// (strings unquoted, other values as JSON text). "token" is included
	// when sent as a parameter.
	Params   map[string]string
	Body     json.RawMessage // the raw body of a JSON request
	At       time.Time
	Status   int             // HTTP status
	Response json.RawMessage // the JSON answered
}

// Calls returns every Web API call to method, oldest first ("" for all).
// POSTs to response URLs are recorded under the method name "response_url".
func (s *Server) Calls(method string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.st.calls {
		if method == "" || c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// RateLimit makes the next times calls to method answer HTTP 429 with a
// Retry-After header of retryAfter (rounded up to whole seconds) and
// {"ok":false,"error":"ratelimited"}, as Slack does.
func (s *Server) RateLimit(method string, times int, retryAfter time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.rateLimits[method] = &rateLimit{remaining: times, retryAfter: retryAfter}
}

// RejectToken makes every later call made with token answer
// {"ok":false,"error":code}, as Slack does for a token that was revoked
// ("token_revoked"), has expired ("token_expired") or belongs to a
// deactivated workspace or user ("account_inactive"). It applies to the
// Web API and to apps.connections.open alike.
func (s *Server) RejectToken(token, code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.rejected[token] = code
}

// AcceptToken undoes RejectToken: later calls made with token are taken
// again, as when a deactivated app or workspace is reactivated.
func (s *Server) AcceptToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.st.rejected, token)
}

// FailNext makes the next times calls to method answer HTTP 200
// {"ok":false,"error":code} without taking effect, as Slack does for a
// passing fault of its own ("internal_error", "fatal_error",
// "service_unavailable", "request_timeout"): nothing is posted, and the
// same call may pass later. Calls with a bad token still answer their
// auth error. A later FailNext for the method replaces it; times 0 ends it.
func (s *Server) FailNext(method string, times int, code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if times <= 0 {
		delete(s.st.failures, method)
		return
	}
	s.st.failures[method] = &failure{remaining: times, code: code}
}

type failure struct {
	remaining int
	code      string
}

type rateLimit struct {
	remaining  int
	retryAfter time.Duration
	until      time.Time // RateLimitFor: every call before this answers 429
}

// refuseLocked reports whether a call at now is rate limited, and the
// Retry-After to answer.
func (rl *rateLimit) refuseLocked(now time.Time) (time.Duration, bool) {
	if now.Before(rl.until) {
		return rl.until.Sub(now), true
	}
	if rl.remaining > 0 {
		rl.remaining--
		return rl.retryAfter, true
	}
	return 0, false
}

// apiRequest is a parsed Web API request.
type apiRequest struct {
	method string
	params map[string]string
	body   json.RawMessage
	token  string
	bearer bool // token came from the Authorization header
}

func (r *apiRequest) get(key string) string { return r.params[key] }

// result is a Web API answer; errors are {"ok":false,"error":…}.
type result map[string]any

func okResult(kv ...any) result {
	r := result{"ok": true}
	for i := 0; i < len(kv); i += 2 {
		r[kv[i].(string)] = kv[i+1]
	}
	return r
}

func fail(code string) result { return result{"ok": false, "error": code} }

// failMessages is an error carrying validation messages the way Slack
// sends them: in response_metadata.messages, prefixed "[ERROR] ", and for
// invalid_blocks also as "errors".
func failMessages(code string, msgs []string) result {
	r := fail(code)
	meta := make([]string, len(msgs))
	for i, m := range msgs {
		meta[i] = "[ERROR] " + m
	}
	r["response_metadata"] = map[string]any{"messages": meta}
	if code == "invalid_blocks" {
		r["errors"] = msgs
	}
	return r
}

// apiMethod answers one Web API method; it runs with s.mu held.
type apiMethod func(s *Server, r *apiRequest) result

var apiMethods map[string]apiMethod

func init() {
	apiMethods = map[string]apiMethod{
		"auth.test":                    (*Server).authTest,
		"apps.connections.open":        (*Server).appsConnectionsOpen,
		"chat.postMessage":             (*Server).chatPostMessage,
		"chat.postEphemeral":           (*Server).chatPostEphemeral,
		"chat.update":                  (*Server).chatUpdate,
		"chat.delete":                  (*Server).chatDelete,
		"chat.getPermalink":            (*Server).chatGetPermalink,
		"conversations.open":           (*Server).conversationsOpen,
		"conversations.history":        (*Server).conversationsHistory,
		"files.getUploadURLExternal":   (*Server).filesGetUploadURLExternal,
		"files.completeUploadExternal": (*Server).filesCompleteUploadExternal,
		"files.delete":                 (*Server).filesDelete,
		"users.info":                   (*Server).usersInfo,
		"usergroups.users.list":        (*Server).usergroupsUsersList,
		"views.open":                   (*Server).viewsOpen,
		"views.push":                   (*Server).viewsPush,
		"views.update":                 (*Server).viewsUpdate,
		"views.publish":                (*Server).viewsPublish,
	}
}

// serveAPI handles /api/<method>. Like Slack, errors are HTTP 200 with
// ok:false, except rate limits (HTTP 429).
func (s *Server) serveAPI(w http.ResponseWriter, hr *http.Request) {
	r, err := parseAPIRequest(hr)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	status, res, retryAfter := s.answerLocked(r)
	body, _ := json.Marshal(res)
	call := Call{Method: r.method, Params: r.params, Body: r.body, At: s.now(), Status: status, Response: body}
	s.st.calls = append(s.st.calls, call)
	s.bumpLocked()
	s.emitLocked(Event{Type: EventAPICall, Call: &call})
	delay := s.st.delays[r.method]
	s.mu.Unlock()
	time.Sleep(delay) // see DelayAnswers

	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", fmt.Sprint(int(math.Ceil(retryAfter.Seconds()))))
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// answerLocked runs the checks every method shares, then the method.
func (s *Server) answerLocked(r *apiRequest) (int, result, time.Duration) {
	if s.closed {
		return http.StatusOK, fail("fatal_error"), 0
	}
	m, ok := apiMethods[r.method]
	if !ok {
		return http.StatusOK, fail("unknown_method"), 0
	}
	if rl := s.st.rateLimits[r.method]; rl != nil {
		if wait, limited := rl.refuseLocked(s.now()); limited {
			return http.StatusTooManyRequests, fail("ratelimited"), wait
		}
	}
	if code := s.authLocked(r); code != "" {
		return http.StatusOK, fail(code), 0
	}
	if f := s.st.failures[r.method]; f != nil {
		if f.remaining--; f.remaining <= 0 {
			delete(s.st.failures, r.method)
		}
		return http.StatusOK, fail(f.code), 0
	}
	return http.StatusOK, m(s, r), 0
}

// authLocked checks the token: apps.connections.open takes only the app
// token and only in the Authorization header; every other method takes
// only the bot token, in the header or as the token parameter.
func (s *Server) authLocked(r *apiRequest) string {
	rejected, isRejected := s.st.rejected[r.token]
	if r.method == "apps.connections.open" {
		switch {
		case !r.bearer || r.token == "":
			return "not_authed"
		case isRejected:
			return rejected
		case r.token != s.opts.AppToken:
			return "invalid_auth"
		}
		return ""
	}
	switch {
	case r.token == "":
		return "not_authed"
	case isRejected:
		return rejected
	case r.token == s.opts.BotToken:
		return ""
	case r.token == s.opts.AppToken:
		return "not_allowed_token_type"
	}
	return "invalid_auth"
}

// parseAPIRequest reads the method, parameters and token of a request.
func parseAPIRequest(hr *http.Request) (*apiRequest, error) {
	r := &apiRequest{method: strings.TrimPrefix(hr.URL.Path, "/api/"), params: map[string]string{}}
	if tok, ok := strings.CutPrefix(hr.Header.Get("Authorization"), "Bearer "); ok {
		r.token, r.bearer = strings.TrimSpace(tok), true
	}
	if strings.HasPrefix(hr.Header.Get("Content-Type"), "application/json") {
		body, err := io.ReadAll(io.LimitReader(hr.Body, 4<<20))
		if err != nil {
			return nil, err
		}
		if err := r.setJSON(body); err != nil {
			return nil, err
		}
	} else {
		if err := hr.ParseForm(); err != nil {
			return nil, err
		}
		for k, v := range hr.Form {
			r.params[k] = v[0]
		}
	}
	for k, v := range hr.URL.Query() {
		if _, ok := r.params[k]; !ok {
			r.params[k] = v[0]
		}
	}
	if !r.bearer {
		r.token = r.params["token"]
	}
	return r, nil
}

// setJSON flattens a JSON body into params.
func (r *apiRequest) setJSON(body []byte) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return fmt.Errorf("invalid JSON body: %w", err)
	}
	r.body = body
	for k, v := range fields {
		var s string
		if json.Unmarshal(v, &s) == nil {
			r.params[k] = s
		} else {
			r.params[k] = string(v)
		}
	}
	return nil
}

// authTest answers auth.test.
func (s *Server) authTest(r *apiRequest) result {
	bot := s.st.users[s.opts.BotUserID]
	return okResult("url", "https://"+s.teamDomain()+".slack.com/", "team", s.opts.TeamName,
		"user", bot.Name, "team_id", s.opts.TeamID, "user_id", bot.ID, "bot_id", s.opts.BotID,
		"is_enterprise_install", false)
}

// appsConnectionsOpen issues a single-use Socket Mode URL.
func (s *Server) appsConnectionsOpen(r *apiRequest) result {
	ticket := newUUID()
	s.st.tickets[ticket] = false
	url := "ws" + strings.TrimPrefix(s.base, "http") + "/link/?ticket=" + ticket + "&app_id=" + s.opts.AppID
	return okResult("url", url)
}

// usersInfo answers users.info.
func (s *Server) usersInfo(r *apiRequest) result {
	u, ok := s.st.users[r.get("user")]
	if !ok {
		return fail("user_not_found")
	}
	return okResult("user", s.userJSON(u))
}

// userJSON is a user object as users.info returns it.
func (s *Server) userJSON(u *User) map[string]any {
	first, last, _ := strings.Cut(u.RealName, " ")
	return map[string]any{
		"id": u.ID, "team_id": s.opts.TeamID, "name": u.Name, "deleted": false, "color": "9f69e7",
		"real_name": u.RealName, "tz": u.TZ, "tz_label": u.TZLabel, "tz_offset": u.TZOffset,
		"is_admin": false, "is_owner": false, "is_primary_owner": false, "is_restricted": false,
		"is_ultra_restricted": false, "is_bot": u.IsBot, "is_app_user": false, "updated": 1700000000,
		"profile": map[string]any{
			"real_name": u.RealName, "real_name_normalized": u.RealName,
			"display_name": u.Name, "display_name_normalized": u.Name,
			"first_name": first, "last_name": last, "team": s.opts.TeamID,
		},
	}
}

// conversationsOpen opens a DM (one user) or a group DM (2–8 users).
func (s *Server) conversationsOpen(r *apiRequest) result {
	if ch := r.get("channel"); ch != "" {
		c, ok := s.st.channels[ch]
		if !ok || (!c.IsIM && !c.IsMPIM) {
			return fail("channel_not_found")
		}
		return okResult("channel", map[string]any{"id": c.ID}, "already_open", true)
	}
	var users []string
	for _, u := range strings.Split(r.get("users"), ",") {
		if u = strings.TrimSpace(u); u != "" {
			users = append(users, u)
		}
	}
	switch {
	case len(users) == 0:
		return fail("users_list_not_supplied")
	case len(users) > 8:
		return fail("too_many_users")
	}
	for _, u := range users {
		if _, ok := s.st.users[u]; !ok {
			return fail("user_not_found")
		}
	}
	if len(users) == 1 {
		_, existed := s.st.channels["D"+strings.TrimPrefix(users[0], "U")]
		return okResult("channel", map[string]any{"id": s.dmLocked(users[0])}, "already_open", existed)
	}
	return okResult("channel", map[string]any{"id": s.groupDMLocked(users)})
}

// groupDMLocked returns (creating) the group DM of users and the bot.
func (s *Server) groupDMLocked(users []string) string {
	members := append(slices.Clone(users), s.opts.BotUserID)
	slices.Sort(members)
	members = slices.Compact(members)
	for _, id := range s.st.chanOrder {
		if c := s.st.channels[id]; c.IsMPIM && slices.Equal(c.Members, members) {
			return c.ID
		}
	}
	c := Channel{ID: s.newIDLocked("G"), Name: "mpdm-" + strings.Join(members, "--") + "-1", Members: members, IsMPIM: true}
	s.addChannelLocked(c)
	return c.ID
}
