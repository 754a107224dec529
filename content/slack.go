package content

import (
	"strings"
	"unicode/utf8"
)

// Slack's Block Kit limits on what the content becomes: the posting form's selects and radio
// buttons, and the /salary band table. Content over them would have Slack refuse the form or
// the answer, so Validate reports it at start-up instead. They equal the fake Slack's
// (fakeslack/blockkit/limits.go), which a test checks; content imports nothing of ours.
const (
	slackSelectOptions   = 100  // options of a static select
	slackRadioOptions    = 10   // options of a radio button group
	slackOptionText      = 75   // the text of one option
	slackOptionValue     = 150  // the value of one option
	slackSectionFieldLen = 2000 // one field of a section
)

// slackOption describes one content item shown as an option of a form input.
type slackOption struct{ value, text string }

// checkOptions reports a list that would make more options than an input holds (max, one
// option of it taken by extra options the form adds itself), or an item whose option text or
// value is too long. textField names the field the option text comes from.
func checkOptions[T any](path, input string, max, extra int, items []T, textField string, opt func(T) slackOption) error {
	if n := len(items) + extra; n > max {
		if extra > 0 {
			return errorf(path, "%d items and %d added by the form make %d options, but %s holds at most %d", len(items), extra, n, input, max)
		}
		return errorf(path, "%d options, but %s holds at most %d", n, input, max)
	}
	for i, it := range items {
		o := opt(it)
		if n := utf8.RuneCountInString(o.text); n > slackOptionText {
			return errorf(index(path, i)+"."+textField, "%d characters, but a Slack option's text holds at most %d", n, slackOptionText)
		}
		if n := utf8.RuneCountInString(o.value); n > slackOptionValue {
			return errorf(index(path, i)+".slug", "%d characters, but a Slack option's value holds at most %d", n, slackOptionValue)
		}
	}
	return nil
}

// checkSlackLimits reports posting content the job posting form could not show: levels and
// industries are static selects (industries with a "General" option added), work settings a
// radio group.
func (p Posting) checkSlackLimits() error {
	return firstError(
		checkOptions("levels", "a Slack select menu", slackSelectOptions, 0, p.Levels, "name",
			func(l LevelExpectation) slackOption { return slackOption{l.Slug, l.Name} }),
		checkOptions("industries", "a Slack select menu", slackSelectOptions, 1, p.Industries, "name",
			func(in Industry) slackOption { return slackOption{in.Slug, in.Name} }),
		checkOptions("work_settings", "a Slack radio group", slackRadioOptions, 0, p.WorkSettings, "name",
			func(w WorkSetting) slackOption { return slackOption{w.Slug, w.Name} }),
	)
}

// checkSlackLimits reports salary content Slack could not show: the bands are the posting
// form's Location select, and each band is one section field of the /salary overview, its
// location in bold, its range and its note in italics on lines of their own.
func (s Salary) checkSlackLimits() error {
	if err := checkOptions("bands", "a Slack select menu", slackSelectOptions, 0, s.Bands, "location",
		func(b Band) slackOption { return slackOption{b.Slug, b.Location} }); err != nil {
		return err
	}
	for i, b := range s.Bands {
		field := "*" + b.Location + "*\n" + b.Range.String() + "\n_" + b.Note + "_"
		if n := mrkdwnLength(field); n > slackSectionFieldLen {
			return errorf(index("bands", i)+".note", "location, range and note make a %d-character section field, but a Slack section field holds at most %d", n, slackSectionFieldLen)
		}
	}
	return nil
}

// mrkdwnLength counts the characters of s once escaped for mrkdwn, as Slack counts them:
// &, < and > are sent as &amp;, &lt; and &gt;.
func mrkdwnLength(s string) int {
	return utf8.RuneCountInString(s) + 4*strings.Count(s, "&") + 3*(strings.Count(s, "<")+strings.Count(s, ">"))
}
