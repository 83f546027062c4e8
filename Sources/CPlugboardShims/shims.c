#define _GNU_SOURCE
#include "CPlugboardShims.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

extern void *swift_task_enqueueGlobal_hook;

void **plugboard_swift_task_enqueueGlobal_hook_address(void) {
    return &swift_task_enqueueGlobal_hook;
}

// The signal pipe's ends. Signal dispositions are process-wide, so the pipe is too: made on the first call, before
// any handler is installed, and kept for the process's life (later calls hand out duplicates of the read end).
static volatile sig_atomic_t plugboard_signal_write_end = -1;
static int plugboard_signal_read_end = -1;

static void plugboard_on_signal(int number) {
    int saved = errno;
    unsigned char byte = (unsigned char)number;
    (void)write(plugboard_signal_write_end, &byte, 1);
    errno = saved;
}

int plugboard_signal_pipe(const int *signals, int count) {
    if (plugboard_signal_read_end != -1) return fcntl(plugboard_signal_read_end, F_DUPFD_CLOEXEC, 0);
    int ends[2];
#if defined(__linux__)
    if (pipe2(ends, O_CLOEXEC) != 0) return -1;
#else
    if (pipe(ends) != 0) return -1;
    fcntl(ends[0], F_SETFD, FD_CLOEXEC);
    fcntl(ends[1], F_SETFD, FD_CLOEXEC);
#endif
    // Never block in the handler: a full pipe already holds a pending signal.
    fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK);
    plugboard_signal_write_end = ends[1];
    struct sigaction action = {0};
    action.sa_handler = plugboard_on_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (int index = 0; index < count; index++) {
        if (sigaction(signals[index], &action, NULL) != 0) return -1;
    }
    plugboard_signal_read_end = ends[0];
    return fcntl(ends[0], F_DUPFD_CLOEXEC, 0);
}

int plugboard_signal_pipe_wake(void) {
    if (plugboard_signal_write_end == -1) {
        errno = EBADF;
        return -1;
    }
    unsigned char byte = 0;
    return (int)write(plugboard_signal_write_end, &byte, 1);
}
