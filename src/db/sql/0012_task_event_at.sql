-- 0012_task_event_at: the task events of a day and those after it, found by time.  The daily
-- report's per-owner figures of a past day read a task's state at the end of that day from its
-- events: the tasks worth reading are the ones open now and the ones with an event since.
CREATE INDEX task_event_at ON task_event(at, task_id);
