package fakeslack_test

import (
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

func TestAuthErrors(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	cases := []struct {
		name, method, bearer string
		form                 url.Values
		want                 string
	}{
		{"bot token in header", "auth.test", s.BotToken(), nil, ""},
		{"bot token as param", "auth.test", "", url.Values{"token": {s.BotToken()}}, ""},
		{"wrong token", "auth.test", "xoxb-nope", nil, "invalid_auth"},
		{"no token", "auth.test", "", nil, "not_authed"},
		{"app token on a bot method", "chat.postMessage", s.AppToken(), url.Values{"channel": {slacktest.General}, "text": {"x"}}, "not_allowed_token_type"},
		{"connections.open with app token", "apps.connections.open", s.AppToken(), nil, ""},
		{"connections.open with bot token", "apps.connections.open", s.BotToken(), nil, "invalid_auth"},
		{"connections.open without token", "apps.connections.open", "", nil, "not_authed"},
		{"connections.open with app token as param", "apps.connections.open", "", url.Values{"token": {s.AppToken()}}, "not_authed"},
		{"unknown method", "chat.teleport", s.BotToken(), nil, "unknown_method"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, _, body := post(t, s, tc.method, tc.bearer, tc.form)
			if status != http.StatusOK {
				t.Fatalf("status %d, want 200 (Slack reports errors in the body)", status)
			}
			got, _ := body["error"].(string)
			if got != tc.want || body["ok"] != (tc.want == "") {
				t.Errorf("got ok=%v error=%q, want error %q", body["ok"], got, tc.want)
			}
		})
	}
}

func TestRejectToken(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	s.RejectToken(s.BotToken(), "token_revoked")
	s.RejectToken(s.AppToken(), "account_inactive")
	cases := []struct{ method, bearer, want string }{
		{"auth.test", s.BotToken(), "token_revoked"},
		{"apps.connections.open", s.AppToken(), "account_inactive"},
		{"apps.connections.open", "", "not_authed"},
	}
	for _, tc := range cases {
		status, _, body := post(t, s, tc.method, tc.bearer, nil)
		if got, _ := body["error"].(string); status != http.StatusOK || body["ok"] != false || got != tc.want {
			t.Errorf("%s: status %d body %v, want 200 with error %q", tc.method, status, body, tc.want)
		}
	}
}

func TestAcceptTokenAfterRejectToken(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	s.RejectToken(s.BotToken(), "account_inactive")
	if _, _, body := post(t, s, "auth.test", s.BotToken(), nil); body["error"] != "account_inactive" {
		t.Fatalf("rejected token: %v", body)
	}
	s.AcceptToken(s.BotToken())
	if _, _, body := post(t, s, "auth.test", s.BotToken(), nil); body["ok"] != true {
		t.Errorf("accepted again: %v, want ok", body)
	}
}

func TestAuthTestAndConnectionsOpenWithSlackGo(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	api := apiClient(s)
	auth, err := api.AuthTest()
	if err != nil {
		t.Fatal(err)
	}
	if auth.UserID != "U0BOT" || auth.TeamID != "T0001" || auth.Team != "Acme" || auth.BotID == "" {
		t.Errorf("auth.test = %+v", auth)
	}
	_, wsURL, err := api.StartSocketModeContext(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(wsURL, "ws://127.0.0.1:") || !strings.Contains(wsURL, "/link/?ticket=") || !strings.Contains(wsURL, "app_id=A0001") {
		t.Errorf("socket url %q", wsURL)
	}
	_, err = slack.New("xoxb-wrong", slack.OptionAPIURL(s.APIURL())).AuthTest()
	if slackErr(err) != "invalid_auth" {
		t.Errorf("wrong token: %v, want invalid_auth", err)
	}
}

func TestPostMessage(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	s.AddChannel(fakeslack.Channel{ID: "C0SECRET", Name: "secret", Members: []string{slacktest.HiringManager}})
	api := apiClient(s)

	ch, ts, err := api.PostMessage(slacktest.Hiring, slack.MsgOptionText("hello", false),
		slack.MsgOptionBlocks(slack.NewSectionBlock(md("*hi*"), nil, nil)))
	if err != nil {
		t.Fatal(err)
	}
	msgs := s.Messages(slacktest.Hiring)
	if ch != slacktest.Hiring || len(msgs) != 1 || msgs[0].TS != ts || msgs[0].Text != "hello" ||
		msgs[0].User != "U0BOT" || msgs[0].Via != fakeslack.ViaPostMessage || msgs[0].Ephemeral {
		t.Fatalf("posted %s %s, messages %+v", ch, ts, msgs)
	}
	if !strings.Contains(string(msgs[0].Blocks), `"block_id"`) {
		t.Errorf("blocks stored without a generated block_id: %s", msgs[0].Blocks)
	}

	dm, _, err := api.PostMessage(slacktest.Interviewer1, slack.MsgOptionText("psst", false))
	if err != nil || dm != "D0INT1" || len(s.Messages("D0INT1")) != 1 {
		t.Errorf("post to user id: channel %q err %v", dm, err)
	}

	errCases := []struct {
		name    string
		channel string
		opts    []slack.MsgOption
		want    string
	}{
		{"no text", slacktest.Hiring, nil, "no_text"},
		{"unknown channel", "C0NOPE", []slack.MsgOption{slack.MsgOptionText("x", false)}, "channel_not_found"},
		{"bot not in channel", "C0SECRET", []slack.MsgOption{slack.MsgOptionText("x", false)}, "not_in_channel"},
		{"text too long", slacktest.Hiring, []slack.MsgOption{slack.MsgOptionText(strings.Repeat("x", 40001), false)}, "msg_too_long"},
	}
	for _, tc := range errCases {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, err := api.PostMessage(tc.channel, tc.opts...); slackErr(err) != tc.want {
				t.Errorf("got %v, want %s", err, tc.want)
			}
		})
	}
}

func TestPostMessageInvalidBlocks(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	api := apiClient(s)
	many := make([]slack.Block, 51)
	for i := range many {
		many[i] = slack.NewDividerBlock()
	}
	_, _, err := api.PostMessage(slacktest.Hiring, slack.MsgOptionBlocks(many...))
	var se slack.SlackErrorResponse
	if !errors.As(err, &se) || se.Err != "invalid_blocks" {
		t.Fatalf("51 blocks: %v, want invalid_blocks", err)
	}
	if len(se.ResponseMetadata.Messages) != 1 || se.ResponseMetadata.Messages[0] != "[ERROR] no more than 50 items allowed [json-pointer:/blocks]" {
		t.Errorf("messages %q", se.ResponseMetadata.Messages)
	}

	long := slack.NewSectionBlock(md(strings.Repeat("x", 3001)), nil, nil)
	_, _, err = api.PostMessage(slacktest.Hiring, slack.MsgOptionBlocks(slack.NewDividerBlock(), long))
	se = slack.SlackErrorResponse{}
	if !errors.As(err, &se) || len(se.Errors) != 1 || se.Errors[0].Message == nil ||
		*se.Errors[0].Message != "must be less than 3001 characters [json-pointer:/blocks/1/text/text]" {
		t.Fatalf("section 3001: %#v", err)
	}
	if len(s.Messages(slacktest.Hiring)) != 0 {
		t.Error("a rejected message was stored")
	}

	_, _, body := post(t, s, "chat.postMessage", s.BotToken(), url.Values{"channel": {slacktest.Hiring}, "blocks": {"[{"}})
	if body["error"] != "invalid_blocks_format" {
		t.Errorf("unparsable blocks: %v", body)
	}
}

func TestPostEphemeral(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	s.AddUser(fakeslack.User{ID: "U0OUT", Name: "outsider"})
	api := apiClient(s)
	ts, err := api.PostEphemeral(slacktest.Hiring, slacktest.Recruiter, slack.MsgOptionText("only you", false))
	if err != nil {
		t.Fatal(err)
	}
	m, ok := s.Message(slacktest.Hiring, ts)
	if !ok || !m.Ephemeral || m.VisibleTo != slacktest.Recruiter || m.Via != fakeslack.ViaPostEphemeral {
		t.Errorf("ephemeral %+v", m)
	}
	if _, err := api.PostEphemeral(slacktest.Hiring, "U0OUT", slack.MsgOptionText("x", false)); slackErr(err) != "user_not_in_channel" {
		t.Errorf("outsider: %v, want user_not_in_channel", err)
	}
	if _, err := api.PostEphemeral(s.DMChannel("U0OUT"), "U0OUT", slack.MsgOptionText("x", false)); err != nil {
		t.Errorf("ephemeral in DM: %v", err)
	}
}

func TestUpdateAndDelete(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	api := apiClient(s)
	_, ts, _ := api.PostMessage(slacktest.Hiring, slack.MsgOptionText("v1", false))
	if _, _, _, err := api.UpdateMessage(slacktest.Hiring, ts, slack.MsgOptionText("v2", false)); err != nil {
		t.Fatal(err)
	}
	if m, _ := s.Message(slacktest.Hiring, ts); m.Text != "v2" || !m.Edited || m.Via != fakeslack.ViaUpdate {
		t.Errorf("after update %+v", m)
	}
	human, _ := s.PostUserMessage(slacktest.HiringManager, slacktest.Hiring, "mine")
	eph, _ := api.PostEphemeral(slacktest.Hiring, slacktest.HiringManager, slack.MsgOptionText("e", false))
	cases := []struct {
		name, ts, want string
		del            bool
	}{
		{"update unknown", "1.000001", "message_not_found", false},
		{"update human message", human.TS, "cant_update_message", false},
		{"update ephemeral", eph, "message_not_found", false},
		{"delete human message", human.TS, "cant_delete_message", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			if tc.del {
				_, _, err = api.DeleteMessage(slacktest.Hiring, tc.ts)
			} else {
				_, _, _, err = api.UpdateMessage(slacktest.Hiring, tc.ts, slack.MsgOptionText("x", false))
			}
			if slackErr(err) != tc.want {
				t.Errorf("got %v, want %s", err, tc.want)
			}
		})
	}
	if _, _, err := api.DeleteMessage(slacktest.Hiring, ts); err != nil {
		t.Fatal(err)
	}
	if m, _ := s.Message(slacktest.Hiring, ts); !m.Deleted {
		t.Error("message not deleted")
	}
	if len(s.Messages(slacktest.Hiring)) != 2 {
		t.Errorf("visible messages %+v", s.Messages(slacktest.Hiring))
	}
}

func TestConversationsOpenAndUsersInfo(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	api := apiClient(s)
	ch, _, _, err := api.OpenConversation(&slack.OpenConversationParameters{Users: []string{slacktest.HiringManager}})
	if err != nil || ch.ID != "D0HM" {
		t.Fatalf("conversations.open: %+v %v", ch, err)
	}
	u, err := api.GetUserInfo(slacktest.HiringManager)
	if err != nil {
		t.Fatal(err)
	}
	if u.Name != "hana" || u.TZ != "America/Los_Angeles" || u.TZOffset != -28800 || u.TZLabel == "" || u.Profile.RealName != u.RealName {
		t.Errorf("users.info %+v", u)
	}
	if _, err := api.GetUserInfo("U0GHOST"); slackErr(err) != "user_not_found" {
		t.Errorf("unknown user: %v", err)
	}
}

func TestRateLimit(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	api := apiClient(s)
	s.RateLimit("chat.postMessage", 2, 1500*time.Millisecond)
	for i := range 2 {
		_, _, err := api.PostMessage(slacktest.Hiring, slack.MsgOptionText("x", false))
		var rl *slack.RateLimitedError
		if !errors.As(err, &rl) || rl.RetryAfter != 2*time.Second {
			t.Fatalf("call %d: %v, want RateLimitedError with RetryAfter 2s", i, err)
		}
	}
	if _, _, err := api.PostMessage(slacktest.Hiring, slack.MsgOptionText("x", false)); err != nil {
		t.Fatalf("after the limit: %v", err)
	}
	s.RateLimit("auth.test", 1, time.Second)
	status, hdr, body := post(t, s, "auth.test", s.BotToken(), nil)
	if status != http.StatusTooManyRequests || hdr.Get("Retry-After") != "1" || body["error"] != "ratelimited" {
		t.Errorf("raw 429: %d %q %v", status, hdr.Get("Retry-After"), body)
	}
	calls := s.Calls("chat.postMessage")
	if len(calls) != 3 || calls[0].Status != 429 || calls[2].Status != 200 || calls[2].Params["text"] != "x" {
		t.Errorf("calls %+v", calls)
	}
}

// TestFailNext: the next calls answer Slack's error without taking effect, a bad token still
// answers its own error, and then the method works again.
func TestFailNext(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	api := apiClient(s)
	s.FailNext("chat.postMessage", 2, "internal_error")
	if status, _, body := post(t, s, "chat.postMessage", "xoxb-wrong", url.Values{"channel": {slacktest.Hiring}, "text": {"x"}}); status != http.StatusOK || body["error"] != "invalid_auth" {
		t.Errorf("with a bad token: %d %v, want invalid_auth", status, body)
	}
	for i := range 2 {
		_, _, err := api.PostMessage(slacktest.Hiring, slack.MsgOptionText("x", false))
		var se slack.SlackErrorResponse
		if !errors.As(err, &se) || se.Err != "internal_error" {
			t.Fatalf("call %d: %v, want internal_error", i, err)
		}
	}
	if got := s.Messages(slacktest.Hiring); len(got) != 0 {
		t.Fatalf("a failed call posted %d messages", len(got))
	}
	if _, _, err := api.PostMessage(slacktest.Hiring, slack.MsgOptionText("x", false)); err != nil {
		t.Fatalf("after the failures: %v", err)
	}
	s.FailNext("users.info", 5, "service_unavailable")
	s.FailNext("users.info", 0, "")
	if _, err := api.GetUserInfo(slacktest.Recruiter); err != nil {
		t.Errorf("after FailNext(0): %v", err)
	}
}

func TestRateLimitForHoldsTheMethodUntilTheWindowEnds(t *testing.T) {
	clock := slacktest.NewClock(time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC))
	s := newServer(t, fakeslack.Options{Now: clock.Now})
	s.RateLimitFor("chat.postMessage", 90*time.Second)
	for _, want := range []string{"90", "90", "30"} { // however many calls come, until the window ends
		if want == "30" {
			clock.Advance(60 * time.Second)
		}
		status, hdr, body := post(t, s, "chat.postMessage", s.BotToken(), url.Values{"channel": {slacktest.Hiring}, "text": {"x"}})
		if status != http.StatusTooManyRequests || hdr.Get("Retry-After") != want || body["error"] != "ratelimited" {
			t.Fatalf("inside the window: %d Retry-After %q %v, want 429 Retry-After %s", status, hdr.Get("Retry-After"), body, want)
		}
	}
	if status, _, _ := post(t, s, "users.info", s.BotToken(), url.Values{"user": {slacktest.Recruiter}}); status != http.StatusOK {
		t.Errorf("another method answered %d, want 200", status)
	}
	clock.Advance(30 * time.Second)
	if status, _, body := post(t, s, "chat.postMessage", s.BotToken(), url.Values{"channel": {slacktest.Hiring}, "text": {"x"}}); status != http.StatusOK || body["ok"] != true {
		t.Errorf("after the window: %d %v", status, body)
	}
	s.RateLimitFor("users.info", time.Hour)
	s.LiftRateLimit("users.info")
	if status, _, _ := post(t, s, "users.info", s.BotToken(), url.Values{"user": {slacktest.Recruiter}}); status != http.StatusOK {
		t.Errorf("after LiftRateLimit users.info answered %d", status)
	}
}

func TestUserGroupMembersAsSlackListsThem(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	s.AddUserGroup(fakeslack.UserGroup{ID: "S0ADMINS", Handle: "hiring-admins", Users: []string{slacktest.Recruiter, slacktest.HiringManager}})
	s.AddUserGroup(fakeslack.UserGroup{ID: "S0OLD", Handle: "old", Users: []string{slacktest.Recruiter}, Disabled: true})
	for _, tc := range []struct {
		name  string
		form  url.Values
		users []any
		err   string
	}{
		{"members", url.Values{"usergroup": {"S0ADMINS"}}, []any{slacktest.Recruiter, slacktest.HiringManager}, ""},
		{"unknown group", url.Values{"usergroup": {"S0NOPE"}}, nil, "no_such_subteam"},
		{"no group", url.Values{}, nil, "invalid_arguments"},
		{"disabled", url.Values{"usergroup": {"S0OLD"}}, nil, "no_such_subteam"},
		{"disabled, asked for", url.Values{"usergroup": {"S0OLD"}, "include_disabled": {"true"}}, []any{slacktest.Recruiter}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, body := post(t, s, "usergroups.users.list", s.BotToken(), tc.form)
			if tc.err != "" {
				if body["ok"] != false || body["error"] != tc.err {
					t.Fatalf("got %v, want error %s", body, tc.err)
				}
				return
			}
			if body["ok"] != true || !reflect.DeepEqual(body["users"], tc.users) {
				t.Fatalf("got %v, want users %v", body, tc.users)
			}
		})
	}
}
