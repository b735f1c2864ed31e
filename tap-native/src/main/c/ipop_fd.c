/*
 * File descriptor lifetime and readiness shared by TAP devices and UDP sockets.
 */
#define _GNU_SOURCE /* ppoll */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/eventfd.h>
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

IPOP_EXPORT int ipop_wait_readable(int fd_a, int fd_b, int fd_c, int64_t timeout_ns)
{
    if (fd_a < 0)
    {
        return -EBADF;
    }
    struct pollfd fds[3];
    nfds_t count = 0;
    const int wanted[3] = {fd_a, fd_b, fd_c};
    for (int i = 0; i < 3; i++)
    {
        if (wanted[i] >= 0)
        {
            fds[count].fd = wanted[i];
            fds[count].events = POLLIN;
            fds[count].revents = 0;
            count++;
        }
    }
    /* ppoll, not poll: poll's millisecond timeout cannot express the microsecond waits of an idle strategy. */
    struct timespec timeout;
    const struct timespec *timeout_or_forever = NULL;
    if (timeout_ns >= 0)
    {
        timeout.tv_sec = (time_t)(timeout_ns / 1000000000);
        timeout.tv_nsec = (long)(timeout_ns % 1000000000);
        timeout_or_forever = &timeout;
    }
    const int ready = ppoll(fds, count, timeout_or_forever, NULL);
    if (ready < 0)
    {
        /* EINTR is reported as itself: a signal is not a timeout, and a caller waiting forever must know. */
        return -errno;
    }
    /* poll reports a descriptor that is not open in revents, not as EBADF: make it the same error. */
    for (nfds_t i = 0; i < count; i++)
    {
        if ((fds[i].revents & POLLNVAL) != 0)
        {
            return -EBADF;
        }
    }
    return ready;
}

IPOP_EXPORT int ipop_doorbell_open(void)
{
    /* Non-blocking: ringing a saturated counter or draining an unrung one must never block a thread. */
    const int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    return fd < 0 ? -errno : fd;
}

IPOP_EXPORT int ipop_doorbell_ring(int fd)
{
    const uint64_t one = 1;
    if (write(fd, &one, sizeof(one)) == (ssize_t)sizeof(one))
    {
        return 0;
    }
    /* EAGAIN: the counter is at its maximum, so the doorbell is readable already; the ring is not lost. */
    return errno == EAGAIN ? 0 : -errno;
}

IPOP_EXPORT int ipop_doorbell_drain(int fd)
{
    uint64_t rings = 0;
    if (read(fd, &rings, sizeof(rings)) == (ssize_t)sizeof(rings))
    {
        return 1;
    }
    return errno == EAGAIN ? 0 : -errno;
}
