package blockkit

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestCheckEscapes(t *testing.T) {
	for _, tc := range []struct {
		text string
		bad  bool
	}{
		{"Hiring manager: <@U0HM>.", false},
		{"<@W12AB|hana> and <#C0GEN|general>", false},
		{"see <https://example.com|the docs> or <mailto:a@example.com>", false},
		{"<!date^1700000000^{date_short}|Nov 14>", false},
		{"R&amp;D &lt;candidate&gt; 3 &lt; 4", false},
		{"a < b and c > d", true},
		{"a < b", false}, // no closing >: shown as typed
		{"<!channel> look", true},
		{"<!here>", true},
		{"<!everyone>", true},
		{"<!subteam^S123>", true},
		{"<@<!channel>>", true},
		{"<@jane>", true},
		{"<#general>", true},
		{"use `/feedback <candidate>`", true},
		{"<number>", true},
	} {
		errs := CheckEscapes(tc.text)
		if got := len(errs) > 0; got != tc.bad {
			t.Errorf("CheckEscapes(%q) = %q, want errors: %v", tc.text, errs, tc.bad)
		}
	}
}

func TestValidateMessageChecksEscapes(t *testing.T) {
	raw, _ := json.Marshal(m{"text": "ping <!here>", "blocks": a{section("Hello <candidate>"), m{"type": "context", "elements": a{plain("<!channel> as plain text is shown as typed")}}}})
	errs := ValidateMessage(raw)
	if len(errs) != 2 {
		t.Fatalf("errors = %q, want one for the text and one for the section", errs)
	}
	if !strings.Contains(errs[0]+errs[1], "[json-pointer:/text]") || !strings.Contains(errs[0]+errs[1], "[json-pointer:/blocks/0/text/text]") {
		t.Errorf("errors = %q, want pointers to /text and /blocks/0/text/text", errs)
	}
}
