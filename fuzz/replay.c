/* replay.c: feed every file of the given directories (or the given files) to a fuzz target. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Inputs larger than this are not corpus files; refuse rather than guess. */
#define MAX_FILE (16 * 1024 * 1024)

/* replay_file runs one file; returns 0, or -1 when it cannot be read. */
static int
replay_file(const char *path)
{
	unsigned char *data;
	struct stat st;
	size_t n;
	FILE *fp;

	fp = fopen(path, "rb");
	if (fp == NULL || fstat(fileno(fp), &st) != 0 || st.st_size > MAX_FILE) {
		fprintf(stderr, "replay: %s: cannot read\n", path);
		if (fp != NULL)
			fclose(fp);
		return -1;
	}
	/* a copy of exactly the file's size, so ASan sees reads past the end */
	data = malloc(st.st_size > 0 ? (size_t)st.st_size : 1);
	if (data == NULL) {
		fclose(fp);
		return -1;
	}
	n = fread(data, 1, (size_t)st.st_size, fp);
	fclose(fp);
	LLVMFuzzerTestOneInput(data, n);
	free(data);
	return 0;
}

int
main(int argc, char **argv)
{
	char path[4096];
	struct dirent *de;
	struct stat st;
	int i, runs = 0, bad = 0;
	DIR *d;

	if (argc < 2) {
		fprintf(stderr, "usage: %s corpus-dir-or-file...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "replay: %s: no such file or directory\n", argv[i]);
			bad++;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			bad += replay_file(argv[i]) != 0;
			runs++;
			continue;
		}
		d = opendir(argv[i]);
		if (d == NULL) {
			bad++;
			continue;
		}
		while ((de = readdir(d)) != NULL) {
			snprintf(path, sizeof(path), "%s/%s", argv[i], de->d_name);
			if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
				continue;
			bad += replay_file(path) != 0;
			runs++;
		}
		closedir(d);
	}
	printf("%d passed, %d failed\n", runs - bad, bad);
	return bad ? 1 : 0;
}
