package handlers

import "time"

// Recorder counts what the handlers store, for monitoring.
type Recorder interface {
	Stored(kind string) // "scorecard", "draft"
	// SubmitDelay observes how long after an interview's end a first scorecard arrived.
	SubmitDelay(d time.Duration)
}

type noMetrics struct{}

func (noMetrics) Stored(string)             {}
func (noMetrics) SubmitDelay(time.Duration) {}

func orNoMetrics(r Recorder) Recorder {
	if r == nil {
		return noMetrics{}
	}
	return r
}
