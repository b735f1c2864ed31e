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

int ipop_udp_receive_records(
    int fd, void *buf, int capacity, int max_datagrams, int max_payload, ipop_datagram_hook hook, void *context)
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
            char *const payload = vectors[i].iov_base;
            struct ipop_datagram_header record;
            record.length = (int)messages[i].msg_len;
            memcpy(&record.address, &peers[i].sin_addr.s_addr, sizeof(record.address));
            record.port = ntohs(peers[i].sin_port);
            record.flags = (messages[i].msg_hdr.msg_flags & MSG_TRUNC) ? IPOP_DATAGRAM_FLAG_TRUNCATED : 0;
            record.reserved = 0;
            if (hook != NULL)
            {
                /* In the slot, before packing: a hook that shortens the payload costs no extra move. */
                hook(context, payload, &record);
            }
            const int length = record.length;
            char *const target = base + offset + sizeof(record);
            if (target != payload)
            {
                memmove(target, payload, (size_t)length);
            }
            memcpy(base + offset, &record, sizeof(record));
            const int record_length = ipop_datagram_record_length(length);
            memset(target + length, 0, (size_t)(record_length - (int)sizeof(record) - length));
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

IPOP_EXPORT int ipop_udp_receive_batch(int fd, void *buf, int capacity, int max_datagrams, int max_payload)
{
    return ipop_udp_receive_records(fd, buf, capacity, max_datagrams, max_payload, NULL, NULL);
}

int ipop_udp_send_records(int fd, void *buf, int length, int count, int skip_rejected)
{
    if (buf == NULL || length < 0 || count < 0)
    {
        return -EINVAL;
    }

    struct mmsghdr messages[IPOP_MAX_SYSCALL_BATCH];
    struct iovec vectors[IPOP_MAX_SYSCALL_BATCH];
    struct sockaddr_in peers[IPOP_MAX_SYSCALL_BATCH];
    int ends[IPOP_MAX_SYSCALL_BATCH];     /* offset after the record of message i */
    int consumed_through[IPOP_MAX_SYSCALL_BATCH]; /* records consumed once message i is sent (skipped ones too) */
    char *const base = buf;
    int offset = 0;   /* first record not consumed */
    int consumed = 0; /* records consumed: sent, or skipped as rejected */

    while (consumed < count)
    {
        int messages_count = 0;
        int scan = offset;
        int scanned = consumed;
        int malformed = 0;
        while (messages_count < IPOP_MAX_SYSCALL_BATCH && scanned < count)
        {
            const struct ipop_datagram_header *const header = (const struct ipop_datagram_header *)(base + scan);
            if (length - scan < (int)sizeof(*header) ||
                header->length < 0 ||
                header->length > length - scan - (int)sizeof(*header))
            {
                malformed = 1;
                break;
            }
            const int next = scan + ipop_datagram_record_length(header->length);
            if (skip_rejected && header->flags == IPOP_DATAGRAM_FLAG_REJECTED)
            {
                scan = next;
                scanned++;
                if (messages_count == 0)
                {
                    /* Rejected records before any message are consumed now, later ones with the next message. */
                    offset = scan;
                    consumed = scanned;
                }
                continue;
            }
            if (header->flags != 0)
            {
                malformed = 1;
                break;
            }
            const int i = messages_count;
            vectors[i].iov_base = (void *)(base + scan + sizeof(*header));
            vectors[i].iov_len = (size_t)header->length;
            memset(&peers[i], 0, sizeof(peers[i]));
            peers[i].sin_family = AF_INET;
            memcpy(&peers[i].sin_addr.s_addr, &header->address, sizeof(header->address));
            peers[i].sin_port = htons(header->port);
            memset(&messages[i], 0, sizeof(messages[i]));
            messages[i].msg_hdr.msg_iov = &vectors[i];
            messages[i].msg_hdr.msg_iovlen = 1;
            messages[i].msg_hdr.msg_name = &peers[i];
            messages[i].msg_hdr.msg_namelen = sizeof(peers[i]);
            scan = next;
            scanned++;
            ends[i] = scan;
            consumed_through[i] = scanned;
            messages_count++;
        }
        if (messages_count == 0)
        {
            if (!malformed)
            {
                break; /* every record left was rejected and is consumed */
            }
            if (consumed == 0)
            {
                return -EINVAL;
            }
            ipop_datagram_stopped(base, length, offset, EINVAL);
            return consumed;
        }

        const int done = sendmmsg(fd, messages, (unsigned int)messages_count, MSG_DONTWAIT);
        if (done == -1)
        {
            if (errno == EINTR)
            {
                continue;
            }
            if (consumed == 0 && errno != EAGAIN)
            {
                return -errno;
            }
            ipop_datagram_stopped(base, length, offset, errno);
            return consumed;
        }
        if (done == 0)
        {
            ipop_datagram_stopped(base, length, offset, EAGAIN);
            break;
        }
        offset = ends[done - 1];
        consumed = consumed_through[done - 1];
        /*
         * Fewer than asked: sendmmsg dropped the errno of the datagram that stopped it. Go round again from that
         * datagram: it is now first, so if it still cannot go the call fails with its errno (EAGAIN when the socket
         * is full); if it can, the batch goes on. A malformed record met while scanning is first after the
         * messages before it went, and ends the batch then.
         */
    }
    return consumed;
}

IPOP_EXPORT int ipop_udp_send_batch(int fd, void *buf, int length, int datagram_count)
{
    return ipop_udp_send_records(fd, buf, length, datagram_count, 0);
}
