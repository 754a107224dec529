package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hirebot/content"
	"hirebot/fakeslack"
	"hirebot/fakeslack/slacktest"
)

func runArgs(t *testing.T, env map[string]string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(t.Context(), args, func(k string) string { return env[k] }, &out, io.Discard)
	return out.String(), err
}

// startUpError runs hirebot as `run` does with tokens, a new database and a Slack that does not
// answer, with settings added (or overriding those), and returns why it stopped: for settings
// that must stop start-up before anything connects.
func startUpError(t *testing.T, settings map[string]string) error {
	t.Helper()
	env := map[string]string{"SLACK_APP_TOKEN": "xapp-1", "SLACK_BOT_TOKEN": "xoxb-1",
		"HIREBOT_DB": filepath.Join(t.TempDir(), "hirebot.db"), "SLACK_API_URL": "http://127.0.0.1:1/api/"}
	for k, v := range settings {
		env[k] = v
	}
	_, err := runArgs(t, env)
	return err
}

func TestContentInitThenCheck(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "content")
	out, err := runArgs(t, nil, "content", "init", dir)
	if err != nil {
		t.Fatalf("content init: %v", err)
	}
	mustContain(t, out, "wrote "+filepath.Join(dir, "posting.json"))
	out, err = runArgs(t, nil, "content", "check", dir)
	if err != nil || !strings.Contains(out, "the content is valid") {
		t.Errorf("content check of a fresh pack = %q, %v", out, err)
	}
	if _, err := runArgs(t, nil, "content", "init", dir); err == nil || !strings.Contains(err.Error(), "is not empty") {
		t.Errorf("content init over a pack = %v, want a refusal", err)
	}
	out, err = runArgs(t, map[string]string{"HIREBOT_CONTENT_DIR": dir}, "content", "check")
	if err != nil || !strings.Contains(out, "the content is valid") {
		t.Errorf("content check of HIREBOT_CONTENT_DIR = %q, %v", out, err)
	}
}

func TestContentCheckListsEveryProblem(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeContent(t, dir, "salary.csv", "role,level,location,min,max,currency,source,effective_date\n"+
		"Dev,,Austin,lots,150000,USD,Radford,2026-03-01\n"+
		"Dev,,Denver,100000,150000,EUR,Radford,2026-03-01\n")
	writeContent(t, dir, "posting.json", `{"title": ""}`)
	out, err := runArgs(t, nil, "content", "check", dir)
	if err == nil || err.Error() != "content check: 3 problems in "+dir || exitCode(err) != 1 {
		t.Errorf("content check error = %v, want 3 problems and exit 1", err)
	}
	for _, want := range []string{
		filepath.Join(dir, "posting.json") + ": title: must not be empty",
		filepath.Join(dir, "salary.csv") + `: line 2: min: "lots" is not a whole number of dollars above zero`,
		filepath.Join(dir, "salary.csv") + `: line 3: currency: "EUR": only USD is supported`,
	} {
		mustContain(t, out, want)
	}
}

func TestContentCommandUsage(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"content"}, {"content", "init"}, {"content", "check"}, {"content", "lint", "x"}} {
		if _, err := runArgs(t, nil, args...); err == nil || !strings.Contains(err.Error(), "hirebot content check") {
			t.Errorf("hirebot %s = %v, want the content usage", strings.Join(args, " "), err)
		}
	}
}

func writeContent(t *testing.T, dir, name, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestBadSalaryCSVStopsStartUp(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeContent(t, dir, content.SalaryCSVFile, "role,level,location,min,max,currency,source,effective_date\n"+
		"Dev,,Austin,100000,150000,USD,Radford,2026-03-01\n"+
		"Dev,,Denver,100000,90000,USD,Radford,2026-03-01\n")
	err := startUpError(t, map[string]string{"HIREBOT_CONTENT_DIR": dir})
	want := filepath.Join(dir, "salary.csv") + ": line 3: max: $90,000 is below min ($100,000)"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("run with a bad salary.csv = %v, want %q", err, want)
	}
}

// TestSalaryCSVReachesTheBot starts the bot on a content folder whose salary.csv changes
// Austin's band, and asks /salary for it.
func TestSalaryCSVReachesTheBot(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeContent(t, dir, content.SalaryCSVFile, "role,level,location,min,max,currency,source,effective_date\n"+
		"Python Backend Developer,,Austin,101000,151000,USD,Radford,2026-03-01\n"+
		"Python Backend Developer,,Remote (US),99000,149000,USD,Radford,2026-03-01\n")
	fake := newFake(t, fakeslack.Options{})
	h := startBot(t, fake, map[string]string{"HIREBOT_CONTENT_DIR": dir})
	got := texts(t, h.Command(slacktest.HiringManager, slacktest.Hiring, "/salary", "austin"))
	mustContain(t, got, "$101,000")
	mustContain(t, got, "$151,000")
}

// TestAnAddedRoleReachesTheBot starts the bot on a content folder with a second role and asks
// /salary for each, then without a role word.
func TestAnAddedRoleReachesTheBot(t *testing.T) {
	t.Parallel()
	fake := newFake(t, fakeslack.Options{})
	h := startBot(t, fake, map[string]string{"HIREBOT_CONTENT_DIR": filepath.Join("..", "..", "content", "testdata", "two-roles")})
	frontend := h.Command(slacktest.HiringManager, slacktest.Hiring, "/salary", "frontend seattle")
	mustContain(t, texts(t, frontend), "Frontend Developer salary", "$105,000 - $150,000")

	// Shared in the channel, it is the frontend answer still.
	cursor := fake.Cursor()
	h.Click(slacktest.HiringManager, frontend, "share_in_channel")
	public, err := fake.WaitMessageAfter(h.Ctx(), cursor, func(m fakeslack.Message) bool {
		return m.Channel == slacktest.Hiring && !m.Ephemeral && !m.Deleted
	})
	if err != nil {
		t.Fatalf("no public message: %v", err)
	}
	mustContain(t, texts(t, public), "$105,000 - $150,000", "/salary frontend seattle")

	// A first visit's Home tab lists the roles and their words.
	mustContain(t, texts(t, fakeslack.Message{Blocks: h.openHome(slacktest.Recruiter).Blocks}),
		"2 roles", "*Frontend Developer*: `frontend`, `fe`")
	mustContain(t, texts(t, h.Command(slacktest.HiringManager, slacktest.Hiring, "/salary", "backend seattle")),
		"$110,000 - $160,000", "Tech hub premium")
	mustContain(t, texts(t, h.Command(slacktest.HiringManager, slacktest.Hiring, "/salary", "seattle")),
		"Which role?", "`frontend`", "/salary frontend seattle")

	// A posting for the added role takes its figures, not the guide's.
	form := h.openPostingForm(slacktest.HiringManager)
	mustContain(t, postingViewText(t, form), "Role", "Frontend Developer", "Python Backend Developer")
	preview := h.writePostingDraft(slacktest.HiringManager, postingForm{role: "frontend", title: "Frontend Developer",
		company: "Acme Analytics", level: "mid", industry: "fintech", setting: "startup", location: "seattle"})
	got := postingViewText(t, preview)
	mustContain(t, got, "Frontend Developer", "$105,000 - $150,000")
	if strings.Contains(got, "$110,000") {
		t.Errorf("the frontend posting shows the guide's Seattle band:\n%s", got)
	}
}

// TestARoleFolderWithABadRowStopsStartUp names the role's file and row.
func TestARoleFolderWithABadRowStopsStartUp(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	role := filepath.Join(dir, content.RolesDir, "frontend")
	if err := os.MkdirAll(role, 0o755); err != nil {
		t.Fatal(err)
	}
	writeContent(t, role, content.RoleFile, `{"name": "Frontend Developer"}`)
	writeContent(t, role, content.SalaryCSVFile, "role,level,location,min,max,currency,source,effective_date\n"+
		"Frontend Developer,,national,95000,140000,USD,Survey,2026-10-01\n"+
		"Frontend Developer,,Austin,90000,abc,USD,Survey,2026-10-01\n")
	err := startUpError(t, map[string]string{"HIREBOT_CONTENT_DIR": dir})
	want := filepath.Join(role, "salary.csv") + ": line 3: max:"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("run with a bad row in a role's salary.csv = %v, want %q", err, want)
	}
}
