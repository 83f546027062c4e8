#define _GNU_SOURCE
#include "sandbox_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Landlock's ABI, declared here rather than taken from <linux/landlock.h>: the build machine's headers may be older
 * than the kernel the plugin runs on. Values from the kernel's include/uapi/linux/landlock.h. */
#ifndef __NR_landlock_create_ruleset
#define __NR_landlock_create_ruleset 444
#define __NR_landlock_add_rule 445
#define __NR_landlock_restrict_self 446
#endif

struct pb_ruleset_attr {
    uint64_t handled_access_fs;
    uint64_t handled_access_net;
    uint64_t scoped;
};

struct pb_path_beneath_attr {
    uint64_t allowed_access;
    int32_t parent_fd;
} __attribute__((packed));

struct pb_net_port_attr {
    uint64_t allowed_access;
    uint64_t port;
};

#define PB_CREATE_RULESET_VERSION (1U << 0)
#define PB_RULE_PATH_BENEATH 1
#define PB_RULE_NET_PORT 2

#define FS_EXECUTE (1ULL << 0)
#define FS_WRITE_FILE (1ULL << 1)
#define FS_READ_FILE (1ULL << 2)
#define FS_READ_DIR (1ULL << 3)
#define FS_REMOVE_DIR (1ULL << 4)
#define FS_REMOVE_FILE (1ULL << 5)
#define FS_MAKE_CHAR (1ULL << 6)
#define FS_MAKE_DIR (1ULL << 7)
#define FS_MAKE_REG (1ULL << 8)
#define FS_MAKE_SOCK (1ULL << 9)
#define FS_MAKE_FIFO (1ULL << 10)
#define FS_MAKE_BLOCK (1ULL << 11)
#define FS_MAKE_SYM (1ULL << 12)
#define FS_REFER (1ULL << 13)      /* ABI 2 */
#define FS_TRUNCATE (1ULL << 14)   /* ABI 3 */
#define FS_IOCTL_DEV (1ULL << 15)  /* ABI 5 */
#define NET_BIND_TCP (1ULL << 0)   /* ABI 4 */
#define NET_CONNECT_TCP (1ULL << 1)
#define SCOPE_ABSTRACT_UNIX (1ULL << 0) /* ABI 6 */
#define SCOPE_SIGNAL (1ULL << 1)

#define FS_FILE_RIGHTS (FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | FS_TRUNCATE | FS_IOCTL_DEV)
#define FS_READ_RIGHTS (FS_EXECUTE | FS_READ_FILE | FS_READ_DIR)

static uint64_t fs_rights_for_abi(int abi) {
    uint64_t rights = (FS_MAKE_SYM << 1) - 1; /* ABI 1: bits 0..12 */
    if (abi >= 2) rights |= FS_REFER;
    if (abi >= 3) rights |= FS_TRUNCATE;
    if (abi >= 5) rights |= FS_IOCTL_DEV;
    return rights;
}

static int add_path_rule(int ruleset, const char *path, uint64_t rights, uint64_t handled, char *error, size_t capacity) {
    int fd = open(path, O_PATH | O_CLOEXEC);
    if (fd < 0) {
        /* A path that does not exist grants nothing: the host checks the paths a user names before it starts. */
        if (errno == ENOENT || errno == ENOTDIR) return 0;
        pb_message(error, capacity, "sandbox: cannot open %s for a Landlock rule: %s", path, strerror(errno));
        return -1;
    }
    struct stat info;
    if (fstat(fd, &info) != 0) {
        pb_message(error, capacity, "sandbox: cannot stat %s: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    if (!S_ISDIR(info.st_mode)) rights &= FS_FILE_RIGHTS;
    struct pb_path_beneath_attr rule = {.allowed_access = rights & handled, .parent_fd = fd};
    long result = syscall(__NR_landlock_add_rule, ruleset, PB_RULE_PATH_BENEATH, &rule, 0);
    int saved = errno;
    close(fd);
    if (result != 0) {
        pb_message(error, capacity, "sandbox: Landlock refused the rule for %s: %s", path, strerror(saved));
        return -1;
    }
    return 0;
}

static int add_port_rule(int ruleset, int port, uint64_t rights, char *error, size_t capacity) {
    struct pb_net_port_attr rule = {.allowed_access = rights, .port = (uint64_t)port};
    if (syscall(__NR_landlock_add_rule, ruleset, PB_RULE_NET_PORT, &rule, 0) != 0) {
        pb_message(error, capacity, "sandbox: Landlock refused the rule for TCP port %d: %s", port, strerror(errno));
        return -1;
    }
    return 0;
}

/// Notes a mechanism the kernel lacks; an error when the spec is required.
static int lacking(const struct pb_spec *spec, struct pb_report *report, const char *name, const char *why, char *error, size_t capacity) {
    pb_report_add(report->missing, sizeof report->missing, name);
    if (!spec->required) return 0;
    pb_message(error, capacity, "sandbox: the policy requires %s, which this kernel lacks (%s)", name, why);
    return -1;
}

int pb_apply_landlock(const struct pb_spec *spec, struct pb_report *report, char *error, size_t capacity) {
    int wants_net = spec->net != PB_NET_ANY;
    int wants_scope = spec->scope_abstract || spec->scope_signal;
    int abi = (int)syscall(__NR_landlock_create_ruleset, NULL, 0, PB_CREATE_RULESET_VERSION);
    if (abi < 0) {
        const char *why = errno == ENOSYS ? "not built in" : errno == EOPNOTSUPP ? "disabled at boot" : strerror(errno);
        if (lacking(spec, report, "landlock-fs", why, error, capacity) != 0) return -1;
        if (wants_net && lacking(spec, report, "landlock-net", why, error, capacity) != 0) return -1;
        if (wants_scope && lacking(spec, report, "landlock-scope", why, error, capacity) != 0) return -1;
        return 0;
    }
    struct pb_ruleset_attr attr = {.handled_access_fs = fs_rights_for_abi(abi)};
    if (wants_net) {
        /* Landlock filters TCP by port, not by address: with no port named, "loopback" cannot narrow connect
         * below "any port" (SECURITY.md says what it does narrow), so connect stays unhandled then. */
        int connect_handled = spec->net == PB_NET_NONE || spec->connect_count > 0;
        if (abi >= 4) attr.handled_access_net = NET_BIND_TCP | (connect_handled ? NET_CONNECT_TCP : 0);
        else if (lacking(spec, report, "landlock-net", "Landlock ABI < 4", error, capacity) != 0) return -1;
    }
    if (wants_scope) {
        if (abi >= 6) attr.scoped = (spec->scope_abstract ? SCOPE_ABSTRACT_UNIX : 0) | (spec->scope_signal ? SCOPE_SIGNAL : 0);
        else if (lacking(spec, report, "landlock-scope", "Landlock ABI < 6", error, capacity) != 0) return -1;
    }
    size_t size = abi >= 6 ? sizeof attr : abi >= 4 ? offsetof(struct pb_ruleset_attr, scoped) : offsetof(struct pb_ruleset_attr, handled_access_net);
    int ruleset = (int)syscall(__NR_landlock_create_ruleset, &attr, size, 0);
    if (ruleset < 0) {
        pb_message(error, capacity, "sandbox: cannot create a Landlock ruleset (ABI %d): %s", abi, strerror(errno));
        return -1;
    }
    uint64_t handled = attr.handled_access_fs;
    for (int i = 0; i < spec->read_count; i++) {
        if (add_path_rule(ruleset, spec->read[i], FS_READ_RIGHTS, handled, error, capacity) != 0) goto fail;
    }
    for (int i = 0; i < spec->write_count; i++) {
        if (add_path_rule(ruleset, spec->write[i], handled, handled, error, capacity) != 0) goto fail;
    }
    if (attr.handled_access_net) {
        for (int i = 0; i < spec->bind_count; i++) {
            if (add_port_rule(ruleset, spec->bind_ports[i], NET_BIND_TCP, error, capacity) != 0) goto fail;
        }
        for (int i = 0; attr.handled_access_net & NET_CONNECT_TCP && i < spec->connect_count; i++) {
            if (add_port_rule(ruleset, spec->connect_ports[i], NET_CONNECT_TCP, error, capacity) != 0) goto fail;
        }
    }
    if (syscall(__NR_landlock_restrict_self, ruleset, 0) != 0) {
        pb_message(error, capacity, "sandbox: landlock_restrict_self failed: %s", strerror(errno));
        goto fail;
    }
    close(ruleset);
    char item[32];
    snprintf(item, sizeof item, "landlock-fs/%d", abi);
    pb_report_add(report->applied, sizeof report->applied, item);
    if (attr.handled_access_net) pb_report_add(report->applied, sizeof report->applied, "landlock-net");
    if (attr.scoped) pb_report_add(report->applied, sizeof report->applied, "landlock-scope");
    return 0;
fail:
    close(ruleset);
    return -1;
}
