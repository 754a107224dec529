package slacktypes

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Kind says which of Slack's types a payload must satisfy.
type Kind int

const (
	// Blocks is a list of blocks, as in a message's or a view's "blocks": KnownBlock[].
	Blocks Kind = iota + 1
	// Modal is a modal view, as sent to views.open, views.push or views.update: ModalView.
	Modal
	// Home is an App Home view, as sent to views.publish: HomeView.
	Home
	// Message is a message body, as sent to chat.postMessage, in an ack or to a response
	// URL: text, optional blocks and the reply fields listed in the package doc.
	Message
	// Errors is the ack of a view submission that keeps the modal open with a message under
	// some of its inputs: {"response_action": "errors", "errors": {block_id: message}}.
	Errors
)

// kinds lists every Kind with its file-name word and its TypeScript type.
var kinds = []struct {
	kind   Kind
	word   string
	tsType string
}{
	{Blocks, "blocks", "KnownBlock[]"},
	{Modal, "modal", "ModalView"},
	{Home, "home", "HomeView"},
	{Message, "message", "Message"},
	{Errors, "errors", "ViewSubmissionErrors"},
}

// String returns the word for k used in golden file names: blocks, modal, home, message or errors.
func (k Kind) String() string {
	for _, x := range kinds {
		if x.kind == k {
			return x.word
		}
	}
	return "Kind(" + itoa(int(k)) + ")"
}

// tsType returns the TypeScript type a payload of kind k is declared as, or "" for an
// unknown kind.
func (k Kind) tsType() string {
	for _, x := range kinds {
		if x.kind == k {
			return x.tsType
		}
	}
	return ""
}

// KindOf reads a payload's kind from its file name, following the convention
// NAME.KIND.golden.json: "salary_nyc.message.golden.json" is a Message and
// "posting_form.modal.golden.json" a Modal.
func KindOf(path string) (Kind, bool) {
	base, ok := strings.CutSuffix(filepath.Base(path), ".golden.json")
	if !ok {
		return 0, false
	}
	for _, x := range kinds {
		if strings.HasSuffix(base, "."+x.word) {
			return x.kind, true
		}
	}
	return 0, false
}

// Payload is one JSON payload to check. Name appears in every error about it.
type Payload struct {
	Name string
	Kind Kind
	JSON []byte
}

// Check type-checks payloads against @slack/types with one tsc run, and reports
// each error as a test error naming the payload and the JSON line it is about.
// Without the tools it skips t, or fails it when CI is set (see the package doc).
func Check(t testing.TB, payloads []Payload) {
	t.Helper()
	dir := require(t)
	if len(payloads) == 0 {
		return
	}
	diags, err := typecheck(t.Context(), dir, payloads)
	if err != nil {
		t.Fatalf("slacktypes: %v", err)
	}
	for _, d := range diags {
		t.Errorf("%s", d)
	}
}

// CheckFiles checks every file matching glob (a filepath.Glob pattern, such as
// "testdata/*.golden.json"), each against the kind its name gives (see KindOf).
// A file whose name gives no kind, or a pattern matching no file, fails t.
func CheckFiles(t testing.TB, glob string) {
	t.Helper()
	paths, err := filepath.Glob(glob)
	if err != nil {
		t.Fatalf("slacktypes: bad pattern %q: %v", glob, err)
	}
	if len(paths) == 0 {
		t.Fatalf("slacktypes: no file matches %q", glob)
	}
	var payloads []Payload
	for _, p := range paths {
		kind, ok := KindOf(p)
		if !ok {
			t.Errorf("slacktypes: %s: name it NAME.KIND.golden.json with KIND one of blocks, modal, home, message, errors (or narrow the pattern)", p)
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Errorf("slacktypes: %v", err)
			continue
		}
		payloads = append(payloads, Payload{Name: p, Kind: kind, JSON: b})
	}
	Check(t, payloads)
}
