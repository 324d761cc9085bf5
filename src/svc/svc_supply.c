/* svc_supply.c: the supplies' operations: items, stores, donations received, the ledger's moves,
 * thresholds. */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "clock.h"
#include "db.h"
#include "svc_supply.h"
#include "text.h"

bool
svc_supply_key_ok(const char *key)
{
	size_t n = 0;

	for (; key && key[n]; n++)
		if (!((key[n] >= 'a' && key[n] <= 'z') || (key[n] >= '0' && key[n] <= '9') || key[n] == '_'))
			return false;
	return n >= 1 && n <= 40;
}

int
svc_supply_item_create(struct svc *s, const struct svc_item_in *in, struct item *out)
{
	struct item it = {0};
	int rc;

	if (!svc_supply_key_ok(in->key))
		return fault_set(s->fault, ERR_INVALID, "key", "key 只能用小写字母、数字和下划线",
				 "key takes lowercase letters, digits and underscores");
	it.key = (char *)in->key;
	it.name = (char *)in->name;
	it.unit = (char *)in->unit;
	it.pack_name = (char *)in->pack_name;
	it.pack_size = in->pack_size;
	it.low_stock = in->low_stock;
	it.name_en = (char *)in->name_en;
	it.unit_en = (char *)in->unit_en;
	it.pack_name_en = (char *)in->pack_name_en;
	rc = db_item_insert(s->db, &it);
	if (rc == ERR_CONFLICT)
		return fault_set(s->fault, ERR_CONFLICT, "key", "已有同名物资", "that item key exists");
	if (rc || (rc = svc_audit(s, "create", "item", it.id, "", it.key)))
		return rc;
	return db_item_by_key(s->db, s->arena, it.key, out);
}

/* The stock rows of one store, with today's usage: none when they cannot be read, since the
 * store itself was written. */
static void
store_lines(struct svc *s, struct svc_store_out *out)
{
	if (db_stock_lines(s->db, s->arena, s->scope, out->store.id, clock_day_start(clock_now()), true,
			   &out->lines, &out->nlines)) {
		out->lines = NULL;
		out->nlines = 0;
	}
}

int
svc_supply_store_create(struct svc *s, const struct svc_store_in *in, struct svc_store_out *out)
{
	struct store st = {0};
	struct area ar;
	int rc;

	if (in->kind == NULL ||
	    (strcmp(in->kind, "town") && strcmp(in->kind, "village") && strcmp(in->kind, "checkpoint")))
		return fault_set(s->fault, ERR_INVALID, "kind", "kind 应为 town、village 或 checkpoint",
				 "kind must be town, village or checkpoint");
	if (db_area_get_by_code(s->db, s->arena, in->area_code, &ar) != 0 || !svc_in_scope(s, ar.code))
		return fault_set(s->fault, ERR_INVALID, "area_code", "区域不存在或不在您的辖区内",
				 "no such area in your area");
	st.name = (char *)in->name;
	st.area_code = (char *)in->area_code;
	st.kind = (char *)in->kind;
	if ((rc = db_store_insert(s->db, &st)) ||
	    (rc = svc_audit(s, "create", "store", st.id, st.area_code, st.name)) ||
	    (rc = db_store_get(s->db, s->arena, st.id, &out->store)))
		return rc;
	store_lines(s, out);
	return 0;
}

/* The store `id` inside the actor's area, else a fault on field. */
static int
store_of(struct svc *s, int64_t id, const char *field, struct store *ret)
{
	if (id <= 0 || db_store_get(s->db, s->arena, id, ret) != 0 || !svc_in_scope(s, ret->area_code))
		return fault_set(s->fault, ERR_INVALID, field, "仓库不存在或不在您的辖区内",
				 "no such store in your area");
	return 0;
}

static int
item_of(struct svc *s, const char *key, const char *field, struct item *ret)
{
	if (key == NULL || db_item_by_key(s->db, s->arena, key, ret) != 0)
		return fault_setf(s->fault, ERR_INVALID, field, "没有物资“%s”", "no item \"%s\"",
				  key ? key : "");
	return 0;
}

int
svc_supply_donation_receive(struct svc *s, const struct svc_donation_in *in,
			    struct svc_donation_out *out)
{
	const char *designated = in->designated_area_code;
	struct store st;
	int rc, y, m, d, i;
	int64_t id, seq = 0, eid;

	if ((rc = store_of(s, in->store_id, "store_id", &st)))
		return rc;
	if (clock_parse_date(in->date, &y, &m, &d))
		return fault_set(s->fault, ERR_INVALID, "date", "日期应为 YYYY-MM-DD", "date must be YYYY-MM-DD");
	if (!in->donor_given)
		return fault_set(s->fault, ERR_INVALID, "donor", "请填写捐赠人", "the donor is required");
	if (in->donor_kind == NULL ||
	    (strcmp(in->donor_kind, "person") && strcmp(in->donor_kind, "company") &&
	     strcmp(in->donor_kind, "organisation")))
		return fault_set(s->fault, ERR_INVALID, "donor.kind",
				 "捐赠人类型应为 person、company 或 organisation",
				 "donor.kind must be person, company or organisation");
	if (designated && *designated) {
		struct area ar;

		if (db_area_get_by_code(s->db, s->arena, designated, &ar) != 0 || ar.level != 3)
			return fault_set(s->fault, ERR_INVALID, "designated_area_code",
					 "定向捐赠须指定村（社区）", "a designated donation names a village");
	} else
		designated = NULL;
	if (in->nlines < 1 || in->nlines > SUPPLY_MAX_LINES || in->lines == NULL)
		return fault_set(s->fault, ERR_INVALID, "lines", "请填写捐赠物资（1-50 项）",
				 "give 1 to 50 lines of what was given");
	if ((rc = db_donation_count_day(s->db, in->date, &seq)))
		return rc;
	snprintf(out->receipt_no, sizeof(out->receipt_no), "JZ%04d%02d%02d%03lld", y, m, d,
		 (long long)seq + 1);
	if ((rc = db_donation_insert(s->db, out->receipt_no, in->donor_name, in->donor_kind,
				     in->donor_contact, in->anonymous == 1, in->date, st.id, designated,
				     svc_user_id(s), &id)))
		return rc;
	for (i = 0; i < in->nlines; i++) {
		const struct svc_donation_line *l = &in->lines[i];
		struct move mv = {0};
		struct item it;

		if ((rc = item_of(s, l->item, "item", &it)))
			return rc;
		if (l->quantity < 1)
			return fault_set(s->fault, ERR_INVALID, "quantity", "数量应为正整数",
					 "quantity must be a whole number of at least 1");
		mv.kind = "received";
		mv.store_id = st.id;
		mv.item_id = it.id;
		mv.quantity = l->quantity;
		mv.donation_id = id;
		mv.to_area_code = designated;
		mv.purpose = out->receipt_no;
		mv.user_id = svc_user_id(s);
		mv.username = svc_username(s);
		if ((rc = db_ledger_write(s->db, &mv, &eid)))
			return rc;
	}
	if ((rc = svc_audit(s, "create", "donation", id, st.area_code, out->receipt_no)))
		return rc;
	out->id = id;
	return 0;
}

/* Refused for want of stock: the transaction is given up, and the fault says what is there. */
static int
short_stock(struct svc *s, int64_t store, const struct item *it, struct svc_move_out *out)
{
	int64_t have = 0;

	dbc_rollback(s->db);
	db_stock_get(s->db, store, it->id, &have);
	out->short_stock = true;
	out->available = have;
	return fault_setf(s->fault, ERR_CONFLICT, "quantity", "库存不足：%s 仅有 %lld%s",
			  "not enough in stock: %s has %lld %s", it->name, (long long)have, it->unit);
}

/* The reversal of entry `in->reverses`: the same quantity back, in the same store. */
static int
move_reverse(struct svc *s, const struct svc_move_in *in, struct move *mv, struct store *st,
	     struct svc_move_out *out, int64_t *ret_id)
{
	struct entry e;
	struct item it;
	int rc;

	if (db_ledger_get(s->db, s->arena, in->reverses, &e) != 0 ||
	    db_store_get(s->db, s->arena, e.store_id, st) != 0 || !svc_in_scope(s, st->area_code))
		return fault_set(s->fault, ERR_INVALID, "reverses", "没有这条台账记录",
				 "no such ledger entry in your area");
	if (strcmp(e.kind, "issue") && strcmp(e.kind, "write_off") && strcmp(e.kind, "received"))
		return fault_set(s->fault, ERR_INVALID, "reverses",
				 "只能冲销入库、发放或报损记录（调拨请反向调拨）",
				 "only a receipt, an issue or a write-off can be reversed (transfer back instead)");
	if ((rc = item_of(s, e.item, "reverses", &it)))
		return rc;
	mv->kind = "reverse";
	mv->store_id = e.store_id;
	mv->item_id = it.id;
	mv->quantity = -e.quantity;
	mv->reverses = in->reverses;
	mv->to_text = e.to_text;
	mv->to_area_code = e.to_area_code;
	mv->purpose = in->purpose ? in->purpose : "冲销 / reversal";
	rc = db_ledger_write(s->db, mv, ret_id);
	if (rc == ERR_CONFLICT) {
		/* either the stock cannot give back a receipt, or it was reversed already */
		if (e.quantity > 0)
			return short_stock(s, e.store_id, &it, out);
		dbc_rollback(s->db);
		return fault_set(s->fault, ERR_CONFLICT, "reverses", "这条记录已经冲销过",
				 "this entry was reversed already");
	}
	return rc;
}

/* What an issue needs: who receives it and why; cash, who approved and who paid. */
static int
issue_check(struct svc *s, const struct svc_move_in *in, const struct item *it, struct move *mv)
{
	const char *to_area = in->to_area_code, *to_text = in->to_text, *purpose = in->purpose;

	if (to_area && *to_area) {
		struct area ar;

		if (db_area_get_by_code(s->db, s->arena, to_area, &ar) != 0)
			return fault_set(s->fault, ERR_INVALID, "to_area_code", "没有这个区域", "no such area");
		mv->to_area_code = ar.code;
		mv->to_text = to_text && *to_text ? to_text : ar.name;
	} else if (to_text && *to_text)
		mv->to_text = to_text;
	else
		return fault_set(s->fault, ERR_INVALID, "to_area_code", "请写明发放给哪个村（社区）或岗点",
				 "say which village or post receives it");
	if (purpose == NULL || *purpose == '\0')
		return fault_set(s->fault, ERR_INVALID, "purpose", "请写明用途", "give the purpose");
	if (strcmp(it->key, "cash") == 0 && (in->approved_by == NULL || *in->approved_by == '\0'))
		return fault_set(s->fault, ERR_INVALID, "approved_by", "现金支出须写明批准人",
				 "spending cash needs who approved it");
	if (strcmp(it->key, "cash") == 0 &&
	    (in->handled_by == NULL || *text_normalize(s->arena, in->handled_by) == '\0'))
		return fault_set(s->fault, ERR_INVALID, "handled_by", "现金支出须写明经办人",
				 "spending cash needs who paid it");
	mv->kind = "issue";
	return 0;
}

/* An issue, a write-off or a transfer out of in->store_id (and into to_store_id). */
static int
move_out(struct svc *s, const struct svc_move_in *in, struct move *mv, struct store *st,
	 struct svc_move_out *out, int64_t *ret_id)
{
	struct store to;
	struct item it;
	int64_t id2;
	int rc;

	if ((rc = store_of(s, in->store_id, "store_id", st)) || (rc = item_of(s, in->item, "item", &it)))
		return rc;
	if (in->quantity < 1)
		return fault_set(s->fault, ERR_INVALID, "quantity", "数量应为正整数",
				 "quantity must be a whole number of at least 1");
	mv->store_id = st->id;
	mv->item_id = it.id;
	mv->quantity = -in->quantity;
	mv->purpose = in->purpose;
	mv->approved_by = in->approved_by;
	mv->handled_by = in->handled_by;
	if (strcmp(in->kind, "transfer") == 0) {
		if ((rc = store_of(s, in->to_store_id, "to_store_id", &to)))
			return rc;
		if (to.id == st->id)
			return fault_set(s->fault, ERR_INVALID, "to_store_id", "调入仓库不能与调出相同",
					 "the receiving store must differ");
		mv->kind = "transfer_out";
		mv->to_text = to.name;
		mv->to_area_code = to.area_code;
	} else if (strcmp(in->kind, "issue") == 0) {
		if ((rc = issue_check(s, in, &it, mv)))
			return rc;
	} else if (strcmp(in->kind, "write_off") == 0) {
		if (in->purpose == NULL || *in->purpose == '\0')
			return fault_set(s->fault, ERR_INVALID, "purpose", "请写明报损原因（损坏、过期）",
					 "give the reason (damaged, expired)");
		mv->kind = "write_off";
	} else
		return fault_set(s->fault, ERR_INVALID, "kind", "kind 应为 transfer、issue、write_off 或 reverse",
				 "kind must be transfer, issue, write_off or reverse");
	rc = db_ledger_write(s->db, mv, ret_id);
	if (rc == ERR_CONFLICT)
		return short_stock(s, st->id, &it, out);
	if (rc == 0 && strcmp(in->kind, "transfer") == 0) {
		struct move into = *mv;

		into.kind = "transfer_in";
		into.store_id = to.id;
		into.quantity = in->quantity;
		into.to_text = st->name;
		into.to_area_code = st->area_code;
		rc = db_ledger_write(s->db, &into, &id2);
	}
	return rc;
}

int
svc_supply_move(struct svc *s, const struct svc_move_in *in, struct svc_move_out *out)
{
	struct move mv = {0};
	struct store st;
	int64_t id = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (in->kind == NULL)
		return fault_set(s->fault, ERR_INVALID, "kind", "kind 应为 transfer、issue、write_off 或 reverse",
				 "kind must be transfer, issue, write_off or reverse");
	mv.user_id = svc_user_id(s);
	mv.username = svc_username(s);
	if (strcmp(in->kind, "reverse") == 0)
		rc = move_reverse(s, in, &mv, &st, out, &id);
	else
		rc = move_out(s, in, &mv, &st, out, &id);
	if (rc || (rc = svc_audit(s, "create", "ledger", id, st.area_code, mv.kind)))
		return rc;
	return db_ledger_get(s->db, s->arena, id, &out->entry);
}

int
svc_supply_threshold_set(struct svc *s, const struct svc_threshold_in *in,
			 struct svc_threshold_out *out)
{
	struct item it;
	int rc;

	memset(out, 0, sizeof(*out));
	if (in->item == NULL || db_item_by_key(s->db, s->arena, in->item, &it) != 0)
		return fault_setf(s->fault, ERR_INVALID, "item", "没有物资“%s”", "no item \"%s\"",
				  in->item ? in->item : "");
	if (in->store_id == 0 && (!in->low_given || in->low < 0))
		return fault_set(s->fault, ERR_INVALID, "low_stock", "请填写预警线（0 表示不预警）",
				 "give the low-stock threshold (0: no alert)");
	if (in->store_id && !in->low_given)
		return fault_set(s->fault, ERR_INVALID, "low_stock", "请填写预警线（null 表示恢复物资默认值）",
				 "give the threshold (null: back to the item's default)");
	if (in->store_id) {
		struct store *st = &out->store.store;

		if ((rc = store_of(s, in->store_id, "store_id", st)))
			return rc;
		if ((rc = db_threshold_set(s->db, st->id, it.id, in->low)) ||
		    (rc = svc_audit(s, "update", "threshold", st->id, st->area_code,
				    arena_printf(s->arena, "%s %lld", it.key, (long long)in->low))) ||
		    (rc = db_stock_lines(s->db, s->arena, s->scope, st->id, clock_day_start(clock_now()),
					 true, &out->store.lines, &out->store.nlines)))
			return rc;
		out->of_store = true;
		return 0;
	}
	/* an item's default applies to every store of the town */
	if (strlen(s->scope) > 9)
		return fault_set(s->fault, ERR_INVALID, "store_id", "村级只能设置本村仓库的预警线",
				 "below the town, name a store of your area");
	if ((rc = db_item_set_low(s->db, it.id, in->low)) ||
	    (rc = svc_audit(s, "update", "item", it.id, s->scope,
			    arena_printf(s->arena, "low_stock %lld", (long long)in->low))))
		return rc;
	return db_item_by_key(s->db, s->arena, in->item, &out->item);
}

int
svc_supply_ledger(struct svc *s, const struct svc_ledger_in *in, struct svc_ledger_out *out)
{
	memset(out, 0, sizeof(*out));
	if (strlen(s->scope) > 9) {
		/* below the town, the ledger of one's own stores only */
		struct store st;

		if (in->store_id == 0 || db_store_get(s->db, s->arena, in->store_id, &st) != 0 ||
		    !svc_in_scope(s, st.area_code))
			return fault_set(s->fault, ERR_INVALID, "store_id", "请指定您辖区内的仓库",
					 "name a store of your area");
	}
	return db_ledger_list(s->db, s->arena, in->store_id, in->item && *in->item ? in->item : NULL,
			      in->limit, in->offset, &out->v, &out->n, &out->total);
}

int
svc_supply_donation_get(struct svc *s, int64_t id, struct donation *out)
{
	if (db_donation_get(s->db, s->arena, id, out) != 0 || !svc_in_scope(s, out->store_area))
		return fault_set(s->fault, ERR_NOTFOUND, "id", "没有这笔捐赠", "no such donation in your area");
	return 0;
}
