package bot

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"hirebot/handlers"
)

func TestClassifyTurnsSlackErrorsIntoDeliveryErrors(t *testing.T) {
	for _, tc := range []struct {
		name       string
		err        error
		refused    bool
		retryAfter time.Duration
		unsure     bool
	}{
		{"a bot user", slack.SlackErrorResponse{Err: "cannot_dm_bot"}, true, 0, false},
		{"no such channel", slack.SlackErrorResponse{Err: "channel_not_found"}, true, 0, false},
		{"rate limited", &slack.RateLimitedError{RetryAfter: 30 * time.Second}, false, 30 * time.Second, false},
		{"slack trouble", slack.SlackErrorResponse{Err: "internal_error"}, false, 0, false},
		{"network", errors.New("timeout"), false, 0, true},
		{"429 without Retry-After", slack.StatusCodeError{Code: 429, Status: "429 Too Many Requests"}, false, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := classify(tc.err)
			if refused := errors.Is(got, handlers.ErrUndeliverable); refused != tc.refused {
				t.Errorf("refused for good = %v, want %v (%v)", refused, tc.refused, got)
			}
			var rl *handlers.RetryLaterError
			if retry := errors.As(got, &rl); retry == tc.refused {
				t.Errorf("retry later = %v, want %v", retry, !tc.refused)
			} else if retry && (rl.After != tc.retryAfter || rl.Unsure != tc.unsure) {
				t.Errorf("retry after %v (unsure %v), want %v (unsure %v)", rl.After, rl.Unsure, tc.retryAfter, tc.unsure)
			}
			if !errors.Is(got, tc.err) && !errors.As(got, new(slack.SlackErrorResponse)) {
				t.Errorf("the Slack error is not kept for the logs: %v", got)
			}
		})
	}
}

// TestClassifyTellsARefusedTokenFromARefusedMessage: Slack refusing the bot's own token is no
// refusal of the message, which waits for the token to be put right.
func TestClassifyTellsARefusedTokenFromARefusedMessage(t *testing.T) {
	for _, code := range []string{"invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive"} {
		got := classify(slack.SlackErrorResponse{Err: code})
		var token *handlers.TokenRejectedError
		if !errors.As(got, &token) || token.Code != code {
			t.Errorf("%s: %v, want a refused token", code, got)
		}
		if errors.Is(got, handlers.ErrUndeliverable) {
			t.Errorf("%s: the message is refused for good", code)
		}
	}
}

func TestViewErrorsFollowTheForm(t *testing.T) {
	form := slack.View{Blocks: slack.Blocks{BlockSet: []slack.Block{
		slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "intro", false, false), nil, nil),
		slack.NewInputBlock("b_first", slack.NewTextBlockObject(slack.PlainTextType, "First", false, false), nil, slack.NewPlainTextInputBlockElement(nil, "v")),
		slack.NewInputBlock("a_second", slack.NewTextBlockObject(slack.PlainTextType, "Second", false, false), nil, slack.NewPlainTextInputBlockElement(nil, "v")),
	}}}
	errs := map[string]string{"a_second": "second", "zz_gone": "gone", "b_first": "first", "c_gone": "also gone"}
	for range 20 { // map order varies from run to run
		got := viewErrorsInOrder(form, errs)
		if want := []string{"first", "second", "also gone", "gone"}; !slices.Equal(got, want) {
			t.Fatalf("errors in order %q, want %q", got, want)
		}
	}
}

func TestAckFrameSizeIsTheEncodedFrameLength(t *testing.T) {
	payload := json.RawMessage(`{"text":"Seattle, WA: $110,000 - $160,000 a year","response_type":"ephemeral"}`)
	for _, id := range []string{"", "1d4a0b9e-2c3f-4a5b-8c7d-6e5f4a3b2c1d", `odd "id" <&> \ é`} {
		frame, err := json.Marshal(socketmode.Response{EnvelopeID: id, Payload: payload})
		if err != nil {
			t.Fatal(err)
		}
		if got := ackFrameSize(id, payload); got != len(frame) {
			t.Errorf("ackFrameSize(%q) = %d, want %d (%s)", id, got, len(frame), frame)
		}
	}
}

func TestRestoredFormStillSavesItsDraftOnClose(t *testing.T) {
	form := slack.View{Type: slack.VTModal, CallbackID: "scorecard", NotifyOnClose: true, ClearOnClose: true,
		Blocks: slack.Blocks{BlockSet: []slack.Block{
			slack.NewInputBlock("b", slack.NewTextBlockObject(slack.PlainTextType, "B", false, false), nil, slack.NewPlainTextInputBlockElement(nil, "v")),
		}}}
	got := restoreForm(form, []string{"Saving failed"})
	if !got.NotifyOnClose || !got.ClearOnClose {
		t.Errorf("the form as the user left it lost notify_on_close (%v) or clear_on_close (%v)", got.NotifyOnClose, got.ClearOnClose)
	}
}
