/* svc_backup.h: the server's own backups of a SQLite database, on a schedule, and what became of
 * the last ones. */
#ifndef FANGYI_SVC_BACKUP_H
#define FANGYI_SVC_BACKUP_H

#include <stdbool.h>
#include <stdint.h>

#include "svc.h"

struct db;

/* How the server backs up (fangyi serve --backup-dir, --backup-every, --backup-keep). */
struct svc_backup_opts {
	const char *dir; /* where the files go, made 0700 */
	int64_t every;	 /* seconds between two backups; 0: none */
	int keep_days;	 /* files older than this many days are removed after a backup */
	/* told of each backup written, failed or removed (svc/ does not log: the server does) */
	void (*say)(bool ok, const char *text);
};

/*
 * svc_backup_start starts the thread that backs db up into o->dir: at once when the newest file
 * there is older than o->every, else an hour after start (a PC switched on each morning is
 * backed up each day without a backup at every restart), then every o->every; after a failure
 * again within the hour.  Each file is fangyi-YYYY-MM-DD-HHMMSS.db in the town's time, 0600,
 * written by db_backup (a consistent copy while requests go on, recorded for the purge); after
 * each success the files older than keep_days go, never the one just written.  A directory
 * that cannot be made is a failed backup, reported like any other, not a server that will not
 * start.  0, or ERR_NOMEM when the thread cannot start.
 */
int svc_backup_start(struct db *db, const struct svc_backup_opts *o);
/* svc_backup_stop waits for a backup being written and stops the thread. */
void svc_backup_stop(void);
/* svc_backup_note tells what the server does instead when it does not back up: "postgresql"
 * (the database's own backups apply) or "off" (--backup-every 0). */
void svc_backup_note(const char *why);

/* The last backups as the settings page shows them.  Times are Unix seconds, 0 for none. */
struct svc_backup_status {
	bool enabled;
	const char *why_not; /* when not enabled: "postgresql" or "off" */
	const char *dir;
	int64_t every;
	int keep_days;
	int64_t ok_at, failed_at, next_at;
	const char *ok_file, *failed_file; /* file names in dir */
	struct fault failure;		   /* what went wrong the last time, when failed_at */
	/* the warning to show in red, or NULL: the last attempt failed, or the last success is
	 * older than two periods */
	const char *warning; /* "failed" or "stale" */
};

/* svc_backup_status fills out (its text in s->arena); the server's administrators only. */
int svc_backup_status(struct svc *s, struct svc_backup_status *out);

#endif
