-- The people list filtered by status (and often ethnicity), as the public
-- reads it (one level, nothing pending): with these four columns the
-- count is read from the index alone, and the matching rows come out of
-- the index in pk order, the list's default order, so a page stops after
-- its rows instead of testing every detained person's row in the table.
CREATE INDEX person_status_filters ON person(status, ethnicity, level, pending);
