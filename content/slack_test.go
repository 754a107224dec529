package content

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"hirebot/fakeslack/blockkit"
)

func TestSlackLimitsMatchTheFake(t *testing.T) {
	for _, c := range []struct {
		name      string
		ours, its int
	}{
		{"select options", slackSelectOptions, blockkit.MaxSelectOptions},
		{"radio options", slackRadioOptions, blockkit.MaxRadioOptions},
		{"option text", slackOptionText, blockkit.MaxOptionText},
		{"option value", slackOptionValue, blockkit.MaxOptionValue},
		{"section field", slackSectionFieldLen, blockkit.MaxSectionFieldText},
	} {
		if c.ours != c.its {
			t.Errorf("%s: content checks %d, the fake Slack %d", c.name, c.ours, c.its)
		}
	}
}

// copies returns n copies of item, each made distinct by rename (which gets the copy's number).
func copies[T any](n int, item T, rename func(*T, int)) []T {
	out := make([]T, n)
	for i := range out {
		out[i] = item
		rename(&out[i], i)
	}
	return out
}

func TestSlackLimits(t *testing.T) {
	settings := func(n int) func(*Content) {
		return func(c *Content) {
			c.Posting.WorkSettings = copies(n, WorkSetting{Text: "t"}, func(w *WorkSetting, i int) {
				w.Slug, w.Name = fmt.Sprintf("setting-%d", i), fmt.Sprintf("Setting %d", i)
			})
		}
	}
	industries := func(n int) func(*Content) {
		return func(c *Content) {
			c.Posting.Industries = copies(n, c.Posting.Industries[0], func(in *Industry, i int) {
				in.Slug, in.Name, in.Aliases = fmt.Sprintf("industry-%d", i), fmt.Sprintf("Industry %d", i), nil
			})
		}
	}
	levels := func(n int) func(*Content) {
		return func(c *Content) {
			c.Posting.Levels = copies(n, LevelExpectation{}, func(l *LevelExpectation, i int) {
				l.Slug, l.Name = fmt.Sprintf("level-%d", i), fmt.Sprintf("Level %d", i)
			})
		}
	}
	bands := func(n int) func(*Content) {
		return func(c *Content) {
			c.Salary.Bands = copies(n, c.Salary.Bands[0], func(b *Band, i int) {
				b.Slug, b.Location, b.Aliases = fmt.Sprintf("place-%d", i), fmt.Sprintf("Place %d", i), nil
			})
		}
	}
	tests := []struct {
		name   string
		modify func(*Content)
		want   string // "" for valid content
	}{
		{"ten work settings", settings(10), ""},
		{"eleven work settings", settings(11), "posting.json: work_settings: 11 options, but a Slack radio group holds at most 10"},
		{"99 industries", industries(99), ""},
		{"100 industries and General", industries(100), "posting.json: industries: 100 items and 1 added by the form make 101 options, but a Slack select menu holds at most 100"},
		{"100 levels", levels(100), ""},
		{"101 levels", levels(101), "posting.json: levels: 101 options, but a Slack select menu holds at most 100"},
		{"100 bands", bands(100), ""},
		{"101 bands", bands(101), "salary.json: bands: 101 options, but a Slack select menu holds at most 100"},
		{"long level name", func(c *Content) { c.Posting.Levels[2].Name = strings.Repeat("é", 76) },
			"posting.json: levels[2].name: 76 characters, but a Slack option's text holds at most 75"},
		{"level name at the limit", func(c *Content) { c.Posting.Levels[2].Name = strings.Repeat("é", 75) }, ""},
		{"long industry name", func(c *Content) { c.Posting.Industries[1].Name = strings.Repeat("x", 80) },
			"posting.json: industries[1].name: 80 characters, but a Slack option's text holds at most 75"},
		{"long setting slug", func(c *Content) { c.Posting.WorkSettings[0].Slug = strings.Repeat("a", 151) },
			"posting.json: work_settings[0].slug: 151 characters, but a Slack option's value holds at most 150"},
		{"long location", func(c *Content) { c.Salary.Bands[3].Location = strings.Repeat("x", 76) },
			"salary.json: bands[3].location: 76 characters, but a Slack option's text holds at most 75"},
		{"long band slug", func(c *Content) { c.Salary.Bands[1].Slug = strings.Repeat("a", 151) },
			"salary.json: bands[1].slug: 151 characters, but a Slack option's value holds at most 150"},
		{"long band note", func(c *Content) { c.Salary.Bands[0].Note = strings.Repeat("x", 1959) },
			"salary.json: bands[0].note: location, range and note make a 2001-character section field, but a Slack section field holds at most 2000"},
		{"band note escaped over the limit", func(c *Content) { c.Salary.Bands[0].Note = strings.Repeat("&", 392) },
			"salary.json: bands[0].note: location, range and note make a 2002-character section field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustEmbedded(t)
			tt.modify(c)
			err := c.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("Validate() = %v, want nil", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), "content: "+tt.want)):
				t.Fatalf("Validate() = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestLoadRefusesContentOverSlackLimits shows a replacement file over a limit failing Load,
// the error naming the file, the field and the limit.
func TestLoadRefusesContentOverSlackLimits(t *testing.T) {
	p := mustEmbedded(t).Posting
	p.WorkSettings = copies(11, p.WorkSettings[0], func(w *WorkSetting, i int) {
		w.Slug, w.Name, w.Aliases = fmt.Sprintf("setting-%d", i), fmt.Sprintf("Setting %d", i), nil
	})
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeFile(t, dir, PostingFile, string(b))
	_, err = Load(dir)
	want := "posting.json: work_settings: 11 options, but a Slack radio group holds at most 10"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("Load = %v, want an error containing %q", err, want)
	}
}
