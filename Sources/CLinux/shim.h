#ifndef TAPNIRS_CLINUX_SHIM_H
#define TAPNIRS_CLINUX_SHIM_H
#define _GNU_SOURCE 1
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <time.h>

static inline int tapnirs_ppoll(struct pollfd *fds, nfds_t n, const struct timespec *timeout) {
    return ppoll(fds, n, timeout, NULL);
}
static inline int tapnirs_set_timer_slack_ns(unsigned long ns) {
    return prctl(PR_SET_TIMERSLACK, ns, 0, 0, 0);
}
#endif
