#include "sandbox_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pb_message(char *buffer, size_t capacity, const char *format, ...) {
    if (buffer == NULL || capacity == 0) return;
    va_list args;
    va_start(args, format);
    vsnprintf(buffer, capacity, format, args);
    va_end(args);
}

void pb_report_add(char *list, size_t capacity, const char *item) {
    size_t used = strlen(list);
    snprintf(list + used, capacity - used, "%s%s", used ? "," : "", item);
}

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// Decodes %XX in place. Returns -1 on a malformed escape.
static int percent_decode(char *text) {
    char *out = text;
    for (char *in = text; *in; in++) {
        if (*in != '%') { *out++ = *in; continue; }
        int high = in[1] ? hex_value(in[1]) : -1;
        int low = high >= 0 && in[2] ? hex_value(in[2]) : -1;
        if (high < 0 || low < 0) return -1;
        char decoded = (char)(high * 16 + low);
        if (decoded == '\0') return -1;
        *out++ = decoded;
        in += 2;
    }
    *out = '\0';
    return 0;
}

static int parse_number(const char *key, const char *value, long long max, long long *out, char *error, size_t capacity) {
    if (value == NULL || *value == '\0') {
        pb_message(error, capacity, "sandbox spec: %s needs a number", key);
        return -1;
    }
    char *end = NULL;
    errno = 0;
    long long number = strtoll(value, &end, 10);
    if (errno != 0 || *end != '\0' || number < 0 || number > max) {
        pb_message(error, capacity, "sandbox spec: %s=%s is not a number from 0 to %lld", key, value, max);
        return -1;
    }
    *out = number;
    return 0;
}

static int add_port(const char *key, const char *value, int *ports, int *count, char *error, size_t capacity) {
    long long port;
    if (parse_number(key, value, 65535, &port, error, capacity) != 0) return -1;
    if (*count >= PB_MAX_PORTS) {
        pb_message(error, capacity, "sandbox spec: more than %d %s ports", PB_MAX_PORTS, key);
        return -1;
    }
    ports[(*count)++] = (int)port;
    return 0;
}

static int add_path(const char *key, const char *value, const char **paths, int *count, char *error, size_t capacity) {
    if (value == NULL || value[0] != '/') {
        pb_message(error, capacity, "sandbox spec: %s=%s is not an absolute path", key, value ? value : "");
        return -1;
    }
    if (*count >= PB_MAX_PATHS) {
        pb_message(error, capacity, "sandbox spec: more than %d %s paths", PB_MAX_PATHS, key);
        return -1;
    }
    paths[(*count)++] = value;
    return 0;
}

static int parse_item(char *item, struct pb_spec *spec, char *error, size_t capacity) {
    char *value = strchr(item, '=');
    if (value) *value++ = '\0';
    if (value && percent_decode(value) != 0) {
        pb_message(error, capacity, "sandbox spec: %s has a malformed %%-escape", item);
        return -1;
    }
    const char *key = item;
#define IS(name) (strcmp(key, name) == 0)
    if (IS("v")) {
        if (value == NULL || strcmp(value, "1") != 0) {
            pb_message(error, capacity, "sandbox spec: version %s is not supported (this launcher reads v=1)", value ? value : "");
            return -1;
        }
        return 0;
    }
    if (IS("mode")) {
        if (value && strcmp(value, "required") == 0) spec->required = 1;
        else if (value && strcmp(value, "best-effort") == 0) spec->required = 0;
        else {
            pb_message(error, capacity, "sandbox spec: mode=%s is neither required nor best-effort", value ? value : "");
            return -1;
        }
        return 0;
    }
    if (IS("nnp")) { spec->nnp = 1; return 0; }
    if (IS("noproc")) { spec->noproc = 1; return 0; }
    if (IS("caps")) {
        if (value == NULL || strcmp(value, "drop") != 0) {
            pb_message(error, capacity, "sandbox spec: caps=%s (only caps=drop is known)", value ? value : "");
            return -1;
        }
        spec->drop_caps = 1;
        return 0;
    }
    if (IS("seccomp")) {
        if (value == NULL || strcmp(value, "deny") != 0) {
            pb_message(error, capacity, "sandbox spec: seccomp=%s (only seccomp=deny is known)", value ? value : "");
            return -1;
        }
        spec->seccomp = 1;
        return 0;
    }
    if (IS("core")) return parse_number(key, value, 0, &spec->core, error, capacity);
    if (IS("as")) return parse_number(key, value, (long long)1 << 50, &spec->as_bytes, error, capacity);
    if (IS("memory")) return parse_number(key, value, (long long)1 << 50, &spec->memory_bytes, error, capacity);
    if (IS("cpu")) return parse_number(key, value, 1LL << 31, &spec->cpu_seconds, error, capacity);
    if (IS("nofile")) return parse_number(key, value, 1 << 20, &spec->nofile, error, capacity);
    if (IS("nproc")) return parse_number(key, value, 1 << 22, &spec->nproc, error, capacity);
    if (IS("read")) return add_path(key, value, spec->read, &spec->read_count, error, capacity);
    if (IS("write")) return add_path(key, value, spec->write, &spec->write_count, error, capacity);
    if (IS("bind")) return add_port(key, value, spec->bind_ports, &spec->bind_count, error, capacity);
    if (IS("connect")) return add_port(key, value, spec->connect_ports, &spec->connect_count, error, capacity);
    if (IS("cgroup")) {
        if (value == NULL || value[0] != '/') {
            pb_message(error, capacity, "sandbox spec: cgroup=%s is not an absolute path", value ? value : "");
            return -1;
        }
        spec->cgroup = value;
        return 0;
    }
    if (IS("report")) {
        if (value == NULL || value[0] != '/') {
            pb_message(error, capacity, "sandbox spec: report=%s is not an absolute path", value ? value : "");
            return -1;
        }
        spec->report = value;
        return 0;
    }
    if (IS("net")) {
        if (value && strcmp(value, "none") == 0) spec->net = PB_NET_NONE;
        else if (value && strcmp(value, "loopback") == 0) spec->net = PB_NET_LOOPBACK;
        else if (value && strcmp(value, "any") == 0) spec->net = PB_NET_ANY;
        else {
            pb_message(error, capacity, "sandbox spec: net=%s is not none, loopback or any", value ? value : "");
            return -1;
        }
        return 0;
    }
    if (IS("inet")) {
        if (value && strcmp(value, "none") == 0) spec->inet = PB_INET_NONE;
        else if (value && strcmp(value, "stream") == 0) spec->inet = PB_INET_STREAM;
        else {
            pb_message(error, capacity, "sandbox spec: inet=%s is not none or stream", value ? value : "");
            return -1;
        }
        return 0;
    }
    if (IS("scope")) {
        char *rest = value;
        while (rest && *rest) {
            char *name = rest;
            char *comma = strchr(rest, ',');
            if (comma) { *comma = '\0'; rest = comma + 1; } else rest = NULL;
            if (strcmp(name, "abstract") == 0) spec->scope_abstract = 1;
            else if (strcmp(name, "signal") == 0) spec->scope_signal = 1;
            else {
                pb_message(error, capacity, "sandbox spec: scope %s is not abstract or signal", name);
                return -1;
            }
        }
        return 0;
    }
#undef IS
    pb_message(error, capacity, "sandbox spec: unknown item '%s'", key);
    return -1;
}

int pb_spec_parse(const char *text, struct pb_spec *spec, char *error, size_t capacity) {
    memset(spec, 0, sizeof *spec);
    spec->core = spec->as_bytes = spec->cpu_seconds = spec->nofile = spec->nproc = spec->memory_bytes = -1;
    spec->required = 1;
    if (text == NULL) {
        pb_message(error, capacity, "sandbox spec: missing");
        return -1;
    }
    size_t length = strlen(text);
    if (length >= sizeof spec->storage) {
        pb_message(error, capacity, "sandbox spec: %zu bytes, more than the %zu allowed", length, sizeof spec->storage - 1);
        return -1;
    }
    memcpy(spec->storage, text, length + 1);
    if (strncmp(spec->storage, "v=", 2) != 0) {
        pb_message(error, capacity, "sandbox spec: must start with v=1");
        return -1;
    }
    char *rest = spec->storage;
    while (rest) {
        char *item = rest;
        char *separator = strchr(rest, ';');
        if (separator) { *separator = '\0'; rest = separator + 1; } else rest = NULL;
        if (*item == '\0') continue;
        if (parse_item(item, spec, error, capacity) != 0) return -1;
    }
    return 0;
}
