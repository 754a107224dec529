package content

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strings"
)

// decodeStrict decodes exactly one JSON value from data into dst, rejecting
// unknown fields and trailing data. Errors carry a field path or a line and column.
func decodeStrict(data []byte, dst any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(dst)
	switch {
	case errors.Is(err, io.EOF):
		return errors.New("empty file")
	case err != nil:
		return explain(data, err, reflect.TypeOf(dst))
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		rest := bytes.TrimLeft(data[end:], " \t\r\n")
		return fmt.Errorf("%s: unexpected data after the top-level value", position(data, int64(len(data)-len(rest))))
	}
	return nil
}

// explain turns a decoding error into one naming a line or a field path.
func explain(data []byte, err error, t reflect.Type) error {
	var syntax *json.SyntaxError
	if errors.As(err, &syntax) {
		return fmt.Errorf("%s: invalid JSON: %v", position(data, syntax.Offset), err)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("invalid JSON: unexpected end of file")
	}
	var raw any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if dec.Decode(&raw) == nil {
		if fe := check(raw, t, ""); fe != nil {
			return fe
		}
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		return fmt.Errorf("%s: %s: cannot use JSON %s as %s", position(data, typ.Offset), typ.Field, typ.Value, typ.Type)
	}
	return err
}

// position renders a byte offset as "line L, column C".
func position(data []byte, offset int64) string {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(offset) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("line %d, column %d", line, col)
}

// check walks a generically decoded JSON value against the Go type it should
// fill and returns the first unknown field or mismatched kind, with its path.
func check(v any, t reflect.Type, path string) *fieldError {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if v == nil {
		return nil
	}
	switch t.Kind() {
	case reflect.Struct:
		return checkObject(v, t, path)
	case reflect.Slice:
		return checkArray(v, t, path)
	case reflect.Map:
		return checkMap(v, t, path)
	}
	return checkScalar(v, t, path)
}

func checkObject(v any, t reflect.Type, path string) *fieldError {
	obj, ok := v.(map[string]any)
	if !ok {
		return mismatch(path, v, "an object")
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		f, ok := jsonField(t, k)
		if !ok {
			return &fieldError{Path: joinPath(path, k), Problem: "unknown field"}
		}
		if fe := check(obj[k], f.Type, joinPath(path, k)); fe != nil {
			return fe
		}
	}
	return nil
}

func checkMap(v any, t reflect.Type, path string) *fieldError {
	obj, ok := v.(map[string]any)
	if !ok {
		return mismatch(path, v, "an object")
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if fe := check(obj[k], t.Elem(), joinPath(path, k)); fe != nil {
			return fe
		}
	}
	return nil
}

func checkArray(v any, t reflect.Type, path string) *fieldError {
	arr, ok := v.([]any)
	if !ok {
		return mismatch(path, v, "an array")
	}
	for i, e := range arr {
		if fe := check(e, t.Elem(), index(path, i)); fe != nil {
			return fe
		}
	}
	return nil
}

func checkScalar(v any, t reflect.Type, path string) *fieldError {
	switch t.Kind() {
	case reflect.String:
		if _, ok := v.(string); !ok {
			return mismatch(path, v, "a string")
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			return mismatch(path, v, "true or false")
		}
	case reflect.Int, reflect.Int64, reflect.Int32:
		n, ok := v.(json.Number)
		if !ok {
			return mismatch(path, v, "a whole number")
		}
		if _, err := n.Int64(); err != nil {
			return &fieldError{Path: path, Problem: fmt.Sprintf("%s is not a whole number", n)}
		}
	}
	return nil
}

// jsonField finds the struct field decoded from JSON key k, as encoding/json
// does: exact tag name first, then a case-insensitive match.
func jsonField(t reflect.Type, k string) (reflect.StructField, bool) {
	var fold reflect.StructField
	found := false
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if name == k {
			return f, true
		}
		if !found && strings.EqualFold(name, k) {
			fold, found = f, true
		}
	}
	return fold, found
}

func mismatch(path string, v any, want string) *fieldError {
	got := "a number"
	switch v.(type) {
	case string:
		got = "a string"
	case bool:
		got = "a boolean"
	case []any:
		got = "an array"
	case map[string]any:
		got = "an object"
	}
	return &fieldError{Path: path, Problem: fmt.Sprintf("must be %s, not %s", want, got)}
}
