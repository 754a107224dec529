package content

// HiringTips is advice on finding candidates and on mistakes to avoid.
type HiringTips struct {
	Sourcing     []Factor `json:"sourcing"`     // platforms: Name "GitHub", Detail what to look at
	Communities  []Factor `json:"communities"`  // where to meet developers
	Optimization []string `json:"optimization"` // how to improve a posting
	RedFlags     []Factor `json:"red_flags"`    // common hiring mistakes
}

// Validate reports an empty list or an empty name, detail or tip.
func (h HiringTips) Validate() error {
	return firstError(
		validateFactors("sourcing", h.Sourcing),
		validateFactors("communities", h.Communities),
		checkTexts("optimization", h.Optimization),
		validateFactors("red_flags", h.RedFlags),
	)
}
