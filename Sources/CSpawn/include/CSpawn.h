// Process start-up for Lectern's runner: what Swift's Glibc module does not
// expose (it is built without _GNU_SOURCE). Called only from
// Sources/Lectern/Execute/Spawn.swift.
#ifndef LECTERN_CSPAWN_H
#define LECTERN_CSPAWN_H

#include <sys/types.h>

/// Starts `path` with `argv` and `envp` in directory `directory` (NULL: the
/// current one), in a new process group of its own, with every signal at its
/// default action and none blocked, stdin on /dev/null, and each
/// `from[i]` descriptor of this process as descriptor `to[i]` in the child.
/// Every other descriptor this process holds must be close-on-exec.
/// Returns 0 and sets `*pid`, or an errno value.
int lectern_spawn(const char *path, char *const argv[], char *const envp[], const char *directory,
                  const int *from, const int *to, int count, pid_t *pid);

/// pipe2(fds, O_CLOEXEC): 0 or -1 with errno.
int lectern_pipe(int fds[2]);

/// A close-on-exec Unix stream socket pair: 0 or -1 with errno.
int lectern_socketpair(int fds[2]);

/// Sets O_NONBLOCK on `fd`: 0 or -1 with errno.
int lectern_nonblocking(int fd);

/// Moves `fd` to a close-on-exec descriptor numbered at least `minimum`
/// (the old one is closed): the new descriptor, or -1 with errno.
int lectern_move_up(int fd, int minimum);

#endif
