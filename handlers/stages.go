package handlers

// stageName is how an interview stage reads ("System design" for "system-design"): its name in
// stages, or the slug itself for a stage hirebot does not know.
func stageName(slug string) string {
	for _, s := range stages {
		if s.slug == slug {
			return s.name
		}
	}
	return slug
}
