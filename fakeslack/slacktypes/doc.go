// Package slacktypes checks, in tests, what users would see against Slack's own
// references: Block Kit payloads against the TypeScript definitions in Slack's
// @slack/types package, and the app manifest against Slack's manifest JSON schema.
//
// The checks run Node.js tools pinned in this directory's package.json and
// package-lock.json: the TypeScript compiler (tsc) and ajv. Install them once with
//
//	npm ci --no-audit --no-fund   (in fakeslack/slacktypes)
//
// .ci/run does this through .ci/install-node-packages. When node_modules is
// missing or older than package-lock.json and npm is on PATH, the first check in
// a test process runs npm ci itself, under a file lock, so packages tested in
// parallel do not race.
//
// # Usage
//
//	golden.Assert(t, "testdata/salary_nyc.message.golden.json", payloadJSON)
//	slacktypes.CheckFiles(t, "testdata/*.golden.json")
//
// or, for payloads built in the test:
//
//	slacktypes.Check(t, []slacktypes.Payload{
//		{Name: "salary reply", Kind: slacktypes.Message, JSON: b},
//	})
//
// Check writes every payload into one generated TypeScript file as a typed
// constant, such as
//
//	export const p0: KnownBlock[] = [ ... ];
//
// and runs tsc --noEmit --strict on it. An object literal assigned to a typed
// constant is checked strictly: a "type" value must be one Slack defines
// ("sectionx" fails), required fields must be there (a button needs text), and
// fields the type does not declare are refused (excess-property checks). Each
// tsc error is reported under the payload's Name with the offending JSON line.
//
// # File naming convention
//
// CheckFiles reads the kind of each file from its name:
//
//	*.blocks.golden.json    a list of blocks: KnownBlock[]
//	*.modal.golden.json     a modal view: ModalView
//	*.home.golden.json      an App Home view: HomeView
//	*.message.golden.json   a message: Message (below)
//	*.errors.golden.json    a view_submission ack with field errors: ViewSubmissionErrors (below)
//
// A matched file whose name fits none of these fails the test, as does a
// pattern that matches no file.
//
// Each package that keeps golden files checks its own (handlers/testdata/golden,
// bot/testdata/golden); this package's TestSlacktypesEveryGoldenFile also checks
// every golden file in the module in one run, so a new golden directory cannot
// go unchecked.
//
// A Message is declared here, since @slack/types has no single type for a
// message body: text (required), blocks, and the reply fields hirebot sends:
// response_type ("in_channel" or "ephemeral"), replace_original,
// delete_original, thread_ts, mrkdwn, unfurl_links and unfurl_media.
// ViewSubmissionErrors is declared here too, as Slack documents it: response_action
// "errors" and an errors object mapping input block_ids to messages.
//
// # The manifest
//
// CheckManifest validates an app manifest against the schema kept in the calling
// package's testdata/manifest-schema directory (manifest.schema.json and
// schemas/*.json, copied from slackapi/manifest-schema; cmd/hirebot has one).
// validate-manifest.mjs runs ajv on it and registers the versioned schemas, which
// the main one refers to by their raw GitHub URLs, from the local copies, so
// nothing is fetched.
//
// # Missing tools
//
// Without node, or with node_modules missing and no npm to install it, the
// checks skip the test with the reason, and print one line so a skipped check
// is not missed: to the terminal (/dev/tty) when there is one, since go test
// hides what a passing package writes unless run with -v, and to standard
// error otherwise. go test -v, or -json, also lists every skip with its reason.
// When the environment variable CI is set they fail instead: CI never skips
// them.
package slacktypes
