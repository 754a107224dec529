package handlers

import (
	"strings"
	"testing"
)

func TestLiteralShowsUserTextAsTyped(t *testing.T) {
	for _, in := range []string{"*bold*", "_it_", "~strike~", "`code`", "<!channel>", "R&D <@U123>", "snake_case"} {
		got := literal(in)
		if strings.ContainsAny(got, "<>") {
			t.Errorf("literal(%q) = %q: still has < or >", in, got)
		}
		for _, mark := range []string{"*", "_", "~", "`"} {
			if strings.Count(got, mark) != strings.Count(in, mark) {
				t.Errorf("literal(%q) = %q: the %s marks are not all visible", in, got, mark)
			}
			if strings.Count(got, wordJoiner+mark+wordJoiner) != strings.Count(in, mark) {
				t.Errorf("literal(%q) = %q: a %s is at a word boundary", in, got, mark)
			}
		}
		if back := strings.NewReplacer(wordJoiner, "", "&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(got); back != in {
			t.Errorf("literal(%q) reads %q once the joiners and entities are undone", in, back)
		}
	}
}

func TestCodeCannotEndEarly(t *testing.T) {
	got := code("/feedback summary Jane `x` <Doe>")
	if want := "`/feedback summary Jane ˋxˋ &lt;Doe&gt;`"; got != want {
		t.Errorf("code = %q, want %q", got, want)
	}
}
