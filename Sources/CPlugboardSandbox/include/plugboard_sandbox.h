#ifndef PLUGBOARD_SANDBOX_H
#define PLUGBOARD_SANDBOX_H

/*
 * Plugboard's sandbox: applied by plugboard-launcher in the forked, single-threaded child just before it execs the
 * plugin, and a watchdog wait for the parent that enforces what the kernel cannot (memory and process counts when
 * no cgroup does it) and says why the plugin ended.
 *
 * SPEC is the text the host's SandboxPolicy encodes (docs/SECURITY.md, "The sandbox spec"): items separated by
 * ';', each `key` or `key=value`, values percent-encoded (`%3B` for ';', `%25` for '%'). The first item is `v=1`.
 *
 *   mode=required|best-effort   required: any mechanism the kernel lacks fails the start, naming it
 *   nnp                          prctl(PR_SET_NO_NEW_PRIVS)
 *   caps=drop                    empty the capability sets and bounding set (a host running as root)
 *   core=0                       RLIMIT_CORE 0
 *   as=BYTES cpu=SECONDS nofile=N   RLIMIT_AS, RLIMIT_CPU (soft; hard is one second more), RLIMIT_NOFILE
 *   nproc=N                      the plugin and its descendants may be at most N processes (RLIMIT_NPROC for a
 *                                host that is not root, plus the watchdog's count)
 *   memory=BYTES                 the watchdog kills the plugin's process tree when its resident memory passes it
 *                                (only when no cgroup= is given: then memory.max does it in the kernel)
 *   read=PATH write=PATH         Landlock: read (and execute) beneath PATH; read, write, create, remove beneath PATH
 *   net=none|loopback|any        Landlock TCP rules and a seccomp socket filter (see SECURITY.md)
 *   bind=PORT connect=PORT       TCP ports allowed (bind=0: an ephemeral port, the plugin's own listener)
 *   inet=stream|none             which AF_INET/AF_INET6 sockets socket() may make (seccomp)
 *   scope=abstract,signal        Landlock scoping (ABI 6)
 *   seccomp=deny                 deny the documented list of dangerous system calls with EPERM
 *   noproc                       no new processes at all (threads only)
 *   cgroup=DIR                   join the cgroup v2 directory DIR (the host made it and set its limits)
 *   report=PATH                  where the watchdog writes the plugin's peak memory and CPU time and why it ended
 *                                (a file only the host and the watchdog can write: not beneath a write= path)
 */

#include <stddef.h>
#include <sys/resource.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Applies SPEC to the calling process. Call it in a single-threaded child right before exec.
/// On success returns 0 and writes into `message` the report line's body: which protections are in force and which
/// are missing (`applied=... missing=...`). On failure returns -1 and writes the reason into `message`.
int plugboard_sandbox_apply(const char *spec, char *message, size_t message_capacity);

/// Why a sandboxed plugin ended, beyond its wait status.
typedef enum plugboard_sandbox_cause {
    PLUGBOARD_SANDBOX_CAUSE_NONE = 0,
    PLUGBOARD_SANDBOX_CAUSE_MEMORY = 1,
    PLUGBOARD_SANDBOX_CAUSE_CPU = 2,
    PLUGBOARD_SANDBOX_CAUSE_PROCESSES = 3,
} plugboard_sandbox_cause;

/// A parsed spec, for the watchdog (the launcher's parent side).
typedef struct plugboard_sandbox plugboard_sandbox;

/// Parses SPEC once, at start-up. Returns NULL with the reason in `message` when it does not parse.
plugboard_sandbox *plugboard_sandbox_parse(const char *spec, char *message, size_t message_capacity);

/// How often the watchdog should call plugboard_sandbox_watch, in milliseconds; -1 when there is nothing to watch
/// (no `memory=` without a cgroup, no `nproc=`). The watchdog should then be a child subreaper
/// (PR_SET_CHILD_SUBREAPER), so that the plugin's orphans stay in the tree it watches.
int plugboard_sandbox_watch_interval(const plugboard_sandbox *sandbox);

/// One look at the watchdog's process tree (its children, theirs, ...: the plugin and what it started). When the
/// tree passes the `memory=` or `nproc=` limit, stops and kills all of it and returns the cause with a description
/// in `detail`; the plugin's exit follows. Also reaps orphans other than `plugin`. Returns NONE otherwise.
plugboard_sandbox_cause plugboard_sandbox_watch(plugboard_sandbox *sandbox, pid_t plugin, char *detail, size_t detail_capacity);

/// Whether the plugin's wait status and resource usage (from wait4) mean it passed its `cpu=` limit: SIGXCPU, or
/// SIGKILL with the CPU time spent. Writes a description into `detail`.
plugboard_sandbox_cause plugboard_sandbox_exit_cause(const plugboard_sandbox *sandbox, int status, const struct rusage *usage, char *detail, size_t detail_capacity);

/// Writes the report file (the spec's `report=PATH`, once, O_EXCL, 0600) when the plugin has ended: a line
/// `usage peak-kb=N cpu-us=N` (its peak resident memory and CPU time, from wait4's `usage`), then, when its sandbox
/// ended it, `cause=memory|cpu|processes DETAIL`. Returns 0, or -1 (errno set).
int plugboard_sandbox_report_exit(const plugboard_sandbox *sandbox, plugboard_sandbox_cause cause, const char *detail, const struct rusage *usage);

/// Ends every process below the caller (what a plugin left running: its children, and, when the caller is a child
/// subreaper, its orphans, wherever they moved to in groups and sessions): SIGTERM to each, up to `grace_ms` for them
/// to exit (reaping them), then SIGSTOP and SIGKILL to what is left. Returns at once when there are none. Reads
/// /proc; allocates nothing.
void plugboard_end_descendants(int grace_ms);

/// Reaps the caller's ended children other than `plugin` (orphans reparented to a subreaper), without blocking.
void plugboard_reap_orphans(pid_t plugin);

/// Frees what plugboard_sandbox_parse returned.
void plugboard_sandbox_free(plugboard_sandbox *sandbox);

/// A convenience for launchers with nothing else to wait for: waits until `child` exits (EINTR retried), watching
/// meanwhile, stores its wait status, reports the cause to the report file, and returns the cause (-1 on failure).
int plugboard_sandbox_wait(plugboard_sandbox *sandbox, pid_t child, int *status, char *detail, size_t detail_capacity);

#ifdef __cplusplus
}
#endif

#endif
