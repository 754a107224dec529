package blockkit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// checker accumulates Slack-style messages while one payload is walked.
type checker struct {
	errs     []string
	blockIDs map[string]bool
	focus    int // elements with focus_on_load:true seen so far
}

func newChecker() *checker {
	return &checker{blockIDs: map[string]bool{}}
}

// failf records one message for the value at ptr.
func (c *checker) failf(ptr, format string, args ...any) {
	c.errs = append(c.errs, fmt.Sprintf(format, args...)+" [json-pointer:"+ptr+"]")
}

// decode parses raw JSON keeping numbers exact.
func decode(raw []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("trailing data after JSON value")
	}
	return v, nil
}

// join appends one reference token to a JSON pointer (RFC 6901).
func join(ptr string, token any) string {
	s := fmt.Sprint(token)
	s = strings.ReplaceAll(s, "~", "~0")
	s = strings.ReplaceAll(s, "/", "~1")
	return ptr + "/" + s
}

// length counts characters the way Slack limits do.
func length(s string) int { return utf8.RuneCountInString(s) }

// obj is a JSON object being checked, with its pointer.
type obj struct {
	c   *checker
	m   map[string]any
	ptr string
}

// object asserts that v is a JSON object.
func (c *checker) object(v any, ptr string) (obj, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		c.failf(ptr, "must provide an object")
		return obj{}, false
	}
	return obj{c: c, m: m, ptr: ptr}, true
}

func (o obj) at(key string) string { return join(o.ptr, key) }

func (o obj) has(key string) bool {
	_, ok := o.m[key]
	return ok
}

// allow reports every property not in keys, in sorted order.
func (o obj) allow(keys ...string) {
	var extra []string
	for k := range o.m {
		if !slices.Contains(keys, k) {
			extra = append(extra, k)
		}
	}
	slices.Sort(extra)
	for _, k := range extra {
		o.c.failf(o.ptr, "invalid additional property: %s", k)
	}
}

// require reports each missing key; it returns false if any is missing.
func (o obj) require(keys ...string) bool {
	ok := true
	for _, k := range keys {
		if !o.has(k) {
			o.c.failf(o.ptr, "missing required field: %s", k)
			ok = false
		}
	}
	return ok
}

// str checks an optional string property against [min, max] characters
// (max 0: no limit). It returns the value and whether it was present and a string.
func (o obj) str(key string, minLen, maxLen int) (string, bool) {
	v, ok := o.m[key]
	if !ok {
		return "", false
	}
	s, ok := v.(string)
	if !ok {
		o.c.failf(o.at(key), "must provide a string")
		return "", false
	}
	o.c.strLen(s, o.at(key), minLen, maxLen)
	return s, true
}

func (c *checker) strLen(s, ptr string, minLen, maxLen int) {
	n := length(s)
	if n < minLen {
		c.failf(ptr, "must be more than %d characters", minLen-1)
	}
	if maxLen > 0 && n > maxLen {
		c.failf(ptr, "must be less than %d characters", maxLen+1)
	}
}

// boolean checks an optional boolean property.
func (o obj) boolean(key string) (bool, bool) {
	v, ok := o.m[key]
	if !ok {
		return false, false
	}
	b, ok := v.(bool)
	if !ok {
		o.c.failf(o.at(key), "must provide a boolean")
	}
	return b, ok
}

// integer checks an optional integer property against [minVal, maxVal].
func (o obj) integer(key string, minVal, maxVal int64) (int64, bool) {
	v, ok := o.m[key]
	if !ok {
		return 0, false
	}
	n, isNum := v.(json.Number)
	i, err := n.Int64()
	if !isNum || err != nil {
		o.c.failf(o.at(key), "must provide an integer")
		return 0, false
	}
	if i < minVal {
		o.c.failf(o.at(key), "must be greater than or equal to %d", minVal)
	}
	if i > maxVal {
		o.c.failf(o.at(key), "must be less than or equal to %d", maxVal)
	}
	return i, true
}

// array checks an optional array property against [minItems, maxItems].
func (o obj) array(key string, minItems, maxItems int) ([]any, bool) {
	v, ok := o.m[key]
	if !ok {
		return nil, false
	}
	return o.c.array(v, o.at(key), minItems, maxItems)
}

func (c *checker) array(v any, ptr string, minItems, maxItems int) ([]any, bool) {
	a, ok := v.([]any)
	if !ok {
		c.failf(ptr, "must provide an array")
		return nil, false
	}
	if len(a) < minItems {
		c.failf(ptr, "must have at least %d items", minItems)
	}
	if maxItems > 0 && len(a) > maxItems {
		c.failf(ptr, "no more than %d items allowed", maxItems)
	}
	return a, true
}

// enum checks an optional string property against allowed values.
func (o obj) enum(key string, allowed ...string) {
	s, ok := o.str(key, 0, 0)
	if ok && !slices.Contains(allowed, s) {
		o.c.failf(o.at(key), "must be a valid enum value")
	}
}

// strings checks an optional array of strings.
func (o obj) strings(key string, minItems int) {
	a, ok := o.array(key, minItems, 0)
	for i, v := range a {
		if _, isStr := v.(string); ok && !isStr {
			o.c.failf(join(o.at(key), i), "must provide a string")
		}
	}
}

// typeOf returns the "type" property of an object, or "".
func typeOf(v any) string {
	m, _ := v.(map[string]any)
	s, _ := m["type"].(string)
	return s
}
