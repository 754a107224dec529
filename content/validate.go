package content

import (
	"fmt"
	"regexp"
	"strings"
)

// fieldError is a validation problem at a field path such as "bands[2].range.min".
type fieldError struct {
	Path    string
	Problem string
}

func (e *fieldError) Error() string {
	if e.Path == "" {
		return e.Problem
	}
	return e.Path + ": " + e.Problem
}

// errorf returns a *fieldError for path.
func errorf(path, format string, args ...any) error {
	return &fieldError{Path: path, Problem: fmt.Sprintf(format, args...)}
}

// within prefixes the path of err with prefix; other errors and nil pass through.
func within(prefix string, err error) error {
	fe, ok := err.(*fieldError)
	if !ok {
		return err
	}
	return &fieldError{Path: joinPath(prefix, fe.Path), Problem: fe.Problem}
}

func joinPath(prefix, path string) string {
	switch {
	case prefix == "":
		return path
	case path == "":
		return prefix
	case strings.HasPrefix(path, "["):
		return prefix + path
	}
	return prefix + "." + path
}

func index(field string, i int) string { return fmt.Sprintf("%s[%d]", field, i) }

var kebab = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// checkSlug reports a slug that is not lowercase-kebab.
func checkSlug(path, slug string) error {
	if slug == "" {
		return errorf(path, "must not be empty")
	}
	if !kebab.MatchString(slug) {
		return errorf(path, "%q must be lowercase-kebab (like \"remote-us\")", slug)
	}
	return nil
}

// checkText reports an empty or blank string.
func checkText(path, s string) error {
	if strings.TrimSpace(s) == "" {
		return errorf(path, "must not be empty")
	}
	return nil
}

// checkTexts reports an empty list or an empty item.
func checkTexts(path string, items []string) error {
	if len(items) == 0 {
		return errorf(path, "must have at least one item")
	}
	for i, s := range items {
		if err := checkText(index(path, i), s); err != nil {
			return err
		}
	}
	return nil
}

// validateList checks a list that must hold at least one item ("must have at least one " +
// what): each item's own Validate, reported at path[i], then check (nil for none) on the item
// and that path, in order, stopping at the first problem.
func validateList[T validator](path, what string, items []T, check func(path string, item T) error) error {
	if len(items) == 0 {
		return errorf(path, "must have at least one %s", what)
	}
	for i, it := range items {
		p := index(path, i)
		if err := within(p, it.Validate()); err != nil {
			return err
		}
		if check == nil {
			continue
		}
		if err := check(p, it); err != nil {
			return err
		}
	}
	return nil
}

// validateKeyed is validateList for items reachable by lookup: once every item is valid on its
// own, no slug, name or alias may lead to two of them (see checkKeys).
func validateKeyed[T validator](path, what string, items []T, key func(item T, i int) keyed) error {
	if err := validateList(path, what, items, nil); err != nil {
		return err
	}
	return checkKeys(keysOf(items, key))
}

// keysOf returns the lookup keys of items.
func keysOf[T any](items []T, key func(item T, i int) keyed) []keyed {
	keys := make([]keyed, len(items))
	for i, it := range items {
		keys[i] = key(it, i)
	}
	return keys
}

// validateOptional is validateList for a list that may be empty.
func validateOptional[T validator](path, what string, items []T, check func(path string, item T) error) error {
	if len(items) == 0 {
		return nil
	}
	return validateList(path, what, items, check)
}

// uniqueSlug is a validateList check that no two items share a slug; seen is the caller's, so
// the check may span several lists.
func uniqueSlug[T any](seen map[string]string, slug func(T) string) func(string, T) error {
	return uniqueField(seen, "slug", slug)
}

// uniqueField is a validateList check that no two items share the value of field, reported at
// path.field; seen is the caller's, as for uniqueSlug.
func uniqueField[T any](seen map[string]string, field string, value func(T) string) func(string, T) error {
	return func(path string, it T) error { return unique(seen, value(it), path+"."+field) }
}

// firstError returns the first non-nil error.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// keyed describes one item reachable by lookup: its slug, its display name and aliases.
type keyed struct {
	Path      string // "bands[2]"
	NameField string // "location", "name", "topic"
	Slug      string
	Name      string
	Aliases   []string
}

// keys returns the normalized lookup keys of k: slug, name, then aliases.
func (k keyed) keys() []string {
	return append([]string{Normalize(k.Slug), Normalize(k.Name)}, k.Aliases...)
}

// checkKeys reports a malformed alias, a slug used twice, or any lookup key
// (slug, name or alias, normalized) that would lead to two different items.
// Slugs and names are claimed before aliases, so a clash is reported at the alias.
func checkKeys(items []keyed) error {
	owner := map[string]int{}
	slugs := map[string]int{}
	for i, k := range items {
		if j, dup := slugs[k.Slug]; dup {
			return errorf(k.Path+".slug", "%q already used by %s", k.Slug, items[j].Path)
		}
		slugs[k.Slug] = i
		if err := firstError(
			claim(owner, items, i, k.Path+".slug", Normalize(k.Slug)),
			claim(owner, items, i, k.Path+"."+k.NameField, Normalize(k.Name)),
		); err != nil {
			return err
		}
	}
	for i, k := range items {
		seen := map[string]bool{}
		for n, a := range k.Aliases {
			path := index(k.Path+".aliases", n)
			if err := firstError(checkAlias(path, a, seen), claim(owner, items, i, path, a)); err != nil {
				return err
			}
		}
	}
	return nil
}

// claim records that key leads to items[i], reporting a key that already leads elsewhere.
func claim(owner map[string]int, items []keyed, i int, path, key string) error {
	if j, taken := owner[key]; taken && j != i {
		return errorf(path, "%q already leads to %s", key, items[j].Path)
	}
	owner[key] = i
	return nil
}

// checkAlias reports an alias that is empty, not normalized, or repeated.
func checkAlias(path, alias string, seen map[string]bool) error {
	switch {
	case alias == "":
		return errorf(path, "must not be empty")
	case Normalize(alias) != alias:
		return errorf(path, "%q must be normalized (want %q)", alias, Normalize(alias))
	case seen[alias]:
		return errorf(path, "duplicate alias %q", alias)
	}
	seen[alias] = true
	return nil
}

// lookup returns the item whose slug, name or alias equals the normalized query.
func lookup[T any](items []T, query string, key func(T) keyed) (T, bool) {
	q := Normalize(query)
	var zero T
	if q == "" {
		return zero, false
	}
	for _, it := range items {
		for _, k := range key(it).keys() {
			if k == q {
				return it, true
			}
		}
	}
	return zero, false
}
