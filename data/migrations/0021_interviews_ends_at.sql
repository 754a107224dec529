-- /feedback stats reads interviews by when they ended, anonymised or not.
CREATE INDEX interviews_ends_at ON interviews (ends_at);
