package handlers

import (
	"fmt"
	"strings"
	"sync"

	"github.com/slack-go/slack"

	"hirebot/content"
	"hirebot/handlers/chart"
)

const (
	salaryCompareWord = "compare"
	blockSalaryChart  = "salary_chart"
)

// answerImage is a picture that goes with an answer: uploaded when the answer is sent, then
// shown in an image block at index at of the answer's blocks.
type answerImage struct {
	name, title, alt string
	chart            chart.Ranges
	at               int

	once sync.Once // the PNG is drawn at first use: drawing every chart at start-up costs ~80 ms
	png  string
	err  error
}

// encoded is the chart as PNG, drawn once.
func (img *answerImage) encoded() (string, error) {
	img.once.Do(func() {
		raw, err := img.chart.PNG()
		img.png, img.err = string(raw), err
	})
	return img.png, img.err
}

// salaryCompare answers /salary compare [level]: every location side by side, as text and as a
// range chart. Without a level the bars are the guide's bands; with one, the estimates for that
// level in each location, with the guide's bands beside them in the text. The chart is drawn at
// first use; should it fail to encode, the answer is the text alone.
func (l *Lookups) salaryCompare(lv *content.Level) answer {
	s := l.content.Salary
	var a answer
	var c chart.Ranges
	if lv == nil {
		a, c = compareBands(s)
	} else {
		a, c = compareLevel(s, *lv)
	}
	a.shareable = true
	a.image.title, a.image.alt, a.image.chart, a.image.at = c.Title, chartAlt(c), c, 2
	return a
}

func compareBands(s content.Salary) (answer, chart.Ranges) {
	exp := experience(s)
	blocks := []slack.Block{
		header("Python backend salaries by location"),
		section(fmt.Sprintf("*The guide's band for each location*, with %s", escape(exp))),
	}
	blocks = append(blocks, bandTable(s.Bands)...)
	blocks = append(blocks, contextBlock(nationalLine(s)+"\n"+escape(s.Source)+
		"\nFor one level everywhere, try `/salary compare senior`."))
	c := chart.Ranges{
		Title:    "Python backend salary bands by location",
		Subtitle: "From the guide, for " + exp + ". Grey: the national average.",
		Bars:     []chart.Bar{{Label: "National average", Min: int(s.National.Min), Max: int(s.National.Max), Text: s.National.Short(), Reference: true}},
	}
	for _, b := range s.Bands {
		c.Bars = append(c.Bars, chart.Bar{Label: b.Location, Min: int(b.Range.Min), Max: int(b.Range.Max), Text: b.Range.Short()})
	}
	a := answer{text: "Salary bands by location, from the guide, with " + escape(exp), blocks: blocks,
		share: salaryCompareWord, image: &answerImage{name: "salary-compare.png"}}
	return a, c
}

func compareLevel(s content.Salary, lv content.Level) (answer, chart.Ranges) {
	national := lv.Range.Min == s.National.Min && lv.Range.Max == s.National.Max
	var fields, summary []string
	var data bool // some location's range is the salary data's own
	c := chart.Ranges{
		Title:    "Estimated " + lv.Name + " salary ranges by location",
		Subtitle: "Estimates: each end of the national range x band end / national end, to $1,000. Grey: the national range.",
		Bars:     []chart.Bar{{Label: "National " + lv.Name, Min: int(lv.Range.Min), Max: int(lv.Range.Max), Text: lv.Range.Short(), Reference: true}},
	}
	if national {
		c.Title, c.Subtitle = lv.Name+" salary ranges by location", "The guide's location bands. Grey: the national "+lv.Name+" range."
	}
	for _, b := range s.Bands {
		e := s.Estimate(b, lv)
		data = data || e.Source == content.SourceData
		fields = append(fields, compareField(e))
		summary = append(summary, fmt.Sprintf("%s %s", escape(b.Location), e.Range))
		c.Bars = append(c.Bars, chart.Bar{Label: b.Location, Min: int(e.Range.Min), Max: int(e.Range.Max), Text: e.Range.Short()})
	}
	blocks := []slack.Block{
		header("Python backend salaries by location · " + lv.Name),
		section(compareIntro(s, lv, national, data)),
	}
	for start := 0; start < len(fields); start += 10 {
		blocks = append(blocks, fieldsSection("", fields[start:min(start+10, len(fields))]))
	}
	blocks = append(blocks, contextBlock(fmt.Sprintf("From the guide: national %s range %s; ", escape(lv.Name), lv.Range.Short())+
		nationalLine(s)+"\n"+escape(s.Source)))
	what := "Estimated " + escape(lv.Name) + " salaries"
	if national {
		what = escape(lv.Name) + " salaries, the guide's bands,"
	}
	a := answer{text: fmt.Sprintf("%s by location: %s", what, strings.Join(summary, "; ")),
		blocks: blocks, share: salaryCompareWord + " " + lv.Slug, image: &answerImage{name: "salary-compare-" + lv.Slug + ".png"}}
	return a, c
}

// compareIntro says what the figures of /salary compare [level] are and how they were reached.
func compareIntro(s content.Salary, lv content.Level, national, data bool) string {
	name := escape(lv.Name)
	var intro string
	if national {
		intro = fmt.Sprintf("*%s ranges by location*\n_The guide's own band for each location, with %s: the national %s range (%s) is the national average the bands are set against._",
			name, escape(experience(s)), name, lv.Range.Short())
	} else {
		intro = fmt.Sprintf("*Estimated %s ranges by location*\n_Estimates, not figures from the guide: the national %s range (%s), its minimum × each location band's minimum / %s "+
			"and its maximum × the band's maximum / %s (the national band's ends), each rounded to the nearest $1,000. "+
			"Under each, the guide's own band for the location, with %s._",
			name, name, lv.Range.Short(), s.National.Min.Short(), s.National.Max.Short(), escape(experience(s)))
	}
	if data {
		intro += fmt.Sprintf("\n_Where the salary data gives its own %s range for a location, that range is shown instead, marked as such._", name)
	}
	return intro
}

// compareField is one location in /salary compare [level]: its range, saying what it is, and
// the guide's band beside an estimate.
func compareField(e content.Estimate) string {
	loc := "*" + escape(e.Band.Location) + "*\n"
	switch e.Source {
	case content.SourceBand:
		return loc + "Guide band: " + e.Range.String()
	case content.SourceData:
		return loc + "Salary data: " + e.Range.String() + "\nGuide band: " + e.Band.Range.String()
	}
	return fmt.Sprintf("%sEstimate: %s (× %s, × %s)\nGuide band: %s", loc, e.Range,
		ratio(e.Band.Range.Min, e.National.Min), ratio(e.Band.Range.Max, e.National.Max), e.Band.Range)
}

// chartAlt describes a range chart for screen readers: its title and every bar.
func chartAlt(c chart.Ranges) string {
	bars := make([]string, len(c.Bars))
	for i, b := range c.Bars {
		bars[i] = b.Label + ": " + b.Text
	}
	return truncate("Range chart, "+c.Title+". "+strings.Join(bars, "; ")+".", 2000)
}

// withImage returns blocks with the image shown from the uploaded file id, or, when the upload
// failed (id ""), a note that the text above says the same.
func (img *answerImage) withImage(blocks []slack.Block, id string) []slack.Block {
	out := make([]slack.Block, 0, len(blocks)+1)
	at := min(img.at, len(blocks))
	out = append(out, blocks[:at]...)
	if id == "" {
		out = append(out, contextBlock("_The chart could not be sent this time; the figures here are the same._"))
	} else {
		out = append(out, slack.NewImageBlockSlackFile(&slack.SlackFileObject{ID: id}, img.alt, blockSalaryChart, plain(img.title)))
	}
	return append(out, blocks[at:]...)
}

// file is the image as a file to upload privately; then builds the messages that show it. A
// chart that could not be drawn goes as no file: then shows the text alone.
func (img *answerImage) file(then func(id string) []Message) File {
	png, err := img.encoded()
	if err != nil {
		return File{Name: img.name, Title: img.title, Then: then}
	}
	return File{Name: img.name, Title: img.title, Content: png, Then: then}
}
