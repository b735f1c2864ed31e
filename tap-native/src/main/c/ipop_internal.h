/*
 * Helpers shared by the C sources of tap-native; nothing here is exported from the shared object.
 */
#ifndef IPOP_INTERNAL_H
#define IPOP_INTERNAL_H

#include <errno.h>

#include "ipop_tap.h"

/* @return n rounded up to the record alignment. */
static inline int ipop_align_record(int n)
{
    return (n + IPOP_RECORD_ALIGNMENT - 1) & -IPOP_RECORD_ALIGNMENT;
}

/* Bytes a frame record with a frame of `length` bytes occupies, padding included. */
static inline int ipop_frame_record_length(int length)
{
    return ipop_align_record((int)sizeof(struct ipop_frame_header) + length);
}

/* Bytes a datagram record with a payload of `length` bytes occupies, padding included. */
static inline int ipop_datagram_record_length(int length)
{
    return ipop_align_record((int)sizeof(struct ipop_datagram_header) + length);
}

/*
 * Mark the record at `offset` as the one that stopped a write or send batch: its reserved field gets the errno
 * that stopped it, 0 when the device would block (EAGAIN). A header that does not fit in `length` is left alone.
 */
static inline void ipop_frame_stopped(char *base, int length, int offset, int error)
{
    if (length - offset >= (int)sizeof(struct ipop_frame_header))
    {
        ((struct ipop_frame_header *)(base + offset))->reserved = error == EAGAIN ? 0 : error;
    }
}

static inline void ipop_datagram_stopped(char *base, int length, int offset, int error)
{
    if (length - offset >= (int)sizeof(struct ipop_datagram_header))
    {
        ((struct ipop_datagram_header *)(base + offset))->reserved = error == EAGAIN ? 0 : error;
    }
}

/*
 * Called by ipop_udp_receive_records for each datagram while it still sits in its receive slot, before the
 * records are packed: `payload` points at its bytes and `header` holds its length, peer, flags and reserved as
 * they will be written. The hook may change the payload in place and shorten it, and set flags and reserved.
 */
typedef void (*ipop_datagram_hook)(void *context, char *payload, struct ipop_datagram_header *header);

/* The recvmmsg core of ipop_udp_receive_batch (ipop_udp.c): same contract, with an optional per-datagram hook. */
int ipop_udp_receive_records(
    int fd, void *buf, int capacity, int max_datagrams, int max_payload, ipop_datagram_hook hook, void *context);

/*
 * The sendmmsg core of ipop_udp_send_batch (ipop_udp.c): same contract. With skip_rejected, records flagged
 * IPOP_DATAGRAM_FLAG_REJECTED are not sent but count as consumed; any other non-zero flags make a record malformed.
 */
int ipop_udp_send_records(int fd, void *buf, int length, int count, int skip_rejected);

#endif /* IPOP_INTERNAL_H */
