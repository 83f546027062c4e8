#define _GNU_SOURCE
#include "plugboard_sandbox.h"
#include "sandbox_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

static int set_limit(int resource, const char *name, long long soft, long long hard, struct pb_report *report, char *error, size_t capacity) {
    struct rlimit current;
    if (getrlimit(resource, &current) != 0) {
        pb_message(error, capacity, "sandbox: getrlimit(%s): %s", name, strerror(errno));
        return -1;
    }
    /* Never raise: a limit the host already runs under stays (a soft limit may not pass the hard one). */
    rlim_t want_hard = (rlim_t)hard < current.rlim_max ? (rlim_t)hard : current.rlim_max;
    rlim_t want_soft = (rlim_t)soft < want_hard ? (rlim_t)soft : want_hard;
    struct rlimit limit = {.rlim_cur = want_soft, .rlim_max = want_hard};
    if (setrlimit(resource, &limit) != 0) {
        pb_message(error, capacity, "sandbox: setrlimit(%s, %lld): %s", name, soft, strerror(errno));
        return -1;
    }
    pb_report_add(report->applied, sizeof report->applied, name);
    return 0;
}

static int apply_limits(const struct pb_spec *spec, struct pb_report *report, char *error, size_t capacity) {
    if (spec->core >= 0 && set_limit(RLIMIT_CORE, "rlimit-core", spec->core, spec->core, report, error, capacity) != 0) return -1;
    if (spec->as_bytes >= 0 && set_limit(RLIMIT_AS, "rlimit-as", spec->as_bytes, spec->as_bytes, report, error, capacity) != 0) return -1;
    /* SIGXCPU at the soft limit, SIGKILL one second later for a plugin that catches it. */
    if (spec->cpu_seconds >= 0 && set_limit(RLIMIT_CPU, "rlimit-cpu", spec->cpu_seconds, spec->cpu_seconds + 1, report, error, capacity) != 0) return -1;
    if (spec->nofile >= 0 && set_limit(RLIMIT_NOFILE, "rlimit-nofile", spec->nofile, spec->nofile, report, error, capacity) != 0) return -1;
    return 0;
}

static int join_cgroup(const struct pb_spec *spec, struct pb_report *report, char *error, size_t capacity) {
    if (spec->cgroup == NULL) return 0;
    char path[4096];
    snprintf(path, sizeof path, "%s/cgroup.procs", spec->cgroup);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    int ok = fd >= 0 && write(fd, "0\n", 2) == 2;
    int saved = errno;
    if (fd >= 0) close(fd);
    if (ok) {
        pb_report_add(report->applied, sizeof report->applied, "cgroup");
        return 0;
    }
    pb_report_add(report->missing, sizeof report->missing, "cgroup");
    if (!spec->required) return 0;
    pb_message(error, capacity, "sandbox: cannot join the cgroup %s: %s", spec->cgroup, strerror(saved));
    return -1;
}

/// Empties the bounding set (so that an exec as root gains nothing), locks root's special treatment off, and clears
/// every capability set. Without CAP_SETPCAP (a host that is not root) there is nothing to drop.
static int drop_capabilities(struct pb_report *report, char *error, size_t capacity) {
    if (prctl(PR_CAPBSET_READ, CAP_SETPCAP, 0, 0, 0) == 1) {
        for (int cap = 0; cap <= 63; cap++) {
            if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno == EINVAL) break;
        }
        prctl(PR_SET_SECUREBITS, SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP | SECBIT_NO_SETUID_FIXUP_LOCKED, 0, 0, 0);
    }
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    struct __user_cap_header_struct header = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof data);
    if (syscall(SYS_capset, &header, data) != 0) {
        pb_message(error, capacity, "sandbox: cannot clear the capability sets: %s", strerror(errno));
        return -1;
    }
    pb_report_add(report->applied, sizeof report->applied, "no-capabilities");
    return 0;
}

static int apply(const struct pb_spec *spec, struct pb_report *report, char *error, size_t capacity) {
    if (apply_limits(spec, report, error, capacity) != 0) return -1;
    if (join_cgroup(spec, report, error, capacity) != 0) return -1;
    if (spec->drop_caps && drop_capabilities(report, error, capacity) != 0) return -1;
    /* Landlock and an unprivileged seccomp filter both need it. */
    if (spec->nnp || spec->read_count || spec->write_count || spec->seccomp || spec->inet || spec->noproc) {
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
            pb_message(error, capacity, "sandbox: cannot set no_new_privs: %s", strerror(errno));
            return -1;
        }
        pb_report_add(report->applied, sizeof report->applied, "no-new-privs");
    }
    if (pb_apply_landlock(spec, report, error, capacity) != 0) return -1;
    if (spec->memory_bytes >= 0 && spec->cgroup == NULL) pb_report_add(report->applied, sizeof report->applied, "memory-watch");
    if (spec->nproc >= 0) pb_report_add(report->applied, sizeof report->applied, "process-watch");
    /* Last: the filter may deny calls the steps above make. */
    return pb_apply_seccomp(spec, report, error, capacity);
}

int plugboard_sandbox_apply(const char *text, char *message, size_t capacity) {
    struct pb_spec *spec = malloc(sizeof *spec);
    struct pb_report *report = malloc(sizeof *report);
    int result = -1;
    if (spec == NULL || report == NULL) {
        pb_message(message, capacity, "sandbox: out of memory");
        goto done;
    }
    memset(report, 0, sizeof *report);
    if (pb_spec_parse(text, spec, message, capacity) != 0) goto done;
    if (apply(spec, report, message, capacity) != 0) goto done;
    pb_message(message, capacity, "applied=%s missing=%s", report->applied[0] ? report->applied : "-", report->missing[0] ? report->missing : "-");
    result = 0;
done:
    free(spec);
    free(report);
    return result;
}
