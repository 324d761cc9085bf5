/*
 * svc_list_job.c: a list matched in the background, on a thread of its own.
 *
 * A million rows take seconds to class and longer to write; the clerk who sent the list gets
 * an answer at once and watches the list's progress (rows_done of rows_total, written with
 * each chunk).  The job holds one connection of the pool for its whole run, so at most
 * MAX_JOBS run at once; a further list is refused until one ends.  A server that stops waits
 * for its jobs (svc_list_wait); one that died leaves its lists "matching", which the next start
 * marks failed (svc_list_recover).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "db.h"
#include "metrics.h"
#include "svc_list.h"

#define MAX_JOBS 2

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t idle = PTHREAD_COND_INITIALIZER;
static int running;
static bool stopping;

struct list_job {
	struct db *db;
	struct svc s;
	struct user user;
	struct fault fault;
	int64_t batch;
	struct svc_list_file *f;
	struct arena *fa; /* the file's rows */
	struct arena *ja; /* the job's own */
};

static void *
job_main(void *arg)
{
	struct list_job *j = arg;
	struct dbc *c = db_acquire(j->db);

	j->s.db = c;
	(void)svc_list_match(&j->s, j->batch, j->f, NULL, NULL, NULL);
	db_release(c);
	arena_free(j->fa);
	arena_free(j->ja);
	free(j);
	pthread_mutex_lock(&mu);
	running--;
	metrics_list_jobs(-1);
	pthread_cond_broadcast(&idle);
	pthread_mutex_unlock(&mu);
	return NULL;
}

int
svc_list_start(struct db *db, const struct svc *s, int64_t batch, struct svc_list_file *f,
	       struct arena *fa)
{
	struct list_job *j = calloc(1, sizeof(*j));
	pthread_attr_t at;
	pthread_t t;
	int rc;

	if (j == NULL || (j->ja = arena_new()) == NULL) {
		free(j);
		arena_free(fa);
		return ERR_NOMEM;
	}
	pthread_mutex_lock(&mu);
	if (running >= MAX_JOBS) {
		pthread_mutex_unlock(&mu);
		arena_free(j->ja);
		free(j);
		arena_free(fa);
		return fault_set(s->fault, ERR_THROTTLED, "file",
				 "已有名单正在比对，请几分钟后再上传",
				 "other lists are being matched: send this one again in a few minutes");
	}
	running++;
	metrics_list_jobs(1);
	pthread_mutex_unlock(&mu);
	j->db = db;
	j->batch = batch;
	j->f = f;
	j->fa = fa;
	/* the actor, copied: the request that started the job ends now */
	j->s = *s;
	j->s.arena = j->ja;
	j->s.fault = &j->fault;
	j->s.scope = arena_strdup(j->ja, s->scope);
	j->s.ip = arena_strdup(j->ja, s->ip ? s->ip : "");
	if (s->user) {
		j->user = *s->user;
		j->user.username = arena_strdup(j->ja, s->user->username);
		j->user.display_name = s->user->display_name ? arena_strdup(j->ja, s->user->display_name) : NULL;
		j->user.role = arena_strdup(j->ja, s->user->role);
		j->user.area_code = s->user->area_code ? arena_strdup(j->ja, s->user->area_code) : NULL;
		j->user.area_name = NULL;
		j->user.pwhash = NULL;
		j->user.phone = NULL;
		j->s.user = &j->user;
	}
	pthread_attr_init(&at);
	pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
	rc = pthread_create(&t, &at, job_main, j);
	pthread_attr_destroy(&at);
	if (rc != 0) {
		arena_free(j->ja);
		arena_free(fa);
		free(j);
		pthread_mutex_lock(&mu);
		running--;
		metrics_list_jobs(-1);
		pthread_mutex_unlock(&mu);
		return ERR_NOMEM;
	}
	return 0;
}

int
svc_list_jobs(void)
{
	int n;

	pthread_mutex_lock(&mu);
	n = running;
	pthread_mutex_unlock(&mu);
	return n;
}

void
svc_list_wait(void)
{
	pthread_mutex_lock(&mu);
	while (running > 0)
		pthread_cond_wait(&idle, &mu);
	pthread_mutex_unlock(&mu);
}

void
svc_list_stop(void)
{
	pthread_mutex_lock(&mu);
	stopping = true;
	pthread_mutex_unlock(&mu);
	svc_list_wait();
}

bool
svc_list_stopping(void)
{
	bool v;

	pthread_mutex_lock(&mu);
	v = stopping;
	pthread_mutex_unlock(&mu);
	return v;
}
