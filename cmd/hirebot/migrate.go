package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"hirebot/data"
)

// migrateUsage is what hirebot migrate says when it is not told what to copy where.
const migrateUsage = "use hirebot migrate --from FILE --to URL, e.g.\n" +
	`  hirebot migrate --from ./hirebot.db --to "postgres://hirebot:PASSWORD@db.example.com:5432/hirebot"` + "\n" +
	"with hirebot stopped: it copies every row of the SQLite database FILE into the empty PostgreSQL database URL"

// migrateCommand is `hirebot migrate --from FILE --to URL`: it copies the SQLite database FILE
// (hirebot's HIREBOT_DB until now) into the empty PostgreSQL database URL, checks every
// table's row count, and prints them. Both databases are brought to this hirebot's schema
// first. hirebot should be stopped meanwhile, so that the file does not change under the copy.
func migrateCommand(ctx context.Context, args []string, _ func(string) string, stdout, stderr io.Writer) error {
	from, to, err := parseMigrateFlags(args, stderr)
	if err != nil {
		return err
	}
	if err := checkMigrateSource(from); err != nil {
		return err
	}
	// Only a hirebot database is copied (and brought to this version's schema on the way).
	if probe, err := data.OpenExisting(ctx, from); errors.Is(err, data.ErrNotHirebot) {
		return fmt.Errorf("%s is not a hirebot database: give --from the file hirebot uses (HIREBOT_DB)", from)
	} else if err != nil {
		return fmt.Errorf("cannot open the SQLite database %s: %w", from, err)
	} else {
		probe.Close()
	}
	target := data.Describe(to)
	dst, err := data.Open(ctx, to)
	if err != nil {
		return hidePassword(postgresOpenError(target, "--to", err), to)
	}
	defer dst.Close()
	src, err := data.Open(ctx, from)
	if err != nil {
		return fmt.Errorf("cannot open the SQLite database %s: %w", from, err)
	}
	defer src.Close()

	rep, err := src.CopyTo(ctx, dst)
	if err != nil {
		return hidePassword(copyError(target, err), to)
	}
	writeCopyReport(stdout, from, target, rep)
	return nil
}

// parseMigrateFlags reads --from and --to, and checks that both are given, that the first is
// not a URL and that the second is a PostgreSQL one. -h writes the usage to help and returns flag.ErrHelp. No message repeats --to
// or a URL given as --from: they may hold a password.
func parseMigrateFlags(args []string, help io.Writer) (from, to string, err error) {
	flags := flag.NewFlagSet("migrate", flag.ContinueOnError)
	flags.StringVar(&from, "from", "", "")
	flags.StringVar(&to, "to", "", "")
	flags.SetOutput(io.Discard)
	flags.Usage = func() {}
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			writeUsage(help)
			return "", "", err
		}
		return "", "", fmt.Errorf("%w; %s", err, migrateUsage)
	}
	if flags.NArg() > 0 {
		return "", "", fmt.Errorf("unexpected argument %s; %s", quoteArg(redactURL(flags.Arg(0))), migrateUsage)
	}
	switch {
	case from == "" && to == "":
		return "", "", errors.New(migrateUsage)
	case from == "":
		return "", "", fmt.Errorf("--from is missing: give the SQLite file hirebot used (its HIREBOT_DB); %s", migrateUsage)
	case to == "":
		return "", "", fmt.Errorf("--to is missing: give the URL of the new PostgreSQL database; %s", migrateUsage)
	case strings.Contains(from, "://"):
		return "", "", errors.New("--from is a URL, but hirebot migrate copies from a SQLite file: give the path of the file " +
			"hirebot used (its HIREBOT_DB), e.g. --from ./hirebot.db")
	case !data.IsPostgresURL(to):
		return "", "", errors.New("--to is not a PostgreSQL URL: give one that starts with postgres:// or postgresql://, " +
			`e.g. --to "postgres://hirebot:PASSWORD@db.example.com:5432/hirebot" (hirebot backup copies SQLite to SQLite)`)
	case !parsesAsURL(to):
		return "", "", errors.New("--to does not parse as a URL, expected postgres://USER:PASSWORD@HOST:5432/DATABASE: " +
			"a user or password with @, :, /, ? or % in it must be percent-encoded (@ is %40)")
	}
	return from, to, nil
}

// parsesAsURL reports whether location parses as a URL.
func parsesAsURL(location string) bool {
	_, err := url.Parse(location)
	return err == nil
}

// checkMigrateSource refuses a source that is not there: opening it would make an empty database.
func checkMigrateSource(from string) error {
	info, err := os.Stat(from)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("there is no SQLite database at %s: give --from the file hirebot used (its HIREBOT_DB, ./hirebot.db by default)", from)
	case err != nil:
		return fmt.Errorf("cannot read the SQLite database %s: %w", from, err)
	case info.IsDir():
		return fmt.Errorf("%s is a folder: give --from hirebot's SQLite database file in it, e.g. %s", from, filepath.Join(from, "hirebot.db"))
	case info.Size() == 0:
		return fmt.Errorf("%s is empty, not a hirebot database: give --from the file hirebot used (its HIREBOT_DB)", from)
	}
	return nil
}

// postgresOpenError explains why the PostgreSQL database target (as data.Describe names it),
// given in setting (--to, HIREBOT_DB), could not be opened and brought to the current schema.
func postgresOpenError(target, setting string, err error) error {
	var connect *pgconn.ConnectError
	if errors.As(err, &connect) {
		host := connect.Config.Host
		if !strings.HasPrefix(host, "/") { // a Unix socket's folder has no port
			host = net.JoinHostPort(host, strconv.Itoa(int(connect.Config.Port)))
		}
		var hint string
		switch pgCode(err) {
		case "3D000":
			hint = fmt.Sprintf("create the database first (createdb -h %s -U %s %s), or check its name in %s",
				connect.Config.Host, connect.Config.User, connect.Config.Database, setting)
		case "28P01", "28000":
			hint = "check the user name and password in " + setting
		default:
			hint = "check the host and port in " + setting + ", and that the server runs and accepts connections from this machine"
		}
		return &migrateFailure{err: err, msg: fmt.Sprintf("cannot connect to the PostgreSQL server at %s (%s): %s. %s was %s",
			host, innermost(err), hint, setting, target)}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		user, database := "USER", "DATABASE"
		if u, err := url.Parse(target); err == nil {
			user, database = u.User.Username(), strings.TrimPrefix(u.Path, "/")
		}
		switch pe.Code {
		case "42501":
			return &migrateFailure{err: err, msg: fmt.Sprintf("%s may not create hirebot's tables in %s (%s): make it the database's owner "+
				"(ALTER DATABASE %s OWNER TO %s) or grant it CREATE on the schema (GRANT CREATE ON SCHEMA public TO %s); "+
				"since PostgreSQL 15 only the owner may create tables in the public schema", user, target, pe.Message, database, user, user)}
		case "3F000":
			return &migrateFailure{err: err, msg: fmt.Sprintf("no schema to create hirebot's tables in, in %s: "+
				"its search_path names no schema that exists and that %s may use", target, user)}
		}
	}
	return fmt.Errorf("cannot open the PostgreSQL database %s: %w", target, err)
}

// copyError explains a failed copy into target.
func copyError(target string, err error) error {
	if errors.Is(err, data.ErrTargetNotEmpty) {
		detail := strings.TrimPrefix(err.Error(), data.ErrTargetNotEmpty.Error()+": ")
		if detail == err.Error() {
			detail = ""
		} else {
			detail = " (" + detail + ")"
		}
		return &migrateFailure{err: err, msg: fmt.Sprintf("%s already holds hirebot data%s; migrate copies only into an empty database: "+
			"give --to a new database, or drop this one's hirebot tables if nothing in them is needed", target, detail)}
	}
	return fmt.Errorf("the copy to %s failed: %w", target, err)
}

// writeCopyReport prints each table's rows, then the total.
func writeCopyReport(w io.Writer, from, target string, rep data.CopyReport) {
	width := 0
	var total int64
	for _, tc := range rep.Tables {
		width = max(width, len(tc.Table))
		total += tc.Rows
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Rows copied from %s:\n", from)
	for _, tc := range rep.Tables {
		fmt.Fprintf(&b, "  %-*s %9s\n", width, tc.Table, thousands(tc.Rows))
	}
	fmt.Fprintf(&b, "Copied %s %s in %d tables to %s; row counts match.\n",
		thousands(total), plural(total, "row", "rows"), len(rep.Tables), target)
	_, _ = io.WriteString(w, b.String())
}

// thousands writes n with a comma between each group of three digits: 1,234,567.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	sign := ""
	if n < 0 {
		sign, s = "-", s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return sign + s
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// redactURL hides the password of arg when it is a URL that holds one; anything else is returned as it is.
func redactURL(arg string) string {
	if !strings.Contains(arg, "://") {
		return arg
	}
	if u, err := url.Parse(arg); err == nil {
		_, hasPassword := u.User.Password()
		if hasPassword || u.Query().Has("password") {
			return data.Describe(arg)
		}
		return arg
	}
	return "a URL"
}

// urlPassword is the password location carries, in its user part or as a parameter.
func urlPassword(location string) string {
	u, err := url.Parse(location)
	if err != nil {
		return ""
	}
	if p, ok := u.User.Password(); ok {
		return p
	}
	return u.Query().Get("password")
}

// hidePassword makes sure err's message does not repeat the password of location: the
// messages of the driver and the server are not ours to check.
func hidePassword(err error, location string) error {
	p := urlPassword(location)
	if p == "" || !strings.Contains(err.Error(), p) {
		return err
	}
	return &migrateFailure{err: err, msg: strings.ReplaceAll(err.Error(), p, "xxxxx")}
}

// pgCode is the SQLSTATE of the PostgreSQL error in err's chain, or "".
func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// innermost is the message of the deepest error in err's chain, e.g. "connection refused": the
// reason without the layers around it. A server's error keeps its own, whole.
func innermost(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Message
	}
	for {
		var next error
		switch e := err.(type) {
		case interface{ Unwrap() error }:
			next = e.Unwrap()
		case interface{ Unwrap() []error }: // several addresses tried: the first one's
			if errs := e.Unwrap(); len(errs) > 0 {
				next = errs[0]
			}
		}
		if next == nil {
			return err.Error()
		}
		err = next
	}
}

// migrateFailure is a failed migration explained to the user; the cause stays reachable with
// errors.Is.
type migrateFailure struct {
	msg string
	err error
}

func (e *migrateFailure) Error() string { return e.msg }
func (e *migrateFailure) Unwrap() error { return e.err }
