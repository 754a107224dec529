package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"hirebot/bot"
	"hirebot/data"
	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
	"hirebot/handlers"
)

// The benchmarks below measure a slash command's round trip through the fake Slack: the envelope
// goes out over the websocket, the bot answers, and the ack comes back. The floor is a bare
// slack-go Socket Mode client that acks every command with a fixed reply through the same fake;
// hirebot should stay close to it.
//
//	go test -run '^$' -bench . -benchmem ./cmd/hirebot
//	go test -run '^$' -bench AckLatency -benchtime 1x ./cmd/hirebot   (p50/p99 at 500 commands/s)
//	go test -run '^$' -bench 'JobPostingViewsOpen|ScorecardSubmit|StartToConnected' -benchtime 200x ./cmd/hirebot

// startBareBot runs the floor: slack-go's socketmode client acking with a fixed message.
func startBareBot(b *testing.B, fake *fakeslack.Server) {
	b.Helper()
	startBareBotWith(b, fake, map[string]any{"response_type": "ephemeral", "text": "Seattle, WA: $110,000 - $160,000 a year"})
}

// startBareBotWith runs the floor acking every command with reply.
func startBareBotWith(b *testing.B, fake *fakeslack.Server, reply any) {
	b.Helper()
	api := slack.New(fake.BotToken(), slack.OptionAPIURL(fake.APIURL()), slack.OptionAppLevelToken(fake.AppToken()))
	client := socketmode.New(api)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _ = client.RunContext(ctx) })
	wg.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case evt := <-client.Events:
				if evt.Type == socketmode.EventTypeSlashCommand {
					_ = client.Ack(*evt.Request, reply)
				}
			}
		}
	})
	b.Cleanup(func() { cancel(); wg.Wait() })
	wctx, wcancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer wcancel()
	if err := fake.WaitConnected(wctx); err != nil {
		b.Fatal(err)
	}
}

func benchFake(b *testing.B) *fakeslack.Server {
	// Generous ack timeout: a benchmark must measure, not trigger redeliveries.
	return newFake(b, fakeslack.Options{AckTimeout: time.Minute})
}

func roundTrip(b *testing.B, fake *fakeslack.Server, text string) time.Duration {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	env, err := fake.SlashCommand(ctx, slacktest.Recruiter, slacktest.Hiring, "/salary", text)
	if err != nil {
		b.Fatal(err)
	}
	ack, err := env.WaitAck(ctx)
	if err != nil {
		b.Fatal(err)
	}
	if len(ack.Payload) == 0 {
		b.Fatal("the ack carried no reply")
	}
	return ack.At.Sub(env.At)
}

// BenchmarkSlashCommand is one /salary command after another, ack included.
func BenchmarkSlashCommand(b *testing.B) {
	fake := benchFake(b)
	startBot(b, fake, map[string]string{"HIREBOT_LOG_LEVEL": "warn"})
	b.ReportAllocs()
	for b.Loop() {
		roundTrip(b, fake, "seattle senior")
	}
}

// BenchmarkSlashCommandFloor is the same through a bare slack-go bot.
func BenchmarkSlashCommandFloor(b *testing.B) {
	fake := benchFake(b)
	startBareBot(b, fake)
	b.ReportAllocs()
	for b.Loop() {
		roundTrip(b, fake, "seattle senior")
	}
}

// BenchmarkSlashCommandFloorSameReply is the floor acking with hirebot's own reply to the same
// command, prepared once: the difference to BenchmarkSlashCommand is hirebot's own work (parsing,
// building the blocks, encoding them), the rest is the transport and the fake Slack.
func BenchmarkSlashCommandFloorSameReply(b *testing.B) {
	payload := salaryReply(b)
	fake := benchFake(b)
	startBareBotWith(b, fake, json.RawMessage(payload))
	b.ReportAllocs()
	for b.Loop() {
		roundTrip(b, fake, "seattle senior")
	}
}

// ackLatencyAtRate sends n commands at rate per second, open loop (each on its own schedule, not
// waiting for the previous one), and reports the ack latency percentiles.
func ackLatencyAtRate(b *testing.B, fake *fakeslack.Server, rate, n int) {
	interval := time.Second / time.Duration(rate)
	for b.Loop() {
		lat := make([]time.Duration, n)
		var wg sync.WaitGroup
		tick := time.NewTicker(interval)
		for i := range n {
			<-tick.C
			wg.Go(func() { lat[i] = roundTrip(b, fake, "seattle senior") })
		}
		tick.Stop()
		wg.Wait()
		slices.Sort(lat)
		pct := func(p float64) float64 { return float64(lat[int(p*float64(n-1))].Microseconds()) / 1000 }
		b.ReportMetric(pct(0.50), "p50-ms")
		b.ReportMetric(pct(0.99), "p99-ms")
		b.ReportMetric(float64(lat[n-1].Microseconds())/1000, "max-ms")
	}
}

// BenchmarkAckLatency is hirebot at 500 commands a second, and the floor acking with hirebot's
// bytes; the targets are p99 under 5 ms and within 1.2x of the floor's.
func BenchmarkAckLatency(b *testing.B) {
	for _, rate := range []int{500} {
		b.Run(fmt.Sprintf("hirebot-%d/s", rate), func(b *testing.B) {
			fake := benchFake(b)
			startBot(b, fake, map[string]string{"HIREBOT_LOG_LEVEL": "warn"})
			ackLatencyAtRate(b, fake, rate, 2000)
		})
		b.Run(fmt.Sprintf("floor-%d/s", rate), func(b *testing.B) {
			fake := benchFake(b)
			startBareBotWith(b, fake, json.RawMessage(salaryReply(b))) // hirebot's bytes
			ackLatencyAtRate(b, fake, rate, 2000)
		})
	}
}

// BenchmarkScorecardSubmit measures a scorecard submission from the user's click to the ack,
// which comes only after the scorecard is committed to SQLite (synchronous=FULL). The target is
// a p99 of 5 ms.
func BenchmarkScorecardSubmit(b *testing.B) {
	fake := benchFake(b)
	h := startBot(b, fake, map[string]string{"HIREBOT_LOG_LEVEL": "warn", "HIREBOT_REMINDER_SCHEDULE": "@every 1h"})
	h.Run(slacktest.HiringManager, slacktest.Hiring, "/interview", "")
	h.Submit(slacktest.HiringManager, h.WaitView(slacktest.HiringManager, "interview_new"),
		interviewValues("Bench Candidate", []string{slacktest.Interviewer1}, time.Now().Add(-2*time.Hour), "60"))
	b.ReportAllocs()
	timeScorecardSubmits(b, h.Bot)
}

// BenchmarkScorecardSubmitProcess is BenchmarkScorecardSubmit with hirebot in a process of its
// own, as in production: its garbage collector then has only its own garbage, not the fake
// Slack's as well.
func BenchmarkScorecardSubmitProcess(b *testing.B) {
	fake := benchFake(b)
	db := filepath.Join(b.TempDir(), "hirebot.db")
	store, err := data.Open(context.Background(), db)
	if err != nil {
		b.Fatal(err)
	}
	mustSeedInterview(b, store, "Bench Candidate", []string{slacktest.Interviewer1}, time.Time{})
	if err := store.Close(); err != nil {
		b.Fatal(err)
	}
	p := startChild(b, fake, db, "HIREBOT_REMINDER_SCHEDULE=@every 1h")
	timeScorecardSubmits(b, &slacktest.Bot{T: b, Fake: fake, Logs: p.Logs})
}

// timeScorecardSubmits opens the interviewer's scorecard for Bench Candidate through user (the
// fake Slack a bot is connected to), untimed, and times its submission from the click to the ack,
// which comes only after the scorecard is committed; it reports the percentiles.
func timeScorecardSubmits(b *testing.B, user *slacktest.Bot) {
	values := scorecardValues("hire", "Clear API design")
	var lat []time.Duration
	for b.Loop() {
		b.StopTimer()
		user.Run(slacktest.Interviewer1, slacktest.Hiring, "/feedback", "Bench Candidate")
		v := user.WaitView(slacktest.Interviewer1, "scorecard")
		b.StartTimer()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		env, err := user.Fake.SubmitView(ctx, slacktest.Interviewer1, v.ID, values)
		if err != nil {
			b.Fatal(err)
		}
		ack, err := env.WaitAck(ctx)
		cancel()
		if err != nil {
			b.Fatal(err)
		}
		lat = append(lat, ack.At.Sub(env.At))
	}
	percentiles(b, lat)
}

// percentiles reports the p50 and p99 of lat in milliseconds.
func percentiles(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[(len(lat)-1)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkJobPostingViewsOpen measures /job-posting from the envelope leaving the fake Slack to
// the views.open call: p50-ms/p99-ms to the fake having handled the call (two trips over
// loopback and the fake's own checks of the view included), bot-p50-ms/bot-p99-ms to the request
// reaching a pass-through proxy in front of the fake's Web API, which leaves the fake's handling
// out. BenchmarkEnvelopeToViewsOpen in package bot is the bot's own part alone. The target is
// 0.6 ms at the bot.
func BenchmarkJobPostingViewsOpen(b *testing.B) {
	fake := benchFake(b)
	var mu sync.Mutex
	var reached time.Time
	target, err := url.Parse(fake.URL())
	if err != nil {
		b.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/views.open") {
			mu.Lock()
			reached = time.Now()
			mu.Unlock()
		}
		proxy.ServeHTTP(w, r)
	}))
	b.Cleanup(front.Close)
	startBot(b, fake, map[string]string{"HIREBOT_LOG_LEVEL": "warn", "SLACK_API_URL": front.URL + "/api/"})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	var lat, atBot []time.Duration
	for b.Loop() {
		opened := len(fake.Calls("views.open"))
		cursor := fake.Cursor()
		env, err := fake.SlashCommand(ctx, slacktest.Recruiter, slacktest.Hiring, "/job-posting", "")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := fake.WaitViewAfter(ctx, cursor, func(v fakeslack.View) bool { return v.CallbackID == handlers.ViewPostingForm }); err != nil {
			b.Fatal(err)
		}
		calls := fake.Calls("views.open")
		if len(calls) != opened+1 {
			b.Fatalf("%d views.open calls, want %d", len(calls), opened+1)
		}
		lat = append(lat, calls[opened].At.Sub(env.At))
		mu.Lock()
		atBot = append(atBot, reached.Sub(env.At))
		mu.Unlock()
		b.StopTimer()
		if _, err := fake.DismissViews(ctx, slacktest.Recruiter); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	percentiles(b, lat)
	slices.Sort(atBot)
	b.ReportMetric(float64(atBot[len(atBot)/2].Microseconds())/1000, "bot-p50-ms")
	b.ReportMetric(float64(atBot[(len(atBot)-1)*99/100].Microseconds())/1000, "bot-p99-ms")
}

// BenchmarkStartToConnected measures hirebot's start: from newApp to the first hello handled on
// the Socket Mode connection, with a fresh database each time (every migration applied) and as a
// restart on a database already current. The target is 10 ms.
func BenchmarkStartToConnected(b *testing.B) {
	b.Run("new-db", func(b *testing.B) {
		dir := b.TempDir()
		i := 0
		startToConnected(b, func() string { i++; return filepath.Join(dir, fmt.Sprintf("hirebot-%d.db", i)) })
	})
	b.Run("restart", func(b *testing.B) {
		db := filepath.Join(b.TempDir(), "hirebot.db")
		store, err := data.Open(context.Background(), db)
		if err != nil {
			b.Fatal(err)
		}
		store.Close()
		startToConnected(b, func() string { return db })
	})
}

func startToConnected(b *testing.B, dbPath func() string) {
	fake := benchFake(b)
	var lat []time.Duration
	for b.Loop() {
		env := map[string]string{
			"SLACK_APP_TOKEN": fake.AppToken(), "SLACK_BOT_TOKEN": fake.BotToken(), "SLACK_API_URL": fake.APIURL(),
			"HIREBOT_DB": dbPath(), "HIREBOT_LOG_LEVEL": "warn",
			"HIREBOT_REMINDER_SCHEDULE": "@every 24h",
		}
		cfg, err := parseConfig(nil, func(k string) string { return env[k] }, io.Discard)
		if err != nil {
			b.Fatal(err)
		}
		ctx, stop := context.WithCancel(context.Background())
		start := time.Now()
		a, err := newApp(ctx, cfg, newLogger(cfg, io.Discard), appOptions{clock: bot.WallClock{}})
		if err != nil {
			b.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- a.run(ctx, nil) }()
		for !a.bot.Connected() {
			select {
			case err := <-done:
				b.Fatalf("hirebot stopped before connecting: %v", err)
			case <-time.After(50 * time.Microsecond):
			}
		}
		lat = append(lat, time.Since(start))
		b.StopTimer()
		stop()
		if err := <-done; err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	percentiles(b, lat)
}
