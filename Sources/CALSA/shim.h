#ifndef TAPNIRS_CALSA_SHIM_H
#define TAPNIRS_CALSA_SHIM_H
/* ALSA's PCM API (Debian's libasound2-dev) for the metronome, plus the few things Swift
 * cannot call directly: the variadic error handler and scheduling of the writer thread. */
#include <alsa/asoundlib.h>
#include <pthread.h>
#include <sched.h>

/* alsa-lib prints its errors to stderr, which is the curses screen during a session:
 * every error is instead returned to the caller as a code and reported once. */
static void tapnirs_alsa_silent_handler(const char *file, int line, const char *function, int err,
                                        const char *fmt, ...) {
    (void)file; (void)line; (void)function; (void)err; (void)fmt;
}
static inline void tapnirs_alsa_silence_errors(void) {
    snd_lib_error_set_handler(tapnirs_alsa_silent_handler);
}

/* SCHED_FIFO for the calling thread; returns 0 or an errno (EPERM without CAP_SYS_NICE). */
static inline int tapnirs_make_current_thread_realtime(int priority) {
    struct sched_param param;
    param.sched_priority = priority;
    return pthread_setschedparam(pthread_self(), SCHED_FIFO, &param);
}
#endif
