/* cmd_serve.c: fangyi serve: open the database and answer HTTP until SIGINT/SIGTERM. */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api.h"
#include "arena.h"
#include "cli.h"
#include "svc_backup.h"
#include "svc_list.h"
#include "db_registry.h"
#include "http.h"
#include "log.h"

/* Where the built UI is when nobody says: next to the binary's source tree. */
static const char *
find_web(void)
{
	static const char *const tries[] = {"web/dist", "../web/dist", "/usr/share/fangyi/web", NULL};
	struct stat st;
	int i;

	for (i = 0; tries[i]; i++)
		if (stat(tries[i], &st) == 0 && S_ISDIR(st.st_mode))
			return tries[i];
	return NULL;
}

/*
 * Where uploads are spooled when nobody says (--spool, FANGYI_SPOOL).  With
 * SQLite, beside the database, on its disk: <db>.spool/, which lives as
 * long as the town's data and keeps the lists a job reads after the
 * request.  With PostgreSQL the server has no directory of its own: a
 * per-process one in $TMPDIR (or /tmp), fangyi-spool.<pid>, so that the
 * district's servers sharing a machine never sweep each other's files;
 * removed at a clean stop when nothing was kept in it.  Malloc'd.
 */
static char *
default_spool(const char *db, bool pg)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = NULL;

	if (pg) {
		if (asprintf(&dir, "%s/fangyi-spool.%ld", tmp && *tmp ? tmp : "/tmp",
			     (long)getpid()) < 0)
			return NULL;
		return dir;
	}
	if (strncmp(db, "sqlite:", 7) == 0)
		db += 7;
	return asprintf(&dir, "%s.spool", db) < 0 ? NULL : dir;
}

/* remove_if_empty: a per-process spool leaves nothing behind at a clean stop, unless a handler
 * kept a file in it. */
static void
remove_if_empty(const char *dir)
{
	char lists[4096];

	snprintf(lists, sizeof(lists), "%s/lists", dir);
	if ((rmdir(lists) == 0 || errno == ENOENT) && rmdir(dir) != 0 && errno != ENOTEMPTY)
		log_warn("spool: cannot remove %s: %s", dir, strerror(errno));
}

/*
 * The token of /metrics, read from a file so that it is not on the command line for `ps` to
 * show: its first line, without the line break.  A short or missing token stops the server:
 * a guessable one would open the page to the world.  Malloc'd; NULL after a message.
 */
#define METRICS_TOKEN_MIN 16

static char *
metrics_token(const char *file)
{
	size_t n;
	char *t = cli_slurp(file, &n);

	if (t == NULL) {
		cli_fail("serve", "--metrics-token-file %s cannot be read: %s / 无法读取 /metrics 的令牌文件",
			 file, strerror(errno));
		return NULL;
	}
	t[strcspn(t, "\r\n")] = '\0';
	if (strlen(t) < METRICS_TOKEN_MIN || strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstu"
					      "vwxyz0123456789-._~+/=") != strlen(t)) {
		cli_fail("serve", "--metrics-token-file %s: the token should be at least %d letters, "
			 "digits or -._~+/= on its first line (e.g. openssl rand -hex 32) / "
			 "令牌应至少 %d 个字母或数字，写在文件第一行",
			 file, METRICS_TOKEN_MIN, METRICS_TOKEN_MIN);
		free(t);
		return NULL;
	}
	return t;
}

/*
 * --backup-every HOURS (a decimal number; 0: no backups; "90s" or "5m" for tests) and
 * --backup-keep DAYS, or FANGYI_BACKUP_EVERY and FANGYI_BACKUP_KEEP; 24 hours and 14 days
 * when nobody says.  0, or the exit status of a refusal.
 */
static int
backup_opts(const char *every, const char *keep, struct svc_backup_opts *ret)
{
	char *end;
	double v;
	long k;

	every = every ? every : getenv("FANGYI_BACKUP_EVERY");
	keep = keep ? keep : getenv("FANGYI_BACKUP_KEEP");
	ret->every = 24 * 3600;
	ret->keep_days = 14;
	if (every && *every) {
		v = strtod(every, &end);
		if (end == every || v < 0 || v > 24 * 365 ||
		    (*end != '\0' && strcmp(end, "s") != 0 && strcmp(end, "m") != 0))
			return cli_fail("serve", "--backup-every is a number of hours (e.g. 24, or 0 for no "
					"backups), not '%s' / 备份间隔应为小时数", every);
		ret->every = (int64_t)(v * (*end == 's' ? 1 : *end == 'm' ? 60 : 3600));
		if (v > 0 && ret->every < 1)
			ret->every = 1;
	}
	if (keep && *keep) {
		k = strtol(keep, &end, 10);
		if (end == keep || *end != '\0' || k < 1 || k > 3650)
			return cli_fail("serve", "--backup-keep is a number of days from 1 to 3650, not "
					"'%s' / 备份保留天数应为 1 到 3650", keep);
		ret->keep_days = (int)k;
	}
	return 0;
}

/* The backups' directory when nobody says: "backups" beside the SQLite file.  Malloc'd. */
static char *
default_backups(const char *db)
{
	const char *slash = db ? strrchr(db, '/') : NULL;
	char *dir = NULL;

	if (db == NULL)
		return NULL;
	if (slash == NULL)
		return strdup("backups");
	return asprintf(&dir, "%.*s/backups", (int)(slash - db), db) < 0 ? NULL : dir;
}

static void
backup_said(bool ok, const char *text)
{
	if (ok)
		log_info("%s", text);
	else
		log_err("%s", text);
}

int
cmd_serve(struct cli *c)
{
	struct app app = {0};
	const char *threads = cli_take(c, "--threads"), *web = cli_take(c, "--web");
	const char *public_url = cli_take(c, "--public-url"), *proxies = cli_take(c, "--trusted-proxy");
	const char *spool = cli_take(c, "--spool");
	const char *log_format = cli_take(c, "--log-format");
	const char *token_file = cli_take(c, "--metrics-token-file");
	const char *bk_dir = cli_take(c, "--backup-dir"), *bk_every = cli_take(c, "--backup-every");
	const char *bk_keep = cli_take(c, "--backup-keep");
	struct svc_backup_opts bk = {0};
	char *bk_default = NULL;
	char *token = NULL;
	char *spool_dir = NULL;
	bool per_process;
	struct arena *a;
	struct dbc *dc;
	struct fault f = {0};
	char *code = NULL, *name = NULL;
	int rc;

	if ((rc = cli_done(c, "serve")))
		return rc;
	if (router_check(api_routes()) != 0)
		return 1;
	log_format = log_format ? log_format : getenv("FANGYI_LOG_FORMAT");
	if (log_format && *log_format && strcmp(log_format, "text") != 0) {
		if (strcmp(log_format, "json") != 0)
			return cli_fail("serve", "--log-format is text or json, not '%s'", log_format);
		log_set_format(LOG_JSON);
	}
	if ((rc = backup_opts(bk_every, bk_keep, &bk)) != 0)
		return rc;
	if (token_file && (token = metrics_token(token_file)) == NULL)
		return 1;
	app.metrics_token = token;
	/*
	 * Behind a reverse proxy that ends TLS, fangyi sees plain HTTP from
	 * the proxy: --public-url says how the town reaches it (an https://
	 * one makes the session cookie Secure), and --trusted-proxy which
	 * peers may name the client and the scheme in X-Forwarded-For and
	 * X-Forwarded-Proto.  Nobody else's forwarding headers are believed.
	 */
	public_url = public_url ? public_url : getenv("FANGYI_PUBLIC_URL");
	proxies = proxies ? proxies : getenv("FANGYI_TRUSTED_PROXY");
	if (public_url && *public_url) {
		if (strncmp(public_url, "https://", 8) == 0 && public_url[8] != '\0')
			app.https = true;
		else if (strncmp(public_url, "http://", 7) != 0 || public_url[7] == '\0')
			return cli_fail("serve", "--public-url must start with https:// or http:// "
					"(e.g. https://fangyi.example.cn/), not '%s'", public_url);
	}
	if (proxies && *proxies &&
	    server_proxies_parse(proxies, &app.proxies, &app.nproxies, &f) != 0)
		return cli_fail("serve", "%s\n        %s", f.en, f.zh);
	/*
	 * Request threads, each with its own connection.  A hot write
	 * (screening, check-in) holds no thread while it waits for its commit,
	 * but other writes queue for the shared transaction and wait there, and
	 * exports and long lists read for a while: 16 keeps the rest of the
	 * server answering meanwhile (the screening bench measures 4 and 8 a
	 * little cheaper per request than 16).  PostgreSQL servers of a
	 * district share the server's connection limit, so they take fewer.
	 */
	app.threads = threads ? atoi(threads) : strncmp(c->db, "postgres", 8) == 0 ? 8 : 16;
	if (app.threads < 1 || app.threads > 64)
		return cli_fail("serve", "--threads must be 1 to 64");
	app.web_root = web ? web : find_web();
	if (app.web_root == NULL)
		log_warn("no built web UI found (web/dist): serving the API only; run 'make web'");
	if (cli_open_db(c, app.threads, &app.db))
		return 1;
	spool = spool ? spool : getenv("FANGYI_SPOOL");
	per_process = !(spool && *spool) && strcmp(db_backend_name(app.db), "postgresql") == 0;
	spool_dir = spool && *spool ? strdup(spool) : default_spool(c->db, per_process);
	if (spool_dir == NULL || spool_prepare(spool_dir, &f) != 0) {
		db_close(app.db);
		free(spool_dir);
		return cli_fail("serve", "%s (--spool DIR or FANGYI_SPOOL)\n        %s",
				f.en[0] ? f.en : "out of memory", f.zh);
	}
	app.spool_dir = spool_dir;
	a = arena_new();
	dc = db_acquire(app.db);
	db_setting_get(dc, a, "town_code", &code);
	db_setting_get(dc, a, "town_name", &name);
	{
		/* a list a stopped server was matching is failed, to be received again */
		struct svc s;

		svc_local(&s, dc, a, &f);
		if (svc_list_recover(&s) != 0)
			log_warn("could not mark the lists left matching as failed");
	}
	db_release(dc);
	if (code == NULL)
		log_warn("the database has no town yet: run 'fangyi init' or 'fangyi demo'");
	app.town_code = code;
	app.town_name = name;
	/* the server backs a SQLite file up by itself; PostgreSQL has its own backups */
	if (strcmp(db_backend_name(app.db), "postgresql") == 0) {
		svc_backup_note("postgresql");
	} else if (bk.every > 0) {
		bk_dir = bk_dir ? bk_dir : getenv("FANGYI_BACKUP_DIR");
		bk.dir = bk_dir && *bk_dir ? bk_dir : (bk_default = default_backups(db_file(app.db)));
		bk.say = backup_said;
		if (bk.dir == NULL || svc_backup_start(app.db, &bk) != 0)
			log_err("backups: the backup thread could not start");
		else
			log_info("backups every %.4g hours into %s, kept %d days", (double)bk.every / 3600,
				 bk.dir, bk.keep_days);
	}
	rc = server_run(&app, api_routes(), c->listen);
	svc_backup_stop(); /* a backup being written is finished first */
	/* lists being matched stop at their next chunk, marked failed, before the database closes */
	svc_list_stop();
	{
		uint64_t commits, txs;

		db_group_stats(app.db, &commits, &txs);
		if (commits)
			log_info("group commit: %llu write transactions in %llu commits",
				 (unsigned long long)txs, (unsigned long long)commits);
	}
	db_close(app.db);
	if (per_process)
		remove_if_empty(spool_dir);
	free(spool_dir);
	free(bk_default);
	free(app.proxies);
	if (token)
		sodium_memzero(token, strlen(token));
	free(token);
	arena_free(a);
	return rc ? 1 : 0;
}
