// Package content holds the hiring knowledge the bot serves: salary bands and
// levels, interview questions, the FAQ, the job posting template, hiring tips and
// the word list behind the job posting wording hints.
//
// The content is data, not code: JSON files compiled in with go:embed and parsed
// eagerly at start-up. A team may replace any of the files with its own (see Load).
// Every file is decoded strictly (unknown fields are errors) and validated.
//
// A loaded *Content is read-only: it is shared by concurrent handlers, so callers
// must not modify the slices reachable from it (lookup methods return the
// content's own slices, not copies).
package content

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

//go:embed data/*.json
var embedded embed.FS

// File names, shared by the embedded data and override directories.
const (
	SalaryFile    = "salary.json"
	QuestionsFile = "questions.json"
	FAQFile       = "faq.json"
	PostingFile   = "posting.json"
	TipsFile      = "tips.json"
	WordingFile   = "wording.json"
	KitsFile      = "kits.json"
	ScorecardFile = "scorecard.json"
)

// Content is everything the bot knows. See the package doc: it is read-only.
type Content struct {
	Salary    Salary
	Questions QuestionBank
	FAQ       FAQ
	Posting   Posting
	Tips      HiringTips
	Wording   Wording
	Kits      Kits
	Scorecard Scorecards
}

// validator is implemented by every top-level content type.
type validator interface{ Validate() error }

// part pairs a file name with the field it fills.
type part struct {
	name string
	dst  validator
}

// parts lists the content files in load order.
func (c *Content) parts() []part {
	return []part{
		{SalaryFile, &c.Salary},
		{QuestionsFile, &c.Questions},
		{FAQFile, &c.FAQ},
		{PostingFile, &c.Posting},
		{TipsFile, &c.Tips},
		{WordingFile, &c.Wording},
		{KitsFile, &c.Kits},
		{ScorecardFile, &c.Scorecard},
	}
}

// Validate checks every part; the error names the file, the field and the problem.
func (c *Content) Validate() error {
	for _, p := range c.parts() {
		if err := p.dst.Validate(); err != nil {
			return fmt.Errorf("content: %s: %w", p.name, err)
		}
	}
	return c.crossCheck()
}

// crossCheck checks what one file says about another: the kits' topics name questions.
func (c *Content) crossCheck() error {
	if err := c.Kits.checkTopics(c.Questions); err != nil {
		return fmt.Errorf("content: %s: %w", KitsFile, err)
	}
	return nil
}

// Embedded loads only the compiled-in files.
func Embedded() (*Content, error) { return Load("") }

// Load loads the content. With dir == "" only the compiled-in files are used.
// Otherwise every content file present in dir (salary.json, questions.json,
// faq.json, posting.json, tips.json, wording.json, kits.json, scorecard.json) replaces the compiled-in file of the same
// name, and missing files fall back to the compiled-in ones. Any other *.json
// file in dir is an error, so that a misspelt file name is not silently ignored.
// A salary.csv in dir then overrides the salary bands and levels (see SalaryCSVFile).
//
// Unknown JSON fields are rejected. Errors name the file, the field and the
// problem, for example:
//
//	content: salary.json: bands[2].range.min: must be > 0
func Load(dir string) (*Content, error) {
	if dir != "" {
		if err := checkDir(dir); err != nil {
			return nil, err
		}
	}
	c := new(Content)
	for _, p := range c.parts() {
		if err := loadPart(dir, p.name, p.dst); err != nil {
			return nil, err
		}
	}
	if err := loadSalaryCSV(dir, &c.Salary); err != nil {
		return nil, err
	}
	if err := c.crossCheck(); err != nil {
		return nil, err
	}
	return c, nil
}

// loadPart decodes and validates one file, from dir when present there.
func loadPart(dir, name string, dst validator) error {
	data, label, err := readPart(dir, name)
	if err != nil {
		return fmt.Errorf("content: %s: %w", label, err)
	}
	if err := decodeStrict(data, dst); err != nil {
		return fmt.Errorf("content: %s: %w", label, err)
	}
	if err := dst.Validate(); err != nil {
		return fmt.Errorf("content: %s: %w", label, err)
	}
	return nil
}

// readPart returns the bytes of name and the label used in errors: the path of
// the override file when dir has one, the bare name for the compiled-in file.
func readPart(dir, name string) ([]byte, string, error) {
	if dir != "" {
		path := filepath.Join(dir, name)
		data, err := os.ReadFile(path)
		if err == nil {
			return data, path, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, path, unwrapPath(err)
		}
	}
	data, err := embedded.ReadFile("data/" + name)
	return data, name, err
}

// unwrapPath drops the path from a *fs.PathError: errors already name the file.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}

// checkDir reports a dir that is not a readable directory or that holds a
// *.json file which is not a content file.
func checkDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("content: %w", err)
	}
	known := map[string]bool{RoleFile: true}
	for _, p := range new(Content).parts() {
		known[p.name] = true
	}
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".json") && !known[e.Name()] {
			return fmt.Errorf("content: %s: unknown content file (want %s, %s, %s, %s, %s, %s, %s, %s or %s)",
				filepath.Join(dir, e.Name()), SalaryFile, QuestionsFile, FAQFile, PostingFile, TipsFile, WordingFile, KitsFile, ScorecardFile, RoleFile)
		}
	}
	return nil
}
