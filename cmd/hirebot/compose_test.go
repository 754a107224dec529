package main

import (
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"hirebot/data"
)

// composeFile is the example deployment of two replicas on PostgreSQL (see README.md).
const composeFile = "../../compose.yaml"

var (
	// settingName is any HIREBOT_ or SLACK_ variable named anywhere in the file.
	settingName = regexp.MustCompile(`\b(?:HIREBOT|SLACK)_[A-Z0-9_]+\b`)
	// composeEntry is a "NAME: value" line of an environment map.
	composeEntry = regexp.MustCompile(`(?m)^\s+([A-Z][A-Z0-9_]*):[ \t]*(.*?)[ \t]*$`)
)

// composeValues lists the values the file gives the environment variable name, in order.
func composeValues(text, name string) []string {
	var out []string
	for _, m := range composeEntry.FindAllStringSubmatch(text, -1) {
		if m[1] == name {
			out = append(out, strings.Trim(m[2], `"'`))
		}
	}
	return out
}

// TestComposeFileUsesRealSettings reads compose.yaml as text, since Docker Compose is not at hand
// in the tests: it checks the names and values a renamed setting or a typo would break, not the
// YAML's structure (`docker compose config` checks that where Docker is installed).
func TestComposeFileUsesRealSettings(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(composeFile)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)

	known := map[string]bool{}
	for _, s := range settings {
		known[s.env] = true
	}
	names := settingName.FindAllString(text, -1)
	if len(names) == 0 {
		t.Fatal("compose.yaml names no HIREBOT_ or SLACK_ variable")
	}
	for _, name := range names {
		if !known[name] {
			t.Errorf("compose.yaml names %s, which is not a setting hirebot reads (config.go)", name)
		}
	}

	replicas := composeValues(text, "HIREBOT_REPLICA_ID")
	if len(replicas) != 2 || replicas[0] == replicas[1] || replicas[0] == "" {
		t.Errorf("HIREBOT_REPLICA_ID values %q, want two replicas with distinct ids", replicas)
	}
	for _, name := range []string{"SLACK_APP_TOKEN", "SLACK_BOT_TOKEN", "HIREBOT_DB", "HIREBOT_HTTP_ADDR"} {
		if got := composeValues(text, name); len(got) != len(replicas) {
			t.Errorf("%s is set %d times, want once per replica (%d)", name, len(got), len(replicas))
		}
	}
	for _, name := range []string{"SLACK_APP_TOKEN", "SLACK_BOT_TOKEN"} {
		for _, v := range composeValues(text, name) {
			// ${NAME:?message}: Compose refuses to start without the token, rather than hirebot
			// starting its playground.
			if !strings.HasPrefix(v, "${"+name+":?") {
				t.Errorf("%s: %s, want it passed through from the environment as ${%s:?…}", name, v, name)
			}
		}
	}
	if n := strings.Count(text, "condition: service_healthy"); n != len(replicas) {
		t.Errorf("%d replicas wait for a healthy database, want %d", n, len(replicas))
	}

	// Every replica's database is the postgres service, with the user, password and database it creates.
	user, password, db := composeValues(text, "POSTGRES_USER"), composeValues(text, "POSTGRES_PASSWORD"), composeValues(text, "POSTGRES_DB")
	if len(user) != 1 || len(password) != 1 || len(db) != 1 {
		t.Fatalf("POSTGRES_USER %q, POSTGRES_PASSWORD %q, POSTGRES_DB %q: want the postgres service to set each once", user, password, db)
	}
	if !strings.Contains(text, "\n  postgres:\n") || !strings.Contains(text, "image: postgres:15") {
		t.Error("compose.yaml has no postgres service on the postgres:15 image")
	}
	for _, location := range composeValues(text, "HIREBOT_DB") {
		u, err := url.Parse(location)
		if !data.IsPostgresURL(location) || err != nil {
			t.Errorf("HIREBOT_DB %s is not a postgres:// URL (%v)", location, err)
			continue
		}
		p, _ := u.User.Password()
		if u.Host != "postgres:5432" || u.User.Username() != user[0] || p != password[0] || u.Path != "/"+db[0] {
			t.Errorf("HIREBOT_DB %s, want postgres://%s:%s@postgres:5432/%s", data.Describe(location), user[0], "…", db[0])
		}
	}

	// The healthcheck runs the binary where the Dockerfile puts it.
	dockerfile, err := os.ReadFile("../../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	const binary = "/usr/local/bin/hirebot"
	if !strings.Contains(string(dockerfile), "COPY --from=build /out/hirebot "+binary) {
		t.Errorf("the Dockerfile no longer installs hirebot as %s, which compose.yaml's healthcheck runs", binary)
	}
	if n := strings.Count(text, `test: ["CMD", "`+binary+`", "healthcheck"]`); n != len(replicas) {
		t.Errorf("%d replicas check themselves with hirebot healthcheck, want %d", n, len(replicas))
	}
}
