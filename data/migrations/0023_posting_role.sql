-- The role a job posting draft is for: the key of a content role ("backend", "frontend"), or ''
-- for the default role, as every draft saved before postings had roles is.
ALTER TABLE job_postings ADD COLUMN role TEXT NOT NULL DEFAULT '';
