package bot

import (
	"context"
	"log/slog"
	"slices"
	"sync"
)

// lazyAttrs is a slog.Handler that gathers the attributes a logger was given (by build, and
// with With) and hands them to the handler below only when a record is first logged. Most
// envelopes log nothing, and gathering and formatting their attributes up front cost more than
// handling them.
type lazyAttrs struct {
	parent slog.Handler
	build  func() []slog.Attr // nil for none
	attrs  []slog.Attr        // added with With, after build's
	once   sync.Once
	built  slog.Handler
}

// lazyLogger returns log with the attributes build returns added lazily: the same lines come
// out as from log.With(build()...).
func lazyLogger(log *slog.Logger, build func() []slog.Attr) *slog.Logger {
	return slog.New(&lazyAttrs{parent: log.Handler(), build: build})
}

func (h *lazyAttrs) handler() slog.Handler {
	h.once.Do(func() {
		var built []slog.Attr
		if h.build != nil {
			built = h.build()
		}
		attrs := slices.Concat(built, h.attrs)
		h.built = h.parent
		if len(attrs) > 0 {
			h.built = h.parent.WithAttrs(attrs)
		}
	})
	return h.built
}

func (h *lazyAttrs) Enabled(ctx context.Context, level slog.Level) bool {
	return h.parent.Enabled(ctx, level)
}

func (h *lazyAttrs) Handle(ctx context.Context, r slog.Record) error {
	return h.handler().Handle(ctx, r)
}

func (h *lazyAttrs) WithAttrs(attrs []slog.Attr) slog.Handler {
	if len(attrs) == 0 {
		return h
	}
	return &lazyAttrs{parent: h.parent, build: h.build, attrs: append(slices.Clip(h.attrs), attrs...)}
}

func (h *lazyAttrs) WithGroup(name string) slog.Handler {
	return h.handler().WithGroup(name)
}
