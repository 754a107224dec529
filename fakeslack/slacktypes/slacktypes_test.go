package slacktypes

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	validBlocks = `[
  {"type": "header", "text": {"type": "plain_text", "text": "Salary bands"}},
  {"type": "section", "block_id": "band", "text": {"type": "mrkdwn", "text": "*NYC* senior: 180k-220k"}},
  {"type": "divider"},
  {"type": "context", "elements": [{"type": "mrkdwn", "text": "Updated 2025-01-01"}]},
  {"type": "actions", "elements": [
    {"type": "button", "action_id": "more", "text": {"type": "plain_text", "text": "More"}, "value": "nyc", "style": "primary"},
    {"type": "static_select", "action_id": "city", "placeholder": {"type": "plain_text", "text": "City"},
     "options": [{"text": {"type": "plain_text", "text": "Berlin"}, "value": "berlin"}]}
  ]}
]`
	validModal = `{
  "type": "modal",
  "callback_id": "scorecard",
  "title": {"type": "plain_text", "text": "Scorecard"},
  "submit": {"type": "plain_text", "text": "Save"},
  "close": {"type": "plain_text", "text": "Cancel"},
  "private_metadata": "42",
  "blocks": [
    {"type": "input", "block_id": "notes", "label": {"type": "plain_text", "text": "Notes"},
     "element": {"type": "plain_text_input", "action_id": "notes", "multiline": true, "max_length": 3000}},
    {"type": "input", "block_id": "date", "optional": true, "label": {"type": "plain_text", "text": "Date"},
     "element": {"type": "datepicker", "action_id": "date"}}
  ]
}`
	validHome    = `{"type": "home", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Hello"}}]}`
	validMessage = `{"text": "Salary bands for NYC", "response_type": "ephemeral", "replace_original": false,
  "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "*NYC*"}}]}`
	validErrors = `{"response_action": "errors", "errors": {"notes": "Write a note.", "date": "Pick a date."}}`
)

func TestSlacktypesKindOf(t *testing.T) {
	tests := []struct {
		path string
		want Kind
		ok   bool
	}{
		{"testdata/salary_nyc.message.golden.json", Message, true},
		{"posting_form.modal.golden.json", Modal, true},
		{"a/b/home.home.golden.json", Home, true},
		{"faq.blocks.golden.json", Blocks, true},
		{"form-errors.errors.golden.json", Errors, true},
		{"faq.golden.json", 0, false},
		{"faq.view.golden.json", 0, false},
		{"faq.blocks.json", 0, false},
		{"message.golden.json", 0, false},
	}
	for _, tt := range tests {
		got, ok := KindOf(tt.path)
		if got != tt.want || ok != tt.ok {
			t.Errorf("KindOf(%q) = %v, %v; want %v, %v", tt.path, got, ok, tt.want, tt.ok)
		}
	}
}

func TestSlacktypesCheckValid(t *testing.T) {
	t.Parallel() // runs tsc; beside the other checks
	Check(t, []Payload{
		{Name: "blocks", Kind: Blocks, JSON: []byte(validBlocks)},
		{Name: "modal", Kind: Modal, JSON: []byte(validModal)},
		{Name: "home", Kind: Home, JSON: []byte(validHome)},
		{Name: "message", Kind: Message, JSON: []byte(validMessage)},
		{Name: "errors", Kind: Errors, JSON: []byte(validErrors)},
	})
}

func TestSlacktypesCheckFiles(t *testing.T) {
	t.Parallel() // runs tsc; beside the other checks
	dir := t.TempDir()
	files := map[string]string{
		"salary.blocks.golden.json":  validBlocks,
		"form.modal.golden.json":     validModal,
		"home.home.golden.json":      validHome,
		"salary.message.golden.json": validMessage,
		"form.errors.golden.json":    validErrors,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	CheckFiles(t, filepath.Join(dir, "*.golden.json"))
}

// TestSlacktypesFindsErrors feeds payloads Slack would refuse through the checker and
// expects each to be reported under its own name, at the line that is wrong.
func TestSlacktypesFindsErrors(t *testing.T) {
	t.Parallel() // runs tsc; beside the other checks
	dir := require(t)
	tests := []struct {
		name string
		kind Kind
		json string
		line int    // line of the indented JSON the error points at
		want string // part of the message
	}{
		{"unknown block type", Blocks, `[{"type": "sectionx", "text": {"type": "mrkdwn", "text": "hi"}}]`, 3, `"sectionx"`},
		{"button without text", Blocks, `[{"type": "actions", "elements": [{"type": "button", "action_id": "go"}]}]`, 0, "'text' is missing"},
		{"unknown field", Message, `{"text": "hi", "colour": "red"}`, 3, "colour"},
		{"message without text", Message, `{"blocks": []}`, 0, "text"},
		{"modal without title", Modal, `{"type": "modal", "blocks": []}`, 0, "title"},
		{"home typed as modal", Home, `{"type": "modal", "blocks": []}`, 0, `"modal"`},
		{"object for a block list", Blocks, `{"type": "divider"}`, 0, ""},
		{"null text", Blocks, `[{"type": "section", "text": null}]`, 0, ""},
		{"errors without response_action", Errors, `{"errors": {"notes": "Write a note."}}`, 0, "response_action"},
		{"errors with another action", Errors, `{"response_action": "clear", "errors": {}}`, 2, `"clear"`},
		{"an error that is no text", Errors, `{"response_action": "errors", "errors": {"notes": 3}}`, 4, "number"},
		{"emoji on mrkdwn text", Blocks, `[{"type": "section", "text": {"type": "mrkdwn", "text": "a", "emoji": true}}]`, 7, "emoji"},
	}
	var payloads []Payload
	for _, tt := range tests {
		payloads = append(payloads, Payload{Name: tt.name, Kind: tt.kind, JSON: []byte(tt.json)})
	}
	payloads = append(payloads, Payload{Name: "valid", Kind: Blocks, JSON: []byte(validBlocks)})
	diags, err := typecheck(t.Context(), dir, payloads)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string][]diagnostic{}
	for _, d := range diags {
		byName[d.Payload] = append(byName[d.Payload], d)
	}
	if len(byName["valid"]) > 0 || len(byName[""]) > 0 {
		t.Errorf("errors outside the broken payloads: %v %v", byName["valid"], byName[""])
	}
	for _, tt := range tests {
		got := byName[tt.name]
		if len(got) == 0 {
			t.Errorf("%s: no error reported", tt.name)
			continue
		}
		d := got[0]
		if !strings.HasPrefix(d.Code, "TS") || !strings.Contains(d.Message, tt.want) {
			t.Errorf("%s: got %s, want a TS error mentioning %q", tt.name, d, tt.want)
		}
		if tt.line != 0 && d.Line != tt.line {
			t.Errorf("%s: error at line %d, want %d: %s", tt.name, d.Line, tt.line, d)
		}
		if !strings.HasPrefix(d.String(), tt.name+": ") {
			t.Errorf("%s: report does not start with the payload name: %s", tt.name, d)
		}
	}
}

func TestSlacktypesBadInput(t *testing.T) {
	_, spans, diags := generate([]Payload{
		{Name: "truncated", Kind: Blocks, JSON: []byte(`[{"type": "divider"`)},
		{Name: "no kind", JSON: []byte(`[]`)},
		{Name: "ok", Kind: Blocks, JSON: []byte(`[]`)},
	})
	if len(spans) != 1 || spans[0].name != "ok" {
		t.Errorf("spans = %v, want only ok", spans)
	}
	if len(diags) != 2 || diags[0].Payload != "truncated" || diags[0].Code != "JSON" || diags[1].Payload != "no kind" {
		t.Errorf("diags = %v", diags)
	}
}

func TestSlacktypesParseTSC(t *testing.T) {
	spans := []span{{name: "a", first: 10, last: 12, lines: []string{"[", `  {"type": "x"}`, "]"}}}
	out := "dir/payloads.ts(11,13): error TS2322: Type '\"x\"' is not assignable.\n" +
		"  Property 'text' is missing.\n" +
		"error TS5023: Unknown compiler option 'foo'.\n" +
		"dir/payloads.ts(2,1): error TS2307: Cannot find module '@slack/types'.\n"
	got, err := parseTSC([]byte(out), "payloads.ts", spans)
	if err != nil {
		t.Fatal(err)
	}
	want := []diagnostic{
		{Payload: "a", Line: 2, Code: "TS2322", Message: "Type '\"x\"' is not assignable.\n\tProperty 'text' is missing.", Source: `{"type": "x"}`},
		{Code: "TS5023", Message: "Unknown compiler option 'foo'."},
		{Code: "TS2307", Message: "generated file line 2: Cannot find module '@slack/types'."},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("parseTSC =\n%v\nwant\n%v", got, want)
	}
	if _, err := parseTSC([]byte("Segmentation fault\n"), "payloads.ts", spans); err == nil {
		t.Error("unexpected output taken for a clean check")
	}
}

// BenchmarkSlacktypesCheck50 times one check of fifty payloads, the size of a suite of
// golden files.
func BenchmarkSlacktypesCheck50(b *testing.B) {
	dir := require(b)
	var payloads []Payload
	for i := range 50 {
		js := []string{validBlocks, validModal, validHome, validMessage}[i%4]
		payloads = append(payloads, Payload{Name: fmt.Sprint(i), Kind: Kind(i%4 + 1), JSON: []byte(js)})
	}
	for b.Loop() {
		diags, err := typecheck(b.Context(), dir, payloads)
		if err != nil || len(diags) > 0 {
			b.Fatal(err, diags)
		}
	}
}

// TestSlacktypesEveryGoldenFile type-checks, in one run, every golden file in the module (each
// package's testdata), so a package that keeps golden files is checked even when its own test
// does not call CheckFiles.
func TestSlacktypesEveryGoldenFile(t *testing.T) {
	t.Parallel() // runs tsc; beside the other checks
	dir, err := packageDir()
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Dir(filepath.Dir(dir)) // fakeslack/slacktypes is two levels below the module root
	var payloads []Payload
	dirs := map[string]bool{}
	err = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".") && path != root) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".golden.json") {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		kind, ok := KindOf(path)
		if !ok {
			t.Errorf("%s: name it NAME.KIND.golden.json with KIND one of blocks, modal, home, message, errors", rel)
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		dirs[filepath.Dir(rel)] = true
		payloads = append(payloads, Payload{Name: rel, Kind: kind, JSON: b})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"bot/testdata/golden", "handlers/testdata/golden"} {
		if !dirs[filepath.FromSlash(want)] {
			t.Errorf("no golden file found in %s", want)
		}
	}
	Check(t, payloads)
}
