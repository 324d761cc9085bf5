/* svc_list.c: lists from higher authorities read, stored, matched, and decided by a clerk. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "clock.h"
#include "db.h"
#include "db_command.h"
#include "db_monitor.h"
#include "idnum.h"
#include "mask.h"
#include "observation.h"
#include "role.h"
#include "svc_list.h"
#include "svc_list_internal.h"
#include "svc_monitor.h"
#include "svc_task.h"
#include "text.h"

/* Rows written per transaction shared with screenings: a chunk holds the writer for a few
 * milliseconds, so screenings queued behind it wait no longer than a busy second's other
 * writes.  (Sizing chunks by the time the last one held the writer, 16 to 256 rows for 4 ms,
 * made the match slower on a loaded machine, the wall time counting every preemption, for no
 * p99 that could be told from the noise.) */
#define CHUNK 256
/* Rows per transaction with no writer to share (the command line): each commit is a sync of the
 * log, so fewer and bigger; still small enough that a failed chunk loses seconds, not minutes. */
#define CHUNK_ALONE 4096
/* Areas whose task owner a chunk remembers: a town's grids, a city's at most a few per chunk. */
#define OWNERS 64

/* ----- storing a list ----- */

/* The area whose registry the list is matched with: the user's own, or the scope written as a
 * whole code (430302100 → 430302100000) for the command line. */
static char *
area_of_scope(struct svc *s)
{
	size_t n = strlen(s->scope);

	if (s->user && s->user->area_code && strncmp(s->user->area_code, s->scope, n) == 0)
		return arena_strdup(s->arena, s->user->area_code);
	return arena_printf(s->arena, "%s%.*s", s->scope, n < 12 ? (int)(12 - n) : 0, "000000000000");
}

static bool
valid_date(const char *s)
{
	int y, m, d;
	char tail;

	return s && strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 &&
	       y >= 2000 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

int
svc_list_create(struct svc *s, const struct svc_list_in *in, const struct svc_list_file *f,
		struct list_batch *ret, bool *existing)
{
	const char *name = in->name ? text_normalize(s->arena, in->name) : NULL;
	const char *source = in->source ? text_normalize(s->arena, in->source) : NULL;
	char today[11];
	int rc;

	*existing = false;
	clock_local_date(clock_now(), today);
	if (name == NULL || *name == '\0' || text_utf8_len(name) > 100)
		return fault_set(s->fault, ERR_INVALID, "name", "请填写名单名称（最多 100 字）",
				 "name the list (at most 100 characters)");
	if (source == NULL || *source == '\0' || text_utf8_len(source) > 100)
		return fault_set(s->fault, ERR_INVALID, "source",
				 "请填写名单来源（如区指挥部、铁路部门，最多 100 字）",
				 "say where the list came from (the district, the railway; at most 100 characters)");
	if (in->received_on && (!valid_date(in->received_on) || strcmp(in->received_on, today) > 0))
		return fault_set(s->fault, ERR_INVALID, "received_on",
				 "接收日期须是今天或以前的日期（YYYY-MM-DD）",
				 "the date received must be today or earlier (YYYY-MM-DD)");
	if (f->n == 0)
		return fault_set(s->fault, ERR_INVALID, "file", "名单中没有数据行",
				 "the list has no rows below its header");
	if (db_list_by_file(s->db, s->arena, s->scope, f->sha256, ret) == 0) {
		if (strcmp(ret->status, "failed") != 0) {
			*existing = true;
			return 0;
		}
		/* a match that failed is run again over what it wrote: its rows fold in */
		if ((rc = db_list_reset(s->db, ret->id)) ||
		    (rc = db_list_set_status(s->db, ret->id, "matching", "", (int64_t)f->n)))
			return rc;
		if ((rc = svc_audit(s, "rematch", "list", ret->id, ret->area_code, ret->name)))
			return rc;
		return db_list_get(s->db, s->arena, ret->id, ret);
	}
	memset(ret, 0, sizeof(*ret));
	ret->name = (char *)name;
	ret->source = (char *)source;
	ret->received_on = arena_strdup(s->arena, in->received_on ? in->received_on : today);
	ret->high_risk = in->high_risk;
	ret->scope = (char *)s->scope;
	ret->area_code = area_of_scope(s);
	ret->sha256 = (char *)f->sha256;
	ret->kind = (char *)f->kind;
	ret->rows_total = (int64_t)f->n;
	ret->user_id = svc_user_id(s);
	if ((rc = db_list_insert(s->db, ret)))
		return rc;
	if ((rc = svc_audit(s, "create", "list", ret->id, ret->area_code,
			    arena_printf(s->arena, "%s（%s，%zu 行）", name, source, f->n))))
		return rc;
	return db_list_get(s->db, s->arena, ret->id, ret);
}

/* ----- the registry in memory ----- */

/*
 * The registry is read by a scan of its table on the caller's thread while an indexing thread
 * reads the keys of the people scanned before: two batches of REGISTRY_BATCH people, one being
 * filled and one being indexed (a batch below match_index_add's split, so it stays on the
 * indexing thread).  A batch's strings live only until it is indexed, side by side in one
 * buffer (TEXT_ROOM bytes, more for a batch that needs it), copied without an arena's clearing.
 */
#define REGISTRY_BATCH 2048
#define TEXT_ROOM ((size_t)REGISTRY_BATCH * 96)

struct regbatch {
	struct match_person p[REGISTRY_BATCH];
	size_t n;
	char *text;
	size_t text_used, text_size;
};

struct registry {
	struct match_index *idx;    /* being built */
	struct regbatch b[2];
	int fill;                   /* the batch the scan fills */
	char (*area)[16];           /* each person's area code, by the index's person number */
	int64_t *kp;                /* each person's active key person, 0 for none */
	size_t n, cap;
	/* the indexing thread and what it is handed */
	pthread_t thread;
	bool threaded, quit;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int pending;                /* the batch handed over and not yet indexed, -1 for none */
	int rc;                     /* the indexing thread's first error */
};

static void *
indexer(void *arg)
{
	struct registry *g = arg;
	int b, rc;

	pthread_mutex_lock(&g->mu);
	for (;;) {
		while (g->pending < 0 && !g->quit)
			pthread_cond_wait(&g->cv, &g->mu);
		if (g->pending < 0)
			break;
		b = g->pending;
		pthread_mutex_unlock(&g->mu);
		rc = match_index_add(g->idx, g->b[b].p, g->b[b].n);
		pthread_mutex_lock(&g->mu);
		if (rc && g->rc == 0)
			g->rc = rc;
		g->pending = -1;
		pthread_cond_broadcast(&g->cv);
	}
	pthread_mutex_unlock(&g->mu);
	return NULL;
}

/* idle waits until the indexing thread has no batch: then the index may be grown or done.
 * Returns its first error. */
static int
idle(struct registry *g)
{
	int rc;

	if (!g->threaded)
		return 0;
	pthread_mutex_lock(&g->mu);
	while (g->pending >= 0)
		pthread_cond_wait(&g->cv, &g->mu);
	rc = g->rc;
	pthread_mutex_unlock(&g->mu);
	return rc;
}

/* flush hands the batch being filled to the index, and fills the other one from now on. */
static int
flush(struct registry *g)
{
	struct regbatch *b = &g->b[g->fill];
	int rc;

	if (b->n == 0)
		return 0;
	if (!g->threaded) {
		rc = match_index_add(g->idx, b->p, b->n);
		b->n = b->text_used = 0;
		return rc;
	}
	pthread_mutex_lock(&g->mu);
	while (g->pending >= 0)
		pthread_cond_wait(&g->cv, &g->mu);
	if ((rc = g->rc) == 0) {
		g->pending = g->fill;
		pthread_cond_broadcast(&g->cv);
	}
	pthread_mutex_unlock(&g->mu);
	g->fill ^= 1;
	g->b[g->fill].n = g->b[g->fill].text_used = 0;
	return rc;
}

/* keep copies s into the batch's text, which the caller made room for. */
static const char *
keep(struct regbatch *b, const char *s, size_t len)
{
	char *p = b->text + b->text_used;

	if (s == NULL)
		return NULL;
	memcpy(p, s, len + 1);
	b->text_used += len + 1;
	return p;
}

/* registry_room makes room for n people in all, by half as many again: a registry is read
 * without counting it first. */
static int
registry_room(struct registry *g, size_t n)
{
	size_t cap = n + n / 2 + 1024;
	char (*area)[16];
	int64_t *kp;
	int rc;

	if ((rc = idle(g)) || (rc = match_index_room(g->idx, cap)))
		return rc;
	if ((area = realloc(g->area, cap * sizeof(*g->area))) == NULL)
		return ERR_NOMEM;
	g->area = area;
	if ((kp = realloc(g->kp, cap * sizeof(*g->kp))) == NULL)
		return ERR_NOMEM;
	g->kp = kp;
	g->cap = cap;
	return 0;
}

static int
add_person(void *arg, int64_t id, const char *id_number, const char *phone, const char *name,
	   const char *birth, const char *area_code, bool watched, int64_t kp)
{
	struct registry *g = arg;
	size_t li = id_number ? strlen(id_number) : 0, lp = phone ? strlen(phone) : 0,
	       ln = name ? strlen(name) : 0, lb = birth ? strlen(birth) : 0,
	       la = area_code ? strlen(area_code) : 0, need = li + lp + ln + lb + la + 5;
	struct regbatch *b = &g->b[g->fill];
	struct match_person *m;
	int rc;

	if (g->n == g->cap && (rc = registry_room(g, g->n)))
		return rc;
	if (b->n == REGISTRY_BATCH || b->text_size - b->text_used < need) {
		if ((rc = flush(g)))
			return rc;
		b = &g->b[g->fill];
	}
	if (b->text_size < need) {
		char *t = realloc(b->text, need);

		if (t == NULL)
			return ERR_NOMEM;
		b->text = t;
		b->text_size = need;
	}
	m = &b->p[b->n++];
	m->id = id;
	m->id_number = keep(b, id_number, li);
	m->phone = keep(b, phone, lp);
	m->name = keep(b, name, ln);
	m->birth = keep(b, birth, lb);
	m->village = keep(b, area_code, la);
	m->watched = watched;
	/* an area code is at most 15 digits: a longer one is cut, as it always was */
	if (la >= sizeof(g->area[0]))
		la = sizeof(g->area[0]) - 1;
	memcpy(g->area[g->n], area_code ? area_code : "", la);
	g->area[g->n][la] = '\0';
	g->kp[g->n] = kp;
	g->n++;
	return 0;
}

/* registry_stop ends the indexing thread once it has indexed what it was handed. */
static void
registry_stop(struct registry *g)
{
	if (!g->threaded)
		return;
	(void)idle(g);
	pthread_mutex_lock(&g->mu);
	g->quit = true;
	pthread_cond_broadcast(&g->cv);
	pthread_mutex_unlock(&g->mu);
	pthread_join(g->thread, NULL);
	pthread_cond_destroy(&g->cv);
	pthread_mutex_destroy(&g->mu);
	g->threaded = false;
}

static void
registry_free(struct registry *g)
{
	int i;

	registry_stop(g);
	match_index_free(g->idx); /* one being built: a built one was handed over */
	g->idx = NULL;
	free(g->area);
	free(g->kp);
	for (i = 0; i < 2; i++) {
		free(g->b[i].text);
		g->b[i].text = NULL;
	}
	g->area = NULL;
	g->kp = NULL;
}

/* Room first made for the people of a registry: a town's, and more as they come. */
#define REGISTRY_FIRST 65536

/* index_scope reads the registry of s->scope and indexes it as it reads: *idx, with g's areas
 * and key persons by the index's person numbers.  One pass of the table, not counted first:
 * the room grows as people come.  g is allocated (it holds the batches): the caller frees it
 * with registry_free and free. */
static int
index_scope(struct svc *s, struct registry **ret, struct match_index **idx)
{
	struct registry *g;
	int rc, i;

	*idx = NULL;
	if ((*ret = g = calloc(1, sizeof(*g))) == NULL)
		return ERR_NOMEM;
	for (i = 0; i < 2; i++)
		if ((g->b[i].text = malloc(g->b[i].text_size = TEXT_ROOM)) == NULL)
			return ERR_NOMEM;
	if ((g->idx = match_index_new(REGISTRY_FIRST)) == NULL ||
	    registry_room(g, REGISTRY_FIRST) != 0)
		return fault_set(s->fault, ERR_NOMEM, "file", "内存不足，无法比对名单",
				 "not enough memory to match the list");
	g->pending = -1;
	/* without the thread, the scan's own thread indexes each batch as it is filled */
	if (pthread_mutex_init(&g->mu, NULL) == 0) {
		if (pthread_cond_init(&g->cv, NULL) != 0) {
			pthread_mutex_destroy(&g->mu);
		} else if (pthread_create(&g->thread, NULL, indexer, g) != 0) {
			pthread_cond_destroy(&g->cv);
			pthread_mutex_destroy(&g->mu);
		} else {
			g->threaded = true;
		}
	}
	rc = db_list_persons(s->db, s->scope, add_person, g);
	if (rc == 0)
		rc = flush(g);
	if (rc == 0)
		rc = idle(g);
	registry_stop(g);
	if (rc == 0)
		rc = match_index_done(g->idx);
	if (rc == ERR_NOMEM)
		return fault_set(s->fault, ERR_NOMEM, "file", "内存不足，无法比对名单",
				 "not enough memory to match the list");
	if (rc)
		return rc;
	*idx = g->idx;
	g->idx = NULL;
	return 0;
}

static void
row_of(const struct svc_list_row *r, struct match_row *m)
{
	memset(m, 0, sizeof(*m));
	m->line = r->line;
	m->id_number = r->lost_digits ? NULL : r->id_number;
	m->phone = r->phone;
	m->name = r->name;
	m->birth = r->birth;
	m->village = r->village;
}

/* The verdict of a row whose ID number Excel stored as a number: refused, whatever else it has. */
static void
lost_digits(struct match_verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->cls = MATCH_REFUSED;
	fault_set(&v->fault, ERR_INVALID, "id_number",
		  "身份证号被 Excel 存成了数字，后几位可能已经丢失：请把这一列设为“文本”格式后重新导出",
		  "the ID number was stored by Excel as a number and may have lost its last "
		  "digits: format the column as Text and export the list again");
}

/*
 * classify rows[0..n) into v[0..n) in list order: each run of rows between those refused for
 * their lost digits goes to match_rows at once (64 rows looked up together, the tables' memory
 * asked for first), on `threads` threads.
 */
static int
classify(const struct match_index *idx, struct match_seen *seen, const struct svc_list_row *rows,
	 size_t n, int threads, struct match_verdict *v)
{
	struct match_row *m = calloc(n ? n : 1, sizeof(*m));
	size_t i = 0, j;
	int rc = 0;

	if (m == NULL)
		return ERR_NOMEM;
	for (j = 0; j < n; j++)
		row_of(&rows[j], &m[j]);
	while (i < n && rc == 0) {
		if (rows[i].lost_digits) {
			lost_digits(&v[i++]);
			continue;
		}
		for (j = i; j < n && !rows[j].lost_digits; j++)
			;
		rc = match_rows(idx, seen, m + i, j - i, threads, v + i);
		i = j;
	}
	free(m);
	return rc;
}

/* A dry run classes this many rows at a time: their verdicts are ~840 bytes each. */
#define DRY_CHUNK 4096

/* classify_threads: the rows are classed on both cores where the match has the database to
 * itself (the command line); on a server, whose other threads are answering screenings
 * meanwhile, on the job's thread alone. */
static int
classify_threads(struct svc *s)
{
	return db_shares_commits(dbc_db(s->db)) ? 1 : 2;
}

int
svc_list_dry(struct svc *s, const struct svc_list_file *f, struct svc_list_summary *ret)
{
	struct match_verdict *v;
	struct match_index *idx = NULL;
	struct match_seen *seen = NULL;
	struct registry *g = NULL;
	size_t i;
	int rc;

	memset(ret, 0, sizeof(*ret));
	if ((v = calloc(DRY_CHUNK, sizeof(*v))) == NULL)
		return ERR_NOMEM;
	if ((rc = index_scope(s, &g, &idx)) == 0 && (seen = match_seen_new(f->n ? f->n : 1)) == NULL)
		rc = ERR_NOMEM;
	for (i = 0; rc == 0 && i < f->n; i += DRY_CHUNK) {
		size_t n = f->n - i < DRY_CHUNK ? f->n - i : DRY_CHUNK, k;

		if ((rc = classify(idx, seen, &f->rows[i], n, classify_threads(s), v)) == 0)
			for (k = 0; k < n; k++) {
				ret->n[v[k].cls]++;
				ret->rows++;
			}
	}
	free(v);
	ret->records = seen ? match_seen_records(seen) : 0;
	match_seen_free(seen);
	match_index_free(idx);
	if (g)
		registry_free(g);
	free(g);
	return rc;
}

/* ----- what a row leads to ----- */

/* The owners of tasks already looked up in one transaction, by the person's area code. */
struct owners {
	struct {
		char area[24];
		int64_t id;
	} v[OWNERS];
	int n;
};

struct job {
	struct svc *s;
	struct list_batch b;
	const struct svc_list_file *f;
	const struct registry *g;
	size_t first, count;
	struct match_verdict *v;
	/* filled by store, from scratch on each run */
	struct list_batch delta;
	struct fault fault;
	struct owners owners;
	double leads; /* seconds spent on what rows lead to, over every run */
};

/* Who gets a list's task for a person of area: the grid's worker, the village's secretary, the
 * town's admin; 0 when there is nobody.  o (may be NULL) remembers the answers of one
 * transaction: a chunk's found people live in a few grids. */
static int64_t
task_owner(struct svc *s, const char *area, struct owners *o)
{
	static const struct {
		const char *role;
		size_t len;
	} steps[] = {{"grid", 15}, {"secretary", 12}, {"admin", 9}};
	char code[16];
	int64_t id = 0;
	size_t i;
	int k;

	for (k = 0; o && k < o->n; k++)
		if (strcmp(o->v[k].area, area) == 0)
			return o->v[k].id;
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		if (strlen(area) < steps[i].len)
			continue;
		snprintf(code, sizeof(code), "%.*s", (int)steps[i].len, area);
		id = 0;
		if (db_user_find_staff(s->db, steps[i].role, code, &id) == 0 && id)
			break;
		id = 0;
	}
	if (o && o->n < OWNERS && strlen(area) < sizeof(o->v[0].area)) {
		snprintf(o->v[o->n].area, sizeof(o->v[o->n].area), "%s", area);
		o->v[o->n++].id = id;
	}
	return id;
}

static const char *
list_words(struct svc *s, const struct list_batch *b, const struct list_row *r)
{
	return arena_printf(s->arena, "名单“%s”（%s，%s 收到）第 %d 行", b->name, b->source,
			    b->received_on, r->line);
}

/* A person already under observation: the list joins their timeline. */
static int
lead_watched(struct svc *s, const struct list_batch *b, struct list_row *r)
{
	struct buf fb = {0};

	svc_monitor_field_str(&fb, "list", b->name);
	svc_monitor_field_str(&fb, "source", b->source);
	svc_monitor_field_int(&fb, "line", r->line);
	return svc_monitor_event(s, r->key_person_id, "listed", svc_monitor_fields_end(s, &fb));
}

/* A person of a high-risk list: registered for observation from the day of arrival (or today
 * when that is unknown or more than a period ago). */
static int
lead_register(struct svc *s, const struct list_batch *b, struct list_row *r, int64_t *registered)
{
	struct person p;
	struct key_person k;
	char today[11], start[11], end[11], code[SELF_CODE_SIZE];
	int64_t existing;
	int rc;

	if ((rc = db_person_get(s->db, s->arena, r->person_id, &p)))
		return rc;
	svc_monitor_today(today);
	snprintf(start, sizeof(start), "%s", today);
	if (r->arrived_on && valid_date(r->arrived_on) && strcmp(r->arrived_on, today) <= 0) {
		obs_end_date(r->arrived_on, OBS_DAYS, end);
		if (strcmp(end, today) >= 0)
			snprintf(start, sizeof(start), "%s", r->arrived_on);
	}
	obs_end_date(start, OBS_DAYS, end);
	memset(&k, 0, sizeof(k));
	k.reason = "high_risk_area";
	k.reason_detail = (char *)list_words(s, b, r);
	k.from_place = r->origin ? r->origin : "";
	k.left_on = r->left_on && *r->left_on ? r->left_on : NULL;
	k.arrived_on = r->arrived_on && *r->arrived_on ? r->arrived_on : NULL;
	k.transport = "";
	k.transport_no = "";
	k.found_by = "big_data";
	k.kind = "home";
	k.site = "";
	k.start_date = start;
	k.end_date = end;
	k.days = OBS_DAYS;
	rc = svc_monitor_enrol(s, &k, &p, code);
	if (rc == ERR_CONFLICT && db_kp_active_of_person(s->db, p.id, &existing) == 0) {
		/* watched since the index was read: the list joins the timeline */
		r->cls = "already_watched";
		r->key_person_id = existing;
		return lead_watched(s, b, r);
	}
	if (rc)
		return rc;
	r->key_person_id = k.id;
	++*registered;
	return svc_audit(s, "create", "key_person", k.id, p.area_code, r->name);
}

/* A person of the registry not under observation: one open task from the lists per person. */
static int
lead_task(struct svc *s, const struct list_batch *b, struct list_row *r, int64_t *tasks,
	  struct owners *o)
{
	struct svc_task_in in = {0};
	int64_t open = 0, owner, id;
	char id_masked[32] = "";
	int rc;

	if (db_list_open_task(s->db, r->person_id, &open) == 0 && open) {
		r->task_id = open;
		return db_task_event_add(s->db, open, svc_user_id(s), svc_username(s), "listed",
					 arena_printf(s->arena, "{\"list_id\":%lld,\"line\":%d}",
						      (long long)b->id, r->line));
	}
	if ((owner = task_owner(s, r->area_code, o)) == 0)
		return 0; /* nobody to give it to: the row says found, the page shows no task */
	/* the task names the person as the registry does; read only for a new task */
	if (r->person_name == NULL)
		(void)db_list_person_name(s->db, s->arena, r->person_id, &r->person_name);
	if (r->id_number && *r->id_number)
		mask_idnum(r->id_number, id_masked);
	in.title = arena_printf(s->arena, "大数据名单核查：%s", r->person_name ? r->person_name : r->name);
	in.description = arena_printf(
	    s->arena, "%s，身份证 %s%s%s%s%s。请上门核实行程与健康状况，需要时登记为重点人员。",
	    list_words(s, b, r), *id_masked ? id_masked : "无", r->origin && *r->origin ? "，来自 " : "",
	    r->origin ? r->origin : "", r->arrived_on && *r->arrived_on ? "，抵达 " : "",
	    r->arrived_on ? r->arrived_on : "");
	in.area_code = r->area_code;
	in.person_id = r->person_id;
	in.owner_id = owner;
	in.deadline = clock_now() + 24 * 3600;
	in.priority = "high";
	in.source = "big_data";
	in.source_id = b->id;
	if ((rc = svc_task_open(s, &in, &id)))
		return rc;
	r->task_id = id;
	++*tasks;
	return 0;
}

/* lead: what a watched or found row leads to, for list b; o (may be NULL): the task owners
 * of the transaction. */
static int
lead(struct svc *s, const struct list_batch *b, struct list_row *r, int64_t *tasks,
     int64_t *registered, struct owners *o)
{
	if (strcmp(r->cls, "already_watched") == 0)
		return r->key_person_id ? lead_watched(s, b, r) : 0;
	if (strcmp(r->cls, "found") != 0)
		return 0;
	return b->high_risk ? lead_register(s, b, r, registered) : lead_task(s, b, r, tasks, o);
}

/* The area a row's counts go to: a matched person's village, else the list's own area. */
static const char *
count_area(struct arena *a, const struct list_row *r, const struct list_batch *b)
{
	if (r->person_id && strlen(r->area_code) >= 12)
		return arena_strndup(a, r->area_code, 12);
	return b->area_code;
}

struct area_delta {
	const char *area, *cls;
	int64_t n;
};

static void
area_delta_add(struct area_delta *d, int *nd, int cap, const char *area, const char *cls, int64_t n)
{
	int i;

	for (i = 0; i < *nd; i++)
		if (strcmp(d[i].area, area) == 0 && strcmp(d[i].cls, cls) == 0) {
			d[i].n += n;
			return;
		}
	if (*nd < cap)
		d[(*nd)++] = (struct area_delta){area, cls, n};
}

static int
class_index(const char *cls)
{
	int c;

	for (c = 0; c < MATCH__MAX; c++)
		if (strcmp(cls, match_class_word(c)) == 0)
			return c;
	return -1;
}

/* A list row from row r of the file and its verdict v. */
static void
row_from(struct arena *a, const struct job *j, const struct svc_list_row *fr,
	 const struct match_verdict *v, struct list_row *r)
{
	memset(r, 0, sizeof(*r));
	r->batch_id = j->b.id;
	r->line = fr->line;
	r->cells = (char *)fr->cells;
	r->name = (char *)(fr->name ? fr->name : "");
	r->id_number = v->id_number[0] ? arena_strdup(a, v->id_number) : NULL;
	r->phone = v->phone[0] ? arena_strdup(a, v->phone) : NULL;
	r->birth_date = v->birth[0] ? arena_strdup(a, v->birth) : NULL;
	r->arrived_on = (char *)(fr->arrived_on && valid_date(fr->arrived_on) ? fr->arrived_on : NULL);
	r->left_on = (char *)(fr->left_on && valid_date(fr->left_on) ? fr->left_on : NULL);
	r->origin = (char *)(fr->origin ? fr->origin : "");
	r->note = (char *)(fr->note ? fr->note : "");
	r->cls = (char *)match_class_word(v->cls);
	r->area_code = j->b.area_code;
	switch (v->cls) {
	case MATCH_WATCHED:
	case MATCH_FOUND:
		r->reason = (char *)match_reason_word(v->reason);
		r->person_id = v->person_id;
		r->area_code = (char *)j->g->area[v->person];
		r->key_person_id = j->g->kp[v->person];
		break;
	case MATCH_POSSIBLE: {
		struct buf b = {0};
		size_t i;

		r->reason = (char *)match_reason_word(v->reason);
		for (i = 0; i < v->ncand; i++) {
			char one[48];
			int k = snprintf(one, sizeof(one), "%s%lld:%s", i ? "," : "",
					 (long long)v->cand[i].id, match_reason_word(v->cand[i].reason));

			buf_add(&b, one, (size_t)k);
		}
		buf_add(&b, "", 1);
		r->candidates = arena_strdup(a, b.p);
		buf_free(&b);
		r->more_candidates = v->more;
		break;
	}
	case MATCH_DUPLICATE:
		r->first_line = (int)v->first_line;
		break;
	case MATCH_REFUSED:
		r->fault_field = arena_strdup(a, v->fault.field);
		r->fault_zh = arena_strdup(a, v->fault.zh);
		r->fault_en = arena_strdup(a, v->fault.en);
		break;
	default:
		break;
	}
}

static double
now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* store: one chunk's rows, their leads and counters, in one transaction on w.  It may run
 * again (a shared transaction that failed for another's reason), so it starts from scratch. */
static int
store(struct dbc *w, void *arg)
{
	struct job *j = arg;
	struct arena *a = arena_new();
	struct svc ws = *j->s;
	struct area_delta *ad;
	struct list_row *rows;
	int nad = 0, rc, i;
	bool others = false;
	size_t k;

	if (a == NULL)
		return ERR_NOMEM;
	memset(&j->delta, 0, sizeof(j->delta));
	memset(&j->fault, 0, sizeof(j->fault));
	memset(&j->owners, 0, sizeof(j->owners));
	ws.db = w;
	ws.arena = a;
	ws.fault = &j->fault;
	/* a chunk has at most one area and class per row */
	ad = arena_alloc(a, sizeof(*ad) * j->count);
	rows = arena_alloc(a, sizeof(*rows) * j->count);
	if ((rc = dbc_begin(w))) {
		arena_free(a);
		return rc;
	}
	/* a person is named before only by another list with rows: most often there is none, and
	 * then no row needs the look-up */
	rc = db_list_others(w, j->b.id, &others);
	for (k = 0; k < j->count && rc == 0; k++) {
		const struct svc_list_row *fr = &j->f->rows[j->first + k];
		struct list_row *r = &rows[k];
		bool before = false;
		double t0;
		int c;

		row_from(a, j, fr, &j->v[k], r);
		if (r->person_id && others &&
		    db_list_named_before(w, r->person_id, j->b.id, &before) == 0 && before)
			j->delta.seen_before++;
		t0 = now_s();
		rc = lead(&ws, &j->b, r, &j->delta.tasks, &j->delta.registered, &j->owners);
		j->leads += now_s() - t0;
		if (rc)
			break;
		if ((c = class_index(r->cls)) >= 0)
			j->delta.n[c]++;
		j->delta.rows_done++;
		area_delta_add(ad, &nad, (int)j->count, count_area(a, r, &j->b), r->cls, 1);
	}
	if (rc == 0)
		rc = db_list_rows_insert(w, rows, (int)j->count);
	if (rc == 0)
		rc = db_list_add(w, j->b.id, &j->delta);
	for (i = 0; i < nad && rc == 0; i++)
		rc = db_list_area_add(w, j->b.id, ad[i].area, ad[i].cls, ad[i].n);
	if (rc == 0)
		rc = dbc_commit(w);
	else
		dbc_rollback(w);
	arena_free(a);
	return rc;
}

int
svc_list_match(struct svc *s, int64_t batch, const struct svc_list_file *f,
	       void (*progress)(void *arg, size_t done, size_t total), void *arg,
	       struct svc_list_times *times)
{
	/* shared with screenings, a chunk is short; alone, it is long (see CHUNK_ALONE) */
	size_t chunk = db_shares_commits(dbc_db(s->db)) ? CHUNK : CHUNK_ALONE;
	struct match_verdict *v = calloc(chunk, sizeof(*v));
	struct match_index *idx = NULL;
	struct match_seen *seen = NULL;
	struct svc_list_times tm = {0};
	struct registry *g = NULL;
	struct job j = {0};
	double t0 = now_s(), t1;
	size_t i, k;
	int rc;

	if (v == NULL)
		return ERR_NOMEM;
	if ((rc = db_list_get(s->db, s->arena, batch, &j.b)))
		goto out;
	if ((rc = index_scope(s, &g, &idx)))
		goto out;
	if ((seen = match_seen_new(f->n ? f->n : 1)) == NULL) {
		rc = ERR_NOMEM;
		goto out;
	}
	j.s = s;
	j.f = f;
	j.g = g;
	j.v = v;
	tm.index = now_s() - t0;
	for (i = 0; i < f->n && rc == 0; i += k) {
		j.first = i;
		j.count = f->n - i < chunk ? f->n - i : chunk;
		if (svc_list_stopping()) {
			rc = fault_set(s->fault, ERR_IO, "file", "服务已停止，比对未完成：请重新上传名单",
				       "the server stopped while matching: receive the file again");
			break;
		}
		t0 = now_s();
		k = j.count;
		rc = classify(idx, seen, &f->rows[i], j.count, classify_threads(s), v);
		t1 = now_s();
		tm.classify += t1 - t0;
		if (rc == 0 && (rc = db_batch(s->db, store, &j)) != 0 && j.fault.en[0])
			*s->fault = j.fault;
		tm.store += now_s() - t1;
		if (rc == 0 && progress)
			progress(arg, i + k, f->n);
	}
out:
	if (rc == 0)
		rc = db_list_set_status(s->db, batch, "done", "", (int64_t)f->n);
	else
		(void)db_list_set_status(s->db, batch, "failed",
					 s->fault->en[0] ? s->fault->en : err_en(rc), (int64_t)f->n);
	tm.leads = j.leads;
	if (times)
		*times = tm;
	match_seen_free(seen);
	match_index_free(idx);
	if (g)
		registry_free(g);
	free(g);
	free(v);
	return rc;
}

int
svc_list_recover(struct svc *s)
{
	int64_t *ids;
	int n, i, rc;

	if ((rc = db_list_unfinished(s->db, s->arena, &ids, &n)))
		return rc;
	for (i = 0; i < n && rc == 0; i++)
		rc = db_list_set_status(s->db, ids[i], "failed",
					"the server stopped while matching: receive the file again", 0);
	return rc;
}

/* ----- reading lists ----- */

/* visible: list b is the actor's (in scope) or above it (a town's list, for a village). */
static bool
visible(const struct svc *s, const struct list_batch *b)
{
	size_t n = strlen(b->scope);

	return svc_in_scope(s, b->area_code) || strncmp(s->scope, b->scope, n) == 0;
}

/* A village's actor sees the counts of their own rows, not the town's. */
static void
scope_counts(const struct svc *s, struct list_batch *b, const struct list_area_n *ar, int nar)
{
	int i, c;

	if (svc_in_scope(s, b->area_code))
		return;
	memset(b->n, 0, sizeof(b->n));
	b->rows_done = b->rows_total = 0;
	for (i = 0; i < nar; i++)
		if ((c = class_index(ar[i].cls)) >= 0) {
			b->n[c] += ar[i].n;
			b->rows_done += ar[i].n;
		}
	b->rows_total = b->rows_done;
	b->seen_before = b->tasks = b->registered = 0;
}

int
svc_list_get(struct svc *s, int64_t id, struct list_batch *ret, struct list_area_n **areas,
	     int *nareas)
{
	int rc;

	if (db_list_get(s->db, s->arena, id, ret) != 0 || !visible(s, ret))
		return fault_set(s->fault, ERR_NOTFOUND, "id", "名单不存在或不在您的辖区内",
				 "no such list in your area");
	if ((rc = db_list_area_counts(s->db, s->arena, id, s->scope, areas, nareas)))
		return rc;
	scope_counts(s, ret, *areas, *nareas);
	return 0;
}

int
svc_list_list(struct svc *s, int limit, int offset, struct list_batch **ret, int *ret_n,
	      int64_t *total)
{
	int rc, i;

	if ((rc = db_list_list(s->db, s->arena, s->scope, limit, offset, ret, ret_n, total)))
		return rc;
	for (i = 0; i < *ret_n; i++)
		if (!svc_in_scope(s, (*ret)[i].area_code)) {
			struct list_area_n *ar;
			int nar;

			if ((rc = db_list_area_counts(s->db, s->arena, (*ret)[i].id, s->scope, &ar, &nar)))
				return rc;
			scope_counts(s, &(*ret)[i], ar, nar);
		}
	return 0;
}

int
svc_list_rows(struct svc *s, int64_t id, const char *cls, const char *area, int after, int limit,
	      struct list_row **ret, int *ret_n)
{
	struct list_batch b;

	if (db_list_get(s->db, s->arena, id, &b) != 0 || !visible(s, &b))
		return fault_set(s->fault, ERR_NOTFOUND, "id", "名单不存在或不在您的辖区内",
				 "no such list in your area");
	if (cls && *cls && class_index(cls) < 0)
		return fault_set(s->fault, ERR_INVALID, "class",
				 "类别须是 already_watched、found、possible、not_found、refused 或 "
				 "duplicates_in_list",
				 "class must be already_watched, found, possible, not_found, refused or "
				 "duplicates_in_list");
	if (area && *area && (strlen(area) > 15 || strspn(area, "0123456789") != strlen(area)))
		return fault_set(s->fault, ERR_INVALID, "area_code", "区划代码须是数字",
				 "area_code must be digits");
	return db_list_rows(s->db, s->arena, id, s->scope, cls ? cls : "", area ? area : "", after,
			    limit, ret, ret_n);
}

int
svc_list_row(struct svc *s, int64_t id, int64_t row_id, struct list_row *ret)
{
	if (db_list_row_get(s->db, s->arena, row_id, ret) != 0 || ret->batch_id != id ||
	    !svc_in_scope(s, ret->area_code))
		return fault_set(s->fault, ERR_NOTFOUND, "row_id", "名单中没有这一行，或不在您的辖区内",
				 "no such row of the list in your area");
	return 0;
}

/* candidate: whether person_id is among the candidates "id:reason,..." of a possible row, and
 * the reason it was one for. */
static const char *
candidate(struct arena *a, const char *cands, int64_t person_id)
{
	const char *p = cands;

	while (p && *p) {
		char *end;
		long long id = strtoll(p, &end, 10);
		const char *comma;

		if (*end != ':')
			return NULL;
		comma = strchr(end, ',');
		if (id == person_id)
			return arena_strndup(a, end + 1, comma ? (size_t)(comma - end - 1) : strlen(end + 1));
		p = comma ? comma + 1 : NULL;
	}
	return NULL;
}

int
svc_list_decide(struct svc *s, int64_t id, int64_t row_id, int64_t person_id,
		struct list_row *ret)
{
	struct list_batch b, delta = {0};
	struct list_row r;
	const char *old, *reason = NULL;
	int64_t kp = 0;
	int rc;

	if ((rc = svc_list_row(s, id, row_id, &r)))
		return rc;
	if (!(s->perms & PERM_PERSON_WRITE))
		return fault_set(s->fault, ERR_DENIED, "person_id", "您的角色不能核实名单",
				 "your role cannot decide a list's rows");
	if (strcmp(r.cls, "possible") != 0)
		return fault_setf(s->fault, ERR_CONFLICT, "class", "这一行不是“疑似匹配”（现为 %s）",
				  "this row is not a possible match (it is %s)", r.cls);
	if (person_id && (reason = candidate(s->arena, r.candidates, person_id)) == NULL)
		return fault_set(s->fault, ERR_INVALID, "person_id", "此人不是这一行的候选人",
				 "that person is not one of this row's candidates");
	if ((rc = db_list_get(s->db, s->arena, id, &b)))
		return rc;
	old = r.cls;
	r.decided_by = svc_user_id(s);
	r.decided_at = clock_now();
	if (person_id) {
		struct person p;

		if (db_person_get(s->db, s->arena, person_id, &p) != 0 || !svc_in_scope(s, p.area_code))
			return fault_set(s->fault, ERR_INVALID, "person_id", "人员不存在或不在您的辖区内",
					 "no such person in your area");
		r.person_id = person_id;
		r.person_name = p.name;
		r.area_code = p.area_code;
		r.reason = (char *)reason;
		r.decision = "confirmed";
		r.cls = db_kp_active_of_person(s->db, person_id, &kp) == 0 ? "already_watched" : "found";
		r.key_person_id = kp;
		if ((rc = lead(s, &b, &r, &delta.tasks, &delta.registered, NULL)))
			return rc;
	} else {
		r.cls = "not_found";
		r.reason = "rejected";
		r.decision = "rejected";
	}
	delta.n[class_index(old)]--;
	delta.n[class_index(r.cls)]++;
	if ((rc = db_list_row_decide(s->db, &r)) || (rc = db_list_add(s->db, id, &delta)) ||
	    (rc = db_list_area_add(s->db, id, b.area_code, old, -1)) ||
	    (rc = db_list_area_add(s->db, id, count_area(s->arena, &r, &b), r.cls, 1)) ||
	    (rc = svc_audit(s, person_id ? "confirm" : "reject", "list_row", r.id, r.area_code,
			    arena_printf(s->arena, "%s 第 %d 行", b.name, r.line))))
		return rc;
	return svc_list_row(s, id, row_id, ret);
}

/* ----- shared with svc_list_act.c (svc_list_internal.h) ----- */

int
svc_list_class_index(const char *cls)
{
	return class_index(cls);
}

const char *
svc_list_count_area(struct arena *a, const struct list_row *r, const struct list_batch *b)
{
	return count_area(a, r, b);
}

int64_t
svc_list_owner(struct svc *s, const char *area)
{
	return task_owner(s, area, NULL);
}

const char *
svc_list_words(struct svc *s, const struct list_batch *b, const struct list_row *r)
{
	return list_words(s, b, r);
}
