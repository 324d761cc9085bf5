/* api_supply.c: donations and supplies: items, stores, the ledger, and the public page (公示). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "arena.h"
#include "clock.h"
#include "db_supply.h"
#include "supply_api.h"
#include "svc_supply.h"
#include "text.h"

static json_t *
entry_json(const struct entry *e)
{
	return json_pack("{s:I, s:I, s:s, s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:s}",
			 "id", (json_int_t)e->id, "at", (json_int_t)e->at, "kind", e->kind, "store_id",
			 (json_int_t)e->store_id, "item", e->item, "quantity", (json_int_t)e->quantity,
			 "to", e->to_text, "purpose", e->purpose, "approved_by", e->approved_by,
			 "handled_by", e->handled_by,
			 "reverses", e->reverses ? json_integer(e->reverses) : json_null(),
			 "reversed_by", e->reversed_by ? json_integer(e->reversed_by) : json_null(),
			 "donation_id", e->donation_id ? json_integer(e->donation_id) : json_null(),
			 "username", e->username);
}

/* An item's name (or unit) by key, for the public page's lines. */
static const char *
item_word(const struct item *v, int n, const char *key, bool name)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].key, key) == 0)
			return name ? v[i].name : v[i].unit;
	return name ? key : "";
}

static json_t *
item_json(const struct item *it)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:s, s:s}", "id",
			 (json_int_t)it->id, "key", it->key, "name", it->name, "unit", it->unit,
			 "pack_name", it->pack_name, "pack_size", (json_int_t)it->pack_size, "low_stock",
			 (json_int_t)it->low_stock, "name_en", it->name_en, "unit_en", it->unit_en,
			 "pack_name_en", it->pack_name_en);
}

int
api_item_list(struct req *r, struct resp *rs)
{
	struct item *v;
	int n, i, rc;
	json_t *items;

	if ((rc = db_item_list(r->db, r->arena, &v, &n)))
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, item_json(&v[i]));
	return resp_json(rs, 200, api_list(items, n));
}

int
api_item_create(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"key", "name", "unit", "pack_name", "pack_size",
					     "low_stock", "name_en", "unit_en", "pack_name_en", NULL};
	struct svc_item_in in = {0};
	struct svc s;
	struct item it;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "key", 40, true, &in.key)) ||
	    (rc = api_str(r, "name", 40, true, &in.name)) ||
	    (rc = api_str(r, "unit", 10, true, &in.unit)) ||
	    (rc = api_str(r, "pack_name", 10, false, &in.pack_name)) ||
	    (rc = api_int(r, "pack_size", false, 1, 100000, &in.pack_size)) ||
	    (rc = api_int(r, "low_stock", false, 0, INT64_MAX / 2, &in.low_stock)) ||
	    (rc = api_str(r, "name_en", 60, false, &in.name_en)) ||
	    (rc = api_str(r, "unit_en", 20, false, &in.unit_en)) ||
	    (rc = api_str(r, "pack_name_en", 20, false, &in.pack_name_en)))
		return rc;
	if ((rc = dbc_begin(r->db)) || (rc = svc_supply_item_create(api_svc(r, &s), &in, &it)))
		return rc;
	return api_commit_json(r, rs, 201, item_json(&it));
}

int
api_store_list(struct req *r, struct resp *rs)
{
	struct store *v;
	struct stock_line *l;
	int n, nl, i, rc;
	json_t *items;

	/* every stock row of the area in one query, today's usage with it */
	if ((rc = db_store_list(r->db, r->arena, r->scope, &v, &n)) ||
	    (rc = db_stock_lines(r->db, r->arena, r->scope, 0, clock_day_start(clock_now()), true, &l, &nl)))
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, supply_store_json(&v[i], l, nl));
	return resp_json(rs, 200, api_list(items, n));
}

int
api_store_create(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"name", "area_code", "kind", NULL};
	struct svc_store_in in = {0};
	struct svc_store_out out;
	struct svc s;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "name", 60, true, &in.name)) ||
	    (rc = api_str(r, "area_code", 20, true, &in.area_code)) ||
	    (rc = api_str(r, "kind", 20, true, &in.kind)))
		return rc;
	if ((rc = dbc_begin(r->db)) || (rc = svc_supply_store_create(api_svc(r, &s), &in, &out)))
		return rc;
	return api_commit_json(r, rs, 201, supply_store_json(&out.store, out.lines, out.nlines));
}

/* The donor object of a donation: its fields named donor.name, donor.kind. */
static int
donor_read(struct req *r, json_t *donor, struct svc_donation_in *in)
{
	int rc;

	if (!json_is_object(donor))
		return 0;
	in->donor_given = true;
	if ((rc = api_obj_str(r, donor, "name", 100, true, &in->donor_name)) ||
	    (rc = api_obj_str(r, donor, "kind", 20, true, &in->donor_kind)) ||
	    (rc = api_obj_str(r, donor, "contact", 100, false, &in->donor_contact))) {
		snprintf(r->fault.field, sizeof(r->fault.field), "donor.%s",
			 in->donor_name == NULL ? "name" : "kind");
		return rc;
	}
	return 0;
}

/* The lines of a donation, each {item, quantity}; more than the operation takes are left for it
 * to refuse. */
static int
lines_read(struct req *r, json_t *lines, struct svc_donation_in *in)
{
	struct svc_donation_line *v;
	json_t *l;
	size_t i;
	int rc;

	in->nlines = json_is_array(lines) ? (int)json_array_size(lines) : 0;
	if (in->nlines < 1 || in->nlines > SUPPLY_MAX_LINES)
		return 0;
	v = arena_alloc(r->arena, sizeof(*v) * (size_t)in->nlines);
	json_array_foreach(lines, i, l) {
		rc = json_is_object(l) ? api_obj_str(r, l, "item", 40, true, &v[i].item) : ERR_INVALID;
		if (rc == 0)
			rc = api_obj_int(r, l, "quantity", true, 1, INT64_MAX / 4, &v[i].quantity);
		if (rc) {
			if (r->fault.code == 0)
				fault_set(&r->fault, ERR_INVALID, "lines", "每一项须有 item 和 quantity",
					  "each line needs item and quantity");
			return ERR_INVALID;
		}
	}
	in->lines = v;
	return 0;
}

int
api_donation_create(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"donor", "anonymous", "date", "store_id",
					     "designated_area_code", "lines", NULL};
	struct svc_donation_in in = {0};
	struct svc_donation_out out;
	struct svc s;
	json_t *j;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_bool(r, "anonymous", &in.anonymous)) ||
	    (rc = api_code(r, "date", 10, true, &in.date)) ||
	    (rc = api_int(r, "store_id", true, 1, INT64_MAX, &in.store_id)) ||
	    (rc = api_str(r, "designated_area_code", 20, false, &in.designated_area_code)) ||
	    (rc = donor_read(r, json_object_get(r->json, "donor"), &in)) ||
	    (rc = lines_read(r, json_object_get(r->json, "lines"), &in)))
		return rc;
	if ((rc = dbc_begin(r->db)) || (rc = svc_supply_donation_receive(api_svc(r, &s), &in, &out)))
		return rc;
	/* the answer is the body as given, with the donation's id and receipt number */
	j = json_deep_copy(r->json);
	json_object_set_new(j, "id", json_integer(out.id));
	json_object_set_new(j, "receipt_no", json_string(out.receipt_no));
	return api_commit_json(r, rs, 201, j);
}

int
api_ledger_move(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"kind", "store_id", "item", "quantity", "to_store_id",
					     "to_area_code", "to_text", "purpose", "approved_by",
					     "handled_by", "reverses", NULL};
	struct svc_move_in in = {0};
	struct svc_move_out out;
	struct svc s;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "kind", 20, true, &in.kind)) ||
	    (rc = api_str(r, "to_area_code", 20, false, &in.to_area_code)) ||
	    (rc = api_text(r, "to_text", 100, false, &in.to_text)) ||
	    (rc = api_text(r, "purpose", 200, false, &in.purpose)) ||
	    (rc = api_text(r, "approved_by", 50, false, &in.approved_by)) ||
	    (rc = api_text(r, "handled_by", 50, false, &in.handled_by)))
		return rc;
	if (strcmp(in.kind, "reverse") == 0)
		rc = api_int(r, "reverses", true, 1, INT64_MAX, &in.reverses);
	else if ((rc = api_int(r, "store_id", true, 1, INT64_MAX, &in.store_id)) == 0 &&
		 (rc = api_str(r, "item", 40, true, &in.item)) == 0 &&
		 (rc = api_int(r, "quantity", true, 1, INT64_MAX / 4, &in.quantity)) == 0 &&
		 strcmp(in.kind, "transfer") == 0)
		rc = api_int(r, "to_store_id", true, 1, INT64_MAX, &in.to_store_id);
	if (rc || (rc = dbc_begin(r->db)))
		return rc;
	rc = svc_supply_move(api_svc(r, &s), &in, &out);
	if (rc == ERR_CONFLICT && out.short_stock) {
		/* a refusal the page acts on: what the store has */
		resp_error(rs, ERR_CONFLICT, &r->fault);
		json_object_set_new(json_object_get(rs->json, "error"), "code",
				    json_string("insufficient_stock"));
		json_object_set_new(json_object_get(rs->json, "error"), "available",
				    json_integer(out.available));
		return 0;
	}
	if (rc)
		return rc;
	return api_commit_json(r, rs, 201, entry_json(&out.entry));
}

int
api_ledger_list(struct req *r, struct resp *rs)
{
	const char *store = req_query(r, "store_id");
	struct svc_ledger_in in = {0};
	struct svc_ledger_out out;
	struct svc s;
	int i, rc;
	json_t *items;

	if ((rc = api_page(r, &in.limit, &in.offset)))
		return rc;
	in.store_id = store ? strtoll(store, NULL, 10) : 0;
	in.item = req_query(r, "item");
	if ((rc = svc_supply_ledger(api_svc(r, &s), &in, &out)))
		return rc;
	items = json_array();
	for (i = 0; i < out.n; i++)
		json_array_append_new(items, entry_json(&out.v[i]));
	return resp_json(rs, 200, api_list(items, out.total));
}

int
api_public_donations(struct req *r, struct resp *rs)
{
	struct public_row *v;
	struct item *it;
	int n, i, rc, nit;
	int64_t last = 0;
	char *town = NULL;
	json_t *donations = json_array(), *received = json_array(), *issued = json_array(), *cur = NULL,
	       *fig = NULL, *out;

	if ((rc = db_item_list(r->db, r->arena, &it, &nit)) ||
	    (rc = db_public(r->db, r->arena, PUBLIC_DONATIONS, &v, &n)))
		goto fail;
	for (i = 0; i < n; i++) {
		if (v[i].id != last) {
			cur = json_array();
			json_array_append_new(donations, json_pack("{s:s, s:s, s:o}", "date", v[i].a,
								   "donor", v[i].b, "lines", cur));
			last = v[i].id;
		}
		json_array_append_new(cur, json_pack("{s:s, s:s, s:s, s:I}", "item", v[i].c, "name",
						     item_word(it, nit, v[i].c, true), "unit", item_word(it, nit, v[i].c, false), "quantity",
						     (json_int_t)v[i].quantity));
	}
	if ((rc = db_public(r->db, r->arena, PUBLIC_RECEIVED, &v, &n)))
		goto fail;
	for (i = 0; i < n; i++)
		json_array_append_new(received, json_pack("{s:s, s:s, s:s, s:I}", "item", v[i].a, "name",
							  v[i].b, "unit", v[i].c, "quantity",
							  (json_int_t)v[i].quantity));
	if ((rc = db_public(r->db, r->arena, PUBLIC_ISSUED, &v, &n)))
		goto fail;
	for (i = 0; i < n; i++)
		json_array_append_new(issued, json_pack("{s:s, s:s, s:s, s:s, s:I}", "to", v[i].a, "item",
							v[i].b, "name", item_word(it, nit, v[i].b, true), "unit",
							item_word(it, nit, v[i].b, false), "quantity",
							(json_int_t)v[i].quantity));
	/* the town's sentence, from the same totals, over every store */
	if ((rc = supply_figures(r, "", NULL, false, &fig)))
		goto fail;
	town = (char *)api_town_name(r, NULL); /* every store of the database is disclosed */
	out = json_pack("{s:o, s:o, s:o, s:O, s:O, s:s?}", "donations", donations, "received",
			received, "issued", issued, "sentence", json_object_get(fig, "sentence"), "cash",
			json_object_get(fig, "cash"), "town", town);
	json_decref(fig);
	return out ? resp_json(rs, 200, out) : ERR_INTERNAL;
fail:
	json_decref(donations);
	json_decref(received);
	json_decref(issued);
	return rc;
}
