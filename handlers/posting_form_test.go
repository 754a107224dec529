package handlers

import (
	"reflect"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"hirebot/data"
)

// postingFormValues is a valid submission of the form; tests change single inputs.
func postingFormValues() map[string]map[string]slack.BlockAction {
	text := func(v string) map[string]slack.BlockAction {
		return map[string]slack.BlockAction{postingInput: {Value: v}}
	}
	pick := func(v string) map[string]slack.BlockAction {
		return map[string]slack.BlockAction{postingInput: {SelectedOption: slack.OptionBlockObject{Value: v}}}
	}
	return map[string]map[string]slack.BlockAction{
		blockPostingTitle:   text(" Python Backend Developer "),
		blockPostingCompany: text("Acme Analytics"),
		blockPostingLevel:   pick("senior"),
		blockPostingIndustr: pick("fintech"),
		blockPostingSetting: pick("startup"),
		blockPostingPlace:   pick("seattle"),
		blockPostingFw: {postingInput: {SelectedOptions: []slack.OptionBlockObject{
			{Value: "FastAPI"}, {Value: "Django"}, {Value: "Cobol"},
		}}},
		blockPostingMin:   text(""),
		blockPostingMax:   text(""),
		blockPostingNotes: text("  We sponsor visas.  "),
	}
}

func TestParsePostingForm(t *testing.T) {
	h := newTestHandlers(t)
	f, errs := h.parsePostingForm(postingFormValues())
	if len(errs) > 0 {
		t.Fatalf("errors on a valid form: %v", errs)
	}
	want := data.PostingFields{
		Title: "Python Backend Developer", Company: "Acme Analytics", Level: "senior", Industry: "fintech",
		WorkSetting: "startup", Location: "seattle", Frameworks: []string{"Django", "FastAPI"}, Notes: "We sponsor visas.",
	}
	if !reflect.DeepEqual(f, want) {
		t.Errorf("parsed %+v\nwant   %+v", f, want)
	}
}

func TestPostingFormValidation(t *testing.T) {
	h := newTestHandlers(t)
	tests := []struct {
		name     string
		block    string
		value    string // a text input's new value, or a select's option value
		errBlock string // "" for no error
		want     string
	}{
		{"blank title", blockPostingTitle, "   ", blockPostingTitle, "Enter a job title"},
		{"long title", blockPostingTitle, strings.Repeat("é", 81), blockPostingTitle, "80 characters or fewer (it has 81)"},
		{"title at the limit", blockPostingTitle, strings.Repeat("é", 80), "", ""},
		{"blank company", blockPostingCompany, "", blockPostingCompany, "Enter the company name"},
		{"long company", blockPostingCompany, strings.Repeat("x", 61), blockPostingCompany, "60 characters or fewer"},
		{"long notes", blockPostingNotes, strings.Repeat("x", 1001), blockPostingNotes, "1000 characters or fewer"},
		{"unknown level", blockPostingLevel, "intern", blockPostingLevel, "Choose the level"},
		{"no industry", blockPostingIndustr, "", blockPostingIndustr, "Choose an industry, or General"},
		{"general industry", blockPostingIndustr, "general", "", ""},
		{"no work setting", blockPostingSetting, "", blockPostingSetting, "Choose the work setting"},
		{"unknown location", blockPostingPlace, "berlin", blockPostingPlace, "Choose the location"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vals := postingFormValues()
			vals[tt.block] = map[string]slack.BlockAction{postingInput: {Value: tt.value, SelectedOption: slack.OptionBlockObject{Value: tt.value}}}
			_, errs := h.parsePostingForm(vals)
			checkPostingErrors(t, errs, tt.errBlock, tt.want)
		})
	}
}

func TestPostingSalaryValidation(t *testing.T) {
	h := newTestHandlers(t)
	tests := []struct {
		name, min, max     string
		wantMin, wantMax   int
		errBlock, wantText string
	}{
		{"none", "", "", 0, 0, "", ""},
		{"plain", "120000", "150000", 120000, 150000, "", ""},
		{"as people type it", "$120,000", "150k", 120000, 150000, "", ""},
		{"decimal thousands", "95.5K", " 120 000 ", 95500, 120000, "", ""},
		{"equal ends", "100000", "100000", 100000, 100000, "", ""},
		{"exactly 3x", "40000", "120000", 40000, 120000, "", ""},
		{"bounds", "20000", "60000", 20000, 60000, "", ""},
		{"not a number", "lots", "150000", 0, 0, blockPostingMin, "“lots” isn't a number"},
		{"max not a number", "120000", "1e6", 0, 0, blockPostingMax, "isn't a number"},
		{"negative", "-5", "150000", 0, 0, blockPostingMin, "isn't a number"},
		{"cents", "120000.50", "150000", 0, 0, blockPostingMin, "isn't a number"},
		{"only min", "120000", "", 0, 0, blockPostingMax, "Enter both ends"},
		{"only max", "", "150000", 0, 0, blockPostingMin, "Enter both ends"},
		{"min above max", "150000", "120000", 0, 0, blockPostingMax, "The maximum ($120,000) is below the minimum ($150,000)."},
		{"too low", "19999", "30000", 0, 0, blockPostingMin, "$19,999 a year is below $20,000"},
		{"too high", "500000", "1000001", 0, 0, blockPostingMax, "$1,000,001 a year is above $1,000,000"},
		{"too wide", "50000", "150001", 0, 0, blockPostingMax, "more than 3× the minimum"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vals := postingFormValues()
			vals[blockPostingMin] = map[string]slack.BlockAction{postingInput: {Value: tt.min}}
			vals[blockPostingMax] = map[string]slack.BlockAction{postingInput: {Value: tt.max}}
			f, errs := h.parsePostingForm(vals)
			checkPostingErrors(t, errs, tt.errBlock, tt.wantText)
			if f.SalaryMin != tt.wantMin || f.SalaryMax != tt.wantMax {
				t.Errorf("salary = %d-%d, want %d-%d", f.SalaryMin, f.SalaryMax, tt.wantMin, tt.wantMax)
			}
		})
	}
}

func checkPostingErrors(t *testing.T, errs map[string]string, block, want string) {
	t.Helper()
	if block == "" {
		if len(errs) > 0 {
			t.Errorf("unexpected errors: %v", errs)
		}
		return
	}
	if len(errs) != 1 || !strings.Contains(errs[block], want) {
		t.Errorf("errors = %v, want only %s: %q", errs, block, want)
	}
}

func TestParseDollars(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"120000", 120000, true}, {"$120,000", 120000, true}, {"120k", 120000, true}, {"120K", 120000, true},
		{"$ 95.5k", 95500, true}, {"1_000_000", 1000000, true}, {"0", 0, true},
		{"", 0, false}, {"k", 0, false}, {"abc", 0, false}, {"1.2.3", 0, false}, {"12e4", 0, false},
		{"130.7k", 130700, true}, {"32.2k", 32200, true}, {"32.01k", 32010, true}, {"120.000", 120, true}, {"1.2345k", 0, false},
		{"100.5", 0, false}, {"-100", 0, false}, {".", 0, false}, {".5k", 500, true}, {"99999999999999999k", 0, false}, {"１２０", 0, false},
	}
	for _, tt := range tests {
		if got, ok := parseDollars(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("parseDollars(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestPostingFormPrefill(t *testing.T) {
	h := newTestHandlers(t)
	fresh := h.postingForm(nil)
	if fresh.PrivateMetadata != "" || fresh.CallbackID != ViewPostingForm {
		t.Errorf("new form: metadata %q, callback %q", fresh.PrivateMetadata, fresh.CallbackID)
	}
	title := fresh.Blocks.BlockSet[1].(*slack.InputBlock).Element.(*slack.PlainTextInputBlockElement)
	if title.InitialValue != "Python Backend Developer" || title.MaxLength != maxPostingTitle {
		t.Errorf("title input = %+v", title)
	}
	mustBeValidPostingView(t, "new form", fresh)

	f := postingFields()
	f.SalaryMin, f.SalaryMax, f.Notes = 120000, 150000, "Visa sponsorship."
	p := postingSample(f)
	edit := h.postingForm(&p)
	if edit.PrivateMetadata != "4242:17" || edit.Submit.Text != "Save new version" {
		t.Errorf("edit form: metadata %q, submit %q", edit.PrivateMetadata, edit.Submit.Text)
	}
	// Submitting the pre-filled form unchanged gives back the same fields.
	got, errs := h.parsePostingForm(postingInitialValues(t, edit))
	if len(errs) > 0 || !reflect.DeepEqual(got, f) {
		t.Errorf("round trip: %+v (errors %v)\nwant %+v", got, errs, f)
	}
}

// postingInitialValues is what Slack submits for a form nobody touched.
func postingInitialValues(t *testing.T, v *slack.ModalViewRequest) map[string]map[string]slack.BlockAction {
	t.Helper()
	out := map[string]map[string]slack.BlockAction{}
	for _, b := range v.Blocks.BlockSet {
		in, ok := b.(*slack.InputBlock)
		if !ok {
			continue
		}
		var ba slack.BlockAction
		switch el := in.Element.(type) {
		case *slack.PlainTextInputBlockElement:
			ba.Value = el.InitialValue
		case *slack.SelectBlockElement:
			if el.InitialOption != nil {
				ba.SelectedOption = *el.InitialOption
			}
		case *slack.RadioButtonsBlockElement:
			if el.InitialOption != nil {
				ba.SelectedOption = *el.InitialOption
			}
		case *slack.CheckboxGroupsBlockElement:
			for _, o := range el.InitialOptions {
				ba.SelectedOptions = append(ba.SelectedOptions, *o)
			}
		default:
			t.Fatalf("unexpected element %T", el)
		}
		out[in.BlockID] = map[string]slack.BlockAction{postingInput: ba}
	}
	return out
}

func TestPostingFormMeta(t *testing.T) {
	if id, v, ok, err := parsePostingFormMeta(postingFormMeta(12, 3)); id != 12 || v != 3 || !ok || err != nil {
		t.Errorf("round trip = %d, %d, %v, %v", id, v, ok, err)
	}
	if _, _, ok, err := parsePostingFormMeta(""); ok || err != nil {
		t.Errorf("empty metadata = %v, %v", ok, err)
	}
	for _, bad := range []string{"12", "x:1", "12:y"} {
		if _, _, _, err := parsePostingFormMeta(bad); err == nil {
			t.Errorf("parsePostingFormMeta(%q) accepted", bad)
		}
	}
}
