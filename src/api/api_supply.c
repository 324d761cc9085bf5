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
	struct item it = {0};
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "key", 40, true, (const char **)&it.key)) ||
	    (rc = api_str(r, "name", 40, true, (const char **)&it.name)) ||
	    (rc = api_str(r, "unit", 10, true, (const char **)&it.unit)) ||
	    (rc = api_str(r, "pack_name", 10, false, (const char **)&it.pack_name)) ||
	    (rc = api_int(r, "pack_size", false, 1, 100000, &it.pack_size)) ||
	    (rc = api_int(r, "low_stock", false, 0, INT64_MAX / 2, &it.low_stock)) ||
	    (rc = api_str(r, "name_en", 60, false, (const char **)&it.name_en)) ||
	    (rc = api_str(r, "unit_en", 20, false, (const char **)&it.unit_en)) ||
	    (rc = api_str(r, "pack_name_en", 20, false, (const char **)&it.pack_name_en)))
		return rc;
	if (!api_key_ok(it.key))
		return fault_set(&r->fault, ERR_INVALID, "key", "key 只能用小写字母、数字和下划线",
				 "key takes lowercase letters, digits and underscores");
	if ((rc = dbc_begin(r->db)))
		return rc;
	rc = db_item_insert(r->db, &it);
	if (rc == ERR_CONFLICT)
		return fault_set(&r->fault, ERR_CONFLICT, "key", "已有同名物资", "that item key exists");
	if (rc || (rc = api_audit(r, "create", "item", it.id, "", it.key)) ||
	    (rc = db_item_by_key(r->db, r->arena, it.key, &it)))
		return rc;
	return api_commit_json(r, rs, 201, item_json(&it));
}

static json_t *
store_json(struct req *r, const struct store *s)
{
	struct stock_line *l;
	int n = 0;

	if (db_stock_lines(r->db, r->arena, r->scope, s->id, clock_day_start(clock_now()), true, &l, &n))
		n = 0;
	return supply_store_json(s, l, n);
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
	struct store s = {0};
	struct area ar;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "name", 60, true, (const char **)&s.name)) ||
	    (rc = api_str(r, "area_code", 20, true, (const char **)&s.area_code)) ||
	    (rc = api_str(r, "kind", 20, true, (const char **)&s.kind)))
		return rc;
	if (strcmp(s.kind, "town") && strcmp(s.kind, "village") && strcmp(s.kind, "checkpoint"))
		return fault_set(&r->fault, ERR_INVALID, "kind", "kind 应为 town、village 或 checkpoint",
				 "kind must be town, village or checkpoint");
	if (db_area_get_by_code(r->db, r->arena, s.area_code, &ar) != 0 || !api_in_scope(r, ar.code))
		return fault_set(&r->fault, ERR_INVALID, "area_code", "区域不存在或不在您的辖区内",
				 "no such area in your area");
	if ((rc = dbc_begin(r->db)) || (rc = db_store_insert(r->db, &s)) ||
	    (rc = api_audit(r, "create", "store", s.id, s.area_code, s.name)) ||
	    (rc = db_store_get(r->db, r->arena, s.id, &s)))
		return rc;
	return api_commit_json(r, rs, 201, store_json(r, &s));
}

/* The store of the body, inside the user's area. */
static int
store_field(struct req *r, const char *key, struct store *ret)
{
	int64_t id = 0;
	int rc;

	if ((rc = api_int(r, key, true, 1, INT64_MAX, &id)))
		return rc;
	if (db_store_get(r->db, r->arena, id, ret) != 0 || !api_in_scope(r, ret->area_code))
		return fault_set(&r->fault, ERR_INVALID, key, "仓库不存在或不在您的辖区内",
				 "no such store in your area");
	return 0;
}

static int
item_of(struct req *r, const char *key, const char *field, struct item *ret)
{
	if (key == NULL || db_item_by_key(r->db, r->arena, key, ret) != 0)
		return fault_setf(&r->fault, ERR_INVALID, field, "没有物资“%s”", "no item \"%s\"",
				  key ? key : "");
	return 0;
}

static int
short_stock(struct req *r, struct resp *rs, int64_t store, const struct item *it)
{
	int64_t have = 0;

	dbc_rollback(r->db);
	db_stock_get(r->db, store, it->id, &have);
	fault_setf(&r->fault, ERR_CONFLICT, "quantity", "库存不足：%s 仅有 %lld%s",
		   "not enough in stock: %s has %lld %s", it->name, (long long)have, it->unit);
	resp_error(rs, ERR_CONFLICT, &r->fault);
	json_object_set_new(json_object_get(rs->json, "error"), "code", json_string("insufficient_stock"));
	json_object_set_new(json_object_get(rs->json, "error"), "available", json_integer(have));
	return 0;
}

int
api_donation_create(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"donor", "anonymous", "date", "store_id",
					     "designated_area_code", "lines", NULL};
	json_t *donor = json_object_get(r->json, "donor"), *lines = json_object_get(r->json, "lines"), *l;
	const char *name, *kind, *contact, *date, *designated;
	struct store s;
	int anonymous, rc, y, m, d;
	int64_t id, seq = 0;
	char receipt[32];
	size_t i;

	if ((rc = api_only(r, fields)) || (rc = api_bool(r, "anonymous", &anonymous)) ||
	    (rc = api_code(r, "date", 10, true, &date)) || (rc = store_field(r, "store_id", &s)) ||
	    (rc = api_str(r, "designated_area_code", 20, false, &designated)))
		return rc;
	if (clock_parse_date(date, &y, &m, &d))
		return fault_set(&r->fault, ERR_INVALID, "date", "日期应为 YYYY-MM-DD", "date must be YYYY-MM-DD");
	if (!json_is_object(donor))
		return fault_set(&r->fault, ERR_INVALID, "donor", "请填写捐赠人", "the donor is required");
	{
		json_t *saved = r->json;

		r->json = donor;
		rc = api_str(r, "name", 100, true, &name);
		if (rc == 0)
			rc = api_str(r, "kind", 20, true, &kind);
		if (rc == 0)
			rc = api_str(r, "contact", 100, false, &contact);
		r->json = saved;
		if (rc) {
			snprintf(r->fault.field, sizeof(r->fault.field), "donor.%s",
				 name == NULL ? "name" : "kind");
			return rc;
		}
	}
	if (strcmp(kind, "person") && strcmp(kind, "company") && strcmp(kind, "organisation"))
		return fault_set(&r->fault, ERR_INVALID, "donor.kind",
				 "捐赠人类型应为 person、company 或 organisation",
				 "donor.kind must be person, company or organisation");
	if (designated && *designated) {
		struct area ar;

		if (db_area_get_by_code(r->db, r->arena, designated, &ar) != 0 || ar.level != 3)
			return fault_set(&r->fault, ERR_INVALID, "designated_area_code",
					 "定向捐赠须指定村（社区）", "a designated donation names a village");
	} else
		designated = NULL;
	if (!json_is_array(lines) || json_array_size(lines) == 0 || json_array_size(lines) > 50)
		return fault_set(&r->fault, ERR_INVALID, "lines", "请填写捐赠物资（1-50 项）",
				 "give 1 to 50 lines of what was given");
	if ((rc = dbc_begin(r->db)) || (rc = db_donation_count_day(r->db, date, &seq)))
		return rc;
	snprintf(receipt, sizeof(receipt), "JZ%04d%02d%02d%03lld", y, m, d, (long long)seq + 1);
	if ((rc = db_donation_insert(r->db, receipt, name, kind, contact, anonymous == 1, date, s.id,
				     designated, r->user->id, &id)))
		return rc;
	json_array_foreach(lines, i, l) {
		struct item it;
		struct move mv = {0};
		json_t *saved = r->json;
		const char *key;
		int64_t qty = 0, eid;

		r->json = l;
		rc = json_is_object(l) ? api_str(r, "item", 40, true, &key) : ERR_INVALID;
		if (rc == 0)
			rc = api_int(r, "quantity", true, 1, INT64_MAX / 4, &qty);
		r->json = saved;
		if (rc == 0)
			rc = item_of(r, key, "item", &it);
		if (rc) {
			if (r->fault.code == 0)
				fault_set(&r->fault, ERR_INVALID, "lines", "每一项须有 item 和 quantity",
					  "each line needs item and quantity");
			return ERR_INVALID;
		}
		mv.kind = "received";
		mv.store_id = s.id;
		mv.item_id = it.id;
		mv.quantity = qty;
		mv.donation_id = id;
		mv.to_area_code = designated;
		mv.purpose = receipt;
		mv.user_id = r->user->id;
		mv.username = r->user->username;
		if ((rc = db_ledger_write(r->db, &mv, &eid)))
			return rc;
	}
	if ((rc = api_audit(r, "create", "donation", id, s.area_code, receipt)))
		return rc;
	json_object_set_new(r->json, "id", json_integer(id));
	json_object_set_new(r->json, "receipt_no", json_string(receipt));
	return api_commit_json(r, rs, 201, json_incref(r->json));
}

int
api_ledger_move(struct req *r, struct resp *rs)
{
	static const char *const fields[] = {"kind", "store_id", "item", "quantity", "to_store_id",
					     "to_area_code", "to_text", "purpose", "approved_by",
					     "handled_by", "reverses", NULL};
	const char *kind, *key, *to_area, *to_text, *purpose, *approved, *handled;
	struct store s, to;
	struct item it;
	struct move mv = {0};
	struct entry e;
	int64_t qty = 0, rev = 0, id, id2;
	int rc;

	if ((rc = api_only(r, fields)) || (rc = api_str(r, "kind", 20, true, &kind)) ||
	    (rc = api_str(r, "to_area_code", 20, false, &to_area)) ||
	    (rc = api_text(r, "to_text", 100, false, &to_text)) ||
	    (rc = api_text(r, "purpose", 200, false, &purpose)) ||
	    (rc = api_text(r, "approved_by", 50, false, &approved)) ||
	    (rc = api_text(r, "handled_by", 50, false, &handled)))
		return rc;
	mv.user_id = r->user->id;
	mv.username = r->user->username;
	if (strcmp(kind, "reverse") == 0) {
		if ((rc = api_int(r, "reverses", true, 1, INT64_MAX, &rev)))
			return rc;
		if (db_ledger_get(r->db, r->arena, rev, &e) != 0 ||
		    db_store_get(r->db, r->arena, e.store_id, &s) != 0 || !api_in_scope(r, s.area_code))
			return fault_set(&r->fault, ERR_INVALID, "reverses", "没有这条台账记录",
					 "no such ledger entry in your area");
		if (strcmp(e.kind, "issue") && strcmp(e.kind, "write_off") && strcmp(e.kind, "received"))
			return fault_set(&r->fault, ERR_INVALID, "reverses",
					 "只能冲销入库、发放或报损记录（调拨请反向调拨）",
					 "only a receipt, an issue or a write-off can be reversed (transfer back instead)");
		if ((rc = item_of(r, e.item, "reverses", &it)) || (rc = dbc_begin(r->db)))
			return rc;
		mv.kind = "reverse";
		mv.store_id = e.store_id;
		mv.item_id = it.id;
		mv.quantity = -e.quantity;
		mv.reverses = rev;
		mv.to_text = e.to_text;
		mv.to_area_code = e.to_area_code;
		mv.purpose = purpose ? purpose : "冲销 / reversal";
		rc = db_ledger_write(r->db, &mv, &id);
		if (rc == ERR_CONFLICT) {
			/* either the stock cannot give back a receipt, or it was reversed already */
			struct entry done;

			dbc_rollback(r->db);
			if (e.quantity > 0)
				return short_stock(r, rs, e.store_id, &it);
			(void)done;
			return fault_set(&r->fault, ERR_CONFLICT, "reverses", "这条记录已经冲销过",
					 "this entry was reversed already");
		}
	} else {
		if ((rc = store_field(r, "store_id", &s)) || (rc = api_str(r, "item", 40, true, &key)) ||
		    (rc = item_of(r, key, "item", &it)) ||
		    (rc = api_int(r, "quantity", true, 1, INT64_MAX / 4, &qty)))
			return rc;
		mv.store_id = s.id;
		mv.item_id = it.id;
		mv.quantity = -qty;
		mv.purpose = purpose;
		mv.approved_by = approved;
		mv.handled_by = handled;
		if (strcmp(kind, "transfer") == 0) {
			if ((rc = store_field(r, "to_store_id", &to)))
				return rc;
			if (to.id == s.id)
				return fault_set(&r->fault, ERR_INVALID, "to_store_id", "调入仓库不能与调出相同",
						 "the receiving store must differ");
			mv.kind = "transfer_out";
			mv.to_text = to.name;
			mv.to_area_code = to.area_code;
		} else if (strcmp(kind, "issue") == 0) {
			struct area ar;

			if (to_area && *to_area) {
				if (db_area_get_by_code(r->db, r->arena, to_area, &ar) != 0)
					return fault_set(&r->fault, ERR_INVALID, "to_area_code", "没有这个区域",
							 "no such area");
				mv.to_area_code = ar.code;
				mv.to_text = to_text && *to_text ? to_text : ar.name;
			} else if (to_text && *to_text)
				mv.to_text = to_text;
			else
				return fault_set(&r->fault, ERR_INVALID, "to_area_code",
						 "请写明发放给哪个村（社区）或岗点", "say which village or post receives it");
			if (purpose == NULL || *purpose == '\0')
				return fault_set(&r->fault, ERR_INVALID, "purpose", "请写明用途",
						 "give the purpose");
			if (strcmp(it.key, "cash") == 0 && (approved == NULL || *approved == '\0'))
				return fault_set(&r->fault, ERR_INVALID, "approved_by",
						 "现金支出须写明批准人", "spending cash needs who approved it");
			if (strcmp(it.key, "cash") == 0 && (handled == NULL || *text_normalize(r->arena, handled) == '\0'))
				return fault_set(&r->fault, ERR_INVALID, "handled_by",
						 "现金支出须写明经办人", "spending cash needs who paid it");
			mv.kind = "issue";
		} else if (strcmp(kind, "write_off") == 0) {
			if (purpose == NULL || *purpose == '\0')
				return fault_set(&r->fault, ERR_INVALID, "purpose", "请写明报损原因（损坏、过期）",
						 "give the reason (damaged, expired)");
			mv.kind = "write_off";
		} else
			return fault_set(&r->fault, ERR_INVALID, "kind",
					 "kind 应为 transfer、issue、write_off 或 reverse",
					 "kind must be transfer, issue, write_off or reverse");
		if ((rc = dbc_begin(r->db)))
			return rc;
		rc = db_ledger_write(r->db, &mv, &id);
		if (rc == ERR_CONFLICT)
			return short_stock(r, rs, s.id, &it);
		if (rc == 0 && strcmp(kind, "transfer") == 0) {
			struct move in = mv;

			in.kind = "transfer_in";
			in.store_id = to.id;
			in.quantity = qty;
			in.to_text = s.name;
			in.to_area_code = s.area_code;
			rc = db_ledger_write(r->db, &in, &id2);
		}
	}
	if (rc || (rc = api_audit(r, "create", "ledger", id, s.area_code, mv.kind)) ||
	    (rc = db_ledger_get(r->db, r->arena, id, &e)))
		return rc;
	return api_commit_json(r, rs, 201, entry_json(&e));
}

int
api_ledger_list(struct req *r, struct resp *rs)
{
	struct entry *v;
	const char *store = req_query(r, "store_id"), *item = req_query(r, "item");
	int n, i, rc, limit, offset;
	int64_t total;
	json_t *items;

	if ((rc = api_page(r, &limit, &offset)))
		return rc;
	if (strlen(r->scope) > 9) {
		/* below the town, the ledger of one's own stores only */
		struct store s;

		if (store == NULL || db_store_get(r->db, r->arena, strtoll(store, NULL, 10), &s) != 0 ||
		    !api_in_scope(r, s.area_code))
			return fault_set(&r->fault, ERR_INVALID, "store_id", "请指定您辖区内的仓库",
					 "name a store of your area");
	}
	if ((rc = db_ledger_list(r->db, r->arena, store ? strtoll(store, NULL, 10) : 0,
				 item && *item ? item : NULL, limit, offset, &v, &n, &total)))
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, entry_json(&v[i]));
	return resp_json(rs, 200, api_list(items, total));
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
	db_setting_get(r->db, r->arena, "town_name", &town);
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
