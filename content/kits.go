package content

import "fmt"

// Kits says which interview questions suit each interview stage: the interview kit sent to a
// panel before an interview offers a few of them.
type Kits struct {
	Stages []StageKit `json:"stages"`
}

// StageKit is the questions of one stage's kit.
type StageKit struct {
	Stage string `json:"stage"` // the stage as an interview records it: "system-design"
	// Topics are category slugs ("behavioral": all its questions) or question slugs
	// ("database-design"), mixed in turn.
	Topics    []string `json:"topics"`
	Questions int      `json:"questions"` // how many a kit offers, 2 to 4
}

// Kit question counts.
const (
	MinKitQuestions = 2
	MaxKitQuestions = 4
)

// Validate checks every stage on its own; QuestionBank topics are checked by Load.
func (k Kits) Validate() error {
	seen := map[string]string{}
	return validateList("stages", "stage", k.Stages, func(path string, s StageKit) error {
		if prev, dup := seen[s.Stage]; dup {
			return errorf(path+".stage", "%q is already the stage of %s", s.Stage, prev)
		}
		seen[s.Stage] = path
		return nil
	})
}

// Validate checks the stage's slug, topics and question count.
func (s StageKit) Validate() error {
	if err := firstError(checkSlug("stage", s.Stage), checkStage("stage", s.Stage), checkTexts("topics", s.Topics)); err != nil {
		return err
	}
	if s.Questions < MinKitQuestions || s.Questions > MaxKitQuestions {
		return errorf("questions", "must be from %d to %d", MinKitQuestions, MaxKitQuestions)
	}
	return nil
}

// checkTopics reports a topic that names neither a category nor a question of the bank, and a
// stage whose topics hold fewer questions than it offers.
func (k Kits) checkTopics(b QuestionBank) error {
	for i, s := range k.Stages {
		for j, t := range s.Topics {
			if len(b.topicQuestions(t)) == 0 {
				return errorf(fmt.Sprintf("stages[%d].topics[%d]", i, j), "%q is neither a category nor a question in %s", t, QuestionsFile)
			}
		}
		if n := len(b.mix(s.Topics, 0)); n < s.Questions {
			return errorf(fmt.Sprintf("stages[%d].questions", i), "%d asked for, but its topics hold only %d", s.Questions, n)
		}
	}
	return nil
}

// topicQuestions is the questions a topic names: a category's, or the one question.
func (b QuestionBank) topicQuestions(topic string) []Question {
	for _, c := range b.Categories {
		if c.Slug == topic {
			return c.Questions
		}
		for _, q := range c.Questions {
			if q.Slug == topic {
				return []Question{q}
			}
		}
	}
	return nil
}

// mix takes the topics' questions in turn, one from each, each question once; each topic's
// list starts at its question number turn (going round).
func (b QuestionBank) mix(topics []string, turn int) []Question {
	lists := make([][]Question, len(topics))
	longest := 0
	for i, t := range topics {
		l := b.topicQuestions(t)
		k := turn % len(l)
		lists[i] = append(l[k:len(l):len(l)], l[:k]...)
		longest = max(longest, len(l))
	}
	seen := map[string]bool{}
	var out []Question
	for n := range longest {
		for _, l := range lists {
			if n < len(l) && !seen[l[n].Slug] {
				seen[l[n].Slug] = true
				out = append(out, l[n])
			}
		}
	}
	return out
}

// KitQuestions returns the questions of the stage's kit, and false for a stage without one.
// turn picks which of its questions (interviews with different turns get different ones where
// the stage has more than it offers).
func (c *Content) KitQuestions(stage string, turn int) ([]Question, bool) {
	for _, s := range c.Kits.Stages {
		if s.Stage != stage {
			continue
		}
		all := c.Questions.mix(s.Topics, max(turn, 0))
		return all[:min(s.Questions, len(all))], true
	}
	return nil, false
}
