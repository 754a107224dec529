package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

var updateScreenshot = flag.Bool("update-screenshot", false, "write docs/playground.png from TestPlaygroundInBrowser")

// chromiumPath is Debian's Chromium. Without it the browser test is skipped on a developer's
// machine and fails in CI, where .ci/install-browser should have installed it.
const chromiumPath = "/usr/bin/chromium"

func requireChromium(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err == nil {
		return
	}
	msg := "Chromium is not installed at " + chromiumPath + ": install it with `apt-get install chromium` (or run .ci/install-browser)"
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// TestPlaygroundInBrowser runs hirebot as `go run ./cmd/hirebot` does on a machine with no Slack
// tokens, and uses the playground from headless Chromium the way a person would: a command and
// its private answer, a button, a modal with a field error, and the DM that saving it sends.
func TestPlaygroundInBrowser(t *testing.T) {
	requireChromium(t)
	base := startPlayground(t)
	b := newBrowser(t)
	b.do(chromedp.EmulateViewport(1280, 800), chromedp.Navigate(base+"/?user="+fakeslack.HiringManager+"&channel="+fakeslack.Hiring))
	b.waitText("#conn", "hirebot connected")

	// A slash command answers privately, rendered from Block Kit.
	b.do(chromedp.SendKeys(chromedp.CSS("#composer-input"), "/salary seattle"+kb.Enter))
	b.waitText("#messages .msg.ephemeral", "$110,000 - $160,000")
	b.waitText("#messages .msg.ephemeral", "Only visible to you")
	if got := b.text("#messages .msg.ephemeral .sk-header"); got != "Python backend salary · Seattle, WA" {
		t.Errorf("header block shows %q", got)
	}
	if *updateScreenshot {
		b.screenshot(filepath.Join("..", "..", "docs", "playground.png"))
	}

	// A button: sharing posts the answer for everyone and removes the private copy.
	b.click(`#messages .msg.ephemeral [data-action="share_in_channel"]`)
	b.waitText("#messages .msg:not(.ephemeral)", "Shared by")
	b.waitText("#messages .msg:not(.ephemeral)", "$110,000 - $160,000")
	b.waitJS(`!document.querySelector("#messages .msg.ephemeral")`, "the private copy to go away")

	// What someone else does shows up live, with no action on this page.
	postAPI(t, base+"/api/command", fmt.Sprintf(`{"user":%q,"channel":%q,"text":"Morning all"}`, fakeslack.Recruiter, fakeslack.Hiring))
	b.waitText("#messages .msg", "Rosa Lindqvist")
	b.waitText("#messages .msg", "Morning all")

	// A plain message is text, never markup.
	b.do(chromedp.SendKeys(chromedp.CSS("#composer-input"), `<img src=x onerror="window.pwned=1"> & <b>not bold</b>`+kb.Enter))
	b.waitText("#messages", `<img src=x onerror="window.pwned=1"> & <b>not bold</b>`)
	if pwned, _ := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`window.pwned === 1 || !!document.querySelector("#messages img")`)); pwned {
		t.Error("a message's text became markup")
	}

	// A modal: a blank candidate and a two-minute interview come back as field errors.
	b.do(chromedp.SendKeys(chromedp.CSS("#composer-input"), "/interview"+kb.Enter))
	b.waitText(".modal h2", "Record an interview")
	b.do(
		chromedp.SetValue(chromedp.CSS(`[data-block="iv_candidate"] input`), "   "),
		chromedp.SetValue(chromedp.CSS(`[data-block="iv_role"] input`), "Senior Python Backend Developer"),
		chromedp.SetValue(chromedp.CSS(`[data-block="iv_stage"] select`), "technical"),
		chromedp.Click(chromedp.CSS(`[data-block="iv_panel"] input[value="`+fakeslack.Interviewer1+`"]`)),
		chromedp.SetValue(chromedp.CSS(`[data-block="iv_duration"] input`), "2"),
		chromedp.Click(chromedp.CSS(".modal [data-submit]")),
	)
	b.waitText(`[data-block="iv_candidate"].has-error .sk-field-error`, "Enter the candidate's name.")
	b.waitText(`[data-block="iv_duration"].has-error .sk-field-error`, "whole minutes")
	if role := b.value(`[data-block="iv_role"] input`); role != "Senior Python Backend Developer" {
		t.Errorf("after the errors the role field holds %q", role)
	}

	// Fixed (and moved to three hours ago), it saves; the interviewer finds the heads-up in their
	// DM with the bot.
	la, err := time.LoadLocation("America/Los_Angeles") // Hana picks times in her own zone
	if err != nil {
		t.Fatal(err)
	}
	b.do(
		chromedp.SetValue(chromedp.CSS(`[data-block="iv_candidate"] input`), "Jane Doe"),
		chromedp.SetValue(chromedp.CSS(`[data-block="iv_duration"] input`), "45"),
		chromedp.SetValue(chromedp.CSS(`[data-block="iv_start"] input`), time.Now().Add(-3*time.Hour).In(la).Format("2006-01-02T15:04")),
		chromedp.Click(chromedp.CSS(".modal [data-submit]")),
		chromedp.WaitNotPresent(chromedp.CSS(".modal-backdrop")),
	)
	b.waitText("#messages .msg.ephemeral", "Jane Doe")
	b.waitJS(`!!document.querySelector('#sidebar [data-person="`+fakeslack.Interviewer1+`"].unread')`, "Ivan to be marked as having a new DM")

	// The sweep sends the overdue reminder now.
	b.click("#sweep")
	b.waitText("#toast", "Reminder sweep done: 1 sent")

	b.click(`#sidebar [data-person="` + fakeslack.Interviewer1 + `"]`)
	b.waitText("#acting-name", "Ivan Petrov")
	b.click(`#sidebar a.sb-item[data-conv^="D"]`)
	b.waitText("#messages", "You're on the panel for Jane Doe")
	b.waitText("#messages", "@Hana Okafor")
	b.waitText("#messages", "Your scorecard for Jane Doe")

	// A button with a confirm dialog asks first; confirmed, the bot takes Ivan off the panel
	// and tells Hana, whose DM shows it.
	b.click(`#messages [data-action="reminder_not_attended"]`)
	b.waitText("#confirm", "Leave the panel?")
	b.click("#confirm-no")
	b.waitJS(`document.querySelector("#confirm").hidden`, "the confirm dialog to close")
	b.click(`#messages [data-action="reminder_not_attended"]`)
	b.waitText("#confirm-yes", "Yes, I didn't attend")
	b.click("#confirm-yes")
	b.waitText("#messages", "you're off the panel for Jane Doe")
	b.waitJS(`!!document.querySelector('#sidebar [data-person="`+fakeslack.HiringManager+`"].unread')`, "Hana to be marked as having a new DM")
	b.click(`#sidebar [data-person="` + fakeslack.HiringManager + `"]`)
	b.waitText("#messages", "@Ivan Petrov says they didn't attend")
	b.checkConsole()
}

// startPlayground runs hirebot with no Slack tokens, on a free port and a temporary database,
// and returns the address it prints.
func startPlayground(t *testing.T) string {
	t.Helper()
	env := map[string]string{
		"HIREBOT_DB":              filepath.Join(t.TempDir(), "playground.db"),
		"HIREBOT_PLAYGROUND_ADDR": "127.0.0.1:0",
		"HIREBOT_LOG_LEVEL":       "debug",
	}
	logs := &slacktest.Logs{}
	out, stdout := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		err := run(ctx, nil, func(k string) string { return env[k] }, stdout, logs)
		stdout.Close()
		done <- err
	}()
	var once sync.Once
	var runErr error
	stop := func() error {
		once.Do(func() { cancel(); runErr = <-done })
		return runErr
	}
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Errorf("hirebot stopped with an error: %v", err)
		}
		if t.Failed() {
			t.Logf("hirebot logs:\n%s", logs.String())
		}
	})
	urls := make(chan string, 1)
	go func() {
		announce := regexp.MustCompile(`^hirebot playground: open (http://\S+) \(no Slack workspace needed\)$`)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := announce.FindStringSubmatch(sc.Text()); m != nil {
				urls <- m[1]
			}
		}
		_, _ = io.Copy(io.Discard, out)
	}()
	select {
	case u := <-urls:
		return u
	case <-time.After(15 * time.Second):
		t.Fatalf("the playground printed no address\nlogs:\n%s", logs.String())
	}
	return ""
}

// postAPI calls the playground's API from outside the page, as another browser would.
func postAPI(t *testing.T, url, body string) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(resp.Body)
		t.Fatalf("POST %s: %s %s", url, resp.Status, msg)
	}
}

// browser is a headless Chromium tab with helpers that fail the test.
type browser struct {
	t       *testing.T
	ctx     context.Context
	mu      sync.Mutex
	console []string
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 800),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, tcancel := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { tcancel(); cancel(); acancel() })
	b := &browser{t: t, ctx: ctx}
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.IsException() || m.Type == chromedp.ConsoleError {
				b.mu.Lock()
				b.console = append(b.console, m.String())
				b.mu.Unlock()
			}
		}
	}()
	return b
}

func (b *browser) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

// waitJS waits until a JavaScript expression is true.
func (b *browser) waitJS(expr, what string) {
	b.t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		body, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.body.innerText`))
		b.t.Fatalf("waited for %s: %v\npage text:\n%s", what, err, body)
	}
}

// waitText waits until some element matching a CSS selector shows text containing want.
func (b *browser) waitText(selector, want string) {
	b.t.Helper()
	sel, _ := json.Marshal(selector)
	w, _ := json.Marshal(want)
	b.waitJS(fmt.Sprintf(`Array.from(document.querySelectorAll(%s)).some((el) => el.innerText.includes(%s))`, sel, w),
		fmt.Sprintf("%q in %s", want, selector))
}

// text is the text of the first element matching a CSS selector, read in one step so that a
// redraw cannot come between finding the element and reading it.
func (b *browser) text(selector string) string {
	b.t.Helper()
	return strings.TrimSpace(b.eval(selector, "innerText"))
}

// value is what the first form control matching a CSS selector holds.
func (b *browser) value(selector string) string {
	b.t.Helper()
	return b.eval(selector, "value")
}

func (b *browser) eval(selector, property string) string {
	b.t.Helper()
	sel, _ := json.Marshal(selector)
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%s) || {})[%q] || ""`, sel, property)))
	if err != nil {
		b.t.Fatalf("%s of %s: %v", property, selector, err)
	}
	return s
}

// click clicks an element with the mouse. The page redraws a part only when it changed, but
// one may still change between finding the element and clicking it, so a click is tried again.
func (b *browser) click(selector string) {
	b.t.Helper()
	var err error
	for range 3 {
		if err = chromedp.Do(b.ctx, chromedp.Click(chromedp.CSS(selector), chromedp.NodeVisible)); err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	b.t.Fatalf("click %s: %v", selector, err)
}

// screenshot writes what the viewport shows as a PNG.
func (b *browser) screenshot(path string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatalf("write screenshot: %v", err)
	}
	b.t.Logf("wrote %s", path)
}

// checkConsole fails the test on script errors and on anything the page's security policy
// blocked; failed requests are the API answering an error on purpose.
func (b *browser) checkConsole() {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, m := range b.console {
		if !strings.Contains(m, "Failed to load resource") {
			b.t.Errorf("browser console: %s", m)
		}
	}
}
