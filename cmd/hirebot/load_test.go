package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"

	"hirebot/content"
	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
	"hirebot/handlers"
)

// The load test runs hirebot, built as in production, as a child process against the fake Slack
// over loopback, sends it 50,000 /salary commands with 50 in flight and reads its memory from
// /proc; then it does the same with the floor, a bare slack-go bot acking with hirebot's bytes
// (this test binary, started in bare mode by TestMain). It is a load command, not a test: it
// runs only when asked for.
//
//	HIREBOT_LOAD=1 go test -run TestLoadSalaryRSS -v ./cmd/hirebot
//	HIREBOT_LOAD=1 HIREBOT_LOAD_COMMANDS=10000 go test -run TestLoadSalaryRSS -v ./cmd/hirebot

const (
	bareModeEnv  = "HIREBOT_LOAD_BARE_REPLY" // set in a child: run as the bare bot, acking with this file's bytes
	loadInFlight = 50
)

func TestMain(m *testing.M) {
	slacktest.RunIfProcess(runChild)
	if reply := os.Getenv(bareModeEnv); reply != "" {
		if err := runBareBot(reply); err != nil {
			fmt.Fprintln(os.Stderr, "bare bot:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	widenParallel()
	os.Exit(m.Run())
}

// widenParallel lets up to 8 end-to-end tests run at once unless -parallel was given: they spend
// most of their time waiting on sockets, disk syncs and Slack's Retry-After, not on the CPU, so
// the default of one per core leaves the cores idle.
func widenParallel() {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		_ = flag.Set("test.parallel", "8")
	}
}

// runBareBot is the floor as a process of its own: slack-go's socketmode client acking every
// slash command with the bytes in replyFile, until SIGTERM.
func runBareBot(replyFile string) error {
	reply, err := os.ReadFile(replyFile)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	api := slack.New(os.Getenv("SLACK_BOT_TOKEN"), slack.OptionAPIURL(os.Getenv("SLACK_API_URL")),
		slack.OptionAppLevelToken(os.Getenv("SLACK_APP_TOKEN")))
	client := socketmode.New(api)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case evt := <-client.Events:
				if evt.Type == socketmode.EventTypeSlashCommand {
					_ = client.Ack(*evt.Request, json.RawMessage(reply))
				}
			}
		}
	}()
	if err := client.RunContext(ctx); err != nil && ctx.Err() == nil {
		return err
	}
	return nil
}

func TestLoadSalaryRSS(t *testing.T) {
	if os.Getenv("HIREBOT_LOAD") == "" {
		t.Skip("load command: set HIREBOT_LOAD=1 to run (HIREBOT_LOAD=1 go test -run TestLoadSalaryRSS -v ./cmd/hirebot)")
	}
	n := 50_000
	if v := os.Getenv("HIREBOT_LOAD_COMMANDS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			t.Fatalf("HIREBOT_LOAD_COMMANDS=%q: %v", v, err)
		}
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "hirebot")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	replyFile := filepath.Join(dir, "reply.json")
	if err := os.WriteFile(replyFile, salaryReply(t), 0o600); err != nil {
		t.Fatal(err)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	hb := runLoad(t, "hirebot", n, func(fake *fakeslack.Server) *exec.Cmd {
		cmd := exec.Command(bin)
		cmd.Env = append(fakeEnv(fake), "HIREBOT_DB="+filepath.Join(dir, "hirebot.db"), "HIREBOT_LOG_LEVEL=warn",
			"HIREBOT_PLAYGROUND_ADDR=127.0.0.1:0", "HIREBOT_REMINDER_SCHEDULE=@every 24h")
		return cmd
	})
	bare := runLoad(t, "bare slack-go", n, func(fake *fakeslack.Server) *exec.Cmd {
		cmd := exec.Command(self, "-test.run=^$")
		cmd.Env = append(fakeEnv(fake), bareModeEnv+"="+replyFile)
		return cmd
	})
	t.Logf("%-14s %9s %9s %12s %12s %12s  %s", "bot", "rate/s", "p99-ms", "cpu-us/cmd", "peak-MiB", "rss-end-MiB", "rss-MiB at 25/50/75/100%")
	for _, r := range []loadResult{hb, bare} {
		t.Logf("%-14s %9.0f %9.2f %12.1f %12.1f %12.1f %s", r.name, r.rate, r.p99ms, r.cpuPerCmd, r.peakMiB, r.endMiB, r.steady)
	}
	t.Logf("hirebot / bare: rate %.2fx, p99 %.2fx, cpu per command %.2fx, peak RSS %.2fx",
		hb.rate/bare.rate, hb.p99ms/bare.p99ms, hb.cpuPerCmd/bare.cpuPerCmd, hb.peakMiB/bare.peakMiB)
}

// salaryReply is hirebot's ack payload for /salary seattle senior, as the bare bot sends it.
func salaryReply(t *testing.T) []byte {
	c, err := content.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	reply, err := handlers.NewLookups(c, nil).Salary(context.Background(), handlers.Command{Name: "/salary", Text: "seattle senior"})
	if err != nil {
		t.Fatal(err)
	}
	m := reply.Replies[0]
	payload, err := json.Marshal(map[string]any{"response_type": "ephemeral", "text": m.Text, "blocks": m.Blocks, "replace_original": false})
	if err != nil {
		t.Fatal(err)
	}
	return payload
}

func fakeEnv(fake *fakeslack.Server) []string {
	return []string{"SLACK_APP_TOKEN=" + fake.AppToken(), "SLACK_BOT_TOKEN=" + fake.BotToken(),
		"SLACK_API_URL=" + fake.APIURL(), "PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
}

type loadResult struct {
	name                                    string
	rate, p99ms, cpuPerCmd, peakMiB, endMiB float64
	steady                                  string
}

// runLoad starts the bot command makes against a fresh fake, sends n /salary commands with
// loadInFlight in flight and reads the bot's memory and CPU time from /proc.
func runLoad(t *testing.T, name string, n int, command func(*fakeslack.Server) *exec.Cmd) loadResult {
	fake := newFake(t, fakeslack.Options{AckTimeout: time.Minute})
	cmd := command(fake)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Signal(syscall.SIGTERM); _ = cmd.Wait() }()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if err := fake.WaitConnected(ctx); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	pid := cmd.Process.Pid
	cpu0 := cpuTime(t, pid)
	var sent atomic.Int64
	lat := make([]time.Duration, n)
	var wg sync.WaitGroup
	var marks []string
	var markMu sync.Mutex
	start := time.Now()
	for range loadInFlight {
		wg.Go(func() {
			for {
				i := int(sent.Add(1)) - 1
				if i >= n {
					return
				}
				env, err := fake.SlashCommand(ctx, slacktest.Recruiter, slacktest.Hiring, "/salary", "seattle senior")
				if err != nil {
					t.Error(err)
					return
				}
				ack, err := env.WaitAck(ctx)
				if err != nil || len(ack.Payload) == 0 {
					t.Errorf("%s: command %d: ack %v, %d payload bytes", name, i, err, len(ack.Payload))
					return
				}
				lat[i] = ack.At.Sub(env.At)
				if done := i + 1; done%(n/4) == 0 {
					markMu.Lock()
					marks = append(marks, fmt.Sprintf("%.1f", procMiB(t, pid, "VmRSS")))
					markMu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu := cpuTime(t, pid) - cpu0
	time.Sleep(time.Second) // a second idle before the steady-state RSS is read (a measurement, not a wait for work)
	slices.Sort(lat)
	return loadResult{
		name: name, rate: float64(n) / elapsed.Seconds(),
		p99ms:     float64(lat[(n-1)*99/100].Microseconds()) / 1000,
		cpuPerCmd: float64(cpu.Microseconds()) / float64(n),
		peakMiB:   procMiB(t, pid, "VmHWM"), endMiB: procMiB(t, pid, "VmRSS"),
		steady: strings.Join(marks, "/"),
	}
}

// procMiB reads a memory line (VmRSS, VmHWM) of /proc/<pid>/status, in MiB.
func procMiB(t *testing.T, pid int, field string) float64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			if err != nil {
				t.Fatal(err)
			}
			return float64(kb) / 1024
		}
	}
	t.Fatalf("no %s in /proc/%d/status", field, pid)
	return 0
}

// cpuTime is the user plus system CPU time the process has used, from /proc/<pid>/stat.
func cpuTime(t *testing.T, pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		t.Fatal(err)
	}
	// Fields after the command name, which is in parentheses and may hold spaces.
	fields := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+2:]))
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / 100 // clock ticks (USER_HZ = 100)
}
