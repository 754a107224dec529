package content

import (
	"math"
	"sort"
	"strings"
)

// Audiences of FAQ entries.
const (
	AudienceEmployer = "employer" // people hiring
	AudienceCareer   = "career"   // developers growing their career
)

// FAQEntry is one question and its answer.
type FAQEntry struct {
	Slug     string   `json:"slug"`     // "cs-degree"
	Audience string   `json:"audience"` // AudienceEmployer or AudienceCareer
	Question string   `json:"question"`
	Answer   string   `json:"answer"`
	Keywords []string `json:"keywords"` // extra search words: "college", "bootcamp"
}

// Validate checks the entry on its own; FAQ.Validate checks slugs across entries.
func (e FAQEntry) Validate() error {
	if e.Audience != AudienceEmployer && e.Audience != AudienceCareer {
		return errorf("audience", "%q must be %q or %q", e.Audience, AudienceEmployer, AudienceCareer)
	}
	if err := firstError(
		checkSlug("slug", e.Slug),
		checkText("question", e.Question),
		checkText("answer", e.Answer),
	); err != nil {
		return err
	}
	for i, k := range e.Keywords {
		if err := checkText(index("keywords", i), k); err != nil {
			return err
		}
	}
	return nil
}

// FAQSection is a titled list of entries for one audience.
type FAQSection struct {
	Slug    string     `json:"slug"`  // "employer", "career"
	Title   string     `json:"title"` // "Python Backend Developer Hiring FAQ"
	Entries []FAQEntry `json:"entries"`
}

// Validate checks the section and its entries on their own.
func (s FAQSection) Validate() error {
	if err := firstError(checkSlug("slug", s.Slug), checkText("title", s.Title)); err != nil {
		return err
	}
	return validateList("entries", "entry", s.Entries, nil)
}

// FAQ is every frequently asked question, by section.
type FAQ struct {
	Sections []FAQSection `json:"sections"`
}

// Validate checks every section and entry, and that slugs are unique: section
// slugs among sections, entry slugs across all sections.
func (f FAQ) Validate() error {
	entrySlug := uniqueSlug(map[string]string{}, func(e FAQEntry) string { return e.Slug })
	sectionSlug := uniqueSlug(map[string]string{}, func(s FAQSection) string { return s.Slug })
	return validateList("sections", "section", f.Sections, func(path string, s FAQSection) error {
		if err := sectionSlug(path, s); err != nil {
			return err
		}
		for j, e := range s.Entries {
			if err := entrySlug(index(path+".entries", j), e); err != nil {
				return err
			}
		}
		return nil
	})
}

// unique records slug at path in seen, reporting a slug seen before.
func unique(seen map[string]string, slug, path string) error {
	if prev, dup := seen[slug]; dup {
		return errorf(path, "%q already used at %s", slug, prev)
	}
	seen[slug] = path
	return nil
}

// Entries returns every entry in section order, in a new slice.
func (f FAQ) Entries() []FAQEntry {
	var all []FAQEntry
	for _, s := range f.Sections {
		all = append(all, s.Entries...)
	}
	return all
}

// Search returns at most limit entries relevant to query, best first, or none
// when no entry matches. Query words are normalized, stripped of stop words
// ("how", "do", "i", "the", ...) and stemmed ("databases" finds "database",
// "testing" finds "test"). A word counts most in the question, then in the
// keywords, then in the answer, and rare words count more than common ones.
// Ties keep seed order, so results are deterministic.
func (f FAQ) Search(query string, limit int) []FAQEntry {
	terms := searchTerms(query)
	all := f.Entries()
	if len(terms) == 0 || limit <= 0 || len(all) == 0 {
		return nil
	}
	docs := make([]faqDoc, len(all))
	for i, e := range all {
		docs[i] = newFAQDoc(e)
	}
	type hit struct {
		entry FAQEntry
		score float64
	}
	var hits []hit
	weights := termWeights(terms, docs)
	for i, d := range docs {
		if s := d.score(terms, weights); s > 0 {
			hits = append(hits, hit{all[i], s})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].score > hits[j].score })
	out := make([]FAQEntry, 0, min(limit, len(hits)))
	for _, h := range hits[:min(limit, len(hits))] {
		out = append(out, h.entry)
	}
	return out
}

// faqDoc holds the stemmed words of an entry, by field.
type faqDoc struct{ question, keywords, answer map[string]bool }

func newFAQDoc(e FAQEntry) faqDoc {
	return faqDoc{
		question: stemSet(e.Question),
		keywords: stemSet(strings.Join(e.Keywords, " ")),
		answer:   stemSet(e.Answer),
	}
}

// Field weights: a word in the question matters most.
const (
	questionWeight = 3
	keywordWeight  = 2
	answerWeight   = 1
)

func (d faqDoc) has(t string) bool { return d.question[t] || d.keywords[t] || d.answer[t] }

func (d faqDoc) score(terms []string, weights map[string]float64) float64 {
	total := 0.0
	for _, t := range terms {
		w := 0
		if d.question[t] {
			w += questionWeight
		}
		if d.keywords[t] {
			w += keywordWeight
		}
		if d.answer[t] {
			w += answerWeight
		}
		total += float64(w) * weights[t]
	}
	return total
}

// termWeights gives each term 1 + ln(N/df), df being the number of entries that contain it.
func termWeights(terms []string, docs []faqDoc) map[string]float64 {
	w := make(map[string]float64, len(terms))
	for _, t := range terms {
		df := 0
		for _, d := range docs {
			if d.has(t) {
				df++
			}
		}
		if df > 0 {
			w[t] = 1 + math.Log(float64(len(docs))/float64(df))
		}
	}
	return w
}

// searchTerms returns the distinct stems of the query's words, in query order.
func searchTerms(query string) []string {
	var terms []string
	seen := map[string]bool{}
	for _, w := range strings.Fields(Normalize(query)) {
		if stopWords[w] {
			continue
		}
		if s := stem(w); !seen[s] {
			seen[s] = true
			terms = append(terms, s)
		}
	}
	return terms
}

// stemSet returns the stems of the words of s that are not stop words.
func stemSet(s string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(Normalize(s)) {
		if !stopWords[w] {
			set[stem(w)] = true
		}
	}
	return set
}

// stem strips common English suffixes so that forms of a word meet:
// "databases" and "database" both become "databas", "testing" and "tests" "test".
func stem(w string) string {
	for _, suf := range []struct{ from, to string }{
		{"ies", "y"}, {"ing", ""}, {"ed", ""}, {"s", ""},
	} {
		if strings.HasSuffix(w, suf.from) && len(w)-len(suf.from)+len(suf.to) >= 3 &&
			!(suf.from == "s" && strings.HasSuffix(w, "ss")) {
			w = w[:len(w)-len(suf.from)] + suf.to
			break
		}
	}
	if len(w) > 3 && strings.HasSuffix(w, "e") {
		w = w[:len(w)-1]
	}
	return w
}

// stopWords are ignored in queries and entries.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the is are am be been was were do does did how
		what when where which who why i me my we our you your it its this that these those
		to of for in on at by with from as and or but not no can could should would will
		shall may might must about into than then there their they them so if any some
		between vs versus much many more most`) {
		m[w] = true
	}
	return m
}()
