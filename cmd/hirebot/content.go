package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"hirebot/content"
)

// contentUsage is how the content command is used.
const contentUsage = "use hirebot content check [DIR] (DIR defaults to HIREBOT_CONTENT_DIR) or hirebot content init DIR"

// contentCommand is `hirebot content check [DIR]` and `hirebot content init DIR`.
func contentCommand(_ context.Context, args []string, getenv func(string) string, stdout, _ io.Writer) error {
	if len(args) == 0 {
		return errors.New(contentUsage)
	}
	var dir string
	rest := args[1:]
	if len(rest) > 0 && (rest[0] == "-h" || rest[0] == "-help" || rest[0] == "--help") {
		_, err := fmt.Fprintln(stdout, contentUsage)
		return errors.Join(err, flag.ErrHelp)
	}
	switch {
	case len(rest) > 1:
		return unexpectedArgument(rest[1])
	case len(rest) == 1:
		dir = rest[0]
	}
	switch args[0] {
	case "check":
		if dir == "" {
			dir = getenv("HIREBOT_CONTENT_DIR")
		}
		if dir == "" {
			return errors.New("content check: which directory? " + contentUsage)
		}
		return checkContent(dir, stdout)
	case "init":
		if dir == "" {
			return errors.New("content init: which directory? " + contentUsage)
		}
		return initContent(dir, stdout)
	}
	return fmt.Errorf("unknown content command %s: %s", quoteArg(args[0]), contentUsage)
}

// checkContent prints every problem of the content directory dir, one a line, and fails when
// there is any.
func checkContent(dir string, stdout io.Writer) error {
	problems := content.Check(dir)
	for _, p := range problems {
		if _, err := fmt.Fprintln(stdout, p); err != nil {
			return err
		}
	}
	switch len(problems) {
	case 0:
		_, err := fmt.Fprintf(stdout, "%s: the content is valid; the bot will load it with HIREBOT_CONTENT_DIR=%s\n", dir, dir)
		return err
	case 1:
		return fmt.Errorf("content check: 1 problem in %s", dir)
	}
	return fmt.Errorf("content check: %d problems in %s", len(problems), dir)
}

// initContent writes the built-in content to dir for a team to edit.
func initContent(dir string, stdout io.Writer) error {
	written, err := content.WriteBuiltin(dir)
	if err != nil {
		return fmt.Errorf("content init: %w", err)
	}
	for _, path := range written {
		if _, err := fmt.Fprintln(stdout, "wrote", path); err != nil {
			return err
		}
	}
	_, err = fmt.Fprintf(stdout, "Edit the files (or add a %s of salary bands), check them with `hirebot content check %s`, then start the bot with HIREBOT_CONTENT_DIR=%s.\n",
		content.SalaryCSVFile, dir, dir)
	return err
}
