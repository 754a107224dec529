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
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"hirebot/fakeslack/slacktest"
	"hirebot/playground"
)

var updateScreenshot = flag.Bool("update-screenshot", false, "write docs/playground.png from TestPlaygroundInBrowser")

// chromiumNames are the names Chromium and Chrome go by on PATH; debianChromium is where
// Debian installs it, for a PATH without /usr/bin.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless_shell"}

const debianChromium = "/usr/bin/chromium"

// findChromium looks for a Chromium to drive, on PATH first.
func findChromium(lookPath func(string) (string, error)) (string, bool) {
	for _, name := range chromiumNames {
		if path, err := lookPath(name); err == nil {
			return path, true
		}
	}
	if _, err := os.Stat(debianChromium); err == nil {
		return debianChromium, true
	}
	return "", false
}

func TestFindChromium(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		onPath map[string]string
		want   string
	}{
		{"chromium", map[string]string{"chromium": "/opt/bin/chromium", "google-chrome": "/opt/bin/google-chrome"}, "/opt/bin/chromium"},
		{"chrome", map[string]string{"google-chrome": "/opt/bin/google-chrome"}, "/opt/bin/google-chrome"},
		{"headless shell", map[string]string{"headless_shell": "/opt/headless_shell"}, "/opt/headless_shell"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lookPath := func(name string) (string, error) {
				if p, ok := tt.onPath[name]; ok {
					return p, nil
				}
				return "", exec.ErrNotFound
			}
			if got, ok := findChromium(lookPath); !ok || got != tt.want {
				t.Errorf("found %q %v, want %q", got, ok, tt.want)
			}
		})
	}
}

// TestInstallBrowserLooksForTheSameNames: CI's .ci/install-browser skips the install when it
// finds a browser under the names the test looks for, in the same order; a name only one of them
// knows would install Chromium the test never uses, or skip one it needs.
func TestInstallBrowserLooksForTheSameNames(t *testing.T) {
	t.Parallel()
	raw, err := os.ReadFile(filepath.Join("..", "..", ".ci", "install-browser"))
	if err != nil {
		t.Fatal(err)
	}
	want := "for name in " + strings.Join(chromiumNames, " ") + "; do"
	if !strings.Contains(string(raw), want) || !strings.Contains(string(raw), "-x "+debianChromium) {
		t.Errorf(".ci/install-browser does not look for %q and %s:\n%s", want, debianChromium, raw)
	}
}

// requireChromium returns the path of Chromium. Without it the browser tests are skipped on a
// developer's machine, with a line on the terminal so that the skip shows without -v, and fail in
// CI, where .ci/install-browser should have installed it.
func requireChromium(t *testing.T) string {
	t.Helper()
	if path, ok := findChromium(exec.LookPath); ok {
		return path
	}
	msg := "Chromium not found (looked on PATH for " + strings.Join(chromiumNames, ", ") + " and at " + debianChromium +
		"): install it with `apt-get install chromium` (or run .ci/install-browser)"
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	skipNotice(fmt.Sprintf("SKIP %s: %s\n", t.Name(), msg))
	t.Skip(msg)
	return ""
}

// skipNotice writes a skip's line where whoever runs the tests sees it, although go test hides
// what a passing package writes without -v: the terminal, /dev/tty, else standard error.
func skipNotice(line string) {
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		defer tty.Close()
		tty.WriteString(line)
		return
	}
	os.Stderr.WriteString(line)
}

// TestPlaygroundInBrowser runs hirebot as `go run ./cmd/hirebot` does on a machine with no Slack
// tokens, and uses the playground from headless Chromium the way a person would: a command and
// its private answer, a button, a modal with a field error, the DM that saving it sends, and
// the reminders and escalation that the sweep and fast-forward controls bring.
func TestPlaygroundInBrowser(t *testing.T) {
	onceOnly(t)
	t.Parallel() // its own playground and browser; runs beside the tests that mostly wait
	chromium := requireChromium(t)
	base, _ := startPlayground(t, filepath.Join(t.TempDir(), "playground.db"))
	b := newBrowser(t, chromium)
	b.do(chromedp.EmulateViewport(1280, 800), chromedp.Navigate(base+"/?user="+playground.HiringManager+"&channel="+playground.Hiring))
	b.waitText("#conn", "hirebot connected")

	// A mistyped command is answered under the message box, as an answer and not an HTTP
	// error, and the answer goes as soon as the next command is typed.
	b.do(chromedp.SendKeys(chromedp.CSS("#composer-input"), "/salry"+kb.Enter))
	b.waitText("#composer-error", "/salry is not a valid command")
	b.do(chromedp.SendKeys(chromedp.CSS("#composer-input"), kb.Backspace))
	b.waitJS(`document.querySelector("#composer-error").hidden`, "the error to go while typing")
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector("#composer-input").value = ""`)); err != nil {
		t.Fatalf("clear the message box: %v", err)
	}

	// A slash command answers privately, rendered from Block Kit.
	b.do(chromedp.SendKeys(chromedp.CSS("#composer-input"), "/salary seattle"+kb.Enter))
	b.waitText("#messages .msg.ephemeral", "$110,000 - $160,000")
	b.waitText("#messages .msg.ephemeral", "Only visible to you")
	if got := b.text("#messages .msg.ephemeral .sk-header"); got != "Python backend salary · Seattle, WA" {
		t.Errorf("header block shows %q", got)
	}

	// A button: sharing posts the answer for everyone and removes the private copy.
	b.click(`#messages .msg.ephemeral [data-action="share_in_channel"]`)
	b.waitText("#messages .msg:not(.ephemeral)", "Shared by")
	b.waitText("#messages .msg:not(.ephemeral)", "$110,000 - $160,000")
	b.waitJS(`!document.querySelector("#messages .msg.ephemeral")`, "the private copy to go away")

	// What someone else does shows up live, with no action on this page.
	postAPI(t, base+"/api/command", fmt.Sprintf(`{"user":%q,"channel":%q,"text":"Morning all, Jane Doe's technical interview was this morning"}`, playground.Recruiter, playground.Hiring))
	b.waitText("#messages .msg", "Rosa Lindqvist")
	b.waitText("#messages .msg", "Morning all")

	// A modal: a blank candidate and a two-minute interview come back as field errors.
	b.do(chromedp.SendKeys(chromedp.CSS("#composer-input"), "/interview"+kb.Enter))
	b.waitText(".modal h2", "Record an interview")
	b.do(
		chromedp.SetValue(chromedp.CSS(`[data-block="iv_candidate"] input`), "   "),
		chromedp.SetValue(chromedp.CSS(`[data-block="iv_role"] input`), "Senior Python Backend Developer"),
		chromedp.SetValue(chromedp.CSS(`[data-block="iv_stage"] select`), "technical"),
		chromedp.SetValue(chromedp.CSS(`[data-block="iv_duration"] input`), "2"),
	)
	b.click(`[data-block="iv_panel"] input[value="` + playground.Interviewer1 + `"]`)
	b.click(".modal [data-submit]")
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
	)
	b.click(".modal [data-submit]")
	b.do(chromedp.WaitNotPresent(chromedp.CSS(".modal-backdrop")))
	b.waitText("#messages .msg.ephemeral", "Jane Doe")
	b.waitJS(`!!document.querySelector('#sidebar [data-person="`+playground.Interviewer1+`"].unread')`, "Ivan to be marked as having a new DM")
	// At 1280 px, with a "new" badge showing, every person's zone and the tagline show whole.
	b.noClipping("#sidebar .person-tz")
	b.noClipping(".topbar-mid")
	if *updateScreenshot {
		// A key sent over CDP may leave a line break behind in the message box; clear it.
		if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector("#composer-input").value = ""`)); err != nil {
			t.Fatal(err)
		}
		b.screenshot(filepath.Join("..", "..", "docs", "playground.png"))
	}

	// The sweep sends the overdue reminder now.
	b.click("#sweep")
	b.waitText("#toast", "Reminder sweep done: 1 sent")

	b.click(`#sidebar [data-person="` + playground.Interviewer1 + `"]`)
	b.waitText("#acting-name", "Ivan Petrov")
	b.click(`#sidebar a.sb-item[data-conv^="D"]`)
	b.waitText("#messages", "You're on the panel for Jane Doe")
	b.waitText("#messages", "@Hana Okafor")
	b.waitText("#messages", "Your scorecard for Jane Doe")
	b.waitText("#messages", "Reminder 1 of at most 10")

	// The second reminder is a day away; fast-forwarding sends it now, and with it the
	// escalation to the hiring manager. Ivan's DM shows the reminder as it arrives.
	b.click("#fast-forward")
	b.waitText("#toast", "1 escalated to hiring managers")
	b.waitText("#messages", "Reminder 2 of at most 10")

	// As in Slack with hirebot's manifest, the DM with the app has no message box.
	b.waitText("#composer-off", "Sending messages to this app has been turned off.")
	b.waitJS(`document.querySelector("#composer").hidden && !document.querySelector("#messages [data-fill]")`, "the message box to go in the DM")

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
	b.waitJS(`!!document.querySelector('#sidebar [data-person="`+playground.HiringManager+`"].unread')`, "Hana to be marked as having a new DM")
	b.click(`#sidebar [data-person="` + playground.HiringManager + `"]`)
	b.waitText("#messages", "still missing after reminders")
	b.waitText("#messages", "@Ivan Petrov says they didn't attend")

	// A plain message is text, never markup.
	b.click(`#sidebar a.sb-item[data-conv="` + playground.General + `"]`)
	b.waitJS(`!document.querySelector("#composer").hidden`, "the message box in #general")
	b.do(chromedp.SendKeys(chromedp.CSS("#composer-input"), `<img src=x onerror="window.pwned=1"> & <b>not bold</b>`+kb.Enter))
	b.waitText("#messages", `<img src=x onerror="window.pwned=1"> & <b>not bold</b>`)
	if pwned, _ := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`window.pwned === 1 || !!document.querySelector("#messages img")`)); pwned {
		t.Error("a message's text became markup")
	}

	// On a phone the sidebar folds away; its button brings back the person switcher, and the
	// top bar fits.
	b.do(chromedp.EmulateViewport(375, 740))
	b.waitJS(`getComputedStyle(document.querySelector("#sidebar-panel")).visibility === "hidden"`, "the sidebar to fold away")
	b.noOverflow(".topbar")
	b.click("#nav-toggle")
	b.click(`#sidebar [data-person="` + playground.Recruiter + `"]`)
	b.waitText("#acting-name", "Rosa Lindqvist")
	b.waitJS(`!document.body.classList.contains("nav-open")`, "the sidebar to fold away after switching")
	b.noOverflow(".topbar")
	b.checkConsole()
}

// TestPlaygroundHomeAndLifecycleInBrowser follows an interview from the App Home tab to a
// decision in headless Chromium: the hiring manager's Home tab shows who owes what, the
// interviewer submits feedback from their Home tab, the panel-complete DM's Record decision
// button records the decision that /feedback summary then shows, and another interview is
// cancelled from /interview list's overflow menu. The ⚡ menu and a message's menu run shortcuts.
func TestPlaygroundHomeAndLifecycleInBrowser(t *testing.T) {
	onceOnly(t)
	t.Parallel() // its own playground and browser; runs beside the tests that mostly wait
	chromium := requireChromium(t)
	base, _ := startPlayground(t, filepath.Join(t.TempDir(), "playground.db"))
	waitConnected(t, base)
	hm, ivan, priya := playground.HiringManager, playground.Interviewer1, playground.Interviewer2
	recordPastInterview(t, base, "Jane Doe", ivan)
	recordInterview(t, base, "Sam Roe", time.Now().Add(26*time.Hour), priya)

	b := newBrowser(t, chromium)
	b.do(chromedp.EmulateViewport(1280, 800), chromedp.Navigate(base+"/?user="+hm+"&channel="+playground.Hiring))
	b.waitText("#conn", "hirebot connected")

	// Hana's Home tab: nothing owed by her, Jane Doe waiting on Ivan, Sam Roe coming up.
	b.click(`#sidebar a.sb-item[data-conv^="D"]`)
	b.click(`#header [data-tab="home"]`)
	b.waitText(".home-view", "Scorecards you owe")
	b.waitText(".home-view", "Your candidates waiting on feedback")
	b.waitText(".home-view", "Jane Doe")
	b.waitText(".home-view", "Sam Roe")
	b.waitJS(`document.querySelector("#composer").hidden && document.querySelector("#composer-off").hidden`, "no message box on the Home tab")

	// Notification settings opens its form from a Home button; Cancel closes it.
	b.click(`.home-view [data-action="home_notification_settings"]`)
	b.waitText(".modal h2", "Notification settings")
	b.click(".modal [data-close]")
	b.do(chromedp.WaitNotPresent(chromedp.CSS(".modal-backdrop")))

	// Ivan's Home tab (switching people keeps the tab) has Jane Doe's Submit feedback button;
	// it opens the scorecard, and once it is in, the tab is published again, all caught up.
	b.click(`#sidebar [data-person="` + ivan + `"]`)
	b.waitText("#acting-name", "Ivan Petrov")
	b.waitText(".home-view", "Jane Doe")
	b.click(`.home-view [data-action="feedback_open"]`)
	b.waitText(".modal h2", "Scorecard")
	b.click(`[data-block="sc_recommendation"] input[value="hire"]`)
	b.do(
		chromedp.SetValue(chromedp.CSS(`[data-block="sc_strengths"] textarea`), "Clear API design"),
		chromedp.SetValue(chromedp.CSS(`[data-block="sc_concerns"] textarea`), "Light on testing"),
	)
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`(() => { const s = document.querySelectorAll(".modal select"); s.forEach((el) => { el.value = "3"; }); return s.length; })()`)); err != nil {
		t.Fatalf("rate the competencies: %v", err)
	}
	b.click(".modal [data-submit]")
	b.do(chromedp.WaitNotPresent(chromedp.CSS(".modal-backdrop")))
	b.waitText(".home-view", "You're all caught up")

	// The panel is complete: Hana's DM says so, and its Record decision button opens the form.
	b.click(`#sidebar [data-person="` + hm + `"]`)
	b.waitText("#acting-name", "Hana Okafor")
	b.click(`#header [data-tab="messages"]`)
	b.waitText("#messages", "Every scorecard is in for Jane Doe")
	b.click(`#messages [data-action="decision_open"]`)
	b.waitText(".modal h2", "Record decision")
	b.click(`[data-block="dc_outcome"] input[value="hire"]`)
	b.do(chromedp.SetValue(chromedp.CSS(`[data-block="dc_reason"] textarea`), "Unanimous yes"))
	b.click(".modal [data-submit]")
	b.do(chromedp.WaitNotPresent(chromedp.CSS(".modal-backdrop")))
	b.waitText("#messages", "Decision recorded")

	// /feedback summary shows it.
	b.click(`#sidebar a.sb-item[data-conv="` + playground.Hiring + `"]`)
	b.waitJS(`!document.querySelector("#composer").hidden`, "the message box in #hiring")
	b.do(chromedp.SendKeys(chromedp.CSS("#composer-input"), "/feedback summary Jane Doe"+kb.Enter))
	b.waitText("#messages .msg.ephemeral", "Feedback · Jane Doe")
	b.waitText("#messages .msg.ephemeral", "Decision:")
	b.waitText("#messages .msg.ephemeral", "Unanimous yes")

	// /interview list: Sam Roe, upcoming, comes first; its overflow menu cancels it through the
	// cancel form, and Priya, on the panel, is told.
	b.do(chromedp.SendKeys(chromedp.CSS("#composer-input"), "/interview list"+kb.Enter))
	b.waitText("#messages .msg.ephemeral", "Your interviews")
	b.click(`#messages .msg.ephemeral .sk-overflow summary`)
	b.click(`#messages .msg.ephemeral .sk-overflow[open] .sk-menu-item[data-value^="cancel:"]`)
	b.waitText(".modal h2", "Cancel interview")
	b.waitText(".modal", "Sam Roe")
	b.do(chromedp.SetValue(chromedp.CSS(`[data-block="iv_cancel_reason"] textarea`), "The candidate withdrew"))
	b.click(".modal [data-submit]")
	b.do(chromedp.WaitNotPresent(chromedp.CSS(".modal-backdrop")))
	b.click(`#sidebar [data-person="` + priya + `"]`)
	b.waitText("#acting-name", "Priya Nair")
	b.click(`#sidebar a.sb-item[data-conv^="D"]`)
	b.waitText("#messages", "Sam Roe")
	b.waitText("#messages", "was cancelled by")
	b.waitText("#messages", "The candidate withdrew")

	// ⚡ lists the global shortcuts, and stays open while news redraws the page; Draft a job
	// posting opens the posting form.
	b.click(`#sidebar a.sb-item[data-conv="` + playground.Hiring + `"]`)
	b.waitJS(`!document.querySelector("#composer").hidden`, "the message box in #hiring")
	b.click("#shortcuts")
	b.waitText("#shortcut-menu", "Record an interview")
	postAPI(t, base+"/api/command", fmt.Sprintf(`{"user":%q,"channel":%q,"text":"Offer call booked for Friday"}`, playground.Recruiter, playground.Hiring))
	b.waitText("#messages .msg", "Offer call booked for Friday")
	b.waitJS(`!document.querySelector("#shortcut-menu").hidden`, "the ⚡ menu to stay open after the redraw")
	b.click(`#shortcut-menu [data-global-shortcut="draft_job_posting"]`)
	b.waitText(".modal h2", "job posting")
	b.click(".modal [data-close]")
	b.do(chromedp.WaitNotPresent(chromedp.CSS(".modal-backdrop")))

	// A message's "More actions" menu: Add to candidate notes starts from the message's text.
	b.do(chromedp.SendKeys(chromedp.CSS("#composer-input"), "Jane asked about the on-call rota"+kb.Enter))
	b.waitText("#messages .msg:not(.ephemeral)", "Jane asked about the on-call rota")
	b.click(`#messages .msg:not(.ephemeral):last-child .msg-more summary`)
	b.click(`#messages .msg-more[open] [data-shortcut="add_candidate_note"]`)
	b.waitText(".modal h2", "Candidate notes")
	if got := b.value(`[data-block="cn_body"] textarea`); got != "Jane asked about the on-call rota" {
		t.Errorf("the note form starts from %q", got)
	}
	b.click(".modal [data-close]")
	b.do(chromedp.WaitNotPresent(chromedp.CSS(".modal-backdrop")))
	b.checkConsole()
}

// TestPlaygroundKeepsHistory restarts the playground on the same database: the conversations
// are still there, where new reminders will land.
func TestPlaygroundKeepsHistory(t *testing.T) {
	onceOnly(t)
	t.Parallel()
	db := filepath.Join(t.TempDir(), "playground.db")
	base, stop := startPlayground(t, db)
	postAPI(t, base+"/api/command", fmt.Sprintf(`{"user":%q,"channel":%q,"text":"Remember me"}`, playground.Recruiter, playground.Hiring))
	if !strings.Contains(playgroundState(t, base, playground.Recruiter, playground.Hiring), "Remember me") {
		t.Fatal("the message is not in #hiring")
	}
	waitConnected(t, base) // stopping hirebot while it opens its database is another test's matter
	if err := stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}

	base, _ = startPlayground(t, db)
	if !strings.Contains(playgroundState(t, base, playground.HiringManager, playground.Hiring), "Remember me") {
		t.Error("after a restart #hiring is empty")
	}
	waitConnected(t, base)
}

// TestPlaygroundFastForwardEscalates walks the whole reminder story from the playground's API
// with the default settings, where the second reminder is a day after the first: an interview
// that ended hours ago, then "Fast-forward to the next reminder" twice brings the first
// reminder, the second and the hiring manager's escalation.
func TestPlaygroundFastForwardEscalates(t *testing.T) {
	t.Parallel()
	base, _ := startPlayground(t, filepath.Join(t.TempDir(), "playground.db"))
	waitConnected(t, base)
	hm := playground.HiringManager
	recordPastInterview(t, base, "Jane Doe", playground.Interviewer1)

	first := postAnswer(t, base+"/api/fast-forward", fmt.Sprintf(`{"user":%q}`, hm))
	if !strings.Contains(first, "Next reminder: Ivan Petrov about Jane Doe") || !strings.Contains(first, "(in 24 h)") {
		t.Errorf("after the first fast-forward the notice is %s, want the next reminder a day later", first)
	}
	ivanDM := personDM(t, base, playground.Interviewer1)
	waitState(t, base, playground.Interviewer1, ivanDM, "Reminder 1 of at most 10")

	postAnswer(t, base+"/api/fast-forward", fmt.Sprintf(`{"user":%q}`, hm))
	waitState(t, base, playground.Interviewer1, ivanDM, "Reminder 2 of at most 10")
	waitState(t, base, hm, personDM(t, base, hm), "still missing after reminders")
}

// recordPastInterview records, through the playground as the hiring manager, an interview
// with candidate that ended a couple of hours ago, so its feedback is overdue.
func recordPastInterview(t *testing.T, base, candidate string, panel ...string) {
	t.Helper()
	recordInterview(t, base, candidate, time.Now().Add(-3*time.Hour), panel...)
}

// recordInterview records, through the playground as the hiring manager, a 45-minute technical
// interview with candidate starting at start.
func recordInterview(t *testing.T, base, candidate string, start time.Time, panel ...string) {
	t.Helper()
	hm := playground.HiringManager
	postAPI(t, base+"/api/command", fmt.Sprintf(`{"user":%q,"channel":%q,"text":"/interview"}`, hm, playground.Hiring))
	var view string
	waitFor(t, "the interview form", func() bool {
		var st struct {
			View *struct{ ID string } `json:"view"`
		}
		if err := json.Unmarshal([]byte(playgroundState(t, base, hm, playground.Hiring)), &st); err != nil {
			t.Fatal(err)
		}
		if st.View != nil {
			view = st.View.ID
		}
		return view != ""
	})
	la, err := time.LoadLocation("America/Los_Angeles") // Hana picks times in her own zone
	if err != nil {
		t.Fatal(err)
	}
	one := func(v ...string) map[string][]string { return map[string][]string{"value": v} }
	values := map[string]map[string][]string{
		"iv_candidate": one(candidate),
		"iv_role":      one("Senior Python Backend Developer"),
		"iv_stage":     one("technical"),
		"iv_panel":     one(panel...),
		"iv_manager":   one(hm),
		"iv_start":     one(start.In(la).Format("2006-01-02T15:04")),
		"iv_duration":  one("45"),
	}
	body, _ := json.Marshal(map[string]any{"user": hm, "view": view, "values": values})
	if ans := postAnswer(t, base+"/api/submit", string(body)); !strings.Contains(ans, `"ok":true`) {
		t.Fatalf("recording the interview: %s", ans)
	}
}

// personDM is the id of a person's direct message with the bot.
func personDM(t *testing.T, base, user string) string {
	t.Helper()
	var st struct {
		User struct{ DM string } `json:"user"`
	}
	if err := json.Unmarshal([]byte(playgroundState(t, base, user, playground.General)), &st); err != nil || st.User.DM == "" {
		t.Fatalf("no DM with the bot for %s: %v", user, err)
	}
	return st.User.DM
}

// waitState waits until what user sees in channel contains want: the bot may deliver a
// message after the action that caused it has been answered.
func waitState(t *testing.T, base, user, channel, want string) {
	t.Helper()
	waitFor(t, fmt.Sprintf("%q in %s's view of %s", want, user, channel), func() bool {
		return strings.Contains(playgroundState(t, base, user, channel), want)
	})
}

// waitFor polls cond until it holds, failing the test after 15 seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-ctx.Done():
			t.Fatalf("waited for %s", what)
		case <-tick.C:
		}
	}
}

// postAnswer calls the playground's API like postAPI and returns the answer's body.
func postAnswer(t *testing.T, url, body string) string {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	ans, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("POST %s: %s %s %v", url, resp.Status, ans, err)
	}
	return string(ans)
}

// waitConnected waits until hirebot is connected to the playground's Slack.
func waitConnected(t *testing.T, base string) {
	t.Helper()
	waitFor(t, "hirebot to connect to the playground", func() bool {
		return strings.Contains(playgroundState(t, base, playground.Recruiter, playground.Hiring), `"connected":true`)
	})
}

// playgroundState is what a person's page shows in a conversation, as the state's JSON.
func playgroundState(t *testing.T, base, user, channel string) string {
	t.Helper()
	resp, err := http.Get(base + "/api/state?user=" + user + "&channel=" + channel)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("state: %s %v", resp.Status, err)
	}
	return string(body)
}

// startPlayground runs hirebot with no Slack tokens, on a free port and the database db, and
// returns the address it prints and a function that stops it (also called at cleanup).
func startPlayground(t *testing.T, db string) (string, func() error) {
	t.Helper()
	env := map[string]string{
		"HIREBOT_DB":              db,
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
		return u, stop
	case <-time.After(15 * time.Second):
		t.Fatalf("the playground printed no address\nlogs:\n%s", logs.String())
	}
	return "", stop
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

func newBrowser(t *testing.T, chromium string) *browser {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 800),
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

// clickTarget is a page function that finds the element to click: present, visible, the same
// node in the same place as at the previous poll (one animation frame earlier), and on top at its
// centre. It then arms a listener that records whether the next click lands in an element
// matching the selector, and returns the centre.
const clickTarget = `(sel, token) => {
  const el = document.querySelector(sel);
  const prev = window.__clickPrev;
  window.__clickPrev = null;
  if (!el || !el.isConnected) return null;
  el.scrollIntoView({ block: "nearest", inline: "nearest" });
  const r = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  if (r.width === 0 || r.height === 0 || style.visibility === "hidden" || style.pointerEvents === "none") return null;
  const box = [r.x, r.y, r.width, r.height].join();
  window.__clickPrev = { el, box };
  if (!prev || prev.el !== el || prev.box !== box) return null;
  const x = r.x + r.width / 2, y = r.y + r.height / 2;
  const top = document.elementFromPoint(x, y);
  if (!top || !el.contains(top)) return null;
  window.__clickToken = token;
  window.__clickHit = null;
  window.addEventListener("click", (ev) => {
    if (window.__clickToken === token) window.__clickHit = !!ev.target.closest(sel);
  }, { capture: true, once: true });
  return { x, y };
}`

// click clicks an element with the mouse once it is visible, attached and still. The page
// redraws a part only when it changed, but the element may still be replaced between finding
// it and clicking it; then the click misses it and is tried again on the element found anew,
// until the test's deadline.
func (b *browser) click(selector string) {
	b.t.Helper()
	for attempt := 1; ; attempt++ {
		token := fmt.Sprint(attempt)
		at, err := chromedp.Run(b.ctx, chromedp.PollFunction[struct{ X, Y float64 }](clickTarget,
			chromedp.WithPollingArgs(selector, token), chromedp.WithPollingTimeout(0)))
		if err != nil {
			b.fatalf("click %s: waited for it to be visible and still: %v", selector, err)
		}
		if err := chromedp.Do(b.ctx, chromedp.MouseClickXY(at.X, at.Y)); err != nil {
			b.fatalf("click %s: %v", selector, err)
		}
		// Input.dispatchMouseEvent returns once the page has handled the click, if there was
		// one: a press and a release on different nodes (one replaced in between) make none.
		hit, err := chromedp.Run(b.ctx, chromedp.Evaluate[*bool](fmt.Sprintf(`window.__clickToken === %q ? window.__clickHit : false`, token)))
		if err != nil {
			b.fatalf("click %s: %v", selector, err)
		}
		if hit != nil && *hit {
			return
		}
		b.t.Logf("click %s: attempt %d missed (the element was redrawn); trying again", selector, attempt)
	}
}

// noOverflow fails the test if an element's content is wider than the element.
func (b *browser) noOverflow(selector string) {
	b.t.Helper()
	sel, _ := json.Marshal(selector)
	widths, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]int](fmt.Sprintf(`(() => { const el = document.querySelector(%s); return [el.scrollWidth, el.clientWidth]; })()`, sel)))
	if err != nil {
		b.t.Fatalf("width of %s: %v", selector, err)
	}
	if widths[0] > widths[1] {
		b.t.Errorf("%s overflows: its content is %dpx wide in %dpx", selector, widths[0], widths[1])
	}
}

// noClipping fails the test for each element matching selector whose text is cut: wider or
// taller than the element shows (an ellipsis, a line clamp).
func (b *browser) noClipping(selector string) {
	b.t.Helper()
	sel, _ := json.Marshal(selector)
	clipped, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]string](fmt.Sprintf(`[...document.querySelectorAll(%s)]
		.filter(el => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
		.map(el => el.textContent + " (" + el.scrollWidth + "x" + el.scrollHeight + " in " + el.clientWidth + "x" + el.clientHeight + ")")`, sel)))
	if err != nil {
		b.t.Fatalf("clipping of %s: %v", selector, err)
	}
	for _, c := range clipped {
		b.t.Errorf("%s is cut: %s", selector, c)
	}
	if n, _ := chromedp.Run(b.ctx, chromedp.Evaluate[int](fmt.Sprintf(`document.querySelectorAll(%s).length`, sel))); n == 0 {
		b.t.Errorf("no %s on the page to check", selector)
	}
}

// fatalf fails the test with what the page shows.
func (b *browser) fatalf(format string, args ...any) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(context.WithoutCancel(b.ctx), 5*time.Second)
	defer cancel()
	body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	b.t.Fatalf(format+"\npage text:\n%s", append(args, body)...)
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

// checkConsole fails the test on script errors, on anything the page's security policy
// blocked and on failed requests: the API answers what a person got wrong with 200, so an
// error status is a real failure.
func (b *browser) checkConsole() {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, m := range b.console {
		b.t.Errorf("browser console: %s", m)
	}
}
