package content

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLibraryOfTheBuiltinRoleAlone(t *testing.T) {
	l, err := LoadLibrary("")
	if err != nil {
		t.Fatal(err)
	}
	if !l.Single() || l.Default().Key != BuiltinRoleKey || l.Default().Name != "Python Backend Developer" {
		t.Fatalf("library %+v, want the guide's role alone", l.Default())
	}
	if r, rest := l.CutRole("python seattle senior"); r != l.Default() || rest != "seattle senior" {
		t.Errorf("CutRole(python …) = %v, %q", r, rest)
	}
	if r, rest := l.CutRole("seattle senior"); r != nil || rest != "seattle senior" {
		t.Errorf("CutRole without a role word = %v, %q", r, rest)
	}
}

func TestLibraryWithAnAddedRole(t *testing.T) {
	l, err := LoadLibrary("testdata/two-roles")
	if err != nil {
		t.Fatal(err)
	}
	if l.Single() || len(l.Roles) != 2 {
		t.Fatalf("%d roles, want the built-in one and frontend", len(l.Roles))
	}
	fe, ok := l.Role("FE")
	if !ok || fe.Key != "frontend" || fe.Name != "Frontend Developer" {
		t.Fatalf("Role(FE) = %+v, %v", fe, ok)
	}
	if r, rest := l.CutRole("frontend seattle senior"); r != fe || rest != "seattle senior" {
		t.Errorf("CutRole(frontend …) = %v, %q", r, rest)
	}
	// Its figures are its salary.csv's alone; the files it leaves out are the built-in ones.
	if b, ok := fe.Salary.Band("seattle"); !ok || b.Range.Min != 105000 || len(fe.Salary.Bands) != 2 || b.Note != "From Team survey" {
		t.Errorf("frontend's Seattle band %+v, %v; bands %d", b, ok, len(fe.Salary.Bands))
	}
	if len(fe.Salary.Levels) != 2 || len(fe.Salary.Factors) != 0 || strings.Contains(fe.Salary.NationalNote, "Python") {
		t.Errorf("frontend kept the guide's salary prose: levels %+v, factors %d, note %q", fe.Salary.Levels, len(fe.Salary.Factors), fe.Salary.NationalNote)
	}
	if b, _ := l.Default().Salary.Band("seattle"); b.Range.Min == 105000 {
		t.Error("the built-in role took the added role's band")
	}
	if len(fe.Questions.Categories) == 0 {
		t.Error("frontend has no questions: the built-in ones should fill in")
	}
	if errs := Check("testdata/two-roles"); len(errs) != 0 {
		t.Errorf("Check = %v", errs)
	}
}

func TestLibraryRefusesUnclearRoles(t *testing.T) {
	tests := []struct {
		name, folder, role, want string
	}{
		{"no role.json", "frontend", "", "role.json: missing"},
		{"no name", "frontend", `{"name": ""}`, "role.json: name: must not be empty"},
		{"a word a command reads", "frontend", `{"name": "Frontend", "aliases": ["seattle"]}`, `is picked by "seattle", which role "backend"'s commands already read`},
		{"a word of a location", "new", `{"name": "New grads"}`, `is picked by "new"`},
		{"another role's word", "frontend", `{"name": "Frontend", "aliases": ["python"]}`, `both picked by "python"`},
		{"a folder name that is no word", "Front End", `{"name": "Frontend"}`, "one word of lower-case letters"},
		{"an unknown field", "frontend", `{"name": "Frontend", "alias": ["fe"]}`, "alias"},
		{"no salary figures of its own", "frontend", `{"name": "Frontend"}`, "an added role needs salary figures of its own"},
		{"a name too long for the Role select", "frontend", `{"name": "` + strings.Repeat("Frontend ", 9) + `"}`,
			"role.json: name: 81 characters, but a Slack option's text holds at most 75"},
	}
	csv, err := os.ReadFile(filepath.Join("testdata", "two-roles", RolesDir, "frontend", SalaryCSVFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			folder := filepath.Join(dir, RolesDir, tt.folder)
			if err := os.MkdirAll(folder, 0o755); err != nil {
				t.Fatal(err)
			}
			if tt.role != "" {
				writeFile(t, folder, RoleFile, tt.role)
			}
			if !strings.HasPrefix(tt.name, "no salary") {
				writeFile(t, folder, SalaryCSVFile, string(csv))
			}
			_, err := LoadLibrary(dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("LoadLibrary = %v, want an error with %q", err, tt.want)
			}
			if errs := Check(dir); len(errs) == 0 || !strings.Contains(errs[0].Error(), tt.want) {
				t.Errorf("Check = %v, want a problem with %q", errs, tt.want)
			}
		})
	}
}
