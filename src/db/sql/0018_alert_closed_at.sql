-- 0018_alert_closed_at: the alerts closed after a moment, found by time.  A past day's report
-- counts the alerts open at the end of that day: those open now (alert_status) and those closed
-- since (this index); every other alert was closed before the day ended or raised after it.
CREATE INDEX alert_closed_at ON alert(closed_at);
