-- Scorecard forms come from content and may change: a scorecard's ratings become rows, one per
-- competency it was rated on, each with the competency's key and label as the form said when the
-- scorecard was filled in, and the scorecard keeps the labels of its rating scale.
-- Existing scorecards were filled in on the five fixed competencies and the 1-4 scale.

CREATE TABLE scorecard_ratings (
    scorecard_id INTEGER NOT NULL REFERENCES scorecards (id),
    -- position orders the competencies as the form showed them, from 0.
    position     INTEGER NOT NULL CHECK (position >= 0),
    competency   TEXT    NOT NULL CHECK (competency <> ''),
    label        TEXT    NOT NULL CHECK (label <> ''),
    rating       INTEGER NOT NULL CHECK (rating >= 1),
    PRIMARY KEY (scorecard_id, competency),
    UNIQUE (scorecard_id, position)
) STRICT;

-- scale is a JSON array of the labels of ratings 1, 2, …; a rating is at most its length.
ALTER TABLE scorecards ADD COLUMN scale TEXT NOT NULL DEFAULT '["Weak","Mixed","Good","Excellent"]'
    CHECK (json_valid(scale) AND json_type(scale) = 'array' AND json_array_length(scale) >= 2);

INSERT INTO scorecard_ratings (scorecard_id, position, competency, label, rating)
SELECT id, 0, 'python', 'Python', rating_python FROM scorecards
UNION ALL SELECT id, 1, 'apis', 'APIs and system design', rating_apis FROM scorecards
UNION ALL SELECT id, 2, 'databases', 'Databases', rating_databases FROM scorecards
UNION ALL SELECT id, 3, 'testing', 'Testing and code quality', rating_testing FROM scorecards
UNION ALL SELECT id, 4, 'communication', 'Communication', rating_communication FROM scorecards;

ALTER TABLE scorecards DROP COLUMN rating_python;
ALTER TABLE scorecards DROP COLUMN rating_apis;
ALTER TABLE scorecards DROP COLUMN rating_databases;
ALTER TABLE scorecards DROP COLUMN rating_testing;
ALTER TABLE scorecards DROP COLUMN rating_communication;
