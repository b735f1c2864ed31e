/*
 * File descriptor lifetime and readiness shared by TAP devices and UDP sockets.
 */
#define _GNU_SOURCE /* ppoll */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "ipop_tap.h"

IPOP_EXPORT int ipop_close(int fd)
{
    if (fd < 0)
    {
        return -EBADF;
    }
    /* Linux releases the descriptor even when close() reports EINTR: retrying could close a reused fd. */
    if (close(fd) == -1 && errno != EINTR)
    {
        return -errno;
    }
    return 0;
}

IPOP_EXPORT int ipop_wait_readable(int fd_a, int fd_b, int64_t timeout_ns)
{
    if (fd_a < 0)
    {
        return -EBADF;
    }
    if (timeout_ns < 0)
    {
        return -EINVAL;
    }
    struct pollfd fds[2] = {
        {.fd = fd_a, .events = POLLIN, .revents = 0},
        {.fd = fd_b, .events = POLLIN, .revents = 0},
    };
    const nfds_t count = fd_b >= 0 ? 2 : 1;
    const struct timespec timeout = {
        .tv_sec = (time_t)(timeout_ns / 1000000000),
        .tv_nsec = (long)(timeout_ns % 1000000000),
    };
    /* ppoll, not poll: poll's millisecond timeout cannot express the microsecond waits of an idle strategy. */
    const int ready = ppoll(fds, count, &timeout, NULL);
    if (ready < 0)
    {
        return errno == EINTR ? 0 : -errno;
    }
    /* poll reports a descriptor that is not open in revents, not as EBADF: make it the same error. */
    if ((fds[0].revents & POLLNVAL) != 0 || (count == 2 && (fds[1].revents & POLLNVAL) != 0))
    {
        return -EBADF;
    }
    return ready;
}
