package golden

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGoldenFormat(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{`{"a":1}`, "{\n  \"a\": 1\n}\n"},
		{"  [1, 2]\n\n", "[\n  1,\n  2\n]\n"},
		{"{\n  \"a\": 1\n}\n", "{\n  \"a\": 1\n}\n"},
		{`{"a":"<b>&"}`, "{\n  \"a\": \"<b>&\"\n}\n"},
	}
	for _, tt := range tests {
		got, err := Format([]byte(tt.in))
		if err != nil || string(got) != tt.want {
			t.Errorf("Format(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	if _, err := Format([]byte(`{"a":`)); err == nil {
		t.Error("Format accepted broken JSON")
	}
}

func TestGoldenCompare(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "x.message.golden.json")
	if _, err := compare(path, []byte(`{"text":"hi"}`), false); err == nil || !strings.Contains(err.Error(), "-update") {
		t.Errorf("missing file: err = %v, want a hint to rerun with -update", err)
	}
	if _, err := compare(path, []byte(`{"text":"hi","n":[1,2,3]}`), true); err != nil {
		t.Fatalf("update: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "{\n  \"text\": \"hi\",\n  \"n\": [\n    1,\n    2,\n    3\n  ]\n}\n" {
		t.Errorf("written file = %q", b)
	}
	if msg, err := compare(path, []byte(`{"text": "hi", "n": [1, 2, 3]}`), false); msg != "" || err != nil {
		t.Errorf("same JSON, other spacing: %q, %v", msg, err)
	}
	msg, err := compare(path, []byte(`{"text":"bye","n":[1,2,3]}`), false)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{path, "-   2:   \"text\": \"hi\",", "+   2:   \"text\": \"bye\",", "-update"} {
		if !strings.Contains(msg, want) {
			t.Errorf("mismatch report lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "\"n\"") {
		t.Errorf("mismatch report shows unchanged lines:\n%s", msg)
	}
}

func TestGoldenDiff(t *testing.T) {
	tests := []struct {
		name, want, got, diff string
	}{
		{"changed line", "a\nb\nc\n", "a\nx\nc\n", "-   2: b\n+   2: x"},
		{"added line", "a\nc\n", "a\nb\nc\n", "+   2: b"},
		{"removed tail", "a\nb\n", "a\n", "-   2: b"},
		{"long change", "a\n", strings.Repeat("x\n", 12), "-   1: a\n" +
			"+   1: x\n+   2: x\n+   3: x\n+   4: x\n+   5: x\n+   6: x\n+   7: x\n+   8: x\n+ ... 4 more lines"},
	}
	for _, tt := range tests {
		if got := diff(tt.want, tt.got); got != tt.diff {
			t.Errorf("%s: diff =\n%s\nwant\n%s", tt.name, got, tt.diff)
		}
	}
}

// TestGoldenAssert runs Assert on a file this test writes first, through the flag's
// current value, so it passes with and without -update.
func TestGoldenAssert(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.blocks.golden.json")
	if err := os.WriteFile(path, []byte("[\n  {\n    \"type\": \"divider\"\n  }\n]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	Assert(t, path, []byte(`[{"type":"divider"}]`))
}
