package content

import (
	"slices"
	"strings"
)

// Wording is a short list of phrases known to put candidates off in a job posting, each with
// the reason and a suggested alternative. It backs the wording hints of /job-posting.
type Wording struct {
	About string `json:"about"` // what the list is for and how it matches
	Terms []Term `json:"terms"`
}

// Term is one discouraging expression in all the spellings the list knows.
type Term struct {
	// Phrases are normalized (see Normalize): "rock star", "digital native". A phrase matches
	// whole words only, ignoring case and punctuation, so "he" finds "He's" but not "the".
	Phrases    []string `json:"phrases"`
	Reason     string   `json:"reason"`     // why it puts candidates off
	Suggestion string   `json:"suggestion"` // what to write instead
}

// Validate reports an empty list, phrase, reason or suggestion, and a phrase that is not
// normalized.
func (t Term) Validate() error {
	if err := firstError(
		checkTexts("phrases", t.Phrases),
		checkText("reason", t.Reason),
		checkText("suggestion", t.Suggestion),
	); err != nil {
		return err
	}
	for i, p := range t.Phrases {
		if Normalize(p) != p {
			return errorf(index("phrases", i), "%q must be normalized (want %q)", p, Normalize(p))
		}
	}
	return nil
}

// Validate checks every term, and that no phrase appears twice in the list.
func (w Wording) Validate() error {
	if err := checkText("about", w.About); err != nil {
		return err
	}
	seen := map[string]string{}
	return validateList("terms", "term", w.Terms, func(path string, t Term) error {
		for j, p := range t.Phrases {
			if err := unique(seen, p, index(path+".phrases", j)); err != nil {
				return err
			}
		}
		return nil
	})
}

// Flag is a term found in a text.
type Flag struct {
	Phrase string // the phrase of the list that matched, e.g. "rock star"
	Term   Term
}

// Check returns the terms that occur in text, in list order, each once with the first of its
// phrases found.
func (w Wording) Check(text string) []Flag {
	padded := " " + Normalize(text) + " "
	var flags []Flag
	for _, t := range w.Terms {
		i := slices.IndexFunc(t.Phrases, func(p string) bool { return strings.Contains(padded, " "+p+" ") })
		if i >= 0 {
			flags = append(flags, Flag{Phrase: t.Phrases[i], Term: t})
		}
	}
	return flags
}
