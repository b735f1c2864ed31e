/*
 * UDP sockets: open and bind, then move datagrams in batches with recvmmsg/sendmmsg.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ipop_internal.h"

/* Sets a socket buffer size, first with the privileged option that ignores net.core.[rw]mem_max. */
static int ipop_set_buffer(int sock, int force_option, int option, int bytes)
{
    if (setsockopt(sock, SOL_SOCKET, force_option, &bytes, sizeof(bytes)) == 0)
    {
        return 0;
    }
    if (setsockopt(sock, SOL_SOCKET, option, &bytes, sizeof(bytes)) == 0)
    {
        return 0;
    }
    return -errno;
}

IPOP_EXPORT int ipop_udp_open(uint32_t address, int port, int receive_buffer, int send_buffer)
{
    if (port < 0 || port > 65535 || receive_buffer <= 0 || send_buffer <= 0)
    {
        return -EINVAL;
    }
    const int sock = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (sock == -1)
    {
        return -errno;
    }

    int result = ipop_set_buffer(sock, SO_RCVBUFFORCE, SO_RCVBUF, receive_buffer);
    if (result == 0)
    {
        result = ipop_set_buffer(sock, SO_SNDBUFFORCE, SO_SNDBUF, send_buffer);
    }
    if (result == 0)
    {
        struct sockaddr_in local;
        memset(&local, 0, sizeof(local));
        local.sin_family = AF_INET;
        local.sin_addr.s_addr = htonl(address);
        local.sin_port = htons((uint16_t)port);
        if (bind(sock, (const struct sockaddr *)&local, sizeof(local)) == -1)
        {
            result = -errno;
        }
    }
    if (result != 0)
    {
        close(sock);
        return result;
    }
    return sock;
}

IPOP_EXPORT int64_t ipop_udp_local_address(int fd)
{
    struct sockaddr_in local;
    socklen_t length = sizeof(local);
    memset(&local, 0, sizeof(local));
    if (getsockname(fd, (struct sockaddr *)&local, &length) == -1)
    {
        return -errno;
    }
    if (local.sin_family != AF_INET)
    {
        return -EAFNOSUPPORT;
    }
    return ((int64_t)ntohl(local.sin_addr.s_addr) << 16) | ntohs(local.sin_port);
}

IPOP_EXPORT int ipop_udp_buffer_size(int fd, int receive)
{
    int bytes = 0;
    socklen_t length = sizeof(bytes);
    if (getsockopt(fd, SOL_SOCKET, receive ? SO_RCVBUF : SO_SNDBUF, &bytes, &length) == -1)
    {
        return -errno;
    }
    return bytes;
}

IPOP_EXPORT int ipop_udp_receive_batch(int fd, void *buf, int capacity, int max_datagrams, int max_payload)
{
    if (buf == NULL || capacity < 0 || max_datagrams < 0 || max_payload <= 0)
    {
        return -EINVAL;
    }
    const int slot = ipop_datagram_record_length(max_payload);
    if (slot <= 0 || capacity < slot)
    {
        return -EINVAL;
    }

    struct mmsghdr messages[IPOP_MAX_SYSCALL_BATCH];
    struct iovec vectors[IPOP_MAX_SYSCALL_BATCH];
    struct sockaddr_in peers[IPOP_MAX_SYSCALL_BATCH];
    char *const base = buf;
    int offset = 0;
    int received = 0;

    while (received < max_datagrams)
    {
        int slots = (capacity - offset) / slot;
        if (slots > max_datagrams - received)
        {
            slots = max_datagrams - received;
        }
        if (slots > IPOP_MAX_SYSCALL_BATCH)
        {
            slots = IPOP_MAX_SYSCALL_BATCH;
        }
        if (slots <= 0)
        {
            break;
        }

        /* Receive into fixed slots from `offset`, then pack each record right after the previous one. */
        for (int i = 0; i < slots; i++)
        {
            vectors[i].iov_base = base + offset + (size_t)i * slot + sizeof(struct ipop_datagram_header);
            vectors[i].iov_len = (size_t)max_payload;
            memset(&messages[i], 0, sizeof(messages[i]));
            messages[i].msg_hdr.msg_iov = &vectors[i];
            messages[i].msg_hdr.msg_iovlen = 1;
            messages[i].msg_hdr.msg_name = &peers[i];
            messages[i].msg_hdr.msg_namelen = sizeof(peers[i]);
        }
        const int count = recvmmsg(fd, messages, (unsigned int)slots, MSG_DONTWAIT, NULL);
        if (count == -1)
        {
            if (errno == EINTR)
            {
                continue;
            }
            if (errno == EAGAIN || received > 0)
            {
                break;
            }
            return -errno;
        }

        for (int i = 0; i < count; i++)
        {
            const char *const payload = vectors[i].iov_base;
            const int length = (int)messages[i].msg_len;
            struct ipop_datagram_header *const header = (struct ipop_datagram_header *)(base + offset);
            char *const target = base + offset + sizeof(*header);
            if (target != payload)
            {
                memmove(target, payload, (size_t)length);
            }
            header->length = length;
            memcpy(&header->address, &peers[i].sin_addr.s_addr, sizeof(header->address));
            header->port = ntohs(peers[i].sin_port);
            header->flags = (messages[i].msg_hdr.msg_flags & MSG_TRUNC) ? IPOP_DATAGRAM_FLAG_TRUNCATED : 0;
            header->reserved = 0;
            const int record_length = ipop_datagram_record_length(length);
            memset(target + length, 0, (size_t)(record_length - (int)sizeof(*header) - length));
            offset += record_length;
        }
        received += count;
        if (count < slots)
        {
            break;
        }
    }
    return received;
}

IPOP_EXPORT int ipop_udp_send_batch(int fd, void *buf, int length, int datagram_count)
{
    if (buf == NULL || length < 0 || datagram_count < 0)
    {
        return -EINVAL;
    }

    struct mmsghdr messages[IPOP_MAX_SYSCALL_BATCH];
    struct iovec vectors[IPOP_MAX_SYSCALL_BATCH];
    struct sockaddr_in peers[IPOP_MAX_SYSCALL_BATCH];
    char *const base = buf;
    int offset = 0;
    int sent = 0;
    int malformed_offset = -1;

    while (sent < datagram_count && offset != malformed_offset)
    {
        int count = 0;
        int chunk_offset = offset;
        while (count < IPOP_MAX_SYSCALL_BATCH && sent + count < datagram_count)
        {
            const struct ipop_datagram_header *const header =
                (const struct ipop_datagram_header *)(base + chunk_offset);
            if (length - chunk_offset < (int)sizeof(*header) ||
                header->length < 0 ||
                header->length > length - chunk_offset - (int)sizeof(*header) ||
                header->flags != 0)
            {
                malformed_offset = chunk_offset;
                break;
            }
            vectors[count].iov_base = (void *)(base + chunk_offset + sizeof(*header));
            vectors[count].iov_len = (size_t)header->length;
            memset(&peers[count], 0, sizeof(peers[count]));
            peers[count].sin_family = AF_INET;
            memcpy(&peers[count].sin_addr.s_addr, &header->address, sizeof(header->address));
            peers[count].sin_port = htons(header->port);
            memset(&messages[count], 0, sizeof(messages[count]));
            messages[count].msg_hdr.msg_iov = &vectors[count];
            messages[count].msg_hdr.msg_iovlen = 1;
            messages[count].msg_hdr.msg_name = &peers[count];
            messages[count].msg_hdr.msg_namelen = sizeof(peers[count]);
            chunk_offset += ipop_datagram_record_length(header->length);
            count++;
        }
        if (count == 0)
        {
            break;
        }

        const int done = sendmmsg(fd, messages, (unsigned int)count, MSG_DONTWAIT);
        if (done == -1)
        {
            if (errno == EINTR)
            {
                continue;
            }
            if (sent == 0 && errno != EAGAIN)
            {
                return -errno;
            }
            ipop_datagram_stopped(base, length, offset, errno);
            return sent;
        }
        if (done == 0)
        {
            ipop_datagram_stopped(base, length, offset, EAGAIN);
            break;
        }
        for (int i = 0; i < done; i++)
        {
            offset += ipop_datagram_record_length((int)vectors[i].iov_len);
        }
        sent += done;
        /*
         * Fewer than asked: sendmmsg dropped the errno of the datagram that stopped it. Go round again from that
         * datagram: it is now first, so if it still cannot go the call fails with its errno (EAGAIN when the socket
         * is full); if it can, the batch goes on.
         */
    }
    if (sent < datagram_count && offset == malformed_offset)
    {
        if (sent == 0)
        {
            return -EINVAL;
        }
        ipop_datagram_stopped(base, length, offset, EINVAL);
    }
    return sent;
}
