package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	neturl "net/url"

	"github.com/slack-go/slack"

	"hirebot/handlers"
)

// messageBody is a message as Slack takes it in an ack payload or a response_url POST.
type messageBody struct {
	Text            string        `json:"text,omitempty"`
	Blocks          []slack.Block `json:"blocks,omitempty"`
	ResponseType    string        `json:"response_type,omitempty"`
	ReplaceOriginal bool          `json:"replace_original"`
}

// deleteBody is the whole body that deletes the message a response_url belongs to.
type deleteBody struct {
	DeleteOriginal bool `json:"delete_original"`
}

func newMessageBody(m handlers.Message) any {
	if m.DeleteOriginal {
		return deleteBody{DeleteOriginal: true}
	}
	body := messageBody{Text: m.Text, Blocks: m.Blocks, ResponseType: slack.ResponseTypeEphemeral, ReplaceOriginal: m.ReplaceOriginal}
	if m.Public {
		body.ResponseType = slack.ResponseTypeInChannel
	}
	return body
}

// encodeMessage is m's body as an ack payload or a response_url POST takes it, encoded once for
// a message that carries its Encoding.
func encodeMessage(m handlers.Message) (json.RawMessage, error) {
	encode := func() ([]byte, error) { return json.Marshal(newMessageBody(m)) }
	if m.Encoded != nil {
		return m.Encoded.Bytes(encode)
	}
	return encode()
}

// responder posts replies to response URLs.
type responder struct {
	client *http.Client
}

// send posts each reply in order; it stops at the first failure, so a later reply (such as
// deleting the private copy of a shared answer) never runs after an earlier one was lost.
func (r *responder) send(ctx context.Context, log *slog.Logger, responseURL string, replies []handlers.Message) {
	if len(replies) == 0 {
		return
	}
	if responseURL == "" {
		log.Error("reply dropped: the request has no response_url", "replies", len(replies))
		return
	}
	for _, m := range replies {
		data, err := encodeMessage(m)
		if err == nil {
			err = r.postEncoded(ctx, responseURL, data)
		} else {
			err = fmt.Errorf("encode reply: %w", err)
		}
		if err != nil {
			log.Error("reply through response_url failed", "err", err)
			return
		}
	}
}

// sendEncoded posts one reply already encoded as a response_url body.
func (r *responder) sendEncoded(ctx context.Context, log *slog.Logger, responseURL string, body json.RawMessage) {
	if err := r.postEncoded(ctx, responseURL, body); err != nil {
		log.Error("reply through response_url failed", "err", err)
	}
}

func (r *responder) postEncoded(ctx context.Context, url string, data []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(data))
	if err != nil {
		return errors.New("build response_url request: the URL does not parse") // never the URL itself
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := r.client.Do(req)
	if err != nil {
		// A response_url lets its holder post as the bot: the error keeps the cause, not the URL.
		var ue *neturl.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return fmt.Errorf("post to response_url on %s: %w", req.URL.Host, err)
	}
	defer resp.Body.Close()
	text, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("response_url answered %s: %s", resp.Status, bytes.TrimSpace(text))
	}
	var status struct {
		OK    *bool  `json:"ok"`
		Error string `json:"error"`
	}
	if json.Unmarshal(text, &status) == nil && status.OK != nil && !*status.OK {
		return fmt.Errorf("response_url refused the reply: %s", status.Error)
	}
	return nil
}
