/* test_spool.c: the spool of big bodies on a real directory: made private, swept of a crash's
 * temp files, written with no name in it, mapped with the NUL after the body, kept under a name
 * that outlives the request, and a failed write leaving nothing behind. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "http.h"
#include "t.h"

static char base[] = "/tmp/fangyi-test-spool-XXXXXX";
static char dir[256];

/* how many names d holds, "." and ".." left out */
static int
count_entries(const char *d)
{
	DIR *h = opendir(d);
	struct dirent *e;
	int n = 0;

	if (h == NULL)
		return -1;
	while ((e = readdir(h)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(h);
	return n;
}

static void
put_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (fp != NULL) {
		fputs(text, fp);
		fclose(fp);
	}
}

static bool
exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* A new spool is 0700 with lists/ in it; a wider one is narrowed; a crash's temp files go,
 * in the spool and one level below, and nothing else does. */
static void
test_prepare(void)
{
	struct fault f = {0};
	struct stat st;
	char p[512];

	T_EQ_INT(spool_prepare(dir, &f), 0);
	T_ASSERT(stat(dir, &st) == 0 && (st.st_mode & 0777) == 0700);
	snprintf(p, sizeof(p), "%s/lists", dir);
	T_ASSERT(stat(p, &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 0777) == 0700);

	chmod(dir, 0755);
	snprintf(p, sizeof(p), "%s/.upload-abc123", dir);
	put_file(p, "left by a crash");
	snprintf(p, sizeof(p), "%s/lists/.upload-def456", dir);
	put_file(p, "left by a crash while keeping");
	snprintf(p, sizeof(p), "%s/lists/list-1.csv", dir);
	put_file(p, "a kept list");
	T_EQ_INT(spool_prepare(dir, &f), 0);
	T_ASSERT(stat(dir, &st) == 0 && (st.st_mode & 0777) == 0700);
	snprintf(p, sizeof(p), "%s/.upload-abc123", dir);
	T_ASSERT(!exists(p));
	snprintf(p, sizeof(p), "%s/lists/.upload-def456", dir);
	T_ASSERT(!exists(p));
	snprintf(p, sizeof(p), "%s/lists/list-1.csv", dir);
	T_ASSERT(exists(p));
	unlink(p);

	/* a path that cannot be a directory: the fault names --spool */
	snprintf(p, sizeof(p), "%s/lists/nope/deeper", dir);
	T_EQ_INT(spool_prepare(p, &f), ERR_IO);
	T_EQ_STR(f.field, "--spool");
}

/* Written in chunks with no name in the directory, mapped as one NUL-terminated body, gone
 * when closed.  n bytes, a multiple of the page size or not. */
static void
check_body(size_t n)
{
	struct spool sp = {.fd = -1};
	char *want = malloc(n + 1);
	size_t i, off;

	for (i = 0; i < n; i++)
		want[i] = (char)('a' + i % 26);
	T_EQ_INT(spool_open(&sp, dir), 0);
	T_ASSERT(sp.fd >= 0);
	for (off = 0; off < n; off += 1000)
		T_EQ_INT(spool_write(&sp, want + off, n - off < 1000 ? n - off : 1000), 0);
	T_EQ_INT(count_entries(dir), 1); /* lists/ only: the upload has no name */
	T_EQ_INT(spool_map(&sp), 0);
	T_EQ_INT(sp.len, n);
	T_ASSERT(sp.map != NULL && memcmp(sp.map, want, n) == 0);
	T_EQ_INT(sp.map[n], '\0');
	T_EQ_INT(strlen(sp.map), n);
	spool_close(&sp);
	T_EQ_INT(sp.fd, -1);
	T_ASSERT(sp.map == NULL);
	T_EQ_INT(count_entries(dir), 1);
	free(want);
}

static void
test_body(void)
{
	long page = sysconf(_SC_PAGESIZE);

	check_body(10);
	check_body((size_t)page);     /* the NUL is the reserved page after the file */
	check_body((size_t)page * 3); /* likewise, several pages */
	check_body((size_t)page * 3 + 7);
}

/* Kept under lists/: the file outlives the request with exactly the body (no NUL added),
 * 0600; a second keep under the same name is a conflict. */
static void
test_keep(void)
{
	struct spool sp = {.fd = -1};
	struct fault f = {0};
	static const char body[] = "姓名,身份证号\n张三,430304199001011234\n";
	char path[512], got[128] = {0};
	struct stat st;
	int fd;

	snprintf(path, sizeof(path), "%s/lists/list-7.csv", dir);
	T_EQ_INT(spool_open(&sp, dir), 0);
	T_EQ_INT(spool_write(&sp, body, strlen(body)), 0);
	T_EQ_INT(spool_map(&sp), 0);
	T_EQ_INT(spool_keep(&sp, path, &f), 0);
	T_EQ_INT(spool_keep(&sp, path, &f), ERR_CONFLICT);
	T_EQ_STR(f.field, "file");
	T_ASSERT(f.zh[0] != '\0' && f.en[0] != '\0');
	spool_close(&sp);
	T_ASSERT(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
	T_EQ_INT(st.st_size, strlen(body));
	if ((fd = open(path, O_RDONLY)) >= 0) {
		T_EQ_INT(read(fd, got, sizeof(got) - 1), strlen(body));
		close(fd);
	}
	T_EQ_STR(got, body);
	/* a name in a directory that does not exist: an error, and no temp file anywhere */
	snprintf(path, sizeof(path), "%s/missing/list-8.csv", dir);
	T_EQ_INT(spool_open(&sp, dir), 0);
	T_EQ_INT(spool_write(&sp, body, strlen(body)), 0);
	T_EQ_INT(spool_keep(&sp, path, &f), ERR_IO);
	spool_close(&sp);
	T_EQ_INT(count_entries(dir), 1);
	snprintf(path, sizeof(path), "%s/lists", dir);
	T_EQ_INT(count_entries(path), 1); /* list-7.csv only */
}

/* A write the file system refuses (here the file-size limit standing in for a full disk) fails
 * with its errno, closes the file (nothing left), and every later write fails too. */
static void
test_write_fails(void)
{
	struct rlimit old, small = {.rlim_cur = 64 * 1024, .rlim_max = RLIM_INFINITY};
	struct spool sp = {.fd = -1};
	static char chunk[16 * 1024];

	getrlimit(RLIMIT_FSIZE, &old);
	small.rlim_max = old.rlim_max;
	signal(SIGXFSZ, SIG_IGN);
	T_EQ_INT(spool_open(&sp, dir), 0);
	T_EQ_INT(setrlimit(RLIMIT_FSIZE, &small), 0);
	for (int i = 0; i < 4; i++)
		T_EQ_INT(spool_write(&sp, chunk, sizeof(chunk)), 0);
	T_EQ_INT(spool_write(&sp, chunk, sizeof(chunk)), ERR_IO);
	setrlimit(RLIMIT_FSIZE, &old);
	T_EQ_INT(sp.err, EFBIG);
	T_EQ_INT(sp.fd, -1);
	T_EQ_INT(spool_write(&sp, chunk, 1), ERR_IO);
	T_EQ_INT(spool_map(&sp), ERR_IO);
	T_EQ_INT(sp.err, EFBIG); /* the first failure is the one answered */
	spool_close(&sp);
	T_EQ_INT(count_entries(dir), 1);

	/* a spool directory gone: opening fails with why */
	T_EQ_INT(spool_open(&sp, "/nonexistent/fangyi-spool"), ERR_IO);
	T_EQ_INT(sp.err, ENOENT);
	spool_close(&sp);
}

/* The 503 of a failed upload: a full disk says so, in both languages. */
static void
test_answer(void)
{
	struct resp rs = {0};
	json_t *e;

	resp_spool_failed(&rs, ENOSPC);
	T_EQ_INT(rs.status, 503);
	e = json_object_get(rs.json, "error");
	T_EQ_STR(json_string_value(json_object_get(e, "code")), "disk_full");
	T_EQ_STR(json_string_value(json_object_get(e, "field")), "file");
	T_ASSERT(strstr(json_string_value(json_object_get(e, "message")), "磁盘已满") != NULL);
	T_ASSERT(strstr(json_string_value(json_object_get(e, "message_en")), "disk is full") != NULL);
	json_decref(rs.json);
	rs = (struct resp){0};
	resp_spool_failed(&rs, EIO);
	T_EQ_INT(rs.status, 503);
	e = json_object_get(rs.json, "error");
	T_EQ_STR(json_string_value(json_object_get(e, "code")), "storage");
	json_decref(rs.json);
}

int
main(void)
{
	char lists[300];

	if (mkdtemp(base) == NULL)
		return 1;
	snprintf(dir, sizeof(dir), "%s/spool", base);
	T_RUN(test_prepare);
	T_RUN(test_body);
	T_RUN(test_keep);
	T_RUN(test_write_fails);
	T_RUN(test_answer);
	snprintf(lists, sizeof(lists), "%s/lists/list-7.csv", dir);
	unlink(lists);
	snprintf(lists, sizeof(lists), "%s/lists", dir);
	rmdir(lists);
	rmdir(dir);
	rmdir(base);
	return T_DONE();
}
