#ifndef TAPNIRS_CLINUX_SHIM_H
#define TAPNIRS_CLINUX_SHIM_H
/* The few Linux calls Swift's Glibc module does not show, as plain functions.
 * No feature macros here (_GNU_SOURCE would make these headers' types differ from
 * SwiftGlibc's and break the module build); ppoll is declared directly instead. */
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <time.h>

extern int ppoll(struct pollfd *fds, nfds_t nfds, const struct timespec *timeout, const sigset_t *sigmask);
extern int sync_file_range(int fd, long long offset, long long count, unsigned int flags);

static inline int tapnirs_ppoll(struct pollfd *fds, nfds_t n, const struct timespec *timeout) {
    return ppoll(fds, n, timeout, NULL);
}
/* Starts writing a file range to disk without waiting (SYNC_FILE_RANGE_WRITE). */
static inline int tapnirs_start_writeback(int fd, long long offset, long long count) {
    return sync_file_range(fd, offset, count, 2);
}
static inline int tapnirs_set_timer_slack_ns(unsigned long ns) {
    return prctl(PR_SET_TIMERSLACK, ns, 0, 0, 0);
}
#endif
