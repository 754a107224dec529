package bot

import (
	"os"
	"testing"

	"hirebot/fakeslack/slacktest"
)

// TestMain runs up to eight parallel tests at once: they mostly wait out real-time deadlines and
// Retry-After, not the CPU.
func TestMain(m *testing.M) {
	slacktest.WidenParallel(8)
	os.Exit(m.Run())
}
