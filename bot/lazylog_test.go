package bot

import (
	"bytes"
	"log/slog"
	"regexp"
	"testing"
)

func TestLazyLoggerWritesTheSameLinesAsWith(t *testing.T) {
	logAll := func(log *slog.Logger) {
		log.Debug("hidden below the level")
		log.Info("one", "n", 1)
		log.With("command", "/salary", "user", "U1").Warn("two", "err", "boom")
		log.WithGroup("g").Info("three", "k", "v")
	}
	time := regexp.MustCompile(`time=\S+ `)
	for _, tc := range []struct {
		name  string
		attrs []slog.Attr
	}{
		{"none", nil},
		{"envelope", []slog.Attr{slog.String("envelope", "e1"), slog.String("type", "slash_commands")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var want, got bytes.Buffer
			opts := &slog.HandlerOptions{Level: slog.LevelInfo}
			args := make([]any, len(tc.attrs))
			for i, a := range tc.attrs {
				args[i] = a
			}
			logAll(slog.New(slog.NewTextHandler(&want, opts)).With(args...))
			logAll(lazyLogger(slog.New(slog.NewTextHandler(&got, opts)), func() []slog.Attr { return tc.attrs }))
			if w, g := time.ReplaceAllString(want.String(), ""), time.ReplaceAllString(got.String(), ""); w != g {
				t.Errorf("lazy logger wrote\n%s\nwant\n%s", g, w)
			}
		})
	}
}
