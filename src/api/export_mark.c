/* export_mark.c: the watermark on every file fangyi exports: who, when, and the serial that
 * leads to the export's audit row.  A sheet forwarded to a WeChat group still says who took it
 * out of the system. */
#include <stdio.h>
#include <string.h>

#include <sodium.h>
#include <xlsxwriter.h>

#include "api.h"
#include "arena.h"
#include "buf.h"
#include "clock.h"
#include "text.h"

void
export_mark_svc_init(struct svc *s, struct export_mark *m)
{
	unsigned char rnd[4];
	char iso[32];
	const struct user *u = s->user;
	const char *name;

	memset(m, 0, sizeof(*m));
	m->at = clock_now();
	clock_local_iso(m->at, iso);
	snprintf(m->when, sizeof(m->when), "%.10s %.5s", iso, iso + 11);
	randombytes_buf(rnd, sizeof(rnd));
	/* the local day, then 32 random bits: unguessable, and unique (audit_serial index) */
	snprintf(m->serial, sizeof(m->serial), "EX-%.4s%.2s%.2s-%02X%02X%02X%02X", iso, iso + 5, iso + 8,
		 rnd[0], rnd[1], rnd[2], rnd[3]);
	if (u == NULL)
		m->who = "命令行（cli）";
	else if (u->display_name && *u->display_name && strcmp(u->display_name, u->username))
		m->who = arena_printf(s->arena, "%s（%s）", u->display_name, u->username);
	else
		m->who = u->username;
	name = u ? m->who : "command line (cli)";
	m->line = arena_printf(s->arena, "导出：%s %s 编号 %s ｜ Exported by %s %s serial %s", m->who,
			       m->when, m->serial, name, m->when, m->serial);
}

int
export_mark_svc_audit(struct svc *s, const struct export_mark *m, const char *kind, int64_t id,
		      const char *area, const char *detail)
{
	struct audit e = {0};

	e.at = m->at;
	e.user_id = svc_user_id(s);
	e.username = s->user ? s->user->username : "cli";
	e.ip = s->ip ? s->ip : "local";
	e.action = "export";
	e.object_kind = kind;
	e.object_id = id;
	e.area_code = area ? area : "";
	e.detail = detail;
	e.ok = 1;
	e.serial = m->serial;
	return db_audit_add(s->db, &e);
}

void
export_mark_init(struct req *r, struct export_mark *m)
{
	struct svc s;

	export_mark_svc_init(api_svc(r, &s), m);
}

int
export_mark_audit(struct req *r, const struct export_mark *m, const char *kind, int64_t id,
		  const char *area, const char *detail)
{
	struct svc s;

	return export_mark_svc_audit(api_svc(r, &s), m, kind, id, area, detail);
}

void
export_mark_csv(struct buf *b, const struct export_mark *m)
{
	csv_cell(b, m->line, true);
}

void
export_mark_html(struct buf *b, const char *line)
{
	if (line == NULL || *line == '\0')
		return;
	buf_adds(b, "<p class=\"watermark\" style=\"font-size:9pt;color:#555;margin:4px 0\">");
	text_html_escape(b, line);
	buf_adds(b, "</p>");
}

/* the line as a page header or footer (libxlsxwriter copies it): '&' is the format's escape,
 * and Excel takes 255 characters at most, cut here between two UTF-8 characters */
static void
header_text(const char *line, char ret[256])
{
	size_t n = 2, k;

	memcpy(ret, "&L", 2);
	for (; *line; line += k) {
		k = 1;
		while ((line[k] & 0xC0) == 0x80)
			k++;
		if (n + k + (*line == '&') > 200)
			break;
		if (*line == '&')
			ret[n++] = '&';
		memcpy(ret + n, line, k);
		n += k;
	}
	ret[n] = '\0';
}

unsigned
export_mark_sheet(lxw_worksheet *ws, const char *line)
{
	char h[256];

	if (line == NULL || *line == '\0')
		return 0;
	worksheet_write_string(ws, 0, 0, line, NULL);
	header_text(line, h);
	worksheet_set_header(ws, h);
	worksheet_set_footer(ws, h);
	return 2; /* the line, a blank row, then the sheet's own table */
}

lxw_worksheet *
export_sheet(lxw_workbook *wb, const char *name, json_t *rep, unsigned *ret_top)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, name);

	*ret_top = export_mark_sheet(ws, json_string_value(json_object_get(json_object_get(rep, "watermark"), "line")));
	return ws;
}

void
export_mark_workbook(lxw_workbook *wb, const char *title, const char *who, const char *line,
		     const char *serial)
{
	lxw_doc_properties p = {0};

	if (line == NULL || *line == '\0')
		return;
	/* libxlsxwriter copies the strings and never writes them */
	p.title = (char *)title;
	p.author = (char *)who;
	p.comments = (char *)line;
	p.keywords = (char *)serial;
	p.company = (char *)"fangyi";
	workbook_set_properties(wb, &p);
	workbook_set_custom_property_string(wb, "fangyi export serial", serial);
}
