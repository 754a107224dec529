//go:build !unix

package slacktypes

// lockDir does nothing where flock is missing; installs there are not guarded.
func lockDir(dir string, exclusive bool) (unlock func(), err error) {
	return func() {}, nil
}
