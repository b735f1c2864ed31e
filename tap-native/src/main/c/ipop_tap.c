/*
 * TAP devices: open through /dev/net/tun, configure through ioctls, move frames in batches.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "ipop_internal.h"

#define IPOP_TUN_CLONE_DEVICE "/dev/net/tun"

/* Copies a NUL-terminated interface name into ifr; -EINVAL when it does not fit IFNAMSIZ. */
static int ipop_ifreq_init(struct ifreq *ifr, const char *name)
{
    if (name == NULL)
    {
        return -EINVAL;
    }
    const size_t length = strnlen(name, IFNAMSIZ);
    if (length == 0 || length >= IFNAMSIZ)
    {
        return -EINVAL;
    }
    memset(ifr, 0, sizeof(*ifr));
    memcpy(ifr->ifr_name, name, length);
    return 0;
}

/* Runs one interface ioctl on a throwaway AF_INET socket. @return 0 or -errno. */
static int ipop_ifreq_ioctl(unsigned long request, struct ifreq *ifr)
{
    const int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock == -1)
    {
        return -errno;
    }
    int result = 0;
    if (ioctl(sock, request, ifr) == -1)
    {
        result = -errno;
    }
    close(sock);
    return result;
}

static void ipop_sockaddr_in_set(struct sockaddr *target, uint32_t host_order_address)
{
    struct sockaddr_in address;
    memset(&address, 0, sizeof(address));
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(host_order_address);
    memcpy(target, &address, sizeof(address));
}

IPOP_EXPORT int ipop_tap_open(const char *name, int flags, char *actual_name)
{
    struct ifreq ifr;
    int result = ipop_ifreq_init(&ifr, name);
    if (result != 0)
    {
        return result;
    }
    if ((flags & ~(IPOP_TAP_VNET_HDR | IPOP_TAP_MULTI_QUEUE)) != 0)
    {
        return -EINVAL;
    }
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    if (flags & IPOP_TAP_VNET_HDR)
    {
        ifr.ifr_flags |= IFF_VNET_HDR;
    }
    if (flags & IPOP_TAP_MULTI_QUEUE)
    {
        ifr.ifr_flags |= IFF_MULTI_QUEUE;
    }

    const int fd = open(IPOP_TUN_CLONE_DEVICE, O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd == -1)
    {
        return -errno;
    }
    if (ioctl(fd, TUNSETIFF, &ifr) == -1)
    {
        result = -errno;
        close(fd);
        return result;
    }
    if (actual_name != NULL)
    {
        memcpy(actual_name, ifr.ifr_name, IFNAMSIZ);
        actual_name[IFNAMSIZ - 1] = '\0';
    }
    return fd;
}

IPOP_EXPORT int ipop_tap_set_mtu(const char *name, int mtu)
{
    struct ifreq ifr;
    const int result = ipop_ifreq_init(&ifr, name);
    if (result != 0)
    {
        return result;
    }
    ifr.ifr_mtu = mtu;
    return ipop_ifreq_ioctl(SIOCSIFMTU, &ifr);
}

IPOP_EXPORT int ipop_tap_set_mac(const char *name, const uint8_t *mac)
{
    struct ifreq ifr;
    const int result = ipop_ifreq_init(&ifr, name);
    if (result != 0)
    {
        return result;
    }
    if (mac == NULL)
    {
        return -EINVAL;
    }
    ifr.ifr_hwaddr.sa_family = ARPHRD_ETHER;
    memcpy(ifr.ifr_hwaddr.sa_data, mac, 6);
    return ipop_ifreq_ioctl(SIOCSIFHWADDR, &ifr);
}

IPOP_EXPORT int ipop_tap_get_mac(const char *name, uint8_t *mac)
{
    struct ifreq ifr;
    int result = ipop_ifreq_init(&ifr, name);
    if (result != 0)
    {
        return result;
    }
    if (mac == NULL)
    {
        return -EINVAL;
    }
    result = ipop_ifreq_ioctl(SIOCGIFHWADDR, &ifr);
    if (result == 0)
    {
        memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
    }
    return result;
}

IPOP_EXPORT int ipop_tap_set_ipv4(const char *name, uint32_t address, int prefix_length)
{
    struct ifreq ifr;
    int result = ipop_ifreq_init(&ifr, name);
    if (result != 0)
    {
        return result;
    }
    if (prefix_length < 0 || prefix_length > 32)
    {
        return -EINVAL;
    }
    ipop_sockaddr_in_set(&ifr.ifr_addr, address);
    result = ipop_ifreq_ioctl(SIOCSIFADDR, &ifr);
    if (result != 0)
    {
        return result;
    }
    const uint32_t mask = prefix_length == 0 ? 0 : UINT32_MAX << (32 - prefix_length);
    ipop_sockaddr_in_set(&ifr.ifr_netmask, mask);
    return ipop_ifreq_ioctl(SIOCSIFNETMASK, &ifr);
}

IPOP_EXPORT int ipop_tap_set_up(const char *name, int up)
{
    struct ifreq ifr;
    int result = ipop_ifreq_init(&ifr, name);
    if (result != 0)
    {
        return result;
    }
    result = ipop_ifreq_ioctl(SIOCGIFFLAGS, &ifr);
    if (result != 0)
    {
        return result;
    }
    if (up)
    {
        ifr.ifr_flags |= IFF_UP;
    }
    else
    {
        ifr.ifr_flags &= ~IFF_UP;
    }
    return ipop_ifreq_ioctl(SIOCSIFFLAGS, &ifr);
}

IPOP_EXPORT int ipop_tap_read_batch(int fd, void *buf, int capacity, int max_frames, int frame_space)
{
    if (buf == NULL || capacity < 0 || max_frames < 0 || frame_space <= 0)
    {
        return -EINVAL;
    }
    const int needed = (int)sizeof(struct ipop_frame_header) + frame_space;
    if (capacity < needed)
    {
        return -EINVAL;
    }

    char *const base = buf;
    int offset = 0;
    int frames = 0;
    while (frames < max_frames && capacity - offset >= needed)
    {
        struct ipop_frame_header *const header = (struct ipop_frame_header *)(base + offset);
        char *const frame = base + offset + sizeof(*header);
        const size_t space = (size_t)(capacity - offset) - sizeof(*header);
        /* One spare byte after the space tells a frame that filled it exactly from one the kernel cut. */
        char overflow;
        struct iovec vectors[2] = {{frame, space}, {&overflow, 1}};
        const ssize_t bytes = readv(fd, vectors, 2);
        if (bytes == -1)
        {
            if (errno == EINTR)
            {
                continue;
            }
            if (errno == EAGAIN || frames > 0)
            {
                break;
            }
            return -errno;
        }
        if (bytes == 0)
        {
            /* A zero-length read is not a frame (a detached queue reads 0); stop without a record. */
            break;
        }
        if ((size_t)bytes > space)
        {
            /* Longer than the space left (e.g. the MTU was raised elsewhere): dropped, never truncated. */
            if (frames > 0)
            {
                break;
            }
            return -EMSGSIZE;
        }
        header->length = (int32_t)bytes;
        header->reserved = 0;
        const int record_length = ipop_frame_record_length((int)bytes);
        /* Zero the padding, but never past capacity (a frame may end within the last 7 bytes). */
        const int padding_end = capacity - offset < record_length ? capacity - offset : record_length;
        memset(frame + bytes, 0, (size_t)(padding_end - (int)sizeof(*header) - (int)bytes));
        offset += record_length;
        frames++;
    }
    return frames;
}

IPOP_EXPORT int ipop_tap_write_batch(int fd, void *buf, int length, int frame_count)
{
    if (buf == NULL || length < 0 || frame_count < 0)
    {
        return -EINVAL;
    }

    char *const base = buf;
    int offset = 0;
    int frames = 0;
    while (frames < frame_count)
    {
        if (length - offset < (int)sizeof(struct ipop_frame_header))
        {
            return frames > 0 ? frames : -EINVAL;
        }
        const struct ipop_frame_header *const header = (const struct ipop_frame_header *)(base + offset);
        const int frame_length = header->length;
        if (frame_length <= 0 || frame_length > length - offset - (int)sizeof(*header))
        {
            if (frames == 0)
            {
                return -EINVAL;
            }
            ipop_frame_stopped(base, length, offset, EINVAL);
            break;
        }
        const ssize_t bytes = write(fd, base + offset + sizeof(*header), (size_t)frame_length);
        if (bytes == -1)
        {
            if (errno == EINTR)
            {
                continue;
            }
            if (frames == 0 && errno != EAGAIN)
            {
                return -errno;
            }
            ipop_frame_stopped(base, length, offset, errno);
            break;
        }
        offset += ipop_frame_record_length(frame_length);
        frames++;
    }
    return frames;
}
