#define _GNU_SOURCE
#include "CSpawn.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

int lectern_watch_open(void) { return inotify_init1(IN_CLOEXEC | IN_NONBLOCK); }

int lectern_watch_directory(int fd, const char *path) {
    return inotify_add_watch(fd, path, IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ATTRIB
                                       | IN_DELETE_SELF | IN_MOVE_SELF);
}

int lectern_watch_read(int fd, char *names, int capacity, int timeout_ms) {
    struct pollfd p = { .fd = fd, .events = POLLIN };
    int ready = poll(&p, 1, timeout_ms);
    if (ready <= 0) return ready < 0 && errno == EINTR ? 0 : ready;
    char buffer[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    int used = 0;
    names[0] = 0;
    for (;;) {
        ssize_t n = read(fd, buffer, sizeof buffer);
        if (n <= 0) break;
        for (char *at = buffer; at < buffer + n;) {
            struct inotify_event *event = (struct inotify_event *)at;
            // 'f' a file or folder in a watched folder, 'g' the watched folder
            // itself is gone (deleted, moved, unwatched), 'o' events were lost.
            char kind = event->mask & IN_Q_OVERFLOW ? 'o'
                      : event->mask & (IN_IGNORED | IN_DELETE_SELF | IN_MOVE_SELF) ? 'g' : 'f';
            if ((event->len > 0 || kind != 'f') && used < capacity - 1) {
                int wrote = snprintf(names + used, capacity - used, "%d\t%c%s\n", event->wd, kind, event->len > 0 ? event->name : "");
                if (wrote > 0) used += wrote < capacity - used ? wrote : capacity - used - 1;
            }
            at += sizeof(struct inotify_event) + event->len;
        }
    }
    return used;
}
