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

#endif /* IPOP_INTERNAL_H */
