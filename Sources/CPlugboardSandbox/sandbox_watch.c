#define _GNU_SOURCE
#include "plugboard_sandbox.h"
#include "sandbox_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PB_MAX_TREE 8192

/// The processes below the watchdog (its children: the plugin and, for a subreaper, the plugin's orphans), found
/// through /proc/PID/task/TID/children. Zombies are skipped.
struct pb_tree {
    pid_t pids[PB_MAX_TREE];
    int count;
    long long resident_bytes;
    char text[65536];
};

static int read_small(const char *path, char *buffer, size_t capacity) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t total = 0;
    while ((size_t)total < capacity - 1) {
        ssize_t got = read(fd, buffer + total, capacity - 1 - (size_t)total);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) break;
        total += got;
    }
    close(fd);
    buffer[total] = '\0';
    return (int)total;
}

/// The state letter of /proc/PID/stat ('R', 'S', 'T', 'Z', ...), or 'X' when the process is gone.
static char process_state(pid_t pid) {
    char path[64], text[512];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    if (read_small(path, text, sizeof text) <= 0) return 'X';
    char *end = strrchr(text, ')');
    if (end == NULL || end[1] == '\0' || end[2] == '\0') return 'X';
    return end[2];
}

static int is_gone(char state) { return state == 'Z' || state == 'X'; }

static long long anonymous_bytes(pid_t pid) {
    char path[64], text[256];
    snprintf(path, sizeof path, "/proc/%d/statm", pid);
    if (read_small(path, text, sizeof text) <= 0) return 0;
    /* Anonymous resident pages (resident less file-backed and shared): what the plugin allocated, not the
     * libraries every process of the tree maps. */
    long long size = 0, resident = 0, shared = 0;
    if (sscanf(text, "%lld %lld %lld", &size, &resident, &shared) != 3 || resident < shared) return 0;
    return (resident - shared) * sysconf(_SC_PAGESIZE);
}

/// Appends the children of every thread of `pid`.
static void add_children(struct pb_tree *tree, pid_t pid) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task", pid);
    DIR *tasks = opendir(path);
    if (tasks == NULL) return;
    struct dirent *entry;
    char *text = tree->text;
    while ((entry = readdir(tasks)) != NULL) {
        if (entry->d_name[0] == '.') continue;
        char children[320];
        snprintf(children, sizeof children, "/proc/%d/task/%s/children", pid, entry->d_name);
        if (read_small(children, text, sizeof tree->text) <= 0) continue;
        char *cursor = text;
        while (*cursor) {
            char *end = NULL;
            long child = strtol(cursor, &end, 10);
            if (end == cursor) break;
            cursor = end;
            if (tree->count < PB_MAX_TREE && !is_gone(process_state((pid_t)child))) tree->pids[tree->count++] = (pid_t)child;
        }
    }
    closedir(tasks);
}

static void walk(struct pb_tree *tree, int with_memory) {
    tree->count = 0;
    tree->resident_bytes = 0;
    add_children(tree, getpid());
    for (int i = 0; i < tree->count && tree->count < PB_MAX_TREE; i++) add_children(tree, tree->pids[i]);
    if (with_memory) {
        for (int i = 0; i < tree->count; i++) tree->resident_bytes += anonymous_bytes(tree->pids[i]);
    }
}

/// Reaps orphans that became the watchdog's children (it is a subreaper), never the plugin itself.
static void reap_orphans(pid_t child) {
    for (;;) {
        siginfo_t info;
        memset(&info, 0, sizeof info);
        if (waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) != 0 || info.si_pid == 0 || info.si_pid == child) return;
        waitpid(info.si_pid, NULL, WNOHANG);
    }
}

static long long elapsed_ms(const struct timespec *start) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)(now.tv_sec - start->tv_sec) * 1000 + (now.tv_nsec - start->tv_nsec) / 1000000;
}

/// Stops the tree, then kills it. A fork bomb forks while it is being killed and outnumbers the watchdog for the
/// CPU: stopping first shrinks what can still fork every round, and a stopped process is killed without running.
/// The stop is only a help, so it gets at most 500 ms (on a loaded machine each stopped process must first be
/// scheduled to take its SIGSTOP, and a round walks all of /proc's tree); the kill goes on until no process is
/// left or 30 s have passed (a SIGKILLed process must still be scheduled to exit, and it holds the plugin's pipes
/// until it has). Killed orphans are reaped between rounds, never `plugin`, the watchdog's own child.
static void kill_tree(struct pb_tree *tree, pid_t plugin) {
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    while (elapsed_ms(&start) < 500) {
        walk(tree, 0);
        int running = 0;
        for (int i = 0; i < tree->count; i++) {
            if (process_state(tree->pids[i]) != 'T') {
                kill(tree->pids[i], SIGSTOP);
                running++;
            }
        }
        if (running == 0) break;
    }
    clock_gettime(CLOCK_MONOTONIC, &start);
    while (elapsed_ms(&start) < 30 * 1000) {
        walk(tree, 0);
        if (tree->count == 0) return;
        for (int i = 0; i < tree->count; i++) kill(tree->pids[i], SIGKILL);
        reap_orphans(plugin);
        struct timespec pause = {.tv_sec = 0, .tv_nsec = 1000 * 1000};
        nanosleep(&pause, NULL);
    }
}

void plugboard_reap_orphans(pid_t plugin) { reap_orphans(plugin); }

/// The tree plugboard_end_descendants walks: static, so that ending a plugin allocates nothing.
static struct pb_tree leftovers;

static void reap_all(void) {
    while (waitpid(-1, NULL, WNOHANG) > 0) {}
}

void plugboard_end_descendants(int grace_ms) {
    reap_all();
    walk(&leftovers, 0);
    if (leftovers.count == 0) return;
    for (int i = 0; i < leftovers.count; i++) kill(leftovers.pids[i], SIGTERM);
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        reap_all();
        walk(&leftovers, 0);
        if (leftovers.count == 0) return;
        if (elapsed_ms(&start) >= grace_ms) break;
        struct timespec pause = {.tv_sec = 0, .tv_nsec = 5 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    kill_tree(&leftovers, 0);
    reap_all();
}

struct plugboard_sandbox {
    struct pb_spec spec;
    struct pb_tree tree;
};

plugboard_sandbox *plugboard_sandbox_parse(const char *text, char *message, size_t capacity) {
    plugboard_sandbox *sandbox = malloc(sizeof *sandbox);
    if (sandbox == NULL) {
        pb_message(message, capacity, "sandbox: out of memory");
        return NULL;
    }
    if (pb_spec_parse(text, &sandbox->spec, message, capacity) != 0) {
        free(sandbox);
        return NULL;
    }
    return sandbox;
}

void plugboard_sandbox_free(plugboard_sandbox *sandbox) { free(sandbox); }

static int watches_memory(const struct pb_spec *spec) { return spec->memory_bytes >= 0 && spec->cgroup == NULL; }

int plugboard_sandbox_watch_interval(const plugboard_sandbox *sandbox) {
    return watches_memory(&sandbox->spec) || sandbox->spec.nproc >= 0 ? 10 : -1;
}

plugboard_sandbox_cause plugboard_sandbox_watch(plugboard_sandbox *sandbox, pid_t plugin, char *detail, size_t capacity) {
    const struct pb_spec *spec = &sandbox->spec;
    struct pb_tree *tree = &sandbox->tree;
    reap_orphans(plugin);
    int memory = watches_memory(spec);
    if (!memory && spec->nproc < 0) return PLUGBOARD_SANDBOX_CAUSE_NONE;
    walk(tree, memory);
    if (memory && tree->resident_bytes > spec->memory_bytes) {
        pb_message(detail, capacity, "exceeded its memory limit of %lld MB (%lld MB resident in %d process%s)",
            spec->memory_bytes >> 20, tree->resident_bytes >> 20, tree->count, tree->count == 1 ? "" : "es");
        kill_tree(tree, plugin);
        return PLUGBOARD_SANDBOX_CAUSE_MEMORY;
    }
    if (spec->nproc >= 0 && tree->count > spec->nproc) {
        pb_message(detail, capacity, "exceeded its process limit of %lld (%d processes)", spec->nproc, tree->count);
        kill_tree(tree, plugin);
        return PLUGBOARD_SANDBOX_CAUSE_PROCESSES;
    }
    return PLUGBOARD_SANDBOX_CAUSE_NONE;
}

plugboard_sandbox_cause plugboard_sandbox_exit_cause(const plugboard_sandbox *sandbox, int status, const struct rusage *usage, char *detail, size_t capacity) {
    const struct pb_spec *spec = &sandbox->spec;
    if (spec->cpu_seconds < 0 || !WIFSIGNALED(status)) return PLUGBOARD_SANDBOX_CAUSE_NONE;
    double used = (double)usage->ru_utime.tv_sec + (double)usage->ru_stime.tv_sec
        + ((double)usage->ru_utime.tv_usec + (double)usage->ru_stime.tv_usec) / 1e6;
    int signal_number = WTERMSIG(status);
    /* The kernel sends SIGXCPU when the soft limit is passed (its accounting may show a little less than the
     * limit), SIGKILL at the hard limit, one second later. */
    if (signal_number == SIGXCPU || (signal_number == SIGKILL && used >= (double)spec->cpu_seconds)) {
        pb_message(detail, capacity, "exceeded its CPU limit of %lld s (used %.1f s)", spec->cpu_seconds, used);
        return PLUGBOARD_SANDBOX_CAUSE_CPU;
    }
    return PLUGBOARD_SANDBOX_CAUSE_NONE;
}

int plugboard_sandbox_report_exit(const plugboard_sandbox *sandbox, plugboard_sandbox_cause cause, const char *detail, const struct rusage *usage) {
    const char *path = sandbox->spec.report;
    if (path == NULL) return 0;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) return -1;
    char text[1200];
    long long cpu_us = usage == NULL ? -1
        : ((long long)usage->ru_utime.tv_sec + usage->ru_stime.tv_sec) * 1000000 + usage->ru_utime.tv_usec + usage->ru_stime.tv_usec;
    int length = snprintf(text, sizeof text, "usage peak-kb=%ld cpu-us=%lld\n", usage == NULL ? -1L : usage->ru_maxrss, cpu_us);
    if (cause != PLUGBOARD_SANDBOX_CAUSE_NONE && length > 0 && (size_t)length < sizeof text) {
        const char *name = cause == PLUGBOARD_SANDBOX_CAUSE_MEMORY ? "memory" : cause == PLUGBOARD_SANDBOX_CAUSE_CPU ? "cpu" : "processes";
        length += snprintf(text + length, sizeof text - (size_t)length, "cause=%s %s\n", name, detail ? detail : "");
    }
    if (length < 0 || (size_t)length >= sizeof text) length = (int)strlen(text);
    ssize_t written = write(fd, text, (size_t)length);
    int saved = errno;
    close(fd);
    errno = saved;
    return written > 0 ? 0 : -1;
}

int plugboard_sandbox_wait(plugboard_sandbox *sandbox, pid_t child, int *status, char *detail, size_t capacity) {
    if (detail && capacity) detail[0] = '\0';
    int interval = plugboard_sandbox_watch_interval(sandbox);
    plugboard_sandbox_cause cause = PLUGBOARD_SANDBOX_CAUSE_NONE;
    struct rusage usage;
    for (;;) {
        pid_t done = wait4(child, status, interval >= 0 ? WNOHANG : 0, &usage);
        if (done == child) break;
        if (done < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (cause == PLUGBOARD_SANDBOX_CAUSE_NONE) cause = plugboard_sandbox_watch(sandbox, child, detail, capacity);
        struct timespec pause = {.tv_sec = 0, .tv_nsec = (long)interval * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    if (cause == PLUGBOARD_SANDBOX_CAUSE_NONE) cause = plugboard_sandbox_exit_cause(sandbox, *status, &usage, detail, capacity);
    plugboard_sandbox_report_exit(sandbox, cause, detail, &usage);
    return (int)cause;
}
