package slacktypes

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// schemaDir is the copy of Slack's manifest schema that cmd/hirebot's tests use.
var schemaDir = filepath.Join("..", "..", "cmd", "hirebot", "testdata", "manifest-schema")

const goodManifest = `{
  "_metadata": {"major_version": 1},
  "display_information": {"name": "hirebot", "description": "Hiring help"},
  "features": {
    "bot_user": {"display_name": "hirebot", "always_online": true},
    "slash_commands": [{"command": "/salary", "description": "Salary bands", "should_escape": false}]
  },
  "oauth_config": {"scopes": {"bot": ["commands", "chat:write"]}},
  "settings": {"interactivity": {"is_enabled": true}, "socket_mode_enabled": true}
}`

func TestManifestSchemaFindsErrors(t *testing.T) {
	t.Parallel() // runs node; beside the other checks
	dir := require(t)
	tests := []struct {
		name   string
		mutate func(m map[string]any)
		want   []string // parts of the report, "" for a valid manifest
	}{
		{"valid", func(map[string]any) {}, nil},
		{"command without slash", func(m map[string]any) {
			command(m)["command"] = "salary"
		}, []string{"/features/slash_commands/0/command: must match pattern"}},
		{"unknown setting", func(m map[string]any) {
			m["settings"].(map[string]any)["sockets"] = true
		}, []string{"/settings: must NOT have additional properties", "sockets"}},
		{"no name", func(m map[string]any) {
			delete(m["display_information"].(map[string]any), "name")
		}, []string{"/display_information: must have required property 'name'"}},
		{"description too long", func(m map[string]any) {
			command(m)["description"] = strings.Repeat("x", 2001)
		}, []string{"/features/slash_commands/0/description"}},
		{"scope as string", func(m map[string]any) {
			m["oauth_config"].(map[string]any)["scopes"] = map[string]any{"bot": "commands"}
		}, []string{"/oauth_config/scopes/bot: must be array"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // each case is a node process of its own
			var m map[string]any
			if err := json.Unmarshal([]byte(goodManifest), &m); err != nil {
				t.Fatal(err)
			}
			tt.mutate(m)
			b, _ := json.Marshal(m)
			problems, err := validateManifest(t.Context(), dir, schemaDir, b)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			report := strings.Join(problems, "\n")
			if len(tt.want) == 0 && report != "" {
				t.Errorf("%s: valid manifest refused:\n%s", tt.name, report)
			}
			if len(tt.want) > 0 && report == "" {
				t.Errorf("%s: broken manifest accepted", tt.name)
			}
			for _, w := range tt.want {
				if !strings.Contains(report, w) {
					t.Errorf("%s: report lacks %q:\n%s", tt.name, w, report)
				}
			}
		})
	}
}

func TestManifestSchemaBadInput(t *testing.T) {
	t.Parallel() // runs node; beside the other checks
	dir := require(t)
	if _, err := validateManifest(t.Context(), dir, schemaDir, []byte(`{"_metadata":`)); err == nil {
		t.Error("manifest that is not JSON: no error")
	}
	if _, err := validateManifest(t.Context(), dir, t.TempDir(), []byte(goodManifest)); err == nil {
		t.Error("missing schema: no error")
	}
}

func command(m map[string]any) map[string]any {
	return m["features"].(map[string]any)["slash_commands"].([]any)[0].(map[string]any)
}
