package playground

import (
	"bytes"
	"html/template"
	"testing"
	"testing/fstest"
)

// The page is filled by plain replacement; it must read exactly as html/template would fill it.
func TestPageRendersAsHTMLTemplateWould(t *testing.T) {
	page, err := parsePage(fstest.MapFS{"app.js": {}})
	if err != nil {
		t.Fatal(err)
	}
	tmpl := template.Must(template.New("page").Parse(pageSource))
	for _, tc := range []struct {
		name string
		d    pageData
	}{
		{"connected", pageData{State: State{Seq: 42, Connected: true, Workspace: "Acme", User: Person{ID: "U1", RealName: "Rita Recruiter", Role: "Recruiter"},
			Channel: Conversation{ID: "C1"}}, Sidebar: "<b>side</b>", Header: "<h1>#hiring</h1>", Messages: "<p>hi</p>", Modal: "", Placeholder: "Message #hiring"}},
		{"escaped", pageData{State: State{Workspace: `A&B <"it's"> +1` + "\x00", User: Person{ID: `U"1`, RealName: "<script>", Role: "a+b"},
			Channel: Conversation{ID: "C&1"}}, Placeholder: `Message "Zoë" <&>`}},
		{"read-only", pageData{State: State{Workspace: "Acme", User: Person{ID: "U1"}, Channel: Conversation{ID: "D1", ReadOnly: true}},
			ReadOnlyNote: readOnlyNote}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var want bytes.Buffer
			d := struct {
				State                            State
				Sidebar, Header, Messages, Modal template.HTML
				Placeholder, ReadOnlyNote        string
			}{tc.d.State, template.HTML(tc.d.Sidebar), template.HTML(tc.d.Header), template.HTML(tc.d.Messages), template.HTML(tc.d.Modal),
				tc.d.Placeholder, tc.d.ReadOnlyNote}
			if err := tmpl.Execute(&want, d); err != nil {
				t.Fatal(err)
			}
			if got := page.render(tc.d); got != want.String() {
				t.Errorf("render differs from html/template:\n got %q\nwant %q", got, want.String())
			}
		})
	}
}
