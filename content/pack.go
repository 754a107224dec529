package content

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Check validates the content directory dir as LoadLibrary would read it, but goes on after a
// problem: it returns every problem it finds, each naming the file and the field or the line.
// Every JSON file is reported with its first problem; salary.csv with every bad row; then each
// role folder in dir/roles the same way. An empty result means LoadLibrary(dir) succeeds.
func Check(dir string) []error {
	errs := checkPack(dir, true)
	keys, err := roleFolders(dir)
	if err != nil {
		return append(errs, errors.New(strings.TrimPrefix(err.Error(), "content: ")))
	}
	for _, key := range keys {
		errs = append(errs, checkPack(filepath.Join(dir, RolesDir, key), false)...)
	}
	if len(errs) == 0 {
		if _, err := LoadLibrary(dir); err != nil {
			errs = append(errs, errors.New(strings.TrimPrefix(err.Error(), "content: ")))
		}
	}
	return errs
}

// checkPack checks one role's folder: the built-in role's (whose role.json is optional) or an
// added one's.
func checkPack(dir string, builtin bool) []error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return []error{unwrapPath(err)}
	}
	var errs []error
	var info RoleInfo
	if err := loadRoleInfo(filepath.Join(dir, RoleFile), &info, builtin); err != nil {
		errs = append(errs, errors.New(strings.TrimPrefix(err.Error(), "content: ")))
	}
	if !builtin && !roleWord.MatchString(filepath.Base(dir)) {
		errs = append(errs, fmt.Errorf("%s: a role folder's name is the word that picks the role: one word of lower-case letters, digits and dashes", dir))
	}
	known := map[string]bool{SalaryCSVFile: true, RoleFile: true}
	c := new(Content)
	for _, p := range c.parts() {
		known[p.name] = true
		if err := checkPart(dir, p.name, p.dst); err != nil {
			errs = append(errs, err)
		}
	}
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".json") && !known[e.Name()] {
			errs = append(errs, fmt.Errorf("%s: unknown content file (want one of %s)", filepath.Join(dir, e.Name()), strings.Join(FileNames(), ", ")))
		}
	}
	errs = append(errs, checkSalaryCSV(dir, &c.Salary)...)
	if len(errs) == 0 {
		if err := c.crossCheck(); err != nil {
			errs = append(errs, errors.New(strings.TrimPrefix(err.Error(), "content: ")))
		}
	}
	return errs
}

// checkPart is loadPart with errors that name the file without the "content:" prefix.
func checkPart(dir, name string, dst validator) error {
	if err := loadPart(dir, name, dst); err != nil {
		return errors.New(strings.TrimPrefix(err.Error(), "content: "))
	}
	return nil
}

func checkSalaryCSV(dir string, s *Salary) []error {
	path := filepath.Join(dir, SalaryCSVFile)
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return []error{fmt.Errorf("%s: %w", path, unwrapPath(err))}
	}
	var errs []error
	for _, err := range s.mergeSalaryCSV(data) {
		errs = append(errs, fmt.Errorf("%s: %w", path, err))
	}
	return errs
}

// FileNames lists the content files a directory may hold, JSON first (role.json last of
// them), then salary.csv.
func FileNames() []string {
	var names []string
	for _, p := range new(Content).parts() {
		names = append(names, p.name)
	}
	return append(names, RoleFile, SalaryCSVFile)
}

// WriteBuiltin writes the compiled-in content files to dir, creating it if needed, for a team
// to edit and load with Load(dir). It refuses a dir that already holds anything, so that no
// one's edits are overwritten. It returns the paths written.
func WriteBuiltin(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	switch {
	case err == nil && len(entries) > 0:
		return nil, fmt.Errorf("%s is not empty: choose a new or empty directory, so no edited file is overwritten", dir)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return nil, unwrapPath(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var written []string
	for _, name := range FileNames()[:len(FileNames())-1] { // no salary.csv: none is built in
		data, err := embedded.ReadFile("data/" + name)
		if err != nil {
			return written, err
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return written, unwrapPath(err)
		}
		written = append(written, path)
	}
	return written, nil
}
