package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"hirebot/content"
	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
	"hirebot/handlers"
)

// The load test runs hirebot, built as in production, as a child process against the fake Slack
// over loopback, sends it 50,000 /salary commands with 50 in flight and reads its memory from
// /proc; then it does the same with the floor, a bare slack-go bot acking with hirebot's bytes
// (testdata/barebot, built the same way), for 3 rounds, and reports the medians
// of the rounds' ratios against the targets. It is a load command, not a test: it runs only when
// asked for, and it reports rather than fails.
//
//	HIREBOT_LOAD=1 go test -run TestLoadSalaryRSS -v -timeout 30m ./cmd/hirebot
//	HIREBOT_LOAD=1 HIREBOT_LOAD_COMMANDS=10000 HIREBOT_LOAD_ROUNDS=5 go test -run TestLoadSalaryRSS -v ./cmd/hirebot
//	HIREBOT_LOAD=1 HIREBOT_LOAD_MIX=varied go test -run TestLoadSalaryRSS -v ./cmd/hirebot   # many different answers

const loadInFlight = 50

func TestMain(m *testing.M) {
	slacktest.RunIfProcess(runChild)
	// The end-to-end tests spend most of their time waiting on sockets, disk syncs and Slack's
	// Retry-After, not on the CPU.
	slacktest.WidenParallel(8)
	os.Exit(m.Run())
}

func TestLoadSalaryRSS(t *testing.T) {
	if os.Getenv("HIREBOT_LOAD") == "" {
		t.Skip("load command: set HIREBOT_LOAD=1 to run (HIREBOT_LOAD=1 go test -run TestLoadSalaryRSS -v ./cmd/hirebot)")
	}
	n := envInt(t, "HIREBOT_LOAD_COMMANDS", 50_000)
	rounds := envInt(t, "HIREBOT_LOAD_ROUNDS", 3)
	commands := [][2]string{{"/salary", "seattle senior"}}
	if os.Getenv("HIREBOT_LOAD_MIX") == "varied" {
		commands = variedCommands
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "hirebot")
	bareBin := filepath.Join(dir, "barebot")
	// Both built as the Dockerfile builds hirebot.
	for pkg, out := range map[string]string{".": bin, "./testdata/barebot": bareBin} {
		if msg, err := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, pkg).CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", pkg, err, msg)
		}
	}
	replyFile := filepath.Join(dir, "reply.json")
	if err := os.WriteFile(replyFile, salaryReply(t), 0o600); err != nil {
		t.Fatal(err)
	}
	hirebot := func(fake *fakeslack.Server) *exec.Cmd {
		cmd := exec.Command(bin)
		cmd.Env = append(fakeEnv(fake), "HIREBOT_DB="+filepath.Join(dir, "hirebot.db"), "HIREBOT_LOG_LEVEL=warn",
			"HIREBOT_PLAYGROUND_ADDR=127.0.0.1:0", "HIREBOT_REMINDER_SCHEDULE=@every 24h")
		return cmd
	}
	bare := func(fake *fakeslack.Server) *exec.Cmd {
		cmd := exec.Command(bareBin, replyFile)
		cmd.Env = fakeEnv(fake)
		return cmd
	}
	// Side by side: each round runs both, in turns, so that what else the machine does weighs
	// on both alike; the verdict is on the median of the rounds' ratios.
	var ratios [5][]float64 // rate, p99, cpu, peak, steady RSS
	var hbPeak, hbEnd []float64
	t.Logf("%-14s %9s %9s %12s %12s %12s %10s  %s", "bot", "rate/s", "p99-ms", "cpu-us/cmd", "peak-MiB", "rss-end-MiB", "anon/file", "rss-MiB at 25/50/75/100%")
	for round := range rounds {
		var hb, fl loadResult
		if round%2 == 0 {
			hb = runLoad(t, "hirebot", n, commands, hirebot)
			fl = runLoad(t, "bare slack-go", n, commands, bare)
		} else {
			fl = runLoad(t, "bare slack-go", n, commands, bare)
			hb = runLoad(t, "hirebot", n, commands, hirebot)
		}
		for _, r := range []loadResult{hb, fl} {
			t.Logf("%-14s %9.0f %9.2f %12.1f %12.1f %12.1f %4.1f/%4.1f  %s", r.name, r.rate, r.p99ms, r.cpuPerCmd, r.peakMiB, r.endMiB, r.anonMiB, r.fileMiB, r.steady)
		}
		for i, v := range []float64{hb.rate / fl.rate, hb.p99ms / fl.p99ms, hb.cpuPerCmd / fl.cpuPerCmd, hb.peakMiB / fl.peakMiB, hb.endMiB / fl.endMiB} {
			ratios[i] = append(ratios[i], v)
		}
		hbPeak, hbEnd = append(hbPeak, hb.peakMiB), append(hbEnd, hb.endMiB)
	}
	rate, p99, cpu := median(ratios[0]), median(ratios[1]), median(ratios[2])
	peak, end := median(hbPeak), median(hbEnd)
	t.Logf("hirebot / bare, median of %d rounds: rate %.2fx, ack p99 %.2fx, cpu per command %.2fx, peak RSS %.2fx; hirebot peak %.1f MiB, steady %.1f MiB",
		rounds, rate, p99, cpu, median(ratios[3]), peak, end)
	verdict := func(what string, ok bool) string {
		if ok {
			return what + " met"
		}
		return what + " MISSED"
	}
	t.Logf("targets: %s; %s; %s; %s; %s; %s; %s",
		verdict("steady RSS <= 32 MiB", end <= 32), verdict("ack p99 <= 1.2x", p99 <= 1.2),
		verdict("ack p99 <= 1.1x", p99 <= 1.1), verdict("rate >= 0.9x", rate >= 0.9),
		verdict("cpu <= 1.3x", cpu <= 1.3), verdict("peak RSS <= 28 MiB", peak <= 28),
		verdict("steady state flat (end within 10% of peak)", end >= 0.9*peak))
}

// variedCommands is a mix of lookups with answers of different sizes (HIREBOT_LOAD_MIX=varied):
// the record of handled envelopes then keeps many different payloads.
var variedCommands = [][2]string{
	{"/salary", "seattle senior"}, {"/salary", "austin junior"}, {"/salary", "remote mid"}, {"/salary", "san francisco"},
	{"/interview-questions", "python"}, {"/interview-questions", "behavioral"},
	{"/interview-questions", "system design"}, {"/hiring-faq", ""}, {"/hiring-faq", "offer"}, {"/salary", "nowhere"},
}

func envInt(t *testing.T, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("%s=%q: want a positive number", name, v)
	}
	return n
}

func median(xs []float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// salaryReply is hirebot's ack payload for /salary seattle senior, as the bare bot sends it.
func salaryReply(t testing.TB) []byte {
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
	anonMiB, fileMiB                        float64 // of endMiB: heap and stacks, and pages of the binary and libraries
	steady                                  string
}

// runLoad starts the bot command makes against a fresh fake, sends n of commands (in turn) with
// loadInFlight in flight and reads the bot's memory and CPU time from /proc.
func runLoad(t *testing.T, name string, n int, commands [][2]string, command func(*fakeslack.Server) *exec.Cmd) loadResult {
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
				c := commands[i%len(commands)]
				env, err := fake.SlashCommand(ctx, slacktest.Recruiter, slacktest.Hiring, c[0], c[1])
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
		anonMiB: procMiB(t, pid, "RssAnon"), fileMiB: procMiB(t, pid, "RssFile"),
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
