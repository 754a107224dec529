package handlers

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"hirebot/data"
	"hirebot/handlers/chart"
)

// Feedback insights: /feedback stats.
const (
	statsDefaultDays = 90
	statsMaxDays     = 3650
	statsShown       = 25 // interviewers listed; the team figures count everyone
	statsBarWidth    = 24
	blockStatsChart  = "stats_chart"
)

// StatsStore is what the feedback insights read.
type StatsStore interface {
	FeedbackRecords(ctx context.Context, from, to time.Time, userID string) ([]data.FeedbackRecord, error)
	ManagesHiring(ctx context.Context, userID string) (bool, error)
}

// Stats answers /feedback stats: how fast each interviewer and the team send their scorecards.
// Hiring managers and the admins see everyone; anybody sees their own.
type Stats struct {
	store    StatsStore
	admins   Admins
	zones    zones
	settings Settings
	now      func() time.Time
	logger   *slog.Logger
}

// WithStats turns on /feedback stats, reading store; admins may see the team's figures besides
// the hiring managers.
func (in *Interviews) WithStats(store StatsStore, admins Admins) *Interviews {
	in.stats = &Stats{store: store, admins: orNoAdmins(admins), zones: in.zones, settings: in.settings, now: in.now, logger: in.logger}
	return in
}

// observeSubmitDelay records a first submission's delay since the interview ended.
func (in *Interviews) observeSubmitDelay(iv data.Interview, saved data.Scorecard) {
	if saved.Version == 1 {
		in.metrics.SubmitDelay(max(saved.SubmittedAt.Sub(iv.EndsAt()), 0))
	}
}

// statsQuery is what /feedback stats was asked: whose figures, over which interviews (those
// that ended in [from, to)).
type statsQuery struct {
	me       bool
	from, to time.Time
	label    string // "the last 90 days", "November 2026"
}

var (
	statsDays  = regexp.MustCompile(`^(\d{1,4})d$`)
	statsMonth = regexp.MustCompile(`^(\d{4})-(\d{2})$`)
)

// parseStatsQuery reads "[me] [period]": a period like 30d (the last 30 days) or 2026-11 (a
// calendar month in loc); the last 90 days by default.
func parseStatsQuery(text string, now time.Time, loc *time.Location) (statsQuery, error) {
	q := statsQuery{to: now}
	period := ""
	for _, word := range strings.Fields(strings.ToLower(text)) {
		switch {
		case word == "me" || word == "mine":
			q.me = true
		case period == "":
			period = word
		default:
			return statsQuery{}, statsUsage(word)
		}
	}
	switch m, mm := statsDays.FindStringSubmatch(period), statsMonth.FindStringSubmatch(period); {
	case period == "":
		q.from, q.label = now.AddDate(0, 0, -statsDefaultDays), fmt.Sprintf("the last %d days", statsDefaultDays)
	case m != nil:
		days, _ := strconv.Atoi(m[1])
		if days < 1 || days > statsMaxDays {
			return statsQuery{}, &UserError{Msg: fmt.Sprintf("Pick from 1 to %d days, like `/feedback stats 30d`.", statsMaxDays)}
		}
		q.from, q.label = now.AddDate(0, 0, -days), fmt.Sprintf("the last %d days", days)
		if days == 1 {
			q.label = "the last day"
		}
	case mm != nil:
		year, _ := strconv.Atoi(mm[1])
		month, _ := strconv.Atoi(mm[2])
		if month < 1 || month > 12 {
			return statsQuery{}, statsUsage(period)
		}
		q.from = time.Date(year, time.Month(month), 1, 0, 0, 0, 0, loc)
		if !q.from.Before(now) {
			return statsQuery{}, &UserError{Msg: fmt.Sprintf("%s hasn't started yet: pick a month that has.", q.from.Format("January 2006"))}
		}
		q.to, q.label = q.from.AddDate(0, 1, 0), q.from.Format("January 2006")
		if q.to.After(now) {
			q.to = now
		}
	default:
		return statsQuery{}, statsUsage(period)
	}
	return q, nil
}

func statsUsage(word string) error {
	return &UserError{Msg: fmt.Sprintf("I don't know the period %s. Try `/feedback stats` (the last %d days), `/feedback stats 30d`, `/feedback stats 2026-11` or `/feedback stats me`.",
		code(truncate(word, 40)), statsDefaultDays)}
}

// answer serves /feedback stats [me] [period].
func (st *Stats) answer(ctx context.Context, cmd Command, text string) (Response, error) {
	if st == nil {
		return Response{}, &UserError{Msg: "Feedback stats are not turned on here."}
	}
	now, loc := st.now(), st.zones.location(ctx, cmd.UserID)
	q, err := parseStatsQuery(text, now, loc)
	if err != nil {
		return Response{}, err
	}
	if !q.me {
		if ok, err := st.mayReadTeam(ctx, cmd.UserID); err != nil {
			return Response{}, err
		} else if !ok {
			return Response{}, &UserError{Msg: st.refusal(ctx)}
		}
	}
	who := ""
	if q.me {
		who = cmd.UserID
	}
	records, err := st.store.FeedbackRecords(ctx, q.from, q.to, who)
	if err != nil {
		return Response{}, fmt.Errorf("feedback stats: %w", err)
	}
	team, people := aggregate(records, now)
	return st.withChart(q, team, people, statsMessage(q, team, people, loc)), nil
}

// withChart answers with msg and, when there are figures, their chart as an image uploaded
// privately and shown in place of msg's text chart, its last block. Should the chart fail to
// draw or to upload, msg goes as it is, text chart and all.
func (st *Stats) withChart(q statsQuery, team feedbackFigures, people []feedbackFigures, msg Message) Response {
	if len(people) == 0 {
		return Reply(msg)
	}
	c, alt := statsRanges(q, team, people[:min(len(people), statsShown)])
	png, err := c.PNG()
	if err != nil {
		st.logger.Error("feedback stats chart not drawn", "err", err)
		return Reply(msg)
	}
	return Response{Files: []File{{Name: "feedback-stats.png", Title: c.Title, Content: string(png), Then: func(id string) []Message {
		if id == "" {
			return []Message{msg}
		}
		shown := msg
		shown.Blocks = append(msg.Blocks[:len(msg.Blocks)-1:len(msg.Blocks)-1],
			slack.NewImageBlockSlackFile(&slack.SlackFileObject{ID: id}, alt, blockStatsChart, plain(c.Title)))
		return []Message{shown}
	}}}}
}

// statsRanges draws the figures as a range chart: for the team (unless it is one's own) and
// each interviewer, labelled with their rank in the list and their share on time, a bar from
// the median to the p90 time from the interview's end to the scorecard, in minutes. alt says the
// same in words, for screen readers.
func statsRanges(q statsQuery, team feedbackFigures, people []feedbackFigures) (c chart.Ranges, alt string) {
	c = chart.Ranges{
		Title:    "Time from the interview's end to the scorecard · " + q.label,
		Subtitle: "Each bar runs from the median to the p90; on the left, the share in on time.",
		Tick:     60,
		Axis:     func(v int) string { return shortDuration(time.Duration(v) * time.Minute) },
	}
	var words []string
	add := func(label string, f feedbackFigures, reference bool) {
		b := chart.Bar{Label: fmt.Sprintf("%s · %d%% on time", label, percent(f.OnTime, f.Due)), Text: "none in yet", Reference: reference}
		said := "none in yet"
		if f.Submitted > 0 {
			b.Min, b.Max = int(f.Median/time.Minute), int(f.P90/time.Minute)
			b.Text = shortDuration(f.Median) + " / " + shortDuration(f.P90)
			said = "median " + shortDuration(f.Median) + ", p90 " + shortDuration(f.P90)
		}
		c.Bars = append(c.Bars, b)
		words = append(words, fmt.Sprintf("%s: %s, %d%% on time", label, said, percent(f.OnTime, f.Due)))
	}
	if !q.me {
		add("Team", team, true)
	}
	for i, f := range people {
		add(fmt.Sprintf("#%d", i+1), f, false)
	}
	return c, truncate("Chart, "+c.Title+". "+strings.Join(words, "; ")+".", 2000)
}

func (st *Stats) mayReadTeam(ctx context.Context, userID string) (bool, error) {
	admin, adminErr := st.admins.IsAdmin(ctx, userID)
	if admin {
		return true, nil
	}
	ok, err := st.store.ManagesHiring(ctx, userID)
	switch {
	case err != nil:
		return false, fmt.Errorf("feedback stats: %w", err)
	case !ok && adminErr != nil:
		return false, &UserError{Msg: adminsUnknown}
	}
	return ok, nil
}

// refusal says who may read the team's figures.
func (st *Stats) refusal(ctx context.Context) string {
	admins, _ := st.admins.List(ctx)
	who := "hiring managers (the hiring manager of at least one interview)"
	if len(admins) > 0 {
		who += " and hirebot's admins (" + mentions(admins) + ")"
	}
	return "The team's feedback stats are for " + who + ". `/feedback stats me` shows your own."
}

// feedbackFigures are one interviewer's figures, or the team's.
type feedbackFigures struct {
	UserID      string // "" for the team
	Due         int    // scorecards that fell due (or came in before)
	Submitted   int
	OnTime      int // submitted by the deadline
	Median, P90 time.Duration
	Reminders   int
	Escalations int
	delays      []time.Duration
}

// Missing is how many due scorecards are not in.
func (f feedbackFigures) Missing() int { return f.Due - f.Submitted }

// aggregate turns records into the team's figures and each interviewer's, slowest first: those
// with due scorecards and none in, then by median delay, then by scorecards missing.
func aggregate(records []data.FeedbackRecord, now time.Time) (team feedbackFigures, people []feedbackFigures) {
	byUser := map[string]*feedbackFigures{}
	for _, r := range records {
		if !r.Submitted() && r.DueAt.After(now) {
			continue // not due yet
		}
		f := byUser[r.UserID]
		if f == nil {
			f = &feedbackFigures{UserID: r.UserID}
			byUser[r.UserID] = f
		}
		f.add(r)
		team.add(r)
	}
	for _, f := range byUser {
		f.finish()
		people = append(people, *f)
	}
	team.finish()
	slices.SortFunc(people, func(a, b feedbackFigures) int {
		if an, bn := a.Submitted == 0, b.Submitted == 0; an != bn {
			if an {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(b.Median, a.Median); c != 0 {
			return c
		}
		if c := b.Missing() - a.Missing(); c != 0 {
			return c
		}
		return strings.Compare(a.UserID, b.UserID)
	})
	return team, people
}

func (f *feedbackFigures) add(r data.FeedbackRecord) {
	f.Due++
	f.Reminders += r.RemindersSent
	if r.Escalated {
		f.Escalations++
	}
	if !r.Submitted() {
		return
	}
	f.Submitted++
	if !r.SubmittedAt.After(r.DueAt) {
		f.OnTime++
	}
	f.delays = append(f.delays, max(r.SubmittedAt.Sub(r.EndsAt), 0))
}

func (f *feedbackFigures) finish() {
	slices.Sort(f.delays)
	f.Median, f.P90 = quantile(f.delays, 0.5), quantile(f.delays, 0.9)
}

// quantile is the q-quantile of sorted, interpolated linearly between the two nearest values
// (the median of an even count is the mean of the middle two); zero for none.
func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	pos := q * float64(len(sorted)-1)
	lo := int(math.Floor(pos))
	if lo+1 >= len(sorted) {
		return sorted[lo]
	}
	frac := pos - float64(lo)
	return sorted[lo] + time.Duration(math.Round(frac*float64(sorted[lo+1]-sorted[lo])))
}

// statsMessage is the answer: the team's figures, each interviewer's, and a chart.
func statsMessage(q statsQuery, team feedbackFigures, people []feedbackFigures, loc *time.Location) Message {
	title := "Feedback stats · " + q.label
	if q.me {
		title = "Your feedback stats · " + q.label
	}
	scope := fmt.Sprintf("Interviews that ended from %s to %s. On time: in by the feedback deadline after the interview's end.",
		q.from.In(loc).Format("Mon 2 Jan 2006"), q.to.Add(-time.Second).In(loc).Format("Mon 2 Jan 2006"))
	blocks := []slack.Block{header(title), contextBlock(scope)}
	if team.Due == 0 {
		blocks = append(blocks, section("No scorecard fell due in "+q.label+"."))
		return Message{Text: title, Blocks: blocks}
	}
	if !q.me {
		blocks = append(blocks, section("*Team* — "+figuresLine(team)))
	}
	var lines []string
	for i, f := range people[:min(len(people), statsShown)] {
		lines = append(lines, fmt.Sprintf("%d. <@%s> — %s", i+1, f.UserID, figuresLine(f)))
	}
	if more := len(people) - statsShown; more > 0 {
		lines = append(lines, fmt.Sprintf("…and %d more", more))
	}
	if !q.me {
		blocks = append(blocks, section("*By interviewer, slowest first*"))
	}
	blocks = append(blocks, sections(strings.Join(lines, "\n"))...)
	blocks = append(blocks, section(statsChart(people[:min(len(people), statsShown)])))
	return Message{Text: title, Blocks: blocks}
}

// figuresLine is one row of figures in words.
func figuresLine(f feedbackFigures) string {
	parts := []string{
		count(f.Due, "scorecard due", "scorecards due"),
		fmt.Sprintf("%d on time (%d%%)", f.OnTime, percent(f.OnTime, f.Due)),
	}
	if f.Submitted > 0 {
		parts = append(parts, "median "+shortDuration(f.Median), "p90 "+shortDuration(f.P90))
	}
	parts = append(parts, count(f.Reminders, "reminder", "reminders"), count(f.Escalations, "escalation", "escalations"))
	if n := f.Missing(); n > 0 {
		parts = append(parts, fmt.Sprintf("*%d still missing*", n))
	}
	return strings.Join(parts, " · ")
}

func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func percent(n, of int) int {
	if of == 0 {
		return 0
	}
	return int(math.Round(100 * float64(n) / float64(of)))
}

// statsChart draws each interviewer's median (█) and p90 (░) delay as bars in a code block,
// labelled with their rank in the list above (mentions do not render in code).
func statsChart(people []feedbackFigures) string {
	var longest time.Duration
	for _, f := range people {
		longest = max(longest, f.P90)
	}
	var b strings.Builder
	b.WriteString("```\nTime from the interview's end to the scorecard: median █, p90 ░\n")
	for i, f := range people {
		fmt.Fprintf(&b, "#%-3d", i+1)
		if f.Submitted == 0 {
			b.WriteString(strings.Repeat(" ", statsBarWidth) + " none in yet\n")
			continue
		}
		med, p90 := bar(f.Median, longest), bar(f.P90, longest)
		b.WriteString(strings.Repeat("█", med) + strings.Repeat("░", p90-med) + strings.Repeat(" ", statsBarWidth-p90))
		fmt.Fprintf(&b, " %s / %s\n", shortDuration(f.Median), shortDuration(f.P90))
	}
	b.WriteString("```")
	return b.String()
}

// bar is d's length out of statsBarWidth when longest fills it; at least one for any delay.
func bar(d, longest time.Duration) int {
	if longest <= 0 || d <= 0 {
		return 0
	}
	return max(1, int(math.Round(float64(statsBarWidth)*float64(d)/float64(longest))))
}

// shortDuration writes a delay compactly: "45m", "5h", "5h30m", "3d 4h".
func shortDuration(d time.Duration) string {
	d = d.Round(time.Minute)
	switch {
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour && d%time.Hour == 0:
		return fmt.Sprintf("%dh", int(d.Hours()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
	}
	days, hours := int(d.Hours())/24, int(d.Hours())%24
	if hours == 0 {
		return fmt.Sprintf("%dd", days)
	}
	return fmt.Sprintf("%dd %dh", days, hours)
}
