package handlers

// Recorder counts what the handlers store, for monitoring.
type Recorder interface {
	Stored(kind string) // "scorecard", "draft"
}

type noMetrics struct{}

func (noMetrics) Stored(string) {}

func orNoMetrics(r Recorder) Recorder {
	if r == nil {
		return noMetrics{}
	}
	return r
}
