/* demo_command.c: the demo town's command post at work: tips from the public in every state
 * (just received, being checked, turned into a task, closed as not credible or as a duplicate,
 * handled when their task was verified) and tasks in every state (open, in progress, done,
 * verified, reopened, one past its deadline).  Each step is written as the tip and task
 * operations write it, at its moment: the row, its status and times, the task's events. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api.h"
#include "arena.h"
#include "clock.h"
#include "db_command.h"
#include "demo.h"

/* A tip as the public sent it, and what the command post made of it. */
struct demo_tip {
	const char *kind, *village, *address, *happened, *description, *reporter, *phone;
	int days, min;	       /* received: days ago, minute of the day */
	const char *triage;    /* NULL: not looked at yet; checking, task, not_credible, duplicate */
	int handle_after;      /* minutes from receipt to the triage */
	const char *result;    /* what the tracking page tells the reporter */
};

static const struct demo_tip tips[] = {
	{"fever", "430302100201", "云龙村4组", "这两天", "隔壁独居的老人咳嗽发烧两天了，一直没去看病，也没人管。",
	 NULL, NULL, 0, 7 * 60 + 50, NULL, 0, NULL},
	{"returnee", "430302100204", "南谷村3组黄家屋场", "前天晚上", "邻居家儿子从武汉开车回来了，没去村里登记，这两天还在外面走动。",
	 "黄先生", "13807320417", 1, 9 * 60 + 20, "task", 40, "已安排网格员上门核实"},
	{"price_gouging", "430302100001", "红旗路康民药店", "今天上午", "药店一次性口罩卖到5元一只，还限购，价格比平时贵了十倍。",
	 NULL, NULL, 3, 8 * 60 + 10, "task", 55, "已转市场监管部门核查"},
	{"gathering", "430302100202", "立新村大塘组", "明天中午", "大塘组有户人家明天要办满月酒，请了二十多桌客人。",
	 "刘女士", "13973215588", 2, 15 * 60 + 40, "task", 30, NULL},
	{"gathering", "430302100202", "立新村大塘组", "明天", "大塘组有人要摆满月酒，好多外地亲戚要来。",
	 NULL, NULL, 2, 15 * 60 + 55, "duplicate", 30, "已合并到同一事项处理"},
	{"other", "430302100205", "", "", "微信群里有人说明天起镇上所有道路都封了，不让进出，是真的吗？",
	 NULL, NULL, 4, 20 * 60 + 5, "not_credible", 700, "经核实，镇内道路未封闭，请以镇政府公告为准，勿信谣传谣"},
	{"returnee", "430302100002", "跃进街18号2栋", "昨天下午", "楼上住户昨天从孝感回来，拖着行李箱，不知道报备没有。",
	 NULL, NULL, 1, 21 * 60 + 30, NULL, 0, NULL},
	{"fever", "430302100003", "果沙路菜市场旁", "今天早上", "菜市场卖鱼的摊主一直在咳嗽，说自己有点发烧还在出摊。",
	 "匿名群众", NULL, 1, 19 * 60 + 10, "checking", 50, "村医已电话联系，正在核实"},
};
#define NTIPS (int)(sizeof(tips) / sizeof(tips[0]))

/* A task: who gave it to whom, where, and how far it has gone. */
struct demo_task {
	const char *title, *description, *area, *owner, *by, *priority, *source;
	int tip;		/* index in tips of the tip it came from, -1 for none */
	int days, min;		/* assigned: days ago, minute of the day */
	int deadline_h;		/* hours after assignment */
	const char *end;	/* open, in_progress, done, verified, reopened */
	const char *result;
};

static const struct demo_task tasks[] = {
	{"为云龙村1组居家观察户代购生活物资", "居家观察户不能外出，请列好清单统一代购，放门口，不接触。",
	 "430302100201001", "grid", "secretary", "normal", "manual", -1, 0, 8 * 60 + 40, 10, "open", NULL},
	{"核查举报：南谷村3组有武汉返乡人员未登记", "上门核实返乡时间、同住人员，符合条件的登记为重点人员。",
	 "430302100204003", "nangu.grid3", "admin", "high", "tip", 1, 1, 10 * 60, 24, "in_progress", NULL},
	{"南谷互通卡口夜班增派2名志愿者", "夜班车流增加，两人一组忙不过来，请村里再安排2名党员志愿者。",
	 "430302100201", "secretary", "admin", "urgent", "meeting", -1, 2, 18 * 60, 24, "open", NULL},
	{"核查举报：红旗路药店口罩加价销售", "会同市场监管所上门检查价格公示和进货票据。",
	 "430302100001002", "hongqi.grid2", "admin", "high", "tip", 2, 3, 9 * 60 + 5, 48, "done",
	 "已会同市场监管所上门检查，药店已恢复原价并公示价格，限购取消。"},
	{"上门复核云龙村2组未见面住户", "排查中两次敲门无人应答的住户，电话联系后再上门一次。",
	 "430302100201002", "yunlong.grid2", "secretary", "normal", "sweep", -1, 4, 14 * 60, 48, "verified",
	 "6户均已见面，其中2户外出务工未返乡，已电话登记。"},
	{"劝导立新村大塘组满月酒取消", "按镇里要求，红白喜事一律从简，喜事缓办，请上门劝导并签承诺书。",
	 "430302100202005", "lixin.grid5", "admin", "urgent", "tip", 3, 2, 16 * 60 + 10, 6, "verified",
	 "已上门劝导，户主同意取消酒席，签了承诺书，已退订酒店。"},
	{"落实转诊人员家属居家观察", "发热转诊人员的同住家属3人，登记为密切接触者，每日两次测温。",
	 "430302100202", "lixin.doctor", "admin", "high", "alert", -1, 1, 19 * 60 + 30, 24, "in_progress", NULL},
	{"核查大数据推送的湖北返乡人员名单（12人）", "逐一电话联系，核实是否在镇，在镇的登记居家观察。",
	 "430302100000", "admin", "admin", "high", "big_data", -1, 5, 10 * 60 + 30, 24, "verified",
	 "12人中9人在镇已登记居家观察，3人未返乡。"},
	{"长安村公共场所集中消杀", "村部、小卖部、垃圾站每天消杀两次，做好记录。",
	 "430302100205", "changan.doctor", "admin", "normal", "meeting", -1, 3, 8 * 60 + 30, 24, "reopened",
	 "已完成三处消杀。"},
	{"汇总各村重点人员名单报区指挥部", "按区里模板汇总，含观察起止日期和责任人，明天下午五点前报送。",
	 "430302100000", "admin", "admin", "high", "meeting", -1, 1, 20 * 60, 45, "open", NULL},
	{"云龙村1组独居老人送药上门", "独居老人的降压药快吃完了，请到村卫生室取药后送上门。",
	 "430302100201001", "grid", "doctor", "normal", "manual", -1, 1, 9 * 60, 24, "done",
	 "药已送到，老人身体状况良好。"},
};
#define NTASKS (int)(sizeof(tasks) / sizeof(tasks[0]))

struct actor {
	int64_t id;
	const char *username;
};

static int
actor(struct dbc *c, struct arena *a, const char *username, struct actor *ret)
{
	struct user u;
	int rc;

	if ((rc = db_user_get_by_name(c, a, username, &u)))
		return rc;
	ret->id = u.id;
	ret->username = u.username;
	return 0;
}

/* One task event at the pinned clock, as the task operations write it. */
static int
event(struct dbc *c, int64_t task, const struct actor *by, const char *kind, const char *detail)
{
	return db_task_event_add(c, task, by->id, by->username, kind, detail);
}

/* Task d from its assignment to its last step, each at its moment; the tip tip (NULL for none)
 * handled when the task is verified.  Steps still to come are left out. */
static int
task_story(struct dbc *c, struct arena *a, const struct demo_task *d, struct tip *tip,
	   int64_t at, int64_t *ret_id)
{
	struct task t = {0};
	struct actor owner, by, admin;
	int64_t now = demo_now(), done_at;
	char *detail;
	json_t *j;
	int rc;

	*ret_id = 0;
	if (at > now - 60)
		return 0;
	if ((rc = actor(c, a, d->owner, &owner)) || (rc = actor(c, a, d->by, &by)) ||
	    (rc = actor(c, a, "admin", &admin)))
		return rc;
	clock_pin(at);
	t.title = (char *)d->title;
	t.description = (char *)d->description;
	t.area_code = (char *)d->area;
	t.owner_id = owner.id;
	t.assigned_by = by.id;
	t.deadline = at + (int64_t)d->deadline_h * 3600;
	t.priority = (char *)d->priority;
	t.source = (char *)d->source;
	t.source_id = tip ? tip->id : 0;
	j = json_pack("{s:I, s:I}", "owner_id", (json_int_t)owner.id, "deadline",
		      (json_int_t)t.deadline);
	detail = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	rc = db_task_insert(c, &t);
	if (rc == 0)
		rc = event(c, t.id, &by, "created", detail ? detail : "{}");
	free(detail);
	if (rc)
		return rc;
	*ret_id = t.id;
	if (tip) {
		/* the triage that made the task: the tip is being checked through it */
		tip->task_id = t.id;
		tip->triage = "task";
		tip->status = "checking";
		if ((rc = db_tip_update(c, tip)))
			return rc;
	}
	t.status = "open";
	if (strcmp(d->end, "open") == 0 || at + 3600 > now)
		return 0;
	/* the owner starts within the hour, and reports done before the deadline */
	clock_pin(at + 50 * 60);
	t.status = "in_progress";
	if ((rc = db_task_update(c, &t)) || (rc = event(c, t.id, &owner, "started", "")))
		return rc;
	done_at = at + (int64_t)d->deadline_h * 3600 * 2 / 3;
	if (strcmp(d->end, "in_progress") == 0 || done_at > now)
		return 0;
	clock_pin(done_at);
	t.status = "done";
	t.result = (char *)d->result;
	t.evidence = "";
	t.done_at = done_at;
	if ((rc = db_task_update(c, &t)) || (rc = event(c, t.id, &owner, "done", d->result)))
		return rc;
	if (strcmp(d->end, "done") == 0 || done_at + 2 * 3600 > now)
		return 0;
	clock_pin(done_at + 2 * 3600);
	if (strcmp(d->end, "reopened") == 0) {
		t.status = "reopened";
		return (rc = db_task_update(c, &t))
			       ? rc
			       : event(c, t.id, &admin, "reopened", "消杀记录缺少现场照片，请补拍上传后再报完成");
	}
	t.status = "verified";
	t.verified_at = clock_now();
	if (tip && strcmp(tip->status, "handled") != 0) {
		tip->status = "handled";
		tip->handled_at = t.verified_at;
		if (tip->public_result == NULL || *tip->public_result == '\0')
			tip->public_result = "已核实处理 / checked and handled";
		if ((rc = db_tip_update(c, tip)))
			return rc;
	}
	if ((rc = db_task_update(c, &t)))
		return rc;
	return event(c, t.id, &admin, "verified", "");
}

/* Tip d as received, and its triage at its moment; its code is random like every tip's. */
static int
tip_story(struct dbc *c, struct arena *a, const struct demo_tip *d, struct tip *t)
{
	static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	unsigned char raw[10];
	int64_t at = demo_at(d->days, d->min), now = demo_now();
	int i;

	memset(t, 0, sizeof(*t));
	if (at > now - 60)
		return 0;
	randombytes_buf(raw, sizeof(raw));
	t->code = arena_alloc(a, 11);
	for (i = 0; i < 10; i++)
		t->code[i] = alphabet[raw[i] % 32];
	t->code[10] = '\0';
	t->kind = (char *)d->kind;
	t->area_code = (char *)d->village;
	t->address = (char *)d->address;
	t->happened = (char *)d->happened;
	t->description = (char *)d->description;
	t->reporter_name = (char *)d->reporter;
	t->reporter_phone = (char *)d->phone;
	t->anonymous = d->reporter == NULL && d->phone == NULL;
	t->status = "received";
	clock_pin(at);
	return db_tip_insert(c, t);
}

int
demo_command(struct dbc *c, struct arena *a, unsigned seed, struct fault *f)
{
	struct tip tv[NTIPS];
	bool done[NTIPS] = {false};
	int64_t now = demo_now(), id;
	int i, rc = 0;

	(void)seed;
	/* received in the order they came in, so their numbers follow the clock */
	for (;;) {
		int next = -1;

		for (i = 0; i < NTIPS; i++)
			if (!done[i] && (next < 0 || demo_at(tips[i].days, tips[i].min) <
							 demo_at(tips[next].days, tips[next].min)))
				next = i;
		if (next < 0 || (rc = tip_story(c, a, &tips[next], &tv[next])))
			break;
		done[next] = true;
	}
	/* the triage of each tip that was looked at, and the tasks with where they stand */
	for (i = 0; i < NTIPS && rc == 0; i++) {
		const struct demo_tip *d = &tips[i];
		int64_t at = tv[i].created_at + (int64_t)d->handle_after * 60;

		if (tv[i].id == 0 || d->triage == NULL || at > now - 60)
			continue;
		clock_pin(at);
		if (d->result)
			tv[i].public_result = (char *)d->result;
		if (strcmp(d->triage, "checking") == 0) {
			tv[i].status = "checking";
		} else if (strcmp(d->triage, "duplicate") == 0) {
			tv[i].duplicate_of = tv[i - 1].id;
			tv[i].triage = "duplicate";
			tv[i].status = "handled";
			tv[i].handled_at = at;
		} else if (strcmp(d->triage, "not_credible") == 0) {
			tv[i].triage = "not_credible";
			tv[i].status = "handled";
			tv[i].handled_at = at;
		} else {
			int k;

			for (k = 0; k < NTASKS; k++)
				if (tasks[k].tip == i)
					break;
			/* the task is made with the triage, and closes the tip when verified */
			if (k < NTASKS)
				rc = task_story(c, a, &tasks[k], &tv[i], at, &id);
			continue;
		}
		rc = db_tip_update(c, &tv[i]);
	}
	for (i = 0; i < NTASKS && rc == 0; i++)
		if (tasks[i].tip < 0)
			rc = task_story(c, a, &tasks[i], NULL, demo_at(tasks[i].days, tasks[i].min), &id);
	if (rc)
		return fault_set(f, rc, "demo", "演示举报和任务写入失败",
				 "cannot record the demo town's tips and tasks");
	return 0;
}
