/*
 * The batch record layouts as the compiler sees them, so Java can check its descriptors against C.
 */
#include <errno.h>
#include <net/if.h>

#include "ipop_tap.h"

_Static_assert(sizeof(struct ipop_frame_header) % IPOP_RECORD_ALIGNMENT == 0,
               "frame header keeps records aligned");
_Static_assert(sizeof(struct ipop_datagram_header) % IPOP_RECORD_ALIGNMENT == 0,
               "datagram header keeps records aligned");

IPOP_EXPORT int32_t ipop_layout_constant(int32_t id)
{
    switch (id)
    {
        case IPOP_LAYOUT_FRAME_LENGTH_OFFSET: return (int32_t)offsetof(struct ipop_frame_header, length);
        case IPOP_LAYOUT_FRAME_RESERVED_OFFSET: return (int32_t)offsetof(struct ipop_frame_header, reserved);
        case IPOP_LAYOUT_FRAME_HEADER_LENGTH: return (int32_t)sizeof(struct ipop_frame_header);
        case IPOP_LAYOUT_FRAME_ALIGNMENT: return IPOP_RECORD_ALIGNMENT;
        case IPOP_LAYOUT_DATAGRAM_LENGTH_OFFSET: return (int32_t)offsetof(struct ipop_datagram_header, length);
        case IPOP_LAYOUT_DATAGRAM_ADDRESS_OFFSET: return (int32_t)offsetof(struct ipop_datagram_header, address);
        case IPOP_LAYOUT_DATAGRAM_PORT_OFFSET: return (int32_t)offsetof(struct ipop_datagram_header, port);
        case IPOP_LAYOUT_DATAGRAM_FLAGS_OFFSET: return (int32_t)offsetof(struct ipop_datagram_header, flags);
        case IPOP_LAYOUT_DATAGRAM_RESERVED_OFFSET: return (int32_t)offsetof(struct ipop_datagram_header, reserved);
        case IPOP_LAYOUT_DATAGRAM_HEADER_LENGTH: return (int32_t)sizeof(struct ipop_datagram_header);
        case IPOP_LAYOUT_DATAGRAM_ALIGNMENT: return IPOP_RECORD_ALIGNMENT;
        case IPOP_LAYOUT_DATAGRAM_FLAG_TRUNCATED: return IPOP_DATAGRAM_FLAG_TRUNCATED;
        case IPOP_LAYOUT_IFNAMSIZ: return IFNAMSIZ;
        case IPOP_LAYOUT_DATAGRAM_FLAG_SEAL: return IPOP_DATAGRAM_FLAG_SEAL;
        case IPOP_LAYOUT_DATAGRAM_FLAG_OPENED: return IPOP_DATAGRAM_FLAG_OPENED;
        case IPOP_LAYOUT_DATAGRAM_FLAG_REJECTED: return IPOP_DATAGRAM_FLAG_REJECTED;
        case IPOP_LAYOUT_TAG_LENGTH: return IPOP_TAG_LENGTH;
        case IPOP_LAYOUT_REPLAY_WINDOW: return IPOP_KEYS_REPLAY_WINDOW;
        default: return -EINVAL;
    }
}
