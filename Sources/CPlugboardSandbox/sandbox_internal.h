#ifndef PLUGBOARD_SANDBOX_INTERNAL_H
#define PLUGBOARD_SANDBOX_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#define PB_MAX_PATHS 128
#define PB_MAX_PORTS 64

enum pb_net { PB_NET_ANY = 0, PB_NET_LOOPBACK = 1, PB_NET_NONE = 2 };
enum pb_inet { PB_INET_ANY = 0, PB_INET_STREAM = 1, PB_INET_NONE = 2 };

/// A parsed spec. Strings point into `storage`.
struct pb_spec {
    int required;
    int nnp, drop_caps, seccomp, noproc;
    long long core, as_bytes, cpu_seconds, nofile, nproc, memory_bytes; /* -1: unset */
    const char *read[PB_MAX_PATHS];
    int read_count;
    const char *write[PB_MAX_PATHS];
    int write_count;
    int net, inet;
    int bind_ports[PB_MAX_PORTS];
    int bind_count;
    int connect_ports[PB_MAX_PORTS];
    int connect_count;
    int scope_abstract, scope_signal;
    const char *cgroup;
    const char *report;
    char storage[16384];
};

/// What was applied and what is missing, as the report line lists them.
struct pb_report {
    char applied[1024];
    char missing[1024];
};

int pb_spec_parse(const char *text, struct pb_spec *spec, char *error, size_t capacity);
void pb_report_add(char *list, size_t capacity, const char *item);

/// Each returns 0, or -1 with a message; a mechanism the kernel lacks is added to `report->missing` and is an error
/// only when the spec is required.
int pb_apply_landlock(const struct pb_spec *spec, struct pb_report *report, char *error, size_t capacity);
int pb_apply_seccomp(const struct pb_spec *spec, struct pb_report *report, char *error, size_t capacity);

void pb_message(char *buffer, size_t capacity, const char *format, ...) __attribute__((format(printf, 3, 4)));

#endif
