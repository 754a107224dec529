package content

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// RoleFile names a role pack: the role's name and the words that pick it.
const RoleFile = "role.json"

// RolesDir is the folder of a content directory that holds one folder per added role.
const RolesDir = "roles"

// BuiltinRoleKey is the word that picks the built-in role, the hiring guide's.
const BuiltinRoleKey = "backend"

// RoleInfo is a role.json file.
type RoleInfo struct {
	// Name is the role as people say it: "Python Backend Developer".
	Name string `json:"name"`
	// Aliases are more words that pick the role besides its key (the folder's name).
	Aliases []string `json:"aliases,omitempty"`
}

// Validate checks the name and the aliases' shape.
func (r RoleInfo) Validate() error {
	if strings.TrimSpace(r.Name) == "" {
		return errors.New("name: must not be empty")
	}
	for i, a := range r.Aliases {
		if !roleWord.MatchString(a) {
			return fmt.Errorf("aliases[%d]: %q must be one word of lower-case letters, digits and dashes", i, a)
		}
	}
	return nil
}

// roleWord is what a role's key and aliases look like: one word a person types first.
var roleWord = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// Role is one role's content pack: the guide's for the built-in role, a folder's for an added
// one. Files an added role's folder leaves out are the built-in ones.
type Role struct {
	Key string // the word that picks it: the folder's name, BuiltinRoleKey for the built-in role
	RoleInfo
	*Content
}

// Words are the words that pick the role: its key and its aliases.
func (r *Role) Words() []string { return append([]string{r.Key}, r.Aliases...) }

// Library is every role hirebot knows, the built-in role first, then the added ones by key.
// It is read-only after loading, like Content.
type Library struct {
	Roles  []*Role
	byWord map[string]*Role
}

// Single reports whether there is one role: then no command needs a role word.
func (l *Library) Single() bool { return len(l.Roles) == 1 }

// Default is the built-in role.
func (l *Library) Default() *Role { return l.Roles[0] }

// Role finds the role word picks (a key or an alias, any case).
func (l *Library) Role(word string) (*Role, bool) {
	r, ok := l.byWord[strings.ToLower(strings.TrimSpace(word))]
	return r, ok
}

// CutRole picks the role named by the first word of args and returns the rest of args. With
// no role word first, it returns nil and args unchanged.
func (l *Library) CutRole(args string) (*Role, string) {
	first, rest, _ := strings.Cut(strings.TrimSpace(args), " ")
	if r, ok := l.Role(first); ok {
		return r, strings.TrimSpace(rest)
	}
	return nil, args
}

// SingleLibrary is a library of one role with content c, the built-in role's name: what
// tests and tools that know one content need.
func SingleLibrary(c *Content) *Library {
	l, err := newLibrary([]*Role{{Key: BuiltinRoleKey, RoleInfo: builtinRoleInfo(), Content: c}})
	if err != nil {
		panic(err) // one role with the built-in words cannot clash
	}
	return l
}

// LoadLibrary loads every role: the built-in one from dir as Load does (its files replacing the
// built-in ones, and a role.json renaming it), then one per folder of dir/roles, each with a
// role.json and any content files of its own (see LoadRole). With dir == "" it is the built-in
// role alone.
func LoadLibrary(dir string) (*Library, error) {
	c, err := Load(dir)
	if err != nil {
		return nil, err
	}
	info := builtinRoleInfo()
	if dir != "" {
		if err := loadRoleInfo(filepath.Join(dir, RoleFile), &info, true); err != nil {
			return nil, err
		}
	}
	roles := []*Role{{Key: BuiltinRoleKey, RoleInfo: info, Content: c}}
	keys, err := roleFolders(dir)
	if err != nil {
		return nil, err
	}
	for _, key := range keys {
		r, err := LoadRole(filepath.Join(dir, RolesDir, key))
		if err != nil {
			return nil, err
		}
		roles = append(roles, r)
	}
	if err := checkRoleLimits(dir, roles); err != nil {
		return nil, err
	}
	return newLibrary(roles)
}

// checkRoleLimits reports roles the job posting form's Role select could not show: one option
// per role, its key as the value and its name as the text. With one role there is no select.
func checkRoleLimits(dir string, roles []*Role) error {
	if len(roles) < 2 {
		return nil
	}
	if n := len(roles); n > slackSelectOptions {
		return fmt.Errorf("content: %s: %d role folders and the built-in role make %d options, but the job posting form's Role select (a Slack select menu) holds at most %d",
			filepath.Join(dir, RolesDir), n-1, n, slackSelectOptions)
	}
	for _, r := range roles {
		if n := utf8.RuneCountInString(r.Key); n > slackOptionValue {
			return fmt.Errorf("content: %s: the folder's name is the role's key, %d characters, but a Slack option's value holds at most %d",
				filepath.Join(dir, RolesDir, r.Key), n, slackOptionValue)
		}
		if n := utf8.RuneCountInString(r.Name); n > slackOptionText {
			path := filepath.Join(dir, RoleFile)
			if r.Key != BuiltinRoleKey {
				path = filepath.Join(dir, RolesDir, r.Key, RoleFile)
			}
			return fmt.Errorf("content: %s: name: %d characters, but a Slack option's text holds at most %d", path, n, slackOptionText)
		}
	}
	return nil
}

// LoadRole loads the role pack in folder dir: its role.json (required) and its content files,
// each replacing the built-in file of the same name as in Load. The folder's name is the role's
// key. Its salary figures must be its own (a salary.json, or a salary.csv with a national row):
// the guide's bands, levels, notes and factors are about Python backend developers. A
// salary.csv alone gives every figure; nothing of the guide's salary.json is kept.
func LoadRole(dir string) (*Role, error) {
	key := filepath.Base(dir)
	if !roleWord.MatchString(key) {
		return nil, fmt.Errorf("content: %s: a role folder's name is the word that picks the role: one word of lower-case letters, digits and dashes", dir)
	}
	var info RoleInfo
	if err := loadRoleInfo(filepath.Join(dir, RoleFile), &info, false); err != nil {
		return nil, err
	}
	c, err := Load(dir)
	if err != nil {
		return nil, err
	}
	_, jsonErr := os.Stat(filepath.Join(dir, SalaryFile))
	csvData, csvErr := os.ReadFile(filepath.Join(dir, SalaryCSVFile))
	switch {
	case jsonErr == nil:
	case csvErr == nil:
		if c.Salary, err = salaryFromCSV(csvData); err != nil {
			return nil, fmt.Errorf("content: %s: %w", filepath.Join(dir, SalaryCSVFile), err)
		}
	default:
		return nil, fmt.Errorf("content: %s: an added role needs salary figures of its own: a %s or a %s", dir, SalaryCSVFile, SalaryFile)
	}
	return &Role{Key: key, RoleInfo: info, Content: c}, nil
}

// salaryFromCSV is the salary content salary.csv gives on its own, with no guide beneath it.
func salaryFromCSV(data []byte) (Salary, error) {
	s := Salary{NationalNote: "annually"}
	rows, errs := parseSalaryCSV(data)
	if len(errs) == 0 {
		errs = s.applySalaryCSV(rows)
	}
	if len(errs) > 0 {
		return Salary{}, errs[0]
	}
	if err := s.validate(false); err != nil {
		return Salary{}, err
	}
	return s, nil
}

// roleFolders lists the role folders of dir/roles by name; none when it has no such folder.
func roleFolders(dir string) ([]string, error) {
	if dir == "" {
		return nil, nil
	}
	entries, err := os.ReadDir(filepath.Join(dir, RolesDir))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("content: %s: %w", filepath.Join(dir, RolesDir), unwrapPath(err))
	}
	var keys []string
	for _, e := range entries {
		if e.IsDir() {
			keys = append(keys, e.Name())
		}
	}
	return keys, nil
}

// loadRoleInfo reads the role.json at path into info; a missing file keeps info when optional.
func loadRoleInfo(path string, info *RoleInfo, optional bool) error {
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && optional:
		return nil
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf(`content: %s: missing: a role folder names its role, e.g. {"name": "Frontend Developer", "aliases": ["fe"]}`, path)
	case err != nil:
		return fmt.Errorf("content: %s: %w", path, unwrapPath(err))
	}
	var read RoleInfo
	if err := decodeStrict(data, &read); err != nil {
		return fmt.Errorf("content: %s: %w", path, err)
	}
	if err := read.Validate(); err != nil {
		return fmt.Errorf("content: %s: %w", path, err)
	}
	*info = read
	return nil
}

// builtinRoleInfo is the compiled-in role.json: the guide's role.
func builtinRoleInfo() RoleInfo {
	var info RoleInfo
	data, err := embedded.ReadFile("data/" + RoleFile)
	if err == nil {
		err = decodeStrict(data, &info)
	}
	if err != nil {
		panic("content: the compiled-in role.json: " + err.Error())
	}
	return info
}

// newLibrary indexes roles by word; two roles may not share a word, and no word may be one a
// role's commands already read (a location, a level, compare), or the role word would change
// what the rest of a command means.
func newLibrary(roles []*Role) (*Library, error) {
	l := &Library{Roles: roles, byWord: map[string]*Role{}}
	for _, r := range roles {
		for _, w := range r.Words() {
			if other, ok := l.byWord[w]; ok {
				return nil, fmt.Errorf("content: roles %q and %q are both picked by %q: give each its own words", other.Key, r.Key, w)
			}
			for _, o := range roles {
				if taken := o.reservedWords(); slices.Contains(taken, w) {
					return nil, fmt.Errorf("content: role %q is picked by %q, which role %q's commands already read (a location, a level or a subcommand): choose another word", r.Key, w, o.Key)
				}
			}
			l.byWord[w] = r
		}
	}
	return l, nil
}

// reservedWords are the words the role's commands read themselves: every word of a location
// or a level (its slug, name and aliases) and the subcommands.
func (r *Role) reservedWords() []string {
	words := []string{"compare", "help", "random", "list"}
	add := func(names ...string) {
		for _, n := range names {
			words = append(words, strings.Fields(Normalize(n))...)
		}
	}
	for _, b := range r.Salary.Bands {
		add(b.Slug, b.Location)
		add(b.Aliases...)
	}
	for _, lv := range r.Salary.Levels {
		add(lv.Slug, lv.Name)
		add(lv.Aliases...)
	}
	return words
}
