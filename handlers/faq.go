package handlers

import (
	"context"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"hirebot/content"
)

const (
	faqCommand    = "/hiring-faq"
	faqMaxAnswers = 3
	faqMaxQuery   = 200 // characters of a question we search with; the rest is ignored
)

func (l *Lookups) faq(_ context.Context, args string) answer {
	query := content.Normalize(truncateRunes(args, faqMaxQuery))
	switch query {
	case "":
		return l.faqIndex("")
	case "help", "usage", "h":
		return l.faqIndex("*/hiring-faq [words]* finds answers in the hiring and career FAQ, e.g. `/hiring-faq degree` or `/hiring-faq async`.")
	}
	matches := l.content.FAQ.Search(query, faqMaxAnswers)
	if len(matches) == 0 {
		return l.faqNoMatch(args)
	}
	blocks := []slack.Block{header("Hiring FAQ")}
	for i, e := range matches {
		if i > 0 {
			blocks = append(blocks, divider())
		}
		blocks = append(blocks, sections(fmt.Sprintf("*%s*\n%s", escape(e.Question), escape(e.Answer)))...)
	}
	label := "Best answer"
	if len(matches) > 1 {
		label = fmt.Sprintf("Best %d answers", len(matches))
	}
	blocks = append(blocks, contextBlock(fmt.Sprintf("%s for “%s” · `/hiring-faq` lists every question", label, literal(query))))
	return answer{text: escape(matches[0].Question), blocks: blocks, shareable: true, share: query}
}

func (l *Lookups) faqNoMatch(raw string) answer {
	entries := l.content.FAQ.Entries()
	var few []string
	for _, e := range entries[:min(4, len(entries))] {
		few = append(few, escape(e.Question))
	}
	text := fmt.Sprintf(":mag: Nothing in the FAQ matched *%s*.", literal(truncate(strings.TrimSpace(raw), 80)))
	var words []string
	for _, e := range entries {
		words = append(words, e.Keywords...)
	}
	if w, ok := content.Suggest(truncateRunes(raw, faqMaxQuery), words); ok {
		text += didYouMean(escape(w), "/hiring-faq "+w)
	}
	text += fmt.Sprintf("\nYou could ask about:\n%s\nTry a single word such as `/hiring-faq degree` or `/hiring-faq testing`, or `/hiring-faq` for every question.", bullets(few))
	return answer{text: "Nothing in the FAQ matched", blocks: []slack.Block{section(text)}}
}

func (l *Lookups) faqIndex(lead string) answer {
	blocks := []slack.Block{header("Hiring FAQ")}
	if lead != "" {
		blocks = append(blocks, section(lead))
	}
	for _, sec := range l.content.FAQ.Sections {
		qs := make([]string, len(sec.Entries))
		for i, e := range sec.Entries {
			qs[i] = escape(e.Question)
		}
		blocks = append(blocks, sections("*"+escape(sec.Title)+"*\n"+bullets(qs))...)
	}
	blocks = append(blocks, contextBlock("Ask with a few words: `/hiring-faq degree`, `/hiring-faq devops`, `/hiring-faq career paths`."))
	return answer{text: "Hiring FAQ questions", blocks: blocks}
}
