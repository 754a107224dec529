-- A scorecard keeps the words of the form it was filled in on, so that a later change to the
-- form never changes what an old scorecard says: the recommendations the form offered, each
-- with its label (a JSON array of {"value", "label"}, in the form's order), and the labels of its
-- free-text fields (a JSON array of {"key", "label"}). Existing scorecards were filled in on the
-- built-in form and keep the names summaries gave them.
ALTER TABLE scorecards ADD COLUMN recommendations TEXT NOT NULL
    DEFAULT '[{"value":"strong-no-hire","label":"Strong no hire"},{"value":"no-hire","label":"No hire"},{"value":"hire","label":"Hire"},{"value":"strong-hire","label":"Strong hire"}]'
    CHECK (json_typeof(recommendations::json) = 'array' AND json_array_length(recommendations::json) >= 1);
ALTER TABLE scorecards ADD COLUMN fields TEXT NOT NULL
    DEFAULT '[{"key":"strengths","label":"Strengths"},{"key":"concerns","label":"Concerns"},{"key":"note","label":"Note for later interviewers"}]'
    CHECK (json_typeof(fields::json) = 'array');
