-- What a job posting author confirms the company offers, and their own education line.
-- benefits is a JSON array of benefit slugs from the posting content, e.g. ["insurance","pto"];
-- other_benefits is the author's own benefits, one a line; education is '' for the default line.

ALTER TABLE job_postings ADD COLUMN benefits TEXT NOT NULL DEFAULT '[]'
    CHECK (json_valid(benefits) AND json_type(benefits) = 'array');
ALTER TABLE job_postings ADD COLUMN other_benefits TEXT NOT NULL DEFAULT '';
ALTER TABLE job_postings ADD COLUMN education TEXT NOT NULL DEFAULT '';
