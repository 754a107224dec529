package fakeslack_test

import (
	"os"
	"testing"

	"hirebot/fakeslack/slacktest"
)

// TestMain runs up to eight parallel tests at once: they mostly wait out ack timeouts in real
// time, not the CPU.
func TestMain(m *testing.M) {
	slacktest.WidenParallel(8)
	os.Exit(m.Run())
}
