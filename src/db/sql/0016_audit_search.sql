-- 0016_audit_search: one user's audit rows of one action by time.  Every search of the registry
-- by number writes an audit row, and how many a user made in the last minutes and the last day
-- is counted from them before the next is answered: the same count on every server of a
-- district, and after a restart.
CREATE INDEX audit_user_action ON audit(user_id, action, at);
