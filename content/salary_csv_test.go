package content

import (
	"strings"
	"testing"
)

const csvHeader = "role,level,location,min,max,currency,source,effective_date\n"

func TestLoadSalaryCSV(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, SalaryCSVFile, csvHeader+
		"Python Backend Developer,,Austin,100000,150000,USD,Radford,2026-03-01\n"+
		"Python Backend Developer,,\"Portland, OR\",\"$98,000\",140000,usd,Radford,2026-03-01\n"+
		"Python Backend Developer,Junior,,75000,95000,USD,Radford,2026-03-01\n"+
		"Python Backend Developer,,national,100000,150000,USD,Radford,2026-03-01\n"+
		"Python Backend Developer,Senior,Austin,140000,185000,USD,Pave,2026-02-01\n")
	c, err := Load(dir)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	s := c.Salary
	if len(s.Bands) != 2 {
		t.Fatalf("Bands = %+v, want the CSV's two", s.Bands)
	}
	if b, ok := s.Band("atx"); !ok || b.Range != (Range{Min: 100000, Max: 150000}) || b.Note != "Growing tech market" {
		t.Errorf("Band(atx) = %+v, %v; want the CSV range with the guide's note and aliases", b, ok)
	}
	if b, ok := s.Band("portland or"); !ok || b.Slug != "portland-or" || b.Range.Min != 98000 || b.Note != "From Radford" {
		t.Errorf("Band(portland) = %+v, %v", b, ok)
	}
	if l, ok := s.Level("jr"); !ok || l.Range != (Range{Min: 75000, Max: 95000}) {
		t.Errorf("Level(jr) = %+v, %v", l, ok)
	}
	if l, ok := s.Level("senior"); !ok || l.Range.Min != 130000 {
		t.Errorf("Level(senior) = %+v: a level without a CSV row keeps the guide's range", l)
	}
	if s.National != (Range{Min: 100000, Max: 150000}) {
		t.Errorf("National = %v", s.National)
	}
	if lo, hi, _, ok := s.RangeFor("austin", "senior"); !ok || lo != 140000 || hi != 185000 {
		t.Errorf("Estimate(austin, senior) = %d, %d; want the CSV's own row", lo, hi)
	}
	if want := "Salary data from Radford, Pave, effective 2026-02-01, 2026-03-01"; s.Source != want {
		t.Errorf("Source = %q, want %q", s.Source, want)
	}
}

func TestLoadSalaryCSVErrors(t *testing.T) {
	tests := []struct{ name, csv, want string }{
		{"header", "role,level,place,min,max,currency,source,effective_date\n", "salary.csv: line 1: header: want role,level,location,min,max,currency,source,effective_date"},
		{"min", csvHeader + "Dev,,Austin,abc,150000,USD,Radford,2026-03-01\n", `salary.csv: line 2: min: "abc" is not a whole number of dollars above zero`},
		{"max below min", csvHeader + "Dev,,Austin,1000,150000,USD,R,2026-03-01\nDev,,Denver,150000,100000,USD,R,2026-03-01\n", "salary.csv: line 3: max: $100,000 is below min ($150,000)"},
		{"currency", csvHeader + "Dev,,Austin,100000,150000,EUR,R,2026-03-01\n", `salary.csv: line 2: currency: "EUR": only USD is supported`},
		{"date", csvHeader + "Dev,,Austin,100000,150000,USD,R,March 2026\n", `salary.csv: line 2: effective_date: "March 2026" is not a date like 2026-01-31`},
		{"fields", csvHeader + "Dev,,Austin,100000,150000,USD,R\n", "salary.csv: line 2: has 7 fields, want 8"},
		{"role", csvHeader + "Dev,,Austin,100000,150000,USD,R,2026-03-01\nQA,,Denver,1,2,USD,R,2026-03-01\n", `salary.csv: line 3: role: "QA" differs from "Dev" on line 2`},
		{"unknown cell location", csvHeader + "Dev,Senior,Lisbon,100000,150000,USD,R,2026-03-01\n", `salary.csv: line 2: location: "Lisbon" is not a location with a band`},
		{"duplicate band", csvHeader + "Dev,,Austin,100000,150000,USD,R,2026-03-01\nDev,all,austin tx,1,2,USD,R,2026-03-01\n", `salary.csv: line 3: location: "austin tx" already has a band on line 2`},
		{"empty", csvHeader, "salary.csv: no rows after the header"},
		{"quote", csvHeader + "Dev,,\"Austin,1,2,USD,R,2026-03-01\n", "salary.csv: line 2: extraneous or missing \" in quoted-field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, SalaryCSVFile, tt.csv)
			_, err := Load(dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Load error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestSalaryCSVReportsEveryRow(t *testing.T) {
	var s Salary
	errs := s.mergeSalaryCSV([]byte(csvHeader +
		"Dev,,Austin,x,150000,USD,R,2026-03-01\n" +
		"Dev,,Denver,100000,150000,GBP,,2026-03-01\n"))
	var got []string
	for _, err := range errs {
		got = append(got, err.Error())
	}
	want := []string{
		`line 2: min: "x" is not a whole number of dollars above zero`,
		`line 3: currency: "GBP": only USD is supported`,
		`line 3: source: must not be empty`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
