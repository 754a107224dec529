package main

import (
	"bytes"
	"io"
	"testing"

	"hirebot/fakeslack/slacktypes"
)

// TestManifestMatchesSlackSchema validates `hirebot manifest` against Slack's manifest
// schema in testdata/manifest-schema, so Slack's "create from manifest" accepts it.
func TestManifestMatchesSlackSchema(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := run(t.Context(), []string{"manifest"}, func(string) string { return "" }, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	slacktypes.CheckManifest(t, out.Bytes())
}
