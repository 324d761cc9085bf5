/* demo.h: what the parts of the demo town share (demo.c, demo_monitor.c, demo_command.c,
 * demo_checkpoint.c, demo_supply.c, demo_sweep.c).
 *
 * The demo is a town in the middle of its work, dated from today: its history is written
 * through the same db functions the operations use, with the clock pinned (clock_pin) at the
 * moment each row stands for, so every stamp, day table and counter is what the operation
 * would have left then.  Moments are drawn from the seed and anchored to the local day; those
 * still to come when the demo is built are not written, so a seed and a day give one town. */
#ifndef FANGYI_API_DEMO_H
#define FANGYI_API_DEMO_H

#include <stdbool.h>
#include <stdint.h>

struct dbc;
struct arena;
struct fault;

/* The demo's random numbers: xorshift64*, repeatable from the seed. */
struct demo_rng {
	uint64_t s;
};

static inline uint32_t
demo_rnd(struct demo_rng *r, uint32_t n)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return (uint32_t)((r->s * 2685821657736338717ULL) >> 33) % (n ? n : 1);
}

/* demo_at: the moment hh:mm (minutes past midnight: min) of the local day `days` before today
 * (0 today, 1 yesterday); today is the day of the demo's now (demo_now). */
int64_t demo_at(int days, int min);
/* demo_now: the instant the demo was started at (the clock then, real or FANGYI_CLOCK). */
int64_t demo_now(void);
/* demo_date: the local date `days` before today into ret. */
void demo_date(int days, char ret[11]);

/* The parts: each writes inside the demo's transaction and may pin the clock; 0 or an error
 * (with f filled when it has something to say). */
int demo_monitor(struct dbc *c, struct arena *a, unsigned seed, int people, struct fault *f);
int demo_command(struct dbc *c, struct arena *a, unsigned seed, struct fault *f);
/* demo_monitor_town: n key persons of another town of the district in their observation days,
 * spread over its villages (codes), registered by the town's administrator admin_name. */
int demo_monitor_town(struct dbc *c, struct arena *a, unsigned seed, const char *admin_name,
		      const char *const *villages, int nv, int n, struct fault *f);

#endif
