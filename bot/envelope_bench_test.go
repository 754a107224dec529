package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"hirebot/content"
	"hirebot/handlers"
)

// salaryFrame is a slash_commands envelope as Slack writes it on the socket; ENVELOPE is
// replaced by a fresh id for every delivery.
const salaryFrame = `{"envelope_id":"ENVELOPE","type":"slash_commands","accepts_response_payload":true,` +
	`"retry_attempt":0,"retry_reason":"","payload":{"token":"verification","team_id":"T0001",` +
	`"team_domain":"acme","channel_id":"C0HIRING","channel_name":"hiring","user_id":"U0RECRUIT",` +
	`"user_name":"rita","command":"/salary","text":"seattle senior","api_app_id":"A0HIREBOT",` +
	`"is_enterprise_install":"false","response_url":"http://127.0.0.1:1/response/abc",` +
	`"trigger_id":"1.2.abc"}}`

// BenchmarkEnvelopeToAckBytes is hirebot's own work for one /salary envelope, with no socket:
// decode the frame as socketmode does, then dispatch, route, run the handler and encode the ack
// exactly as the live path does, stopping where the frame would be queued for the socket.
func BenchmarkEnvelopeToAckBytes(b *testing.B) {
	c, err := content.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	bot, err := New(Config{AppToken: "xapp-bench", BotToken: "xoxb-bench"})
	if err != nil {
		b.Fatal(err)
	}
	bot.router = NewRouter(handlers.Features{Lookups: handlers.NewLookups(c, nil)}.Routes())
	var acked int
	bot.sendAck = func(_ context.Context, id string, payload any) error {
		frame, err := json.Marshal(socketmode.Response{EnvelopeID: id, Payload: payload})
		if err != nil {
			return err
		}
		acked += len(frame)
		return nil
	}
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		req, cmd := decodeSalaryEnvelope(b, "bench-"+strconv.Itoa(i))
		bot.handleRequest(ctx, socketmode.Event{Type: socketmode.EventTypeSlashCommand, Data: cmd, Request: req}, bot.cfg.Now())
	}
	if acked == 0 {
		b.Fatal("no ack was sent")
	}
	b.ReportMetric(float64(acked)/float64(i), "ack-bytes/op")
}

// BenchmarkEnvelopeToAckBytesFloor is the same envelope through what a bare slack-go bot does
// with it: decode it as socketmode does and encode the ack frame with hirebot's reply, prepared
// once. BenchmarkEnvelopeToAckBytes over this is hirebot's per-envelope CPU against the floor.
func BenchmarkEnvelopeToAckBytesFloor(b *testing.B) {
	c, err := content.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	resp, err := handlers.NewLookups(c, nil).Salary(context.Background(), handlers.Command{Name: "/salary", Text: "seattle senior"})
	if err != nil {
		b.Fatal(err)
	}
	reply, err := json.Marshal(newMessageBody(resp.Replies[0]))
	if err != nil {
		b.Fatal(err)
	}
	var acked int
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		req, _ := decodeSalaryEnvelope(b, "bench-"+strconv.Itoa(i))
		ack, err := json.Marshal(socketmode.Response{EnvelopeID: req.EnvelopeID, Payload: json.RawMessage(reply)})
		if err != nil {
			b.Fatal(err)
		}
		acked += len(ack)
	}
	b.ReportMetric(float64(acked)/float64(i), "ack-bytes/op")
}

// jobPostingFrame is a /job-posting envelope, which the bot answers with views.open.
var jobPostingFrame = strings.Replace(strings.Replace(salaryFrame, `"/salary"`, `"/job-posting"`, 1), `"seattle senior"`, `""`, 1)

// roundTripFunc is an http.RoundTripper made of a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// BenchmarkEnvelopeToViewsOpen is the bot's own time for /job-posting: from the envelope's frame
// arriving (decoded as socketmode does) to the views.open request handed to the HTTP transport
// with its body read, the work a real socket and a real Slack would add left out. p50-us and
// p99-us are that span per envelope, one envelope at a time.
func BenchmarkEnvelopeToViewsOpen(b *testing.B) {
	c, err := content.Embedded()
	if err != nil {
		b.Fatal(err)
	}
	var opened time.Time
	okBody := []byte(`{"ok":true,"view":{"id":"V0001"}}`)
	client := &http.Client{Transport: roundTripFunc(func(req *http.Request) (*http.Response, error) {
		if _, err := io.Copy(io.Discard, req.Body); err != nil {
			return nil, err
		}
		if strings.HasSuffix(req.URL.Path, "/views.open") {
			opened = time.Now()
		}
		return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(bytes.NewReader(okBody)), Request: req}, nil
	})}
	bot, err := New(Config{AppToken: "xapp-bench", BotToken: "xoxb-bench", APIURL: "http://slack.invalid/api/",
		HTTPClient: client, Metrics: NewMetrics()})
	if err != nil {
		b.Fatal(err)
	}
	bot.router = NewRouter(handlers.Features{Postings: handlers.NewPostings(handlers.PostingsConfig{Content: c})}.Routes())
	bot.sendAck = func(context.Context, string, any) error { return nil }
	ctx := context.Background()
	before, after, _ := strings.Cut(jobPostingFrame, "ENVELOPE")
	var lat []time.Duration
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		frame := before + "bench-" + strconv.Itoa(i) + after
		start := time.Now()
		req := &socketmode.Request{}
		if err := json.Unmarshal([]byte(frame), req); err != nil {
			b.Fatal(err)
		}
		var cmd slack.SlashCommand
		if err := json.Unmarshal(req.Payload, &cmd); err != nil {
			b.Fatal(err)
		}
		opened = time.Time{}
		bot.handleRequest(ctx, socketmode.Event{Type: socketmode.EventTypeSlashCommand, Data: cmd, Request: req}, start)
		if opened.IsZero() {
			b.Fatal("no views.open call")
		}
		lat = append(lat, opened.Sub(start))
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds())/1000, "p50-us")
	b.ReportMetric(float64(lat[(len(lat)-1)*99/100].Nanoseconds())/1000, "p99-us")
}

// decodeSalaryEnvelope decodes salaryFrame, under envelope id, as socketmode does.
func decodeSalaryEnvelope(b *testing.B, id string) (*socketmode.Request, slack.SlashCommand) {
	b.Helper()
	before, after, _ := strings.Cut(salaryFrame, "ENVELOPE")
	req := &socketmode.Request{}
	if err := json.Unmarshal([]byte(before+id+after), req); err != nil {
		b.Fatal(err)
	}
	var cmd slack.SlashCommand
	if err := json.Unmarshal(req.Payload, &cmd); err != nil {
		b.Fatal(err)
	}
	return req, cmd
}
