/*
 * File descriptor lifetime shared by TAP devices and UDP sockets.
 */
#include <errno.h>
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
