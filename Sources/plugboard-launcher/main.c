// plugboard-launcher: starts one plugin so that it cannot outlive its host.
//
//     plugboard-launcher --host-pid PID [--pinned FD:DEV:INO:SIZE:CTIME:MTIME] [--sandbox SPEC] -- PLUGIN [ARGS...]
//
// The host spawns this program in a process group of its own (swift-subprocess has no pre-exec hook on Linux, and
// PR_SET_PDEATHSIG set there would fire when the host's *thread* that forked ends, not the host). It forks once:
//
// - the child becomes the plugin: PR_SET_PDEATHSIG(SIGKILL) with this single-threaded launcher as its parent
//   (checked against the parent having died already), then the sandbox (`--sandbox`: its report is the first line
//   on the plugin's stdout, a failure exit status 127 with `plugboard-launcher: sandbox: WHY`), then exec, either of
//   PLUGIN by its path or of the descriptor the host opened and hashed (`--pinned`, see docs/SECURITY.md);
// - the parent stays as a watchdog that holds none of the plugin's pipes: it ignores SIGTERM, SIGINT and SIGHUP (the
//   host signals the whole group, so the plugin gets them), waits for the host or the plugin to end, and
//     - when the plugin ends, ends what it left running (the launcher is a child subreaper, so the plugin's
//       orphans become its children wherever they moved: SIGTERM, 250 ms, then SIGKILL; a leftover holding the
//       plugin's stdout would otherwise keep the host from seeing the exit), then exits the same way: the same exit
//       status, or the same signal re-raised with core dumps off, so the host classifies the exit exactly as if it
//       had started the plugin itself;
//     - when the host dies, gives the plugin 250 ms to stop by itself (a v2 plugin sees its stdin close), then
//       SIGTERM to the group, 250 ms more, then SIGKILL to the group (itself included).
//
// Exit status 127 with a line on stderr when the plugin cannot be started (bad usage, host already gone, the pinned
// descriptor is not the file the host hashed, the executable cannot be executed).
//
// libc only, single-threaded, no allocation after start-up: it runs before every plugin start (docs/PERFORMANCE.md).
#define _GNU_SOURCE
#include "plugboard_sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_execveat
#define SYS_execveat 322
#endif
#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH 0x1000
#endif

extern char **environ;

enum { launch_failure = 127, grace_ms = 250 };

/// The sandbox (`--sandbox SPEC`, docs/SECURITY.md): applied in the child before exec; in the parent, the watchdog
/// enforces the limits the kernel cannot (memory without a cgroup, the process count) and writes why the plugin
/// ended to the spec's report file. Set once at start-up; this program is single-threaded.
static const char *sandbox_spec;
static plugboard_sandbox *sandbox;
static plugboard_sandbox_cause sandbox_cause = PLUGBOARD_SANDBOX_CAUSE_NONE;
static char sandbox_detail[512];

static void fail(const char *what, const char *detail) {
    dprintf(2, "plugboard-launcher: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    _exit(launch_failure);
}

/// What `--pinned` says: the host's descriptor and what the host saw when it hashed the file behind it.
struct pinned {
    int present;
    long fd;
    unsigned long long dev, ino, size;
    long long ctime_sec, ctime_nsec;
    long long mtime_sec, mtime_nsec;
};

static int parse_pinned(const char *text, struct pinned *pinned) {
    int consumed = 0;
    int count = sscanf(text, "%ld:%llu:%llu:%llu:%lld.%lld:%lld.%lld%n", &pinned->fd, &pinned->dev, &pinned->ino, &pinned->size,
                       &pinned->ctime_sec, &pinned->ctime_nsec, &pinned->mtime_sec, &pinned->mtime_nsec, &consumed);
    return count == 8 && text[consumed] == '\0' && pinned->fd >= 0;
}

static int pidfd_open(pid_t pid) { return (int)syscall(SYS_pidfd_open, pid, 0); }

static long long now_ms(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/// Opens the host's descriptor through /proc and checks that it is still the file the host hashed: the same inode,
/// and unwritten since: the same size and mtime, and the same ctime (which no one can set back; a write moves it).
/// A file renamed over or removed since (no link left) has a new ctime from that alone: it passes on size and mtime.
static int open_pinned(pid_t host, const struct pinned *pinned) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/fd/%ld", (int)host, pinned->fd);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail("cannot open the pinned file the host opened", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) fail("cannot stat the pinned file", strerror(errno));
    if ((unsigned long long)st.st_dev != pinned->dev || (unsigned long long)st.st_ino != pinned->ino)
        fail("the pinned descriptor is not the file the host hashed", NULL);
    int same_ctime = (long long)st.st_ctim.tv_sec == pinned->ctime_sec && (long long)st.st_ctim.tv_nsec == pinned->ctime_nsec;
    int same_mtime = (long long)st.st_mtim.tv_sec == pinned->mtime_sec && (long long)st.st_mtim.tv_nsec == pinned->mtime_nsec;
    if ((unsigned long long)st.st_size != pinned->size || !same_mtime || (!same_ctime && st.st_nlink > 0))
        fail("the pinned file changed after the host hashed it", NULL);
    return fd;
}

/// Executes the pinned descriptor. A script is executed by the kernel through /dev/fd/N, which its interpreter
/// opens, so its descriptor must survive the exec; a binary's must not leak into the plugin.
static void exec_pinned(int fd, char **argv) {
    char start[2] = {0, 0};
    if (pread(fd, start, 2, 0) == 2 && start[0] == '#' && start[1] == '!') {
        int flags = fcntl(fd, F_GETFD);
        if (flags >= 0) fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC);
    }
    syscall(SYS_execveat, fd, "", argv, environ, AT_EMPTY_PATH);
}

static void set_disposition(int signal, void (*handler)(int)) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    sigaction(signal, &action, NULL);
}

/// Exits the way the plugin did.
static void exit_like(int status) {
    if (WIFEXITED(status)) _exit(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) {
        int signal = WTERMSIG(status);
        struct rlimit none = {0, 0};
        setrlimit(RLIMIT_CORE, &none);
        set_disposition(signal, SIG_DFL);
        sigset_t set;
        sigemptyset(&set);
        sigaddset(&set, signal);
        sigprocmask(SIG_UNBLOCK, &set, NULL);
        raise(signal);
        _exit(128 + signal);
    }
    _exit(launch_failure);
}

/// The plugin ended: says why, when its sandbox ended it, ends what it left running, then exits like it.
static void plugin_ended(int status, const struct rusage *usage) {
    if (sandbox != NULL) {
        if (sandbox_cause == PLUGBOARD_SANDBOX_CAUSE_NONE)
            sandbox_cause = plugboard_sandbox_exit_cause(sandbox, status, usage, sandbox_detail, sizeof sandbox_detail);
        plugboard_sandbox_report_exit(sandbox, sandbox_cause, sandbox_detail, usage);
    }
    plugboard_end_descendants(grace_ms);
    exit_like(status);
}

/// Waits up to `timeout_ms` for the plugin to end; exits like it when it does.
static void reap_within(pid_t child, int child_fd, int timeout_ms) {
    long long deadline = now_ms() + timeout_ms;
    for (;;) {
        int status;
        struct rusage usage;
        pid_t reaped = wait4(child, &status, WNOHANG, &usage);
        if (reaped == child) plugin_ended(status, &usage);
        if (reaped < 0 && errno != EINTR) _exit(launch_failure);
        long long left = deadline - now_ms();
        if (left <= 0) return;
        if (child_fd >= 0) {
            struct pollfd entry = {.fd = child_fd, .events = POLLIN};
            poll(&entry, 1, (int)left);
        } else {
            struct timespec pause = {0, 10 * 1000000};
            nanosleep(&pause, NULL);
        }
    }
}

/// The host is gone: the plugin gets its grace, then SIGTERM, then SIGKILL, with the rest of the group.
/// The group is signalled only when this process leads it (the host starts it so): never someone else's group.
static void stop_orphan(pid_t child, int child_fd) {
    int leads_group = getpgrp() == getpid();
    reap_within(child, child_fd, grace_ms);
    kill(child, SIGTERM);
    if (leads_group) killpg(getpgrp(), SIGTERM);  // ignored here; reaches whatever the plugin started in the group
    reap_within(child, child_fd, grace_ms);
    kill(child, SIGKILL);
    if (leads_group) killpg(getpgrp(), SIGKILL);  // this process too
    reap_within(child, child_fd, 1000);
    _exit(launch_failure);
}

int main(int argc, char **argv) {
    pid_t host = 0;
    struct pinned pinned = {0};
    int first = -1;
    for (int index = 1; index < argc; index++) {
        const char *option = argv[index];
        if (strcmp(option, "--") == 0) {
            first = index + 1;
            break;
        }
        if (index + 1 >= argc) fail("missing value after", option);
        const char *value = argv[++index];
        if (strcmp(option, "--host-pid") == 0) {
            char *end = NULL;
            long pid = strtol(value, &end, 10);
            if (*value == '\0' || *end != '\0' || pid <= 0) fail("--host-pid takes a process id, got", value);
            host = (pid_t)pid;
        } else if (strcmp(option, "--pinned") == 0) {
            if (!parse_pinned(value, &pinned)) fail("--pinned takes FD:DEV:INO:SIZE:CTIME:MTIME, got", value);
            pinned.present = 1;
        } else if (strcmp(option, "--sandbox") == 0) {
            char message[1024];
            sandbox = plugboard_sandbox_parse(value, message, sizeof message);
            if (sandbox == NULL) fail("sandbox", message);
            sandbox_spec = value;
        } else {
            fail("unknown option", option);
        }
    }
    if (first < 0 || first >= argc) fail("usage: plugboard-launcher --host-pid PID [--pinned FD:DEV:INO:SIZE:CTIME:MTIME] [--sandbox SPEC] -- PLUGIN [ARGS...]", NULL);
    if (host == 0) fail("--host-pid is required", NULL);

    // The host's pidfd first, then the check that the host is still this process's parent: a pidfd taken after the
    // host died could name an unrelated process that reused its pid.
    int host_fd = pidfd_open(host);
    if (getppid() != host) fail("the host exited before its plugin started", NULL);
    if (host_fd < 0 && errno != ENOSYS) fail("cannot watch the host (pidfd_open)", strerror(errno));
    int exec_fd = pinned.present ? open_pinned(host, &pinned) : -1;

    // Group signals are for the plugin: block them across fork, so that neither side loses one it should act on.
    sigset_t group_signals;
    sigemptyset(&group_signals);
    sigaddset(&group_signals, SIGTERM);
    sigaddset(&group_signals, SIGINT);
    sigaddset(&group_signals, SIGHUP);
    sigprocmask(SIG_BLOCK, &group_signals, NULL);

    // The plugin's orphans become this process's children: the sandbox's watchdog still counts them, and they end
    // when the plugin does. Their exits come as SIGCHLD on a signalfd (below), to reap them as they go.
    int watch_ms = sandbox != NULL ? plugboard_sandbox_watch_interval(sandbox) : -1;
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    sigaddset(&group_signals, SIGCHLD);
    sigprocmask(SIG_BLOCK, &group_signals, NULL);

    pid_t launcher = getpid();
    pid_t child = fork();
    if (child < 0) fail("cannot fork", strerror(errno));
    if (child == 0) {
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail("cannot set the parent-death signal", strerror(errno));
        if (getppid() != launcher) _exit(launch_failure);  // the launcher died before the line above
        if (host_fd >= 0) close(host_fd);
        // No signal blocked (the host may block some in its threads), none ignored: a plugin starts as from a shell.
        // A signal sent meanwhile is delivered now, with its default action.
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        // The sandbox, after the parent-death signal and before exec; its report is the plugin's first stdout line.
        if (sandbox_spec != NULL) {
            char message[2048];
            if (plugboard_sandbox_apply(sandbox_spec, message, sizeof message) != 0) fail("sandbox", message);
            dprintf(1, "plugboard-sandbox: %s\n", message);
        }
        char **plugin = argv + first;
        if (exec_fd >= 0) {
            exec_pinned(exec_fd, plugin);
            dprintf(2, "plugboard-launcher: cannot execute the pinned file %s: %s\n", plugin[0], strerror(errno));
        } else {
            execv(plugin[0], plugin);
            dprintf(2, "plugboard-launcher: cannot execute %s: %s\n", plugin[0], strerror(errno));
        }
        _exit(launch_failure);
    }

    set_disposition(SIGTERM, SIG_IGN);
    set_disposition(SIGINT, SIG_IGN);
    set_disposition(SIGHUP, SIG_IGN);
    sigset_t children;
    sigemptyset(&children);
    sigaddset(&children, SIGCHLD);
    sigprocmask(SIG_SETMASK, &children, NULL);
    int children_fd = signalfd(-1, &children, SFD_NONBLOCK | SFD_CLOEXEC);
    if (exec_fd >= 0) close(exec_fd);
    // The plugin's stdin, stdout and stderr are its own: the host sees their end when the plugin closes them.
    int null_fd = open("/dev/null", O_RDWR);
    if (null_fd >= 0) {
        dup2(null_fd, 0);
        dup2(null_fd, 1);
        dup2(null_fd, 2);
        if (null_fd > 2) close(null_fd);
    }

    int child_fd = pidfd_open(child);
    for (;;) {
        struct pollfd entries[3];
        nfds_t count = 0;
        if (child_fd >= 0) entries[count++] = (struct pollfd){.fd = child_fd, .events = POLLIN};
        if (host_fd >= 0) entries[count++] = (struct pollfd){.fd = host_fd, .events = POLLIN};
        if (children_fd >= 0) entries[count++] = (struct pollfd){.fd = children_fd, .events = POLLIN};
        // Without pidfds (Linux before 5.3), look every 100 ms; a sandbox's watchdog looks more often. A known cost
        // of those kernels (docs/LIFECYCLE.md), as is the 10 ms polling of reap_within's graces there.
        int timeout = (child_fd >= 0 && host_fd >= 0) ? -1 : 100;
        if (watch_ms >= 0 && (timeout < 0 || watch_ms < timeout)) timeout = watch_ms;
        int ready = poll(entries, count, timeout);
        if (ready < 0 && errno != EINTR) {
            // Out of kernel memory for the wait: wait again shortly (the plugin and the host are still watched).
            if (errno == ENOMEM || errno == EAGAIN) {
                struct timespec pause = {0, 10 * 1000000};
                nanosleep(&pause, NULL);
                continue;
            }
            // Any other error means this loop cannot watch any more. Exiting here would leave the plugin to
            // PDEATHSIG's SIGKILL with no grace; it is stopped as when the host is gone instead: its grace, SIGTERM,
            // SIGKILL. (This process's stderr is /dev/null, so as not to hold the plugin's pipe: nothing to say it on.)
            stop_orphan(child, child_fd);
        }
        if (children_fd >= 0) {
            struct signalfd_siginfo drained[8];
            while (read(children_fd, drained, sizeof drained) > 0) {}
            plugboard_reap_orphans(child);
        }
        if (watch_ms >= 0 && sandbox_cause == PLUGBOARD_SANDBOX_CAUSE_NONE)
            sandbox_cause = plugboard_sandbox_watch(sandbox, child, sandbox_detail, sizeof sandbox_detail);
        reap_within(child, -1, 0);
        int host_gone = host_fd >= 0 ? 0 : getppid() != host;
        for (nfds_t index = 0; index < count; index++) {
            if (entries[index].fd == host_fd && entries[index].revents) host_gone = 1;
        }
        if (host_gone) stop_orphan(child, child_fd);
    }
}
