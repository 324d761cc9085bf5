/* cmd_user.c: fangyi user add|passwd|list|disable|enable. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "arena.h"
#include "cli.h"
#include "db_registry.h"
#include "http.h"
#include "db_monitor.h"
#include "svc_registry.h"

/* Read a password from stdin (one line) or, on a terminal, twice without echo. */
static int
read_password(bool from_stdin, char *buf, size_t n)
{
	struct termios old, quiet;
	char again[300];
	bool tty = !from_stdin && isatty(STDIN_FILENO);

	if (!from_stdin && !tty) {
		fprintf(stderr, "fangyi user: no terminal to ask for the password: use --password-stdin\n");
		return -1;
	}
	if (tty) {
		fputs("password (at least 10 characters): ", stderr);
		tcgetattr(STDIN_FILENO, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
	}
	if (fgets(buf, (int)n, stdin) == NULL)
		buf[0] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	if (tty) {
		fputs("\nagain: ", stderr);
		if (fgets(again, sizeof(again), stdin) == NULL)
			again[0] = '\0';
		again[strcspn(again, "\r\n")] = '\0';
		tcsetattr(STDIN_FILENO, TCSANOW, &old);
		fputc('\n', stderr);
		if (strcmp(buf, again) != 0) {
			fprintf(stderr, "fangyi user: the two passwords differ\n");
			return -1;
		}
	}
	return 0;
}

/*
 * The context of the account commands: the command line administers every area of the database,
 * and its audit rows are signed "cli", as they always were.
 */
static struct svc *
account_svc(struct svc *s, struct dbc *dc, struct arena *a, struct fault *f)
{
	static struct user cli = {.username = (char *)"cli"};

	svc_local(s, dc, a, f);
	s->user = &cli;
	s->scope = "";
	return s;
}

/* One account operation in its own transaction; hash (malloc'd, may be NULL) is freed. */
static int
run(struct svc *s, int (*op)(struct svc *, const struct user_input *, struct user *),
    struct user_input *in, char *hash, struct user *ret)
{
	int rc;

	in->pwhash = hash ? arena_strdup(s->arena, hash) : NULL;
	free(hash);
	if ((rc = dbc_begin(s->db)) || (rc = op(s, in, ret)) || (rc = dbc_commit(s->db)))
		dbc_rollback(s->db);
	return rc;
}

static int
user_add(struct cli *c, struct dbc *dc, struct arena *a)
{
	const char *name = cli_next(c), *role = cli_take(c, "--role"), *area = cli_take(c, "--area");
	const char *display = cli_take(c, "--display-name"), *phone = cli_take(c, "--phone");
	bool from_stdin = cli_flag(c, "--password-stdin");
	struct user_input in = {.username = name, .role = role, .display_name = display,
				.phone = phone, .disabled = -1};
	struct fault f = {0};
	struct area ar;
	struct svc s;
	struct user u;
	char pw[300], *hash = NULL;
	int rc;

	if ((rc = cli_done(c, "user add")))
		return rc;
	if (name == NULL || role == NULL || area == NULL)
		return cli_fail("user add", "usage: fangyi user add NAME --role ROLE --area AREA [--password-stdin]");
	/* the area by its code or its name, as an administrator types it */
	if ((rc = db_area_find(dc, a, area, &ar, &f)))
		return cli_fail("user add", "%s / %s", f.en, f.zh);
	in.area_code = ar.code;
	/* a wrong role or name is said before the password is asked for */
	if (svc_user_check(account_svc(&s, dc, a, &f), &in))
		return cli_fail("user add", "%s / %s", f.en, f.zh);
	if (read_password(from_stdin, pw, sizeof(pw)))
		return 1;
	if ((rc = auth_password_hash(pw, &hash, &f)))
		return cli_fail("user add", "%s / %s", f.en, f.zh);
	if ((rc = run(account_svc(&s, dc, a, &f), svc_user_create, &in, hash, &u)))
		return cli_fail("user add", "%s / %s", f.en[0] ? f.en : err_en(rc),
				f.zh[0] ? f.zh : err_zh(rc));
	printf("fangyi: user %s (%s) added at %s %s\n", u.username, u.role, ar.code, ar.name);
	return 0;
}

static int
user_passwd(struct cli *c, struct dbc *dc, struct arena *a)
{
	const char *name = cli_next(c);
	bool from_stdin = cli_flag(c, "--password-stdin");
	struct user_input in = {.disabled = -1};
	struct fault f = {0};
	struct svc s;
	struct user u;
	char pw[300], *hash = NULL;
	int rc;

	if ((rc = cli_done(c, "user passwd")))
		return rc;
	if (name == NULL)
		return cli_fail("user passwd", "usage: fangyi user passwd NAME [--password-stdin]");
	if (db_user_get_by_name(dc, a, name, &u))
		return cli_fail("user passwd", "no user named '%s' (see 'fangyi user list')", name);
	in.id = u.id;
	if (read_password(from_stdin, pw, sizeof(pw)))
		return 1;
	if ((rc = auth_password_hash(pw, &hash, &f)))
		return cli_fail("user passwd", "%s / %s", f.en, f.zh);
	if ((rc = run(account_svc(&s, dc, a, &f), svc_user_update, &in, hash, &u)))
		return cli_fail("user passwd", "%s", err_en(rc));
	printf("fangyi: password of %s changed; their sessions ended\n", name);
	return 0;
}

static int
user_list(struct cli *c, struct dbc *dc, struct arena *a)
{
	struct user *v;
	int n, i, rc;
	int64_t total;

	if ((rc = cli_done(c, "user list")))
		return rc;
	if ((rc = db_user_list(dc, a, "", 10000, 0, &v, &n, &total)))
		return cli_fail("user list", "%s", err_en(rc));
	for (i = 0; i < n; i++)
		printf("%-16s %-10s %-16s %s%s\n", v[i].username, v[i].role, v[i].area_code,
		       v[i].area_name, v[i].disabled ? "  (disabled)" : "");
	return 0;
}

static int
user_disable(struct cli *c, struct dbc *dc, struct arena *a, bool disable)
{
	const char *name = cli_next(c);
	struct user_input in = {.disabled = disable};
	struct fault f = {0};
	struct svc s;
	struct user u;
	int rc;

	if ((rc = cli_done(c, "user disable")))
		return rc;
	if (name == NULL)
		return cli_fail("user disable", "name the user");
	if (db_user_get_by_name(dc, a, name, &u))
		return cli_fail("user disable", "no user named '%s' (see 'fangyi user list')", name);
	in.id = u.id;
	if ((rc = run(account_svc(&s, dc, a, &f), svc_user_update, &in, NULL, &u)))
		return cli_fail("user disable", "%s", err_en(rc));
	printf("fangyi: user %s %s\n", name, disable ? "disabled; their sessions ended" : "enabled");
	return 0;
}

int
cmd_user(struct cli *c)
{
	const char *sub = cli_next(c);
	struct db *db;
	struct dbc *dc;
	struct arena *a;
	int rc;

	if (sub == NULL)
		return cli_fail("user", "usage: fangyi user add|passwd|list|disable|enable ...");
	if (strcmp(sub, "add") && strcmp(sub, "passwd") && strcmp(sub, "list") &&
	    strcmp(sub, "disable") && strcmp(sub, "enable"))
		return cli_fail("user", "unknown action '%s': add, passwd, list, disable or enable", sub);
	if (cli_open_db(c, 1, &db))
		return 1;
	dc = db_acquire(db);
	a = arena_new();
	if (strcmp(sub, "add") == 0)
		rc = user_add(c, dc, a);
	else if (strcmp(sub, "passwd") == 0)
		rc = user_passwd(c, dc, a);
	else if (strcmp(sub, "list") == 0)
		rc = user_list(c, dc, a);
	else
		rc = user_disable(c, dc, a, strcmp(sub, "disable") == 0);
	arena_free(a);
	db_release(dc);
	db_close(db);
	return rc;
}
