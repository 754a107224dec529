package content

import (
	"strconv"
	"strings"
)

// Dollars is a yearly amount in whole US dollars.
type Dollars int

// String renders d with thousands separators: "$110,000".
func (d Dollars) String() string {
	sign := ""
	if d < 0 {
		sign, d = "-", -d
	}
	s := strconv.Itoa(int(d))
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return sign + "$" + s
}

// Short renders d in thousands as the seed writes levels: "$70K", "$72.5K";
// amounts that are not a multiple of $100 keep the full form.
func (d Dollars) Short() string {
	switch {
	case d%1000 == 0:
		return "$" + strconv.Itoa(int(d/1000)) + "K"
	case d%100 == 0:
		return "$" + strconv.FormatFloat(float64(d)/1000, 'f', -1, 64) + "K"
	}
	return d.String()
}

// Range is a yearly salary range. OrMore marks an open-ended top, as in "$220K+".
type Range struct {
	Min    Dollars `json:"min"`
	Max    Dollars `json:"max"`
	OrMore bool    `json:"or_more,omitempty"`
}

// String renders r as "$110,000 - $160,000", or "$150,000 - $220,000+" when open-ended.
func (r Range) String() string { return r.Min.String() + " - " + r.Max.String() + r.plus() }

// Short renders r in the seed's level notation: "$70K-$90K", "$150K-$220K+".
func (r Range) Short() string { return r.Min.Short() + "-" + r.Max.Short() + r.plus() }

func (r Range) plus() string {
	if r.OrMore {
		return "+"
	}
	return ""
}

// Validate reports a non-positive bound or a minimum above the maximum.
func (r Range) Validate() error {
	switch {
	case r.Min <= 0:
		return errorf("min", "must be > 0")
	case r.Max <= 0:
		return errorf("max", "must be > 0")
	case r.Min > r.Max:
		return errorf("max", "must be >= min (%s)", r.Min)
	}
	return nil
}

// Band is the salary range of one location.
type Band struct {
	Slug     string   `json:"slug"`     // "seattle", "remote-us"
	Location string   `json:"location"` // "Seattle, WA"
	Range    Range    `json:"range"`
	Note     string   `json:"note"`    // cost-of-living factor: "Tech hub premium"
	Aliases  []string `json:"aliases"` // normalized: "sea", "seattle wa"
}

func (b Band) keyed(i int) keyed {
	return keyed{Path: index("bands", i), NameField: "location", Slug: b.Slug, Name: b.Location, Aliases: b.Aliases}
}

// Validate checks the band on its own; Salary.Validate checks aliases across bands.
func (b Band) Validate() error {
	return firstError(
		checkSlug("slug", b.Slug),
		checkText("location", b.Location),
		within("range", b.Range.Validate()),
		checkText("note", b.Note),
	)
}

// Level is the salary range of one seniority level.
type Level struct {
	Slug    string   `json:"slug"` // "entry", "mid", "senior", "lead"
	Name    string   `json:"name"` // "Entry-level"
	Range   Range    `json:"range"`
	Aliases []string `json:"aliases"` // normalized: "junior", "jr"
}

func (l Level) keyed(i int) keyed {
	return keyed{Path: index("levels", i), NameField: "name", Slug: l.Slug, Name: l.Name, Aliases: l.Aliases}
}

// Validate checks the level on its own; Salary.Validate checks aliases across levels.
func (l Level) Validate() error {
	return firstError(
		checkSlug("slug", l.Slug),
		checkText("name", l.Name),
		within("range", l.Range.Validate()),
	)
}

// Factor is a named statement: Name "Cloud Certifications", Detail the sentence after the colon.
type Factor struct {
	Name   string `json:"name"`
	Detail string `json:"detail"`
}

// Validate reports an empty name or detail.
func (f Factor) Validate() error {
	return firstError(checkText("name", f.Name), checkText("detail", f.Detail))
}

// Salary is the compensation guide.
type Salary struct {
	National     Range  `json:"national"`
	NationalNote string `json:"national_note"` // "annually for Python Backend Developers with 3-5 years of experience"
	// Experience is the experience the national average and the location bands apply to, as
	// the guide words it: "3-5 years of experience". Optional: answers then say "the experience
	// of the national average".
	Experience string   `json:"experience,omitempty"`
	Bands      []Band   `json:"bands"`   // by location
	Levels     []Level  `json:"levels"`  // by seniority
	Factors    []Factor `json:"factors"` // what moves compensation
	Source     string   `json:"source"`  // where the figures come from
	// Cells are ranges for one level in one location, from salary.csv; see Estimate.
	Cells []Cell `json:"-"`
}

// Cell is the salary range of one level (a Levels slug) in one location (a Bands slug).
type Cell struct {
	Band, Level string
	Range       Range
}

// Validate checks every field, that no slug, name or alias leads to two bands or two levels,
// and that Slack can show the bands (see checkSlackLimits).
func (s Salary) Validate() error { return s.validate(true) }

// validate is Validate; figures from a salary.csv alone (an added role's) have no factors.
func (s Salary) validate(needFactors bool) error {
	factors := validateFactors("factors", s.Factors)
	if !needFactors && len(s.Factors) == 0 {
		factors = nil
	}
	if err := firstError(
		within("national", s.National.Validate()),
		checkText("national_note", s.NationalNote),
		s.validateBands(),
		s.validateLevels(),
		factors,
	); err != nil {
		return err
	}
	return firstError(checkText("source", s.Source), s.checkSlackLimits())
}

func (s Salary) validateBands() error {
	return validateKeyed("bands", "band", s.Bands, Band.keyed)
}

func (s Salary) validateLevels() error {
	return validateKeyed("levels", "level", s.Levels, Level.keyed)
}

func validateFactors(path string, fs []Factor) error {
	return validateList(path, "item", fs, nil)
}

// Band returns the band whose slug, location or alias equals the normalized query:
// "Seattle", "seattle, wa", "sf", "Remote (US)".
func (s Salary) Band(query string) (Band, bool) {
	return lookup(s.Bands, query, func(b Band) keyed { return b.keyed(0) })
}

// Level returns the level whose slug, name or alias equals the normalized query:
// "junior", "Mid-level", "sr".
func (s Salary) Level(query string) (Level, bool) {
	return lookup(s.Levels, query, func(l Level) keyed { return l.keyed(0) })
}

// SuggestBand returns the band closest to a query that Band did not recognise, for
// a "did you mean" reply: "seatle" suggests Seattle, "chic" suggests Chicago.
// A query too far from every slug, location and alias ("xyzzy") gets none.
// An exact match is its own suggestion. It is Suggest over every band's keys.
func (s Salary) SuggestBand(query string) (Band, bool) {
	var keys []string
	var owner []int // owner[k] is the band of keys[k]
	for i, b := range s.Bands {
		for _, k := range b.keyed(i).keys() {
			keys, owner = append(keys, k), append(owner, i)
		}
	}
	k := nearest(query, keys)
	if k < 0 {
		return Band{}, false
	}
	return s.Bands[owner[k]], true
}

// closeness scores how near query q is to key k (lower is nearer) and whether it
// is near enough to suggest: an exact match, a prefix or a whole word of k, or a
// small edit distance that grows with the length of k.
func closeness(q, k string) (int, bool) {
	switch {
	case q == "" || k == "":
		return 0, false
	case q == k:
		return 0, true
	case len(q) >= 3 && strings.HasPrefix(k, q):
		return 1, true
	case len(q) >= 4 && strings.Contains(" "+k+" ", " "+q+" "):
		return 1, true
	}
	allowed := allowedEdits(k)
	if n, m := len([]rune(q)), len([]rune(k)); n > m+allowed || m > n+allowed {
		return 0, false // too different in length to be within reach
	}
	d := editDistance(q, k)
	return d, d <= allowed
}

// allowedEdits is the most typos tolerated against a key: none for short keys
// ("sf", "nyc"), where one typo already makes another word.
func allowedEdits(k string) int {
	switch n := len([]rune(k)); {
	case n < 4:
		return 0
	case n < 7:
		return 1
	case n < 11:
		return 2
	}
	return 3
}

// editDistance is the Levenshtein distance between a and b, counted in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
