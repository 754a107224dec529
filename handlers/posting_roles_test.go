package handlers

import (
	"context"
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"hirebot/content"
	"hirebot/data"
	"hirebot/fakeslack/blockkit"
	"hirebot/fakeslack/golden"
	"hirebot/fakeslack/slacktypes"
)

// The two roles' salary ranges for a mid-level draft in Seattle: the added role's band (it has no
// mid-level figures of its own), and the guide's, whose mid-level range is the band itself.
const (
	frontendSeattle = "$105,000 - $150,000"
	backendSeattle  = "$110,000 - $160,000"
)

// newRolePostings is the job posting feature for the guide's role and a Frontend Developer role
// (content/testdata/two-roles), on a database of its own.
func newRolePostings(t *testing.T) (testHandlers, *content.Library, *data.Store) {
	t.Helper()
	lib, err := content.LoadLibrary(filepath.Join("..", "content", "testdata", "two-roles"))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	store, err := data.Open(context.Background(), filepath.Join(t.TempDir(), "hirebot.db"), data.WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	h := testHandlers{content: lib.Default().Content, Postings: NewPostings(PostingsConfig{Roles: lib, Store: store})}
	return h, lib, store
}

// rolePostingValues is a valid submission of the form for role (its key), mid-level in Seattle.
func rolePostingValues(role string) map[string]map[string]slack.BlockAction {
	vals := postingFormValues()
	vals[blockPostingLevel] = map[string]slack.BlockAction{postingInput: {SelectedOption: slack.OptionBlockObject{Value: "mid"}}}
	if role != "" {
		vals[blockPostingRole] = map[string]slack.BlockAction{postingInput: {SelectedOption: slack.OptionBlockObject{Value: role}}}
	}
	return vals
}

// roleInput is the form's role select, or nil when it has none.
func roleInput(t *testing.T, v *slack.ModalViewRequest) *slack.SelectBlockElement {
	t.Helper()
	for _, b := range v.Blocks.BlockSet {
		if in, ok := b.(*slack.InputBlock); ok && in.BlockID == blockPostingRole {
			if in.Optional {
				t.Errorf("the role select is optional, want it required")
			}
			return in.Element.(*slack.SelectBlockElement)
		}
	}
	return nil
}

// optionValues are the values of a select's options.
func optionValues(opts []*slack.OptionBlockObject) []string {
	var out []string
	for _, o := range opts {
		out = append(out, o.Value)
	}
	return out
}

// selectOptions are the option values of the form's select or radio buttons in block.
func selectOptions(t *testing.T, v *slack.ModalViewRequest, block string) []string {
	t.Helper()
	for _, b := range v.Blocks.BlockSet {
		if in, ok := b.(*slack.InputBlock); ok && in.BlockID == block {
			return optionValues(in.Element.(*slack.SelectBlockElement).Options)
		}
	}
	t.Fatalf("the form has no %s", block)
	return nil
}

func TestPostingFormOffersTheRoles(t *testing.T) {
	several, _, _ := newRolePostings(t)
	one := newTestHandlers(t)
	tests := []struct {
		name        string
		h           testHandlers
		wantRoles   []string // nil: no role select
		wantNames   []string
		wantInitial string
	}{
		{"several roles", several, []string{"backend", "frontend"}, []string{"Python Backend Developer", "Frontend Developer"}, "backend"},
		{"one role", one, nil, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := tt.h.postingForm(nil)
			mustBeValidPostingView(t, "new form", v)
			sel := roleInput(t, v)
			if tt.wantRoles == nil {
				if sel != nil {
					t.Fatalf("the form has a role select with one role: %+v", sel)
				}
				return
			}
			if sel == nil {
				t.Fatal("the form has no role select")
			}
			if first := v.Blocks.BlockSet[1].(*slack.InputBlock).BlockID; first != blockPostingRole {
				t.Errorf("the first input is %s, want the role", first)
			}
			var names []string
			for _, o := range sel.Options {
				names = append(names, o.Text.Text)
			}
			if got := optionValues(sel.Options); !reflect.DeepEqual(got, tt.wantRoles) || !reflect.DeepEqual(names, tt.wantNames) {
				t.Errorf("role options %v %v, want %v %v", got, names, tt.wantRoles, tt.wantNames)
			}
			if sel.InitialOption == nil || sel.InitialOption.Value != tt.wantInitial {
				t.Errorf("initial role %+v, want %s", sel.InitialOption, tt.wantInitial)
			}
		})
	}
}

// TestPostingFormWithRolesGolden keeps the form for several roles as a golden file, checked
// against Slack's own types.
func TestPostingFormWithRolesGolden(t *testing.T) {
	// Not parallel: TestWhichRoleGolden, which is, type-checks this test's golden file too, and
	// parallel tests start once the others are done, so it reads the file after -update wrote it.
	h, _, _ := newRolePostings(t)
	raw, err := json.Marshal(h.postingForm(nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range blockkit.ValidateView(raw) {
		t.Errorf("Slack would refuse it: %s", p)
	}
	path := filepath.Join("testdata", "roles", "posting_form.modal.golden.json")
	golden.Assert(t, path, raw)
	slacktypes.CheckFiles(t, path)
}

// TestPostingForARoleUsesItsSalary saves a draft for each role: its salary line is from the
// role's own figures, and it states one range.
func TestPostingForARoleUsesItsSalary(t *testing.T) {
	h, lib, store := newRolePostings(t)
	frontend, _ := lib.Role("frontend")
	lo, hi, _, ok := frontend.Salary.RangeFor("seattle", "senior")
	if !ok {
		t.Fatal("the frontend role has no senior estimate for Seattle")
	}
	frontendSenior := content.Range{Min: content.Dollars(lo), Max: content.Dollars(hi)}.String()
	tests := []struct {
		role, level string
		want        string
		notWant     []string
	}{
		{"frontend", "mid", frontendSeattle, []string{backendSeattle, "$95,000 - $145,000"}},
		{"frontend", "senior", frontendSenior, []string{backendSeattle, "$95,000 - $145,000"}},
		{"backend", "mid", backendSeattle, []string{frontendSeattle}},
	}
	for _, tt := range tests {
		t.Run(tt.role+" "+tt.level, func(t *testing.T) {
			vals := rolePostingValues(tt.role)
			vals[blockPostingLevel] = map[string]slack.BlockAction{postingInput: {SelectedOption: slack.OptionBlockObject{Value: tt.level}}}
			resp := mustSavePosting(t, h, "U_"+tt.role+tt.level, "", vals)
			preview := rendered(t, Message{Blocks: resp.UpdateView.Blocks.BlockSet})
			line := "Estimated salary range: " + tt.want + " annually"
			assertContains(t, preview, line)
			assertNotContains(t, preview, tt.notWant...)

			drafts, err := store.RecentPostings(context.Background(), "U_"+tt.role+tt.level, 1)
			if err != nil || len(drafts) != 1 {
				t.Fatalf("drafts %+v, %v", drafts, err)
			}
			p := drafts[0]
			if p.Fields.Role != tt.role {
				t.Errorf("saved for role %q, want %q", p.Fields.Role, tt.role)
			}
			if n := strings.Count(p.Rendered, "salary range"); n != 1 || !strings.Contains(p.Rendered, line) {
				t.Errorf("the Markdown states %d salary ranges, want one: %q\n%s", n, line, p.Rendered)
			}
		})
	}
}

// TestEditingAPostingKeepsItsRole opens the edit form of drafts: the draft's role is preselected
// (the default for a draft saved before roles, or for a role the content no longer has), the
// lists are the role's, and the form submitted unchanged gives back the draft's fields.
func TestEditingAPostingKeepsItsRole(t *testing.T) {
	h, _, _ := newRolePostings(t)
	tests := []struct {
		role, wantRole string
		wantPlaces     []string
	}{
		{"frontend", "frontend", []string{"seattle", "austin"}},
		{"backend", "backend", nil},
		{"", "backend", nil},
		{"gone", "backend", nil},
	}
	for _, tt := range tests {
		t.Run("role "+tt.role, func(t *testing.T) {
			f := postingFields()
			f.Role = tt.role
			p := postingSample(f)
			v := h.postingForm(&p)
			mustBeValidPostingView(t, "edit form", v)
			sel := roleInput(t, v)
			if sel == nil || sel.InitialOption == nil || sel.InitialOption.Value != tt.wantRole {
				t.Fatalf("role select %+v, want %s preselected", sel, tt.wantRole)
			}
			places := selectOptions(t, v, blockPostingPlace)
			if tt.wantPlaces != nil && !reflect.DeepEqual(places, tt.wantPlaces) {
				t.Errorf("locations %v, want %v", places, tt.wantPlaces)
			}
			got, errs := h.parsePostingForm(postingInitialValues(t, v))
			want := f
			want.Role = tt.wantRole
			if len(errs) > 0 || !reflect.DeepEqual(got, want) {
				t.Errorf("round trip: %+v (errors %v)\nwant %+v", got, errs, want)
			}
		})
	}
}

// TestEditingAFrontendDraftEndToEnd saves a frontend draft, opens its edit form from the preview
// and saves it again: the role stays, and so do its figures.
func TestEditingAFrontendDraftEndToEnd(t *testing.T) {
	h, _, store := newRolePostings(t)
	mustSavePosting(t, h, "U1", "", rolePostingValues("frontend"))
	edit, err := h.editPosting(context.Background(), postingAct(ActionPostingEdit, "U1", 1, "V1"))
	if err != nil || edit.UpdateView == nil {
		t.Fatalf("Edit = %+v, %v", edit, err)
	}
	if sel := roleInput(t, edit.UpdateView); sel == nil || sel.InitialOption == nil || sel.InitialOption.Value != "frontend" {
		t.Fatalf("the edit form's role %+v, want frontend", sel)
	}
	resp := mustSavePosting(t, h, "U1", edit.UpdateView.PrivateMetadata, postingInitialValues(t, edit.UpdateView))
	assertContains(t, rendered(t, Message{Blocks: resp.UpdateView.Blocks.BlockSet}), frontendSeattle)
	p, err := store.Posting(context.Background(), 1)
	if err != nil || p.Version != 2 || p.Fields.Role != "frontend" {
		t.Errorf("stored %+v, %v; want version 2 for frontend", p, err)
	}
	list, err := postingCmd(t, h, "U1", "list")
	if err != nil {
		t.Fatal(err)
	}
	assertContains(t, rendered(t, list.Replies[0]), "Frontend Developer · Mid-level")
}

// TestPostingFormRefitsToTheChosenRole submits a role whose content lacks the location picked
// from the lists the form opened with: the form comes back with that role's lists, keeping what
// was entered, and saves nothing until a location of the role is chosen.
func TestPostingFormRefitsToTheChosenRole(t *testing.T) {
	h, _, store := newRolePostings(t)
	vals := rolePostingValues("frontend")
	vals[blockPostingPlace] = map[string]slack.BlockAction{postingInput: {SelectedOption: slack.OptionBlockObject{Value: "new-york"}}}
	resp, err := h.savePosting(context.Background(), Submission{CallbackID: ViewPostingForm, UserID: "U1", Values: vals})
	if err != nil || resp.UpdateView == nil || resp.UpdateView.CallbackID != ViewPostingForm || len(resp.Replies) > 0 {
		t.Fatalf("savePosting = %+v, %v; want the form again", resp, err)
	}
	v := resp.UpdateView
	mustBeValidPostingView(t, "refitted form", v)
	assertContains(t, rendered(t, Message{Blocks: v.Blocks.BlockSet}), "Frontend Developer role's. Choose its location")
	if got := selectOptions(t, v, blockPostingPlace); !reflect.DeepEqual(got, []string{"seattle", "austin"}) {
		t.Errorf("locations %v, want the frontend role's", got)
	}
	again := postingInitialValues(t, v)
	if sel := again[blockPostingRole][postingInput].SelectedOption.Value; sel != "frontend" {
		t.Errorf("role %q, want frontend kept", sel)
	}
	if place := again[blockPostingPlace][postingInput].SelectedOption.Value; place != "" {
		t.Errorf("location %q kept, want it cleared", place)
	}
	if company := again[blockPostingCompany][postingInput].Value; company != "Acme Analytics" {
		t.Errorf("company %q, want what was entered", company)
	}
	if drafts, _ := store.RecentPostings(context.Background(), "U1", 10); len(drafts) != 0 {
		t.Fatalf("saved %+v before a location was chosen", drafts)
	}

	again[blockPostingPlace] = map[string]slack.BlockAction{postingInput: {SelectedOption: slack.OptionBlockObject{Value: "austin"}}}
	mustSavePosting(t, h, "U1", v.PrivateMetadata, again)
	if p, err := store.Posting(context.Background(), 1); err != nil || p.Fields.Role != "frontend" || p.Fields.Location != "austin" {
		t.Errorf("stored %+v, %v", p, err)
	}
}

func TestPostingFormNeedsARoleWhenThereAreSeveral(t *testing.T) {
	h, _, _ := newRolePostings(t)
	for _, role := range []string{"", "designer"} {
		vals := rolePostingValues("")
		vals[blockPostingRole] = map[string]slack.BlockAction{postingInput: {SelectedOption: slack.OptionBlockObject{Value: role}}}
		resp, err := h.savePosting(context.Background(), Submission{CallbackID: ViewPostingForm, UserID: "U1", Values: vals})
		if err != nil || resp.ViewErrors[blockPostingRole] != "Choose the role the posting is for." {
			t.Errorf("role %q: %+v, %v; want an error on the role", role, resp, err)
		}
	}
}

func TestPostingHelpNamesTheRoles(t *testing.T) {
	h, _, _ := newRolePostings(t)
	resp, err := postingCmd(t, h, "U1", "help")
	if err != nil || len(resp.Replies) != 1 {
		t.Fatalf("help = %+v, %v", resp, err)
	}
	mustBeValidPostingMessage(t, "help", resp.Replies[0])
	assertContains(t, rendered(t, resp.Replies[0]), "*Python Backend Developer* or *Frontend Developer*", "you pick the role, the title")
}
