-- Each person's own notification settings, chosen on the Home tab. A person without a row
-- follows the team's settings. Times are UTC unix seconds.
--   working_hours: when they may be reminded, in their time zone ("09:00-17:00 Mon-Fri");
--                  empty for the team's hours.
--   out_of_office: the last day they are away (YYYY-MM-DD, in their time zone); empty when
--                  they are not. No reminder goes out until the day after.
--   starting_soon: whether they want the "starting soon" message before an interview.
CREATE TABLE notification_preferences (
    user_id       TEXT    PRIMARY KEY CHECK (user_id <> ''),
    working_hours TEXT    NOT NULL DEFAULT '',
    out_of_office TEXT    NOT NULL DEFAULT '' CHECK (out_of_office = '' OR date(out_of_office) = out_of_office),
    starting_soon INTEGER NOT NULL DEFAULT 1 CHECK (starting_soon IN (0, 1)),
    updated_at    INTEGER NOT NULL
) STRICT;
