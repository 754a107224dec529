-- One row per person who has opened hirebot's Home tab: the first visit shows a welcome, and
-- only visitors get their Home tab republished when something on it changes. Times are UTC unix
-- seconds.
CREATE TABLE home_visits (
    user_id    TEXT    PRIMARY KEY CHECK (user_id <> ''),
    visits     INTEGER NOT NULL CHECK (visits > 0),
    first_seen INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL
) STRICT;
