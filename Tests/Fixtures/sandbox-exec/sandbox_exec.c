/*
 * sandbox-exec SPEC PROGRAM [ARGS...]: plays plugboard-launcher's part for the sandbox's own tests. The child applies
 * SPEC, prints the report line (`plugboard-sandbox: applied=... missing=...`) on stdout and execs PROGRAM; the parent,
 * a child subreaper, waits with the sandbox's watchdog, prints the cause line (`plugboard-sandbox: exit cause=...`) on
 * stderr, and exits as the child did (128+N for a signal).
 */
#define _GNU_SOURCE
#include "plugboard_sandbox.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: sandbox-exec SPEC PROGRAM [ARGS...]\n");
        return 2;
    }
    char message[2048];
    plugboard_sandbox *sandbox = plugboard_sandbox_parse(argv[1], message, sizeof message);
    if (sandbox == NULL) {
        fprintf(stderr, "sandbox-exec: %s\n", message);
        return 2;
    }
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    pid_t child = fork();
    if (child < 0) {
        perror("sandbox-exec: fork");
        return 2;
    }
    if (child == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
        if (plugboard_sandbox_apply(argv[1], message, sizeof message) != 0) {
            fprintf(stderr, "plugboard-sandbox: failed %s\n", message);
            _exit(126);
        }
        printf("plugboard-sandbox: %s\n", message);
        fflush(stdout);
        execvp(argv[2], argv + 2);
        fprintf(stderr, "sandbox-exec: cannot run %s: %s\n", argv[2], strerror(errno));
        _exit(127);
    }
    int status = 0;
    char detail[512];
    int cause = plugboard_sandbox_wait(sandbox, child, &status, detail, sizeof detail);
    if (cause < 0) {
        perror("sandbox-exec: wait");
        return 2;
    }
    if (cause > 0) fprintf(stderr, "plugboard-sandbox: exit cause=%s %s\n",
        cause == PLUGBOARD_SANDBOX_CAUSE_MEMORY ? "memory" : cause == PLUGBOARD_SANDBOX_CAUSE_CPU ? "cpu" : "processes", detail);
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return 128 + WTERMSIG(status);
}
