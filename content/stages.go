package content

import (
	"slices"
	"strings"
)

// Stages are the interview stages an interview records, as content names them ("system-design"
// in kits.json and in scorecard.json): the stages the interview form offers.
var Stages = []string{"phone-screen", "technical", "system-design", "behavioral", "onsite", "other"}

// checkStage reports a stage that is not one of Stages, naming the valid ones.
func checkStage(path, stage string) error {
	if slices.Contains(Stages, stage) {
		return nil
	}
	return errorf(path, "%q is not an interview stage; the stages are %s", stage, strings.Join(Stages, ", "))
}
