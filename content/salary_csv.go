package content

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// SalaryCSVFile is the optional salary table, in the columns compensation tools export. In a
// content directory it overrides the bands, levels and national range of salary.json.
const SalaryCSVFile = "salary.csv"

// salaryCSVHeader is the first line salary.csv must have.
var salaryCSVHeader = []string{"role", "level", "location", "min", "max", "currency", "source", "effective_date"}

// salaryRow is one line of salary.csv. An empty level (or "all") is a location's band; an empty
// location (or "national", "US") is a level's national range; both empty is the national range;
// both set is the range of that level in that location.
type salaryRow struct {
	line                  int
	role, level, location string
	rng                   Range
	source, date          string
}

func (r salaryRow) national() bool {
	switch Normalize(r.location) {
	case "", "national", "us", "usa", "united states":
		return true
	}
	return false
}

func (r salaryRow) anyLevel() bool {
	switch Normalize(r.level) {
	case "", "all", "any", "all levels":
		return true
	}
	return false
}

// parseSalaryCSV reads every row of salary.csv and returns every problem, each naming its line
// and column: "line 4: min: \"abc\" is not a whole number of dollars".
func parseSalaryCSV(data []byte) ([]salaryRow, []error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	var rows []salaryRow
	var errs []error
	role, roleLine := "", 0
	for n := 0; ; n++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return rows, append(errs, fmt.Errorf("line %d: %v", pe.Line, pe.Err))
		}
		line, _ := r.FieldPos(0)
		if n == 0 {
			if !slices.Equal(lower(rec), salaryCSVHeader) {
				return nil, []error{fmt.Errorf("line 1: header: want %s", strings.Join(salaryCSVHeader, ","))}
			}
			continue
		}
		row, rowErrs := parseSalaryRow(line, rec)
		if len(rowErrs) == 0 && role != "" && Normalize(row.role) != Normalize(role) {
			rowErrs = append(rowErrs, fmt.Errorf("line %d: role: %q differs from %q on line %d; salary.csv describes one role", line, row.role, role, roleLine))
		}
		if role == "" && row.role != "" {
			role, roleLine = row.role, line
		}
		errs = append(errs, rowErrs...)
		if len(rowErrs) == 0 {
			rows = append(rows, row)
		}
	}
	if len(rows) == 0 && len(errs) == 0 {
		errs = append(errs, errors.New("no rows after the header"))
	}
	return rows, errs
}

func lower(rec []string) []string {
	out := make([]string, len(rec))
	for i, s := range rec {
		out[i] = strings.ToLower(strings.TrimSpace(s))
	}
	return out
}

// parseSalaryRow checks one record; every problem names the line and the column.
func parseSalaryRow(line int, rec []string) (salaryRow, []error) {
	if len(rec) != len(salaryCSVHeader) {
		return salaryRow{}, []error{fmt.Errorf("line %d: has %d fields, want %d (%s)", line, len(rec), len(salaryCSVHeader), strings.Join(salaryCSVHeader, ","))}
	}
	for i := range rec {
		rec[i] = strings.TrimSpace(rec[i])
	}
	row := salaryRow{line: line, role: rec[0], level: rec[1], location: rec[2], source: rec[6], date: rec[7]}
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("line %d: %s: %s", line, field, fmt.Sprintf(format, args...)))
	}
	if row.role == "" {
		bad("role", "must not be empty")
	}
	lo, okMin := parseWholeDollars(rec[3])
	hi, okMax := parseWholeDollars(rec[4])
	switch {
	case !okMin:
		bad("min", "%q is not a whole number of dollars above zero", rec[3])
	case !okMax:
		bad("max", "%q is not a whole number of dollars above zero", rec[4])
	case lo > hi:
		bad("max", "%s is below min (%s)", Dollars(hi), Dollars(lo))
	}
	row.rng = Range{Min: Dollars(lo), Max: Dollars(hi)}
	if c := strings.ToUpper(rec[5]); c != "USD" {
		bad("currency", "%q: only USD is supported", rec[5])
	}
	if row.source == "" {
		bad("source", "must not be empty")
	}
	if _, err := time.Parse(time.DateOnly, row.date); err != nil {
		bad("effective_date", "%q is not a date like 2026-01-31", row.date)
	}
	return row, errs
}

// parseWholeDollars reads "95000", "95,000" or "$95,000".
func parseWholeDollars(s string) (int, bool) {
	s = strings.NewReplacer("$", "", ",", "").Replace(s)
	n, err := strconv.Atoi(s)
	return n, err == nil && n > 0 && !strings.HasPrefix(s, "+")
}

// applySalaryCSV puts the rows into s: location rows replace the bands (keeping the note and
// aliases of a location salary.json already has), level rows replace the levels' ranges,
// a national row the national range, and level-and-location rows become Cells.
func (s *Salary) applySalaryCSV(rows []salaryRow) []error {
	var errs []error
	var bands []Band
	var national, levels []salaryRow
	seenBand := map[string]int{}
	for _, r := range rows {
		switch {
		case r.anyLevel() && r.national():
			national = append(national, r)
		case r.national():
			levels = append(levels, r)
		case r.anyLevel():
			b := csvBand(*s, r)
			if first, dup := seenBand[b.Slug]; dup {
				errs = append(errs, fmt.Errorf("line %d: location: %q already has a band on line %d", r.line, r.location, first))
				continue
			}
			seenBand[b.Slug] = r.line
			bands = append(bands, b)
		}
	}
	if len(national) > 1 {
		errs = append(errs, fmt.Errorf("line %d: location: a second national range (the first is on line %d)", national[1].line, national[0].line))
	} else if len(national) == 1 {
		s.National = national[0].rng
	}
	if len(bands) > 0 {
		s.Bands = bands
	}
	errs = append(errs, s.applyLevelRows(levels)...)
	errs = append(errs, s.applyCells(rows)...)
	s.Source = csvSource(rows)
	return errs
}

// csvBand is the band a location row describes.
func csvBand(s Salary, r salaryRow) Band {
	if b, ok := s.Band(r.location); ok {
		b.Range = r.rng
		return b
	}
	return Band{Slug: slugify(r.location), Location: r.location, Range: r.rng, Note: "From " + r.source}
}

func (s *Salary) applyLevelRows(rows []salaryRow) []error {
	var errs []error
	levels := slices.Clone(s.Levels)
	seen := map[string]int{}
	for _, r := range rows {
		i := slices.IndexFunc(levels, func(l Level) bool {
			_, ok := lookup([]Level{l}, r.level, func(l Level) keyed { return l.keyed(0) })
			return ok
		})
		if i < 0 {
			levels = append(levels, Level{Slug: slugify(r.level), Name: r.level})
			i = len(levels) - 1
		}
		if first, dup := seen[levels[i].Slug]; dup {
			errs = append(errs, fmt.Errorf("line %d: level: %q already has a national range on line %d", r.line, r.level, first))
			continue
		}
		seen[levels[i].Slug] = r.line
		levels[i].Range = r.rng
	}
	s.Levels = levels
	return errs
}

// applyCells records the level-and-location rows, whose level and location must be known.
func (s *Salary) applyCells(rows []salaryRow) []error {
	var errs []error
	seen := map[[2]string]int{}
	for _, r := range rows {
		if r.anyLevel() || r.national() {
			continue
		}
		b, okBand := s.Band(r.location)
		l, okLevel := s.Level(r.level)
		switch {
		case !okBand:
			errs = append(errs, fmt.Errorf("line %d: location: %q is not a location with a band; add a row for it with an empty level", r.line, r.location))
		case !okLevel:
			errs = append(errs, fmt.Errorf("line %d: level: %q is not a level; add a row for it with an empty location", r.line, r.level))
		default:
			key := [2]string{b.Slug, l.Slug}
			if first, dup := seen[key]; dup {
				errs = append(errs, fmt.Errorf("line %d: level: %s in %s already has a range on line %d", r.line, l.Name, b.Location, first))
				continue
			}
			seen[key] = r.line
			s.Cells = append(s.Cells, Cell{Band: b.Slug, Level: l.Slug, Range: r.rng})
		}
	}
	return errs
}

// csvSource names the sources and effective dates of the rows: "Salary data from Radford,
// effective 2026-01-01".
func csvSource(rows []salaryRow) string {
	var sources, dates []string
	for _, r := range rows {
		if !slices.Contains(sources, r.source) {
			sources = append(sources, r.source)
		}
		if !slices.Contains(dates, r.date) {
			dates = append(dates, r.date)
		}
	}
	slices.Sort(dates)
	return "Salary data from " + strings.Join(sources, ", ") + ", effective " + strings.Join(dates, ", ")
}

// slugify makes a lowercase-kebab slug of a name: "Portland, OR" becomes "portland-or".
// Letters outside a-z are left out: "Zürich" becomes "zrich".
func slugify(name string) string {
	var b strings.Builder
	for _, word := range strings.Fields(Normalize(name)) {
		w := strings.Map(func(r rune) rune {
			if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
				return r
			}
			return -1
		}, word)
		if w != "" && b.Len() > 0 {
			b.WriteByte('-')
		}
		b.WriteString(w)
	}
	return b.String()
}

// loadSalaryCSV applies dir/salary.csv, when there is one, to s and validates the result.
func loadSalaryCSV(dir string, s *Salary) error {
	if dir == "" {
		return nil
	}
	path := filepath.Join(dir, SalaryCSVFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("content: %s: %w", path, unwrapPath(err))
	}
	if errs := s.mergeSalaryCSV(data); len(errs) > 0 {
		return fmt.Errorf("content: %s: %w", path, errs[0])
	}
	return nil
}

// mergeSalaryCSV parses data as salary.csv into s and returns every problem found.
func (s *Salary) mergeSalaryCSV(data []byte) []error {
	rows, errs := parseSalaryCSV(data)
	if len(errs) > 0 {
		return errs
	}
	if errs := s.applySalaryCSV(rows); len(errs) > 0 {
		return errs
	}
	if err := s.Validate(); err != nil {
		return []error{fmt.Errorf("after applying it to the salary guide: %w", err)}
	}
	return nil
}
