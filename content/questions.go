package content

// Question is one interview question.
type Question struct {
	Slug    string   `json:"slug"`    // "system-design"
	Topic   string   `json:"topic"`   // "System Design"
	Text    string   `json:"text"`    // the question, without surrounding quote marks
	Aliases []string `json:"aliases"` // normalized: "sysdesign", "design"
}

func (q Question) keyed(path string) keyed {
	return keyed{Path: path, NameField: "topic", Slug: q.Slug, Name: q.Topic, Aliases: q.Aliases}
}

// Validate checks the question on its own; QuestionBank.Validate checks aliases across questions.
func (q Question) Validate() error {
	return firstError(
		checkSlug("slug", q.Slug),
		checkText("topic", q.Topic),
		checkText("text", q.Text),
	)
}

// Category is a kind of interview question: technical, behavioral, culture fit.
type Category struct {
	Slug      string     `json:"slug"`    // "technical"
	Name      string     `json:"name"`    // "Technical/Functional"
	Aliases   []string   `json:"aliases"` // normalized: "tech", "functional"
	Questions []Question `json:"questions"`
}

func (c Category) keyed(i int) keyed {
	return keyed{Path: index("categories", i), NameField: "name", Slug: c.Slug, Name: c.Name, Aliases: c.Aliases}
}

// Validate checks the category and its questions on their own.
func (c Category) Validate() error {
	if err := firstError(checkSlug("slug", c.Slug), checkText("name", c.Name)); err != nil {
		return err
	}
	return validateList("questions", "question", c.Questions, nil)
}

// QuestionBank is every interview question, by category, with advice on judging answers.
type QuestionBank struct {
	Categories     []Category `json:"categories"`
	EvaluationTips string     `json:"evaluation_tips"`
	// TipsFor are the slugs of the categories the tips fit ("technical"): a set or a question of
	// another category is shown without them, and the whole bank shows them after the last
	// category they fit, saying which.
	TipsFor []string `json:"evaluation_tips_for"`
}

// TipsFit reports whether the evaluation tips belong with the category's questions.
func (b QuestionBank) TipsFit(categorySlug string) bool {
	for _, s := range b.TipsFor {
		if s == categorySlug {
			return true
		}
	}
	return false
}

// TipsFitQuestion reports whether the evaluation tips belong with the question of this slug:
// whether they fit its category.
func (b QuestionBank) TipsFitQuestion(questionSlug string) bool {
	for _, c := range b.Categories {
		for _, q := range c.Questions {
			if q.Slug == questionSlug {
				return b.TipsFit(c.Slug)
			}
		}
	}
	return false
}

// Validate checks every category and question, and that no slug, name or alias
// leads to two categories or to two questions (across all categories).
func (b QuestionBank) Validate() error {
	if err := validateList("categories", "category", b.Categories, nil); err != nil {
		return err
	}
	var qs []keyed
	for i, c := range b.Categories {
		qs = append(qs, keysOf(c.Questions, func(q Question, j int) keyed {
			return q.keyed(index(index("categories", i)+".questions", j))
		})...)
	}
	for i, slug := range b.TipsFor {
		if b.categoryOf(slug) == "" {
			return errorf(index("evaluation_tips_for", i), "%q is not the slug of a category", slug)
		}
	}
	return firstError(
		checkKeys(keysOf(b.Categories, Category.keyed)),
		checkKeys(qs),
		checkText("evaluation_tips", b.EvaluationTips),
	)
}

// Category returns the category whose slug, name or alias equals the normalized
// query: "technical", "tech", "Culture Fit", "behavioural".
func (b QuestionBank) Category(query string) (Category, bool) {
	return lookup(b.Categories, query, func(c Category) keyed { return c.keyed(0) })
}

// Topic returns the question, and its category, whose slug, topic or alias equals
// the normalized query: "system design", "sysdesign", "db".
func (b QuestionBank) Topic(query string) (Category, Question, bool) {
	for _, c := range b.Categories {
		if q, ok := lookup(c.Questions, query, func(q Question) keyed { return q.keyed("") }); ok {
			return c, q, true
		}
	}
	return Category{}, Question{}, false
}

// All returns every question in category order, in a new slice.
func (b QuestionBank) All() []Question {
	var all []Question
	for _, c := range b.Categories {
		all = append(all, c.Questions...)
	}
	return all
}

// categoryOf returns the slug of the category slug names, or "" when there is none.
func (b QuestionBank) categoryOf(slug string) string {
	for _, c := range b.Categories {
		if c.Slug == slug {
			return c.Slug
		}
	}
	return ""
}
