/*
 * svc_backup.c: the server backs its SQLite database up by itself, on a thread of its own.
 *
 * A town's office PC has nobody to run `fangyi backup` each evening, so the server does: a
 * consistent copy (db_backup: VACUUM INTO, read in one snapshot while requests go on), named by
 * the town's date and time, kept for --backup-keep days.  What became of the last attempt, a
 * success or a failure with its reason, is kept here for the settings page and /metrics; the
 * files in the directory are the record of the successes, read again at start, so a restart
 * does not forget them.
 */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "clock.h"
#include "db.h"
#include "metrics.h"
#include "role.h"
#include "svc_backup.h"

#define RETRY 3600 /* seconds: after a failure, and the first backup after start */
#define NAME_LEN 27 /* fangyi-YYYY-MM-DD-HHMMSS.db */

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static struct {
	bool on, stop;
	pthread_t thread;
	struct db *db;
	char *dir;
	int64_t every;
	int keep_days;
	void (*say)(bool ok, const char *text);
	int64_t ok_at, failed_at, next_at;
	char ok_file[NAME_LEN + 1], failed_file[NAME_LEN + 1];
	struct fault failure;
	const char *why_not;
} st;

static void say(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
say(bool ok, const char *fmt, ...)
{
	char text[4400];
	va_list ap;

	if (st.say == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	st.say(ok, text);
}

/* The time a backup's name stands for, or -1 when name is not one of ours. */
static int64_t
name_time(const char *name)
{
	struct tm tm = {0};
	char tail[8];

	if (strlen(name) != NAME_LEN || strncmp(name, "fangyi-", 7) != 0 ||
	    strspn(name + 7, "0123456789-") != 17 ||
	    sscanf(name, "fangyi-%4d-%2d-%2d-%2d%2d%2d%7s", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, tail) != 7 ||
	    strcmp(tail, ".db") != 0)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm); /* TZ is the town's zone (clock_set_tz) */
}

/* The name of a backup taken at t, in the town's time. */
static void
name_of(int64_t t, char ret[NAME_LEN + 1])
{
	char iso[32]; /* YYYY-MM-DDTHH:MM:SS+08:00 */

	clock_local_iso(t, iso);
	snprintf(ret, NAME_LEN + 1, "fangyi-%.10s-%.2s%.2s%.2s.db", iso, iso + 11, iso + 14,
		 iso + 17);
}

/* The newest of our files in dir: its time and name; 0 when there is none. */
static int64_t
newest(const char *dir, char ret[NAME_LEN + 1])
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int64_t best = 0, t;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL)
		if ((t = name_time(e->d_name)) > best) {
			best = t;
			memcpy(ret, e->d_name, NAME_LEN + 1); /* name_time checked its length */
		}
	closedir(d);
	return best;
}

/* Remove our files older than keep_days before now, never keep (the one just written). */
static void
prune(const char *dir, int keep_days, int64_t now, const char *keep)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int64_t t;
	char path[4096];

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if ((t = name_time(e->d_name)) < 0 || strcmp(e->d_name, keep) == 0 ||
		    t >= now - (int64_t)keep_days * 86400)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (unlink(path) == 0)
			say(true, "backup %s removed: older than %d days", path, keep_days);
	}
	closedir(d);
}

/* The directory, made 0700 when missing; 0 or ERR_IO with f filled. */
static int
make_dir(const char *dir, struct fault *f)
{
	struct stat sb;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return fault_setf(f, ERR_IO, "backup_dir", "无法创建备份目录 %s：%s",
				  "cannot create the backup directory %s: %s", dir, strerror(errno));
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return fault_setf(f, ERR_IO, "backup_dir", "备份目录 %s 不是目录",
				  "the backup directory %s is not a directory", dir);
	return 0;
}

/* One backup, then what the next one is: on the thread, without the lock. */
static void
backup_once(void)
{
	struct fault f = {0};
	char name[NAME_LEN + 1], path[4096];
	int64_t now = clock_now();
	int rc;

	name_of(now, name);
	snprintf(path, sizeof(path), "%s/%s", st.dir, name);
	if ((rc = make_dir(st.dir, &f)) == 0)
		rc = db_backup(st.db, path, &f);
	if (rc == 0)
		prune(st.dir, st.keep_days, now, name);
	pthread_mutex_lock(&mu);
	if (rc == 0) {
		st.ok_at = now;
		memcpy(st.ok_file, name, sizeof(name));
		st.next_at = now + st.every;
	} else {
		st.failed_at = now;
		memcpy(st.failed_file, name, sizeof(name));
		st.failure = f;
		st.next_at = now + (st.every < RETRY ? st.every : RETRY);
	}
	pthread_mutex_unlock(&mu);
	metrics_backup(rc == 0, now);
	if (rc == 0)
		say(true, "backup written to %s", path);
	else
		say(false, "backup to %s failed: %s", path, f.en);
}

static void *
backup_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&mu);
	while (!st.stop) {
		int64_t now = clock_now();
		struct timespec until;

		if (now >= st.next_at) {
			pthread_mutex_unlock(&mu);
			backup_once();
			pthread_mutex_lock(&mu);
			continue;
		}
		/* the injected clock runs at the real one's pace: wait the difference */
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += (time_t)(st.next_at - now);
		pthread_cond_timedwait(&cv, &mu, &until);
	}
	pthread_mutex_unlock(&mu);
	return NULL;
}

int
svc_backup_start(struct db *db, const struct svc_backup_opts *o)
{
	struct fault f = {0};
	int64_t now = clock_now(), last;
	char *abs;

	st.db = db;
	if ((st.dir = strdup(o->dir)) == NULL)
		return ERR_NOMEM;
	st.every = o->every;
	st.keep_days = o->keep_days;
	st.say = o->say;
	if (make_dir(st.dir, &f) != 0) {
		st.next_at = now; /* fails at once, and says so where the town sees it */
	} else {
		if ((abs = realpath(st.dir, NULL)) != NULL) {
			free(st.dir); /* the settings page shows where the files are, whatever the cwd */
			st.dir = abs;
		}
		if ((last = newest(st.dir, st.ok_file)) > 0) {
			metrics_backup(true, last);
			st.ok_at = last;
		}
		/* at once when the newest is older than a period; else in an hour (or a period) */
		st.next_at = last > 0 && now - last >= st.every ? now
							       : now + (st.every < RETRY ? st.every : RETRY);
	}
	if (pthread_create(&st.thread, NULL, backup_main, NULL) != 0)
		return ERR_NOMEM;
	pthread_setname_np(st.thread, "fangyi-backup");
	st.on = true;
	return 0;
}

void
svc_backup_stop(void)
{
	if (!st.on)
		return;
	pthread_mutex_lock(&mu);
	st.stop = true;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&mu);
	pthread_join(st.thread, NULL);
	st.on = false;
	free(st.dir);
	st.dir = NULL;
}

void
svc_backup_note(const char *why)
{
	st.why_not = why;
}

int
svc_backup_status(struct svc *s, struct svc_backup_status *out)
{
	int64_t now = clock_now();

	if (!(s->perms & PERM_USER_ADMIN))
		return ERR_DENIED;
	memset(out, 0, sizeof(*out));
	pthread_mutex_lock(&mu);
	out->enabled = st.on;
	out->why_not = st.on ? NULL : st.why_not ? st.why_not : "off";
	out->dir = st.dir ? arena_strdup(s->arena, st.dir) : NULL;
	out->every = st.every;
	out->keep_days = st.keep_days;
	out->ok_at = st.ok_at;
	out->failed_at = st.failed_at;
	out->next_at = st.on ? st.next_at : 0;
	out->ok_file = st.ok_at ? arena_strdup(s->arena, st.ok_file) : NULL;
	out->failed_file = st.failed_at ? arena_strdup(s->arena, st.failed_file) : NULL;
	out->failure = st.failure;
	if (st.on && st.failed_at > st.ok_at)
		out->warning = "failed";
	else if (st.on && st.ok_at > 0 && now - st.ok_at > 2 * st.every)
		out->warning = "stale";
	pthread_mutex_unlock(&mu);
	return 0;
}
