// What Lectern's runner needs from the C library that Swift's Glibc module
// does not expose (it is built without _GNU_SOURCE): process start-up,
// called only from Sources/Lectern/Execute/Spawn.swift, and file watching.
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

/// Makes this process a child subreaper (prctl PR_SET_CHILD_SUBREAPER):
/// orphans among its descendants become its children instead of init's.
/// 0 or -1 with errno.
int lectern_become_subreaper(void);

/// A close-on-exec pidfd for child `pid` (readable once it has ended), or -1
/// with errno (a kernel before 5.3: the caller polls instead).
int lectern_pidfd_open(pid_t pid);

/// pipe2(fds, O_CLOEXEC): 0 or -1 with errno.
int lectern_pipe(int fds[2]);

/// A close-on-exec Unix stream socket pair: 0 or -1 with errno.
int lectern_socketpair(int fds[2]);

/// Sets O_NONBLOCK on `fd`: 0 or -1 with errno.
int lectern_nonblocking(int fd);

/// Moves `fd` to a close-on-exec descriptor numbered at least `minimum`
/// (the old one is closed): the new descriptor, or -1 with errno.
int lectern_move_up(int fd, int minimum);


// File watching for `lectern preview` (sys/inotify.h is not in Swift's Glibc
// module). Called only from Sources/Lectern/Preview/Watcher.swift.

/// A close-on-exec inotify descriptor, or -1 with errno.
int lectern_watch_open(void);

/// Watches directory `path` for files written, moved in or out, created or
/// deleted: the watch descriptor, or -1 with errno.
int lectern_watch_directory(int fd, const char *path);

/// Reads the events waiting on `fd` into `names` as "WATCH\tKNAME\n" lines,
/// K being 'f' (NAME in the watched folder changed), 'g' (the watched folder
/// itself went: deleted, moved or unwatched) or 'o' (the queue overflowed)
/// (at most `capacity` bytes, NUL-terminated); waits up to `timeout_ms`
/// (-1: forever). Returns the bytes written, 0 on timeout, -1 with errno.
int lectern_watch_read(int fd, char *names, int capacity, int timeout_ms);

#endif
