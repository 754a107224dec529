package handlers

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"hirebot/content"
	"hirebot/data"
)

// Slack ids of the job posting form. Every input's element has the action_id postingInput.
const (
	ViewPostingForm     = "job_posting_form"
	blockPostingRole    = "jp_role"
	blockPostingTitle   = "jp_title"
	blockPostingCompany = "jp_company"
	blockPostingLevel   = "jp_level"
	blockPostingIndustr = "jp_industry"
	blockPostingSetting = "jp_setting"
	blockPostingPlace   = "jp_location"
	blockPostingFw      = "jp_frameworks"
	blockPostingMin     = "jp_salary_min"
	blockPostingMax     = "jp_salary_max"
	blockPostingNotes   = "jp_notes"
	blockPostingPerks   = "jp_benefits"
	blockPostingOther   = "jp_other_benefits"
	blockPostingEdu     = "jp_education"
	postingInput        = "input"
)

// Limits of what the form accepts.
const (
	maxPostingTitle   = 80
	maxPostingCompany = 60
	maxPostingNotes   = 1000
	maxPostingOther   = 500
	maxPostingEdu     = 200
	minPostingSalary  = 20_000
	maxPostingSalary  = 1_000_000
	maxPostingSpread  = 3 // the top of a range may be at most this many times its bottom
	defaultLevel      = "mid"
)

// postingFormIntro is the line at the top of the form.
const postingFormIntro = "Fill in the basics and I'll write the rest from the hiring guide."

// postingForm is the modal that creates a draft (p == nil) or edits one, pre-filled. A new draft
// starts as one for the default role.
func (ps *Postings) postingForm(p *data.Posting) *slack.ModalViewRequest {
	if p == nil {
		f := data.PostingFields{Title: ps.roles.Default().Posting.Title, Level: defaultLevel, Industry: postingGeneral}
		return ps.postingFormView(f, "", postingFormIntro)
	}
	return ps.postingFormView(p.Fields, postingFormMeta(p.ID, p.Version), postingFormIntro)
}

// postingFormView is the form filled in with f, its lists those of the role f is for. meta is
// the draft it edits ("" for a new one, see postingFormMeta), intro the line at its top. With
// several roles the form starts with the role to pick; with one it has no such input.
func (ps *Postings) postingFormView(f data.PostingFields, meta, intro string) *slack.ModalViewRequest {
	title, submit := "New job posting", "Save and preview"
	if meta != "" {
		title, submit = "Edit job posting", "Save new version"
	}
	r := ps.roleOf(f.Role)
	blocks := []slack.Block{contextBlock(intro)}
	if !ps.roles.Single() {
		blocks = append(blocks, ps.roleSelect(r.Key))
	}
	blocks = append(blocks,
		postingTextInput(blockPostingTitle, "Job title", "e.g. Python Backend Developer", f.Title, maxPostingTitle, false, false),
		postingTextInput(blockPostingCompany, "Company name", "e.g. Acme Analytics", f.Company, maxPostingCompany, false, false),
		postingSelect(blockPostingLevel, "Level", levelOptions(r), f.Level),
		postingSelect(blockPostingIndustr, "Industry", industryOptions(r), f.Industry),
		postingRadio(blockPostingSetting, "Work setting", settingOptions(r), f.WorkSetting),
		postingSelect(blockPostingPlace, "Location", locationOptions(r), f.Location),
		postingCheckboxes(blockPostingFw, "Frameworks", f.Frameworks),
		postingHinted(postingTextInput(blockPostingMin, "Salary minimum", "e.g. 120000", postingSalaryText(f.SalaryMin), 20, false, true),
			"Yearly, in US dollars. Leave both salary fields empty to use the location's band from the salary guide."),
		postingTextInput(blockPostingMax, "Salary maximum", "e.g. 150000", postingSalaryText(f.SalaryMax), 20, false, true),
		benefitCheckboxes(r, f.Benefits),
		postingHinted(postingTextInput(blockPostingOther, "Other benefits", "One a line, e.g. 401(k) match up to 4%", f.OtherBenefits, maxPostingOther, true, true),
			"Your own benefits, with the figures you offer. Until you tick or enter a benefit, the draft marks them for you to confirm."),
		postingHinted(postingTextInput(blockPostingEdu, "Education requirement", "e.g. A degree or equivalent practical experience", educationText(r, f.Education), maxPostingEdu, true, true),
			"By default, a degree or equivalent practical experience: many strong developers are self-taught or bootcamp graduates."),
		postingTextInput(blockPostingNotes, "Notes for the posting", "Anything candidates should know: visa sponsorship, team size, interview process…", f.Notes, maxPostingNotes, true, true),
	)
	return &slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: ViewPostingForm, PrivateMetadata: meta,
		Title: plain(title), Submit: plain(submit), Close: plain("Cancel"),
		Blocks: slack.Blocks{BlockSet: blocks},
	}
}

// roleSelect picks the role a draft is for, selected first.
func (ps *Postings) roleSelect(selected string) *slack.InputBlock {
	opts := options(ps.roles.Roles,
		func(r *content.Role) string { return r.Key },
		func(r *content.Role) string { return r.Name })
	return postingHinted(postingSelect(blockPostingRole, "Role", opts, selected),
		"The draft takes this role's template and salary figures. If something you pick below isn't offered for this role, I'll show you its own lists before saving.")
}

// benefitCheckboxes lists the company-specific benefits of r's posting that a posting makes only
// when ticked.
func benefitCheckboxes(r *content.Role, selected []string) *slack.InputBlock {
	el := slack.NewCheckboxGroupsBlockElement(postingInput)
	for _, b := range r.Posting.Benefits {
		o := postingOption{b.Slug, b.Label}.object()
		el.Options = append(el.Options, o)
		if slices.Contains(selected, b.Slug) {
			el.InitialOptions = append(el.InitialOptions, o)
		}
	}
	in := slack.NewInputBlock(blockPostingPerks, plain("Benefits you offer"), plain("Only what you tick goes in the posting."), el)
	in.Optional = true
	return in
}

// educationText is the form's education line: the author's, or the default of r's posting.
func educationText(r *content.Role, own string) string {
	if own != "" {
		return own
	}
	return r.Posting.Degree.Default
}

// postingFormMeta is the form's private_metadata when it edits draft id at version.
func postingFormMeta(id int64, version int) string { return fmt.Sprintf("%d:%d", id, version) }

// parsePostingFormMeta reads the draft a form edits; ok is false for a new draft.
func parsePostingFormMeta(meta string) (id int64, version int, ok bool, err error) {
	if meta == "" {
		return 0, 0, false, nil
	}
	a, b, found := strings.Cut(meta, ":")
	id, err1 := strconv.ParseInt(a, 10, 64)
	version, err2 := strconv.Atoi(b)
	if !found || err1 != nil || err2 != nil {
		return 0, 0, false, fmt.Errorf("posting form metadata %q: want id:version", meta)
	}
	return id, version, true, nil
}

func postingSalaryText(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func postingHinted(in *slack.InputBlock, hint string) *slack.InputBlock {
	in.Hint = plain(hint)
	return in
}

func postingTextInput(blockID, label, placeholder, initial string, maxLen int, multiline, optional bool) *slack.InputBlock {
	el := slack.NewPlainTextInputBlockElement(plain(placeholder), postingInput).
		WithInitialValue(initial).WithMaxLength(maxLen).WithMultiline(multiline)
	in := slack.NewInputBlock(blockID, plain(label), nil, el)
	in.Optional = optional
	return in
}

type postingOption struct{ value, text string }

func (o postingOption) object() *slack.OptionBlockObject {
	return slack.NewOptionBlockObject(o.value, plain(truncate(o.text, 75)), nil)
}

func postingOptionObjects(opts []postingOption, selected string) (all []*slack.OptionBlockObject, initial *slack.OptionBlockObject) {
	for _, o := range opts {
		obj := o.object()
		all = append(all, obj)
		if o.value == selected {
			initial = obj
		}
	}
	return all, initial
}

func postingSelect(blockID, label string, opts []postingOption, selected string) *slack.InputBlock {
	all, initial := postingOptionObjects(opts, selected)
	el := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Choose…"), postingInput, all...)
	el.InitialOption = initial
	return slack.NewInputBlock(blockID, plain(label), nil, el)
}

func postingRadio(blockID, label string, opts []postingOption, selected string) *slack.InputBlock {
	all, initial := postingOptionObjects(opts, selected)
	el := slack.NewRadioButtonsBlockElement(postingInput, all...)
	el.InitialOption = initial
	return slack.NewInputBlock(blockID, plain(label), nil, el)
}

func postingCheckboxes(blockID, label string, selected []string) *slack.InputBlock {
	el := slack.NewCheckboxGroupsBlockElement(postingInput)
	for _, fw := range postingFrameworks {
		o := postingOption{fw, fw}.object()
		el.Options = append(el.Options, o)
		if slices.Contains(selected, fw) {
			el.InitialOptions = append(el.InitialOptions, o)
		}
	}
	in := slack.NewInputBlock(blockID, plain(label), plain("The ones your team uses. Leave all unticked to mention all three."), el)
	in.Optional = true
	return in
}

// options makes one form option of each item, with its value and text.
func options[T any](items []T, value, text func(T) string) []postingOption {
	out := make([]postingOption, 0, len(items))
	for _, it := range items {
		out = append(out, postingOption{value(it), text(it)})
	}
	return out
}

// levelOptions are the levels of r's posting.
func levelOptions(r *content.Role) []postingOption {
	return options(r.Posting.Levels,
		func(l content.LevelExpectation) string { return l.Slug },
		func(l content.LevelExpectation) string { return l.Name })
}

// industryOptions are General and the industries of r's posting.
func industryOptions(r *content.Role) []postingOption {
	general := postingOption{postingGeneral, "General (no particular industry)"}
	return append([]postingOption{general}, options(r.Posting.Industries,
		func(in content.Industry) string { return in.Slug },
		func(in content.Industry) string { return in.Name })...)
}

// settingOptions are the work settings of r's posting.
func settingOptions(r *content.Role) []postingOption {
	return options(r.Posting.WorkSettings,
		func(w content.WorkSetting) string { return w.Slug },
		func(w content.WorkSetting) string { return w.Name })
}

// locationOptions are the locations r has a salary band for.
func locationOptions(r *content.Role) []postingOption {
	return options(r.Salary.Bands,
		func(b content.Band) string { return b.Slug },
		func(b content.Band) string { return b.Location })
}

// parsePostingForm reads and checks the submitted form; problems come back per input block, all
// at once, so the user can fix everything in one go. The choices are checked against the chosen
// role's content (with one role, the draft's role is "": the default).
func (ps *Postings) parsePostingForm(values map[string]map[string]slack.BlockAction) (data.PostingFields, map[string]string) {
	get := func(block string) slack.BlockAction { return values[block][postingInput] }
	errs := map[string]string{}
	r := ps.roles.Default()
	var role string
	if !ps.roles.Single() {
		chosen, ok := ps.roles.Role(get(blockPostingRole).SelectedOption.Value)
		if ok {
			r, role = chosen, chosen.Key
		} else {
			errs[blockPostingRole] = "Choose the role the posting is for."
		}
	}
	f := data.PostingFields{
		Role:          role,
		Title:         strings.TrimSpace(get(blockPostingTitle).Value),
		Company:       strings.TrimSpace(get(blockPostingCompany).Value),
		Level:         get(blockPostingLevel).SelectedOption.Value,
		Industry:      get(blockPostingIndustr).SelectedOption.Value,
		WorkSetting:   get(blockPostingSetting).SelectedOption.Value,
		Location:      get(blockPostingPlace).SelectedOption.Value,
		Notes:         strings.TrimSpace(get(blockPostingNotes).Value),
		OtherBenefits: strings.TrimSpace(get(blockPostingOther).Value),
		Education:     strings.TrimSpace(get(blockPostingEdu).Value),
	}
	for _, o := range get(blockPostingFw).SelectedOptions {
		f.Frameworks = append(f.Frameworks, o.Value)
	}
	for _, b := range r.Posting.Benefits {
		if slices.ContainsFunc(get(blockPostingPerks).SelectedOptions, func(o slack.OptionBlockObject) bool { return o.Value == b.Slug }) {
			f.Benefits = append(f.Benefits, b.Slug)
		}
	}
	if ps.isDefaultEducation(f.Education) {
		f.Education = "" // the default, which follows the content
	}
	postingCheckText(errs, blockPostingTitle, f.Title, "a job title, such as “Python Backend Developer”", maxPostingTitle)
	postingCheckText(errs, blockPostingCompany, f.Company, "the company name", maxPostingCompany)
	postingCheckText(errs, blockPostingNotes, f.Notes, "", maxPostingNotes)
	postingCheckText(errs, blockPostingOther, f.OtherBenefits, "", maxPostingOther)
	postingCheckText(errs, blockPostingEdu, f.Education, "", maxPostingEdu)
	checkPostingChoices(errs, r, &f)
	f.SalaryMin, f.SalaryMax = postingSalary(errs, get(blockPostingMin).Value, get(blockPostingMax).Value)
	return f, errs
}

// refitPostingForm is the form again with the chosen role's lists, when the author picked a
// level, industry, work setting or location that role does not offer: the form listed those of
// the role it opened with, and the author chose another role. What they entered stays; the picks
// that do not fit are cleared for them to choose again. It is nil when every pick fits, when no
// role was chosen, and with one role. meta is the form's private_metadata.
func (ps *Postings) refitPostingForm(f data.PostingFields, meta string) *slack.ModalViewRequest {
	r, ok := ps.roles.Role(f.Role)
	if ps.roles.Single() || !ok {
		return nil
	}
	var cleared []string
	for _, c := range postingPicks(r, &f) {
		if *c.value != "" && !postingHasOption(c.opts, *c.value) {
			*c.value = ""
			cleared = append(cleared, c.name)
		}
	}
	if len(cleared) == 0 {
		return nil
	}
	return ps.postingFormView(f, meta, fmt.Sprintf(":arrows_counterclockwise: I've changed the lists to the %s role's. Choose its %s, then save.",
		literal(r.Name), postingJoin(cleared, "and")))
}

// postingCheckText reports an empty required text (what is not "") or one over limit characters.
func postingCheckText(errs map[string]string, block, v, what string, limit int) {
	switch n := utf8.RuneCountInString(v); {
	case n == 0 && what != "":
		errs[block] = "Enter " + what + "."
	case n > limit:
		errs[block] = fmt.Sprintf("Keep this to %d characters or fewer (it has %d).", limit, n)
	}
}

// isDefaultEducation reports whether s is the default education line of any role's posting: the
// form shows the default of the role it opened with, which the author may have changed since.
func (ps *Postings) isDefaultEducation(s string) bool {
	return slices.ContainsFunc(ps.roles.Roles, func(r *content.Role) bool { return s == r.Posting.Degree.Default })
}

// postingPick is one of the form's choices from a role's content, and what the role offers.
type postingPick struct {
	block string
	name  string  // "level"
	what  string  // "the level": what to choose, in an error
	value *string // the field of the draft it sets
	opts  []postingOption
}

// postingPicks are the choices of f that r's content offers.
func postingPicks(r *content.Role, f *data.PostingFields) []postingPick {
	return []postingPick{
		{blockPostingLevel, "level", "the level", &f.Level, levelOptions(r)},
		{blockPostingIndustr, "industry", "an industry, or General", &f.Industry, industryOptions(r)},
		{blockPostingSetting, "work setting", "the work setting", &f.WorkSetting, settingOptions(r)},
		{blockPostingPlace, "location", "the location", &f.Location, locationOptions(r)},
	}
}

// checkPostingChoices reports a missing pick, or one r does not offer, and keeps only known
// frameworks in their usual order.
func checkPostingChoices(errs map[string]string, r *content.Role, f *data.PostingFields) {
	for _, c := range postingPicks(r, f) {
		if !postingHasOption(c.opts, *c.value) {
			errs[c.block] = "Choose " + c.what + "."
		}
	}
	var known []string
	for _, fw := range postingFrameworks {
		if slices.Contains(f.Frameworks, fw) {
			known = append(known, fw)
		}
	}
	f.Frameworks = known
}

func postingHasOption(opts []postingOption, v string) bool {
	for _, o := range opts {
		if o.value == v && v != "" {
			return true
		}
	}
	return false
}

// postingSalary reads the optional salary range: both empty, or two plausible yearly amounts.
func postingSalary(errs map[string]string, rawMin, rawMax string) (int, int) {
	rawMin, rawMax = strings.TrimSpace(rawMin), strings.TrimSpace(rawMax)
	if rawMin == "" && rawMax == "" {
		return 0, 0
	}
	lo, okMin := postingAmount(errs, blockPostingMin, rawMin)
	hi, okMax := postingAmount(errs, blockPostingMax, rawMax)
	if !okMin || !okMax {
		return 0, 0
	}
	switch {
	case lo > hi:
		errs[blockPostingMax] = fmt.Sprintf("The maximum (%s) is below the minimum (%s).", content.Dollars(hi), content.Dollars(lo))
	case hi > maxPostingSpread*lo:
		errs[blockPostingMax] = fmt.Sprintf("That range is too wide: the maximum is more than %d× the minimum. Narrow it so candidates can trust it.", maxPostingSpread)
	default:
		return lo, hi
	}
	return 0, 0
}

// postingAmount checks one bound of the salary range.
func postingAmount(errs map[string]string, block, raw string) (int, bool) {
	if raw == "" {
		errs[block] = "Enter both ends of the range, or leave both empty to use the location's band."
		return 0, false
	}
	n, ok := parseDollars(raw)
	switch {
	case !ok:
		errs[block] = fmt.Sprintf("“%s” isn't a number. Enter a yearly amount in US dollars, like 120000 or 120k.", truncate(raw, 30))
	case n < minPostingSalary:
		errs[block] = fmt.Sprintf("%s a year is below %s; enter a full-time yearly salary in US dollars.", content.Dollars(n), content.Dollars(minPostingSalary))
	case n > maxPostingSalary:
		errs[block] = fmt.Sprintf("%s a year is above %s; check the number of zeros.", content.Dollars(n), content.Dollars(maxPostingSalary))
	default:
		return n, true
	}
	return 0, false
}

// parseDollars reads a whole-dollar amount as people type it: "120000", "$120,000", "120k",
// "120.5K", "130.7k". It rejects anything else, including fractions of a dollar. It counts in
// integers, so no amount is refused for floating-point rounding.
func parseDollars(s string) (int, bool) {
	s = strings.NewReplacer("$", "", ",", "", "_", "", " ", "").Replace(strings.ToLower(s))
	scale := 1
	if rest, ok := strings.CutSuffix(s, "k"); ok {
		s, scale = rest, 1000
	}
	whole, frac, _ := strings.Cut(s, ".")
	if (whole == "" && frac == "") || !allDigits(whole) || !allDigits(frac) || len(whole) > 9 {
		return 0, false
	}
	n := 0
	if whole != "" {
		n, _ = strconv.Atoi(whole)
	}
	n *= scale
	place := scale
	for _, c := range frac {
		place /= 10
		d := int(c - '0')
		if place == 0 && d != 0 {
			return 0, false // a fraction of a dollar
		}
		n += d * place
	}
	return n, true
}

func allDigits(s string) bool {
	return strings.Trim(s, "0123456789") == ""
}
