/* spool.c: big request bodies written to disk as they arrive, mapped for the handler, kept or
 * dropped.  server.c feeds it; a handler keeps a body through req_upload_keep. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http.h"
#include "log.h"

/*
 * The spool.  A big body goes to disk as it arrives, so a city's list
 * (100+ MB) costs the server one chunk of memory, not the list twice over;
 * the handler reads it mapped, as the pages the kernel caches.  Temp names
 * exist only on a file system without O_TMPFILE, for the instant between
 * mkostemp and unlink, or while spool_keep copies: a crash there leaves a
 * ".upload-" file, which spool_prepare removes at the next start.
 */
#define SPOOL_TEMP ".upload-"

static void
sweep(int dfd, int depth)
{
	DIR *d = fdopendir(dfd);
	struct dirent *e;

	if (d == NULL) {
		close(dfd);
		return;
	}
	while ((e = readdir(d)) != NULL) {
		struct stat st;
		int sub;

		if (e->d_name[0] == '.' && (e->d_name[1] == '\0' || strcmp(e->d_name, "..") == 0))
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (S_ISREG(st.st_mode) && strncmp(e->d_name, SPOOL_TEMP, strlen(SPOOL_TEMP)) == 0)
			unlinkat(dirfd(d), e->d_name, 0);
		else if (S_ISDIR(st.st_mode) && depth > 0 &&
		         (sub = openat(dirfd(d), e->d_name,
		                       O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) >= 0)
			sweep(sub, depth - 1);
	}
	closedir(d);
}

int
spool_prepare(const char *dir, struct fault *f)
{
	struct stat st;
	int dfd;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return fault_setf(f, ERR_IO, "--spool", "无法创建上传暂存目录 %s：%s",
		                  "cannot create the spool directory %s: %s", dir, strerror(errno));
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 || fstat(dfd, &st) != 0) {
		fault_setf(f, ERR_IO, "--spool", "无法打开上传暂存目录 %s：%s",
		           "cannot open the spool directory %s: %s", dir, strerror(errno));
		if (dfd >= 0)
			close(dfd);
		return ERR_IO;
	}
	/* residents' lists wait here: nobody else may own the directory or read it */
	if (st.st_uid != geteuid()) {
		close(dfd);
		return fault_setf(
		    f, ERR_IO, "--spool", "上传暂存目录 %s 属于另一个用户，请换一个目录",
		    "the spool directory %s belongs to another user: choose another", dir);
	}
	if ((st.st_mode & 077) != 0 && fchmod(dfd, 0700) != 0) {
		fault_setf(f, ERR_IO, "--spool", "无法把上传暂存目录 %s 设为仅本用户可读写：%s",
		           "cannot make the spool directory %s private (0700): %s", dir,
		           strerror(errno));
		close(dfd);
		return ERR_IO;
	}
	/* where handlers keep the lists a job reads after the request (req_upload_keep) */
	if (mkdirat(dfd, "lists", 0700) != 0 && errno != EEXIST) {
		fault_setf(f, ERR_IO, "--spool", "无法在上传暂存目录 %s 中创建 lists 目录：%s",
		           "cannot create lists/ in the spool directory %s: %s", dir,
		           strerror(errno));
		close(dfd);
		return ERR_IO;
	}
	sweep(dfd, 1);
	return 0;
}

static int
spool_fail(struct spool *sp, int errnum)
{
	if (sp->err == 0)
		sp->err = errnum ? errnum : EIO;
	if (sp->fd >= 0)
		close(sp->fd); /* unnamed: the file and its blocks go with it */
	sp->fd = -1;
	return ERR_IO;
}

int
spool_open(struct spool *sp, const char *dir)
{
	char path[4096];

	*sp = (struct spool){.fd = -1};
	if ((sp->fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600)) >= 0) {
		sp->linkable = true;
		return 0;
	}
	if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
		return spool_fail(sp, errno);
	/* a file system without O_TMPFILE: a name for an instant */
	if ((size_t)snprintf(path, sizeof(path), "%s/" SPOOL_TEMP "XXXXXX", dir) >= sizeof(path))
		return spool_fail(sp, ENAMETOOLONG);
	if ((sp->fd = mkostemp(path, O_CLOEXEC)) < 0)
		return spool_fail(sp, errno);
	unlink(path);
	return 0;
}

int
spool_write(struct spool *sp, const char *data, size_t n)
{
	while (n > 0) {
		ssize_t w;

		if (sp->fd < 0)
			return spool_fail(sp, EBADF);
		if ((w = write(sp->fd, data, n)) < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return spool_fail(sp, w < 0 ? errno : ENOSPC);
		data += w;
		n -= (size_t)w;
		sp->len += (size_t)w;
	}
	return 0;
}

int
spool_map(struct spool *sp)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	char *p;

	if (sp->fd < 0)
		return spool_fail(sp, EBADF);
	/*
	 * Zeros reserved first, the file mapped over their start: the byte
	 * after the body is the zero tail of the file's last page, or the
	 * reserved page after it when the body fills its pages, so r->body is
	 * NUL-terminated while the file holds exactly what was sent.
	 */
	sp->maplen = (sp->len / page + 1) * page;
	p = mmap(NULL, sp->maplen, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return spool_fail(sp, errno);
	if (sp->len > 0 &&
	    mmap(p, sp->len, PROT_READ, MAP_PRIVATE | MAP_FIXED, sp->fd, 0) == MAP_FAILED) {
		int e = errno;

		munmap(p, sp->maplen);
		return spool_fail(sp, e);
	}
	madvise(p, sp->len, MADV_SEQUENTIAL); /* the importers read it once, in order */
	sp->map = p;
	return 0;
}

/* fsync_dir makes the new name of a file in path's directory durable. */
static int
fsync_dir(const char *path)
{
	char copy[4096];
	int fd, rc;

	snprintf(copy, sizeof(copy), "%s", path);
	if ((fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* keep_copy writes the spooled file to a temp name beside path, then links it to path: the
 * way to keep a file that has no O_TMPFILE to link, or that lies on another file system. */
static int
keep_copy(struct spool *sp, const char *path)
{
	char tmp[4096], chunk[16384];
	off_t off = 0;
	int out, e = 0;

	snprintf(tmp, sizeof(tmp), "%s", path);
	if ((size_t)snprintf(tmp, sizeof(tmp), "%s/" SPOOL_TEMP "XXXXXX", dirname(tmp)) >=
	    sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((out = mkostemp(tmp, O_CLOEXEC)) < 0)
		return -1;
	while (e == 0) {
		ssize_t n = pread(sp->fd, chunk, sizeof(chunk), off), w = 0;

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			e = n < 0 ? errno : 0;
			break;
		}
		while (w < n && e == 0) {
			ssize_t k = write(out, chunk + w, (size_t)(n - w));

			if (k > 0)
				w += k;
			else if (k == 0 || errno != EINTR)
				e = k == 0 ? ENOSPC : errno;
		}
		off += n;
	}
	if (e == 0 && fsync(out) != 0)
		e = errno;
	close(out);
	if (e == 0 && link(tmp, path) != 0)
		e = errno;
	unlink(tmp);
	errno = e;
	return e == 0 ? 0 : -1;
}

int
spool_keep(struct spool *sp, const char *path, struct fault *f)
{
	char proc[64];
	int rc = -1;

	if (sp->fd < 0)
		return fault_set(f, ERR_IO, "file", "上传的文件已不在服务器上",
		                 "the upload is no longer on the server");
	/* on disk before it has a name: a job taken up again after a crash reads it whole */
	if (fdatasync(sp->fd) != 0)
		goto fail;
	if (sp->linkable) {
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", sp->fd);
		rc = linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW);
	}
	/* no O_TMPFILE, no /proc, or another file system: a copy */
	if (rc != 0 && (!sp->linkable || errno == EXDEV || errno == ENOENT))
		rc = keep_copy(sp, path);
	if (rc != 0)
		goto fail;
	fsync_dir(path);
	return 0;
fail:
	if (errno == EEXIST)
		return fault_set(f, ERR_CONFLICT, "file", "要留存上传文件的文件名已被占用",
		                 "the name to keep the upload under is taken");
	return fault_setf(f, ERR_IO, "file", "服务器无法留存上传的文件",
	                  "the server cannot keep the upload: %s", strerror(errno));
}

void
spool_close(struct spool *sp)
{
	if (sp->map != NULL)
		munmap(sp->map, sp->maplen);
	if (sp->fd >= 0)
		close(sp->fd);
	*sp = (struct spool){.fd = -1};
}

int
req_upload_keep(struct req *r, const char *path)
{
	if (r->spool == NULL)
		return fault_set(&r->fault, ERR_INVALID, "body", "这个请求没有可留存的上传文件",
		                 "this request has no spooled upload to keep");
	return spool_keep(r->spool, path, &r->fault);
}
