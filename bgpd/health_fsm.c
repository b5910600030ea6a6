/*
 * health_fsm.c -- the pure state machine of a health check; see health.h.
 *
 *   DOWN --(rise successes in a row)--> UP --(fall failures in a row)--> DOWN
 *   any  --(disable file exists)------> DISABLED --(file gone)--> initial
 *
 * A result agreeing with the state clears the streak: "in a row" is meant
 * strictly, as in ExaBGP's RISING/FALLING states.
 */
#include "config.h"

#include <stdio.h>
#include <strings.h>

#include "health.h"

void
health_fsm_init(struct health_fsm *f, unsigned rise, unsigned fall, enum health_state initial)
{
	*f = (struct health_fsm){
		.rise = rise ? rise : 1,
		.fall = fall ? fall : 1,
		.initial = initial == HEALTH_UP ? HEALTH_UP : HEALTH_DOWN,
	};
	f->state = f->initial;
}

bool
health_fsm_disable(struct health_fsm *f, bool exists)
{
	if (exists == (f->state == HEALTH_DISABLED))
		return false;
	f->state = exists ? HEALTH_DISABLED : f->initial;
	f->streak = 0;
	f->transitions++;
	return true;
}

bool
health_fsm_result(struct health_fsm *f, bool ok)
{
	if (f->state == HEALTH_DISABLED)
		return false;
	f->checks++;
	if (ok)
		f->successes++;
	else
		f->failures++;
	bool against = ok ? f->state == HEALTH_DOWN : f->state == HEALTH_UP;
	if (!against) {
		f->streak = 0;
		return false;
	}
	f->streak++;
	if (f->streak < (ok ? f->rise : f->fall))
		return false;
	f->state = ok ? HEALTH_UP : HEALTH_DOWN;
	f->streak = 0;
	f->transitions++;
	return true;
}

bool
health_fsm_pending(const struct health_fsm *f)
{
	switch (f->state) {
	case HEALTH_DOWN:
	case HEALTH_UP: return f->streak > 0;	/* a full run has already changed the state */
	case HEALTH_DISABLED: break;
	}
	return false;
}

unsigned
health_fsm_delay(const struct health_fsm *f, unsigned interval, unsigned fast)
{
	return health_fsm_pending(f) ? fast : interval;
}

int
health_fsm_reason(const struct health_fsm *f, const char *result, char *buf, size_t len)
{
	/* a result changes the state exactly when the run reaches its count */
	bool up = f->state == HEALTH_UP;
	unsigned need = up ? f->rise : f->fall;
	return snprintf(buf, len, "%s (%u of %u %s)", result, need, need,
	    up ? (need == 1 ? "success" : "successes") : (need == 1 ? "failure" : "failures"));
}

const char *
health_state_name(enum health_state s)
{
	switch (s) {
	case HEALTH_DOWN: return "down";
	case HEALTH_UP: return "up";
	case HEALTH_DISABLED: return "disabled";
	}
	return "?";
}

int
health_state_from_name(const char *name)
{
	if (strcasecmp(name, "down") == 0)
		return HEALTH_DOWN;
	if (strcasecmp(name, "up") == 0)
		return HEALTH_UP;
	return -1;
}
