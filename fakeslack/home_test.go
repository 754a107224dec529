package fakeslack_test

import (
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

// homeTab is a Home tab with a "new_interview" button.
func homeTab(callbackID string) slack.HomeTabViewRequest {
	return slack.HomeTabViewRequest{Type: slack.VTHomeTab, CallbackID: callbackID, PrivateMetadata: "p",
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewSectionBlock(md("*Your interviews*"), nil, nil),
			slack.NewActionBlock("home_actions", slack.NewButtonBlockElement("new_interview", "new", txt("New interview"))),
		}}}
}

// publishHome publishes homeTab for user and returns the view Slack answered.
func publishHome(t *testing.T, s *fakeslack.Server, user string) *slack.ViewResponse {
	t.Helper()
	resp, err := apiClient(s).PublishView(user, homeTab("home"), "")
	if err != nil {
		t.Fatalf("views.publish: %v", err)
	}
	return resp
}

func TestViewsPublish(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	api, ctx := apiClient(s), testCtx(t)
	resp := publishHome(t, s, slacktest.HiringManager)
	v := resp.View
	if !strings.HasPrefix(v.ID, "V") || v.Type != slack.VTHomeTab || v.Hash == "" || v.TeamID != "T0001" ||
		v.AppID != "A0001" || v.BotID != "B0BOT" || v.CallbackID != "home" || v.RootViewID != v.ID ||
		len(v.Blocks.BlockSet) != 2 {
		t.Errorf("published view %+v", v)
	}
	got, ok := s.HomeView(slacktest.HiringManager)
	if !ok || got.ID != v.ID || got.Hash != v.Hash || got.UserID != slacktest.HiringManager || got.Position != -1 {
		t.Errorf("HomeView %+v %v", got, ok)
	}
	if _, ok := s.HomeView(slacktest.Recruiter); ok {
		t.Error("a Home tab nobody published")
	}

	cur := s.Cursor()
	if _, err := api.PublishView(slacktest.HiringManager, homeTab("home"), "1.stale"); slackErr(err) != "hash_conflict" {
		t.Errorf("stale hash: %v", err)
	}
	again, err := api.PublishView(slacktest.HiringManager, homeTab("home2"), v.Hash)
	if err != nil {
		t.Fatal(err)
	}
	if again.View.ID != v.ID || again.View.Hash == v.Hash {
		t.Errorf("republished view id %s hash %s, was %s %s", again.View.ID, again.View.Hash, v.ID, v.Hash)
	}
	waited, err := s.WaitHomeAfter(ctx, cur, slacktest.HiringManager)
	if err != nil || waited.CallbackID != "home2" || waited.Hash != again.View.Hash {
		t.Errorf("WaitHomeAfter %+v %v", waited, err)
	}
	if n := s.HomePublishes(slacktest.HiringManager); n != 2 {
		t.Errorf("publishes %d, want 2", n)
	}
	if n := s.HomePublishes(slacktest.Recruiter); n != 0 {
		t.Errorf("recruiter publishes %d", n)
	}
}

func TestViewsPublishRejects(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	view := func(mut func(m map[string]any)) string {
		m := map[string]any{"type": "home", "blocks": []any{map[string]any{"type": "divider"}}}
		mut(m)
		b, _ := json.Marshal(m)
		return string(b)
	}
	var blocks []any
	for range 101 {
		blocks = append(blocks, map[string]any{"type": "divider"})
	}
	for _, tc := range []struct {
		name, user, view, err, msg string
	}{
		{"no user", "", view(func(map[string]any) {}), "invalid_arguments", "user_id"},
		{"unknown user", "U0NOBODY", view(func(map[string]any) {}), "user_not_found", ""},
		{"no view", slacktest.Recruiter, "", "invalid_arguments", "view"},
		{"modal", slacktest.Recruiter, view(func(m map[string]any) {
			m["type"], m["title"] = "modal", map[string]any{"type": "plain_text", "text": "T"}
		}), "invalid_arguments", "/view/type"},
		{"101 blocks", slacktest.Recruiter, view(func(m map[string]any) { m["blocks"] = blocks }), "invalid_arguments", "/view/blocks"},
		{"private_metadata", slacktest.Recruiter, view(func(m map[string]any) { m["private_metadata"] = strings.Repeat("x", 3001) }),
			"invalid_arguments", "/view/private_metadata"},
		{"callback_id", slacktest.Recruiter, view(func(m map[string]any) { m["callback_id"] = strings.Repeat("x", 256) }),
			"invalid_arguments", "/view/callback_id"},
		{"modal field", slacktest.Recruiter, view(func(m map[string]any) { m["submit"] = map[string]any{"type": "plain_text", "text": "Go"} }),
			"invalid_arguments", "additional property: submit"},
		{"bad block", slacktest.Recruiter, view(func(m map[string]any) {
			m["blocks"] = []any{map[string]any{"type": "header", "text": map[string]any{"type": "mrkdwn", "text": "x"}}}
		}), "invalid_arguments", "/view/blocks/0/text"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			form := url.Values{"view": {tc.view}}
			if tc.user != "" {
				form.Set("user_id", tc.user)
			}
			status, _, body := post(t, s, "views.publish", s.BotToken(), form)
			meta, _ := json.Marshal(body["response_metadata"])
			if status != 200 || body["ok"] != false || body["error"] != tc.err || !strings.Contains(string(meta), tc.msg) {
				t.Errorf("HTTP %d %v", status, body)
			}
		})
	}
	if n := s.HomePublishes(slacktest.Recruiter); n != 0 {
		t.Errorf("rejected publishes counted: %d", n)
	}
}

func TestViewsPublishRateLimited(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	s.RateLimit("views.publish", 1, 2*time.Second)
	_, err := apiClient(s).PublishView(slacktest.HiringManager, homeTab("home"), "")
	var rl *slack.RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter != 2*time.Second {
		t.Fatalf("first publish: %v", err)
	}
	publishHome(t, s, slacktest.HiringManager)
	if n := s.HomePublishes(slacktest.HiringManager); n != 1 {
		t.Errorf("publishes %d, want 1", n)
	}
	if c := s.Calls("views.publish"); len(c) != 2 || c[0].Status != 429 || c[1].Status != 200 {
		t.Errorf("calls %+v", c)
	}
}

func TestHomeButtonOpensModal(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	b := startBot(t, s, nil)
	ctx := testCtx(t)
	home := publishHome(t, s, slacktest.Recruiter)
	env, err := s.ClickHomeButton(ctx, slacktest.Recruiter, "new_interview")
	if err != nil {
		t.Fatal(err)
	}
	cb := interaction(t, b.next(t))
	if cb.Type != slack.InteractionTypeBlockActions || cb.Container.Type != "view" || cb.Container.ViewID != home.View.ID ||
		cb.View.ID != home.View.ID || cb.View.Type != slack.VTHomeTab || cb.ResponseURL != "" ||
		cb.TriggerID == "" || cb.TriggerID != env.TriggerID || cb.User.ID != slacktest.Recruiter {
		t.Errorf("block_actions %+v", cb)
	}
	if acts := cb.ActionCallback.BlockActions; len(acts) != 1 || acts[0].ActionID != "new_interview" || acts[0].Value != "new" ||
		acts[0].BlockID != "home_actions" {
		t.Errorf("actions %+v", acts)
	}
	if _, err := env.WaitAck(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := apiClient(s).OpenView(cb.TriggerID, simpleModal("New interview")); err != nil {
		t.Fatalf("views.open from Home: %v", err)
	}
	if v := s.OpenViews(slacktest.Recruiter); len(v) != 1 || v[0].Title != "New interview" {
		t.Errorf("open views %+v", v)
	}
	if _, err := s.ClickHomeButton(ctx, slacktest.Recruiter, "nope"); err == nil {
		t.Error("click on a missing button")
	}
	if _, err := s.ClickHomeButton(ctx, slacktest.Interviewer2, "new_interview"); err == nil {
		t.Error("click without a Home tab")
	}
}

func TestUnackedHomeClickShowsTrouble(t *testing.T) {
	t.Parallel() // mostly waits on real-time timeouts; runs beside the others
	s := newServer(t, fakeslack.Options{AckTimeout: 100 * time.Millisecond, MaxRetries: 1})
	startBot(t, s, func(*bot, socketmode.Event) {})
	ctx := testCtx(t)
	home := publishHome(t, s, slacktest.Recruiter)
	env, err := s.ClickHomeButton(ctx, slacktest.Recruiter, "new_interview")
	if err != nil {
		t.Fatal(err)
	}
	ue, err := s.WaitUserError(ctx, func(e fakeslack.UserError) bool { return e.EnvelopeID == env.ID })
	if err != nil || ue.Code != fakeslack.ErrTroubleConnecting || ue.ViewID != home.View.ID {
		t.Errorf("user error %+v %v", ue, err)
	}
}

func TestHomeBlockButtonPicksOneOfSharedActionIDs(t *testing.T) {
	s := newServer(t, fakeslack.Options{})
	b := startBot(t, s, nil)
	ctx := testCtx(t)
	tab := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{
		slack.NewActionBlock("card_1", slack.NewButtonBlockElement("open_card", "1", txt("Submit feedback"))),
		slack.NewActionBlock("card_2", slack.NewButtonBlockElement("open_card", "2", txt("Submit feedback"))),
	}}}
	if _, err := apiClient(s).PublishView(slacktest.Recruiter, tab, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ClickHomeButton(ctx, slacktest.Recruiter, "open_card"); err == nil || !strings.Contains(err.Error(), "pass a block_id") {
		t.Errorf("a click on a shared action_id without a block_id: %v", err)
	}
	env, err := s.ClickHomeBlockButton(ctx, slacktest.Recruiter, "card_2", "open_card")
	if err != nil {
		t.Fatal(err)
	}
	cb := interaction(t, b.next(t))
	if acts := cb.ActionCallback.BlockActions; len(acts) != 1 || acts[0].BlockID != "card_2" || acts[0].Value != "2" {
		t.Errorf("actions %+v", acts)
	}
	if _, err := env.WaitAck(ctx); err != nil {
		t.Fatal(err)
	}
}
