#define _GNU_SOURCE
#include "sandbox_internal.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#if defined(__x86_64__)
#define PB_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define PB_AUDIT_ARCH AUDIT_ARCH_AARCH64
#endif

#ifndef MSG_FASTOPEN
#define MSG_FASTOPEN 0x20000000
#endif

#define PB_NAMESPACE_FLAGS (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWCGROUP)

/* The calls the `seccomp=deny` list refuses with EPERM (SECURITY.md lists them with the reason for each). */
static const int denied_calls[] = {
    __NR_ptrace, __NR_process_vm_readv, __NR_process_vm_writev,
    __NR_mount, __NR_umount2, __NR_pivot_root, __NR_move_mount, __NR_open_tree, __NR_fsopen, __NR_fsmount, __NR_fsconfig,
    __NR_fspick, __NR_mount_setattr,
    __NR_kexec_load, __NR_kexec_file_load, __NR_reboot,
    __NR_init_module, __NR_finit_module, __NR_delete_module,
    __NR_bpf, __NR_perf_event_open, __NR_userfaultfd,
    __NR_keyctl, __NR_add_key, __NR_request_key,
    __NR_swapon, __NR_swapoff, __NR_acct, __NR_quotactl,
    __NR_setns, __NR_unshare, __NR_open_by_handle_at, __NR_name_to_handle_at,
    __NR_settimeofday, __NR_clock_settime, __NR_clock_adjtime, __NR_adjtimex,
    __NR_setdomainname, __NR_sethostname,
#ifdef __NR_iopl
    __NR_iopl, __NR_ioperm,
#endif
    __NR_personality,
};

struct pb_program {
    struct sock_filter code[256];
    unsigned length;
};

static void emit(struct pb_program *program, struct sock_filter instruction) {
    if (program->length < sizeof program->code / sizeof program->code[0]) program->code[program->length] = instruction;
    program->length++;
}

#define LOAD(offset) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (offset))
#define RETURN(value) BPF_STMT(BPF_RET | BPF_K, (value))
#define ERRNO(value) RETURN(SECCOMP_RET_ERRNO | ((value) & SECCOMP_RET_DATA))
#define ALLOW RETURN(SECCOMP_RET_ALLOW)
#define NR offsetof(struct seccomp_data, nr)
#define ARG(n) offsetof(struct seccomp_data, args[n]) /* the low 32 bits, on little-endian machines */

/// `if nr == call { return errno }`, in two instructions.
static void deny_call(struct pb_program *program, int call, int error_number) {
    emit(program, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)call, 0, 1));
    emit(program, (struct sock_filter)ERRNO(error_number));
}

/// `if nr == call && (arg & mask) { return errno }`; leaves the number in the accumulator.
static void deny_flag(struct pb_program *program, int call, int argument, unsigned mask, int error_number) {
    emit(program, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)call, 0, 4));
    emit(program, (struct sock_filter)LOAD(ARG(argument)));
    emit(program, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, mask, 0, 1));
    emit(program, (struct sock_filter)ERRNO(error_number));
    emit(program, (struct sock_filter)LOAD(NR));
}

int pb_apply_seccomp(const struct pb_spec *spec, struct pb_report *report, char *error, size_t capacity) {
    int wants_socket_filter = spec->inet != PB_INET_ANY;
    if (!spec->seccomp && !wants_socket_filter && !spec->noproc) return 0;
#ifndef PB_AUDIT_ARCH
    pb_report_add(report->missing, sizeof report->missing, "seccomp");
    if (!spec->required) return 0;
    pb_message(error, capacity, "sandbox: the policy requires a seccomp filter, which this launcher has none for on this architecture");
    return -1;
#else
    struct pb_program program = {.length = 0};
    emit(&program, (struct sock_filter)LOAD(offsetof(struct seccomp_data, arch)));
    emit(&program, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PB_AUDIT_ARCH, 1, 0));
    emit(&program, (struct sock_filter)RETURN(SECCOMP_RET_KILL_PROCESS));
    emit(&program, (struct sock_filter)LOAD(NR));
#if defined(__x86_64__)
    /* x32 calls share the arch: refuse them all rather than keep a second list. */
    emit(&program, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1));
    emit(&program, (struct sock_filter)ERRNO(EPERM));
#endif
    /* io_uring runs operations (IORING_OP_SOCKET, _SENDMSG, _CONNECT, ...) that no system call number shows a
     * filter: every rule below would be one ring away. Refused whenever there is a filter (Docker's default
     * profile refuses it too). */
#ifdef __NR_io_uring_setup
    deny_call(&program, __NR_io_uring_setup, EPERM);
    deny_call(&program, __NR_io_uring_enter, EPERM);
    deny_call(&program, __NR_io_uring_register, EPERM);
#endif
    if (spec->seccomp) {
        for (size_t i = 0; i < sizeof denied_calls / sizeof denied_calls[0]; i++) deny_call(&program, denied_calls[i], EPERM);
        /* clone3's flags sit behind a pointer a filter cannot read: ENOSYS makes libc fall back to clone. */
        deny_call(&program, __NR_clone3, ENOSYS);
        deny_flag(&program, __NR_clone, 0, PB_NAMESPACE_FLAGS, EPERM);
    }
    if (spec->noproc) {
        if (!spec->seccomp) deny_call(&program, __NR_clone3, ENOSYS);
#ifdef __NR_fork
        deny_call(&program, __NR_fork, EPERM);
        deny_call(&program, __NR_vfork, EPERM);
#endif
        /* clone without CLONE_THREAD makes a process. */
        emit(&program, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 0, 4));
        emit(&program, (struct sock_filter)LOAD(ARG(0)));
        emit(&program, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_THREAD, 1, 0));
        emit(&program, (struct sock_filter)ERRNO(EPERM));
        emit(&program, (struct sock_filter)LOAD(NR));
    }
    if (wants_socket_filter) {
        /* socket(AF_INET or AF_INET6, type): none refuses both; stream refuses all but SOCK_STREAM (no UDP, no raw
         * sockets, which Landlock's TCP rules do not cover). */
        emit(&program, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_socket, 0, 8));
        emit(&program, (struct sock_filter)LOAD(ARG(0)));
        emit(&program, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_INET, 1, 0));
        emit(&program, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_INET6, 0, 4));
        if (spec->inet == PB_INET_NONE) {
            emit(&program, (struct sock_filter)ERRNO(EACCES));
            emit(&program, (struct sock_filter)ERRNO(EACCES)); /* keeps the jump offsets of both forms equal */
        } else {
            emit(&program, (struct sock_filter)LOAD(ARG(1)));
            emit(&program, (struct sock_filter)BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xf));
        }
        emit(&program, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SOCK_STREAM, 1, 0));
        emit(&program, (struct sock_filter)ERRNO(EACCES));
        emit(&program, (struct sock_filter)LOAD(NR));
        /* TCP Fast Open connects from sendto/sendmsg, past Landlock's connect hook. */
        deny_flag(&program, __NR_sendto, 3, MSG_FASTOPEN, EACCES);
        deny_flag(&program, __NR_sendmsg, 2, MSG_FASTOPEN, EACCES);
    }
    emit(&program, (struct sock_filter)ALLOW);
    if (program.length > sizeof program.code / sizeof program.code[0]) {
        pb_message(error, capacity, "sandbox: the seccomp filter is too long (%u instructions)", program.length);
        return -1;
    }
    struct sock_fprog fprog = {.len = (unsigned short)program.length, .filter = program.code};
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog, 0, 0) != 0) {
        int saved = errno;
        pb_report_add(report->missing, sizeof report->missing, "seccomp");
        if (!spec->required && (saved == EINVAL || saved == ENOSYS)) return 0;
        pb_message(error, capacity, "sandbox: cannot install the seccomp filter: %s", strerror(saved));
        return -1;
    }
    if (spec->seccomp) pb_report_add(report->applied, sizeof report->applied, "seccomp");
    if (wants_socket_filter) pb_report_add(report->applied, sizeof report->applied, spec->inet == PB_INET_NONE ? "no-inet-sockets" : "inet-stream-only");
    if (spec->noproc) pb_report_add(report->applied, sizeof report->applied, "no-processes");
    return 0;
#endif
}
