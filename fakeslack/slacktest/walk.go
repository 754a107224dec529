package slacktest

// Walk calls visit on every JSON object in tree (as encoding/json decodes into any), parents
// before their children: a test's way to find elements in a Block Kit payload.
func Walk(tree any, visit func(map[string]any)) {
	switch n := tree.(type) {
	case map[string]any:
		visit(n)
		for _, v := range n {
			Walk(v, visit)
		}
	case []any:
		for _, v := range n {
			Walk(v, visit)
		}
	}
}
