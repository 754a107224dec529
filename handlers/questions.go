package handlers

import (
	"context"
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"hirebot/content"
)

const questionsCommand = "/interview-questions"

// questionsQuery is what a user asked /interview-questions for: exactly one of its fields is set,
// or none for the overview.
type questionsQuery struct {
	help     bool
	random   bool
	all      bool
	category *content.Category
	question *content.Question
	unknown  string // normalized words that matched nothing
}

func parseQuestions(b content.QuestionBank, text string) questionsQuery {
	norm := content.Normalize(text)
	switch norm {
	case "":
		return questionsQuery{}
	case "help", "usage", "h":
		return questionsQuery{help: true}
	case "random", "any", "surprise me", "one":
		return questionsQuery{random: true}
	case "all", "everything":
		return questionsQuery{all: true}
	}
	if c, ok := b.Category(norm); ok {
		return questionsQuery{category: &c}
	}
	if c, q, ok := b.Topic(norm); ok {
		return questionsQuery{category: &c, question: &q}
	}
	return questionsQuery{unknown: norm}
}

func (l *Lookups) questions(_ context.Context, args string) answer {
	bank := l.content.Questions
	q := parseQuestions(bank, args)
	switch {
	case q.help:
		return l.questionsHelp("")
	case q.random:
		all := bank.All()
		if len(all) == 0 {
			return l.questionsHelp("There are no questions to pick from yet.")
		}
		pick := all[l.intn(len(all))]
		c, _, _ := bank.Topic(pick.Slug)
		return l.oneQuestion(c, pick)
	case q.all:
		return l.allQuestions()
	case q.question != nil:
		return l.oneQuestion(*q.category, *q.question)
	case q.category != nil:
		return l.categoryQuestions(*q.category)
	case q.unknown != "":
		msg := fmt.Sprintf(":mag: I have no interview questions for *%s*.", literal(truncate(strings.TrimSpace(args), 80)))
		if name, slug, ok := suggestQuestions(bank, q.unknown); ok {
			msg += didYouMean(escape(name), "/interview-questions "+slug)
		}
		return l.questionsHelp(msg)
	}
	return l.questionsHelp("")
}

func (l *Lookups) categoryQuestions(c content.Category) answer {
	blocks := []slack.Block{header(c.Name + " interview questions")}
	blocks = append(blocks, sections(numberedQuestions(c.Questions))...)
	blocks = append(blocks, l.evaluationTips(c)...)
	return answer{text: fmt.Sprintf("%d %s interview questions", len(c.Questions), escape(c.Name)), blocks: blocks, shareable: true, share: c.Slug}
}

// allQuestions is the whole bank, category by category. The evaluation tips come once, right
// after the last category they fit, and say which questions they are for unless they fit every
// category: behavioral and culture-fit answers are not judged by technical tips.
func (l *Lookups) allQuestions() answer {
	bank := l.content.Questions
	var fit []string
	last := -1
	for i, c := range bank.Categories {
		if bank.TipsFit(c.Slug) {
			fit, last = append(fit, escape(c.Name)), i
		}
	}
	blocks := []slack.Block{header("Interview questions")}
	for i, c := range bank.Categories {
		blocks = append(blocks, sections("*"+escape(c.Name)+"*\n"+numberedQuestions(c.Questions))...)
		if i != last {
			continue
		}
		title := "*Evaluation tips*"
		if len(fit) < len(bank.Categories) {
			title += " for the " + postingJoin(fit, "and") + " questions"
		}
		blocks = append(blocks, section(title+"\n"+escape(bank.EvaluationTips)))
		if i < len(bank.Categories)-1 {
			blocks = append(blocks, divider())
		}
	}
	return answer{text: "Every interview question", blocks: blocks, shareable: true, share: "all"}
}

func (l *Lookups) oneQuestion(c content.Category, q content.Question) answer {
	blocks := []slack.Block{
		header("Interview question · " + q.Topic),
		section(fmt.Sprintf("> %s", escape(q.Text))),
		contextBlock(fmt.Sprintf("%s question · topic `%s`", escape(c.Name), q.Slug)),
	}
	blocks = append(blocks, l.evaluationTips(c)...)
	return answer{text: escape(q.Topic + ": " + q.Text), blocks: blocks, shareable: true, share: q.Slug}
}

// evaluationTips are the tips for judging answers to c's questions, when the content says they
// fit c: the guide's tips are about technical answers, not behavioral or culture-fit ones.
func (l *Lookups) evaluationTips(c content.Category) []slack.Block {
	if !l.content.Questions.TipsFit(c.Slug) {
		return nil
	}
	return []slack.Block{divider(), section("*Evaluation tips*\n" + escape(l.content.Questions.EvaluationTips))}
}

func numberedQuestions(qs []content.Question) string {
	lines := make([]string, len(qs))
	for i, q := range qs {
		lines[i] = fmt.Sprintf("%d. *%s* — %s", i+1, escape(q.Topic), escape(q.Text))
	}
	return strings.Join(lines, "\n")
}

func (l *Lookups) questionsHelp(lead string) answer {
	var b strings.Builder
	b.WriteString("*/interview-questions [what]* shows sample questions and how to evaluate the answers.\n")
	b.WriteString("• `/interview-questions technical` — a whole set (also `behavioral`, `culture-fit`, `all`)\n")
	b.WriteString("• `/interview-questions system design` — one topic\n")
	b.WriteString("• `/interview-questions random` — one question at random\n")
	for _, c := range l.content.Questions.Categories {
		slugs := make([]string, len(c.Questions))
		for i, q := range c.Questions {
			slugs[i] = "`" + q.Slug + "`"
		}
		fmt.Fprintf(&b, "*%s* (`%s`): %s\n", escape(c.Name), c.Slug, strings.Join(slugs, ", "))
	}
	var blocks []slack.Block
	if lead != "" {
		blocks = append(blocks, section(lead))
	}
	blocks = append(blocks, sections(strings.TrimSpace(b.String()))...)
	return answer{text: "How to use /interview-questions", blocks: blocks}
}

// suggestQuestions finds the category or topic nearest to a query that matched none, by name,
// slug or alias, and returns its name and slug.
func suggestQuestions(b content.QuestionBank, query string) (name, slug string, ok bool) {
	var keys []string
	type target struct{ name, slug string }
	by := map[string]target{}
	add := func(t target, ks ...string) {
		for _, k := range ks {
			if _, seen := by[k]; !seen {
				keys = append(keys, k)
				by[k] = t
			}
		}
	}
	for _, c := range b.Categories {
		add(target{c.Name, c.Slug}, append([]string{c.Name, c.Slug}, c.Aliases...)...)
		for _, q := range c.Questions {
			add(target{q.Topic, q.Slug}, append([]string{q.Topic, q.Slug}, q.Aliases...)...)
		}
	}
	k, ok := content.Suggest(query, keys)
	return by[k].name, by[k].slug, ok
}
