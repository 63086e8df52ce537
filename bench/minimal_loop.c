/* The reference for `make bench`: the least a program can do to timestamp a key press —
 * raw terminal, poll() on stdin, read CLOCK_MONOTONIC the moment poll returns, read the
 * byte. Prints one line per byte: "<ns>" to the file named by argv[1]. 'q' ends it. */
#include <poll.h>
#include <stdio.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    FILE *out = fopen(argv[1], "w");
    if (!out) return 2;
    struct termios saved, raw;
    tcgetattr(0, &saved);
    raw = saved;
    cfmakeraw(&raw);
    tcsetattr(0, TCSANOW, &raw);
    write(1, "READY\r\n", 7);
    for (;;) {
        struct pollfd p = {.fd = 0, .events = POLLIN};
        if (poll(&p, 1, -1) <= 0) continue;
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        char buf[64];
        ssize_t n = read(0, buf, sizeof buf);
        if (n <= 0) break;
        long long ns = (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
        int quit = 0;
        for (ssize_t i = 0; i < n; i++) {
            if (buf[i] == 'q') { quit = 1; break; }
            fprintf(out, "%lld\n", ns);
        }
        if (quit) break;
    }
    tcsetattr(0, TCSANOW, &saved);
    fclose(out);
    return 0;
}
