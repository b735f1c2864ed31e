package org.ipop.engine.protocol;

/**
 * Offsets and constants of the Ethernet II, IPv4 and UDP fields the engine classifies on. Multi-byte
 * fields are big-endian (network order); offsets are from the start of the Ethernet frame.
 * <pre>
 *  Ethernet: | dst MAC (6) | src MAC (6) | EtherType (2) | payload ...
 *  IPv4:     at 14: | ver/IHL | TOS | total len (2) | id (2) | flags/frag off (2) | TTL | proto | cksum (2)
 *                   | src IPv4 (4) at 26 | dst IPv4 (4) at 30 | options ...
 *  UDP:      at 14 + IHL * 4: | src port (2) | dst port (2) | length (2) | checksum (2)
 * </pre>
 */
public final class EthernetDescriptor
{
    public static final int DST_MAC_OFFSET = 0;
    public static final int SRC_MAC_OFFSET = 6;
    public static final int ETHER_TYPE_OFFSET = 12;
    public static final int HEADER_LENGTH = 14;

    public static final int ETHER_TYPE_IPV4 = 0x0800;
    public static final int ETHER_TYPE_ARP = 0x0806;

    public static final int IPV4_VERSION_IHL_OFFSET = HEADER_LENGTH;
    public static final int IPV4_FRAGMENT_OFFSET = HEADER_LENGTH + 6;
    /** In the 16-bit flags/fragment offset field: more fragments follow. */
    public static final int IPV4_MORE_FRAGMENTS = 0x2000;
    /** In the 16-bit flags/fragment offset field: the fragment offset in 8-byte units. */
    public static final int IPV4_FRAGMENT_OFFSET_MASK = 0x1FFF;
    public static final int IPV4_PROTOCOL_OFFSET = HEADER_LENGTH + 9;
    public static final int IPV4_SRC_OFFSET = HEADER_LENGTH + 12;
    public static final int IPV4_DST_OFFSET = HEADER_LENGTH + 16;
    public static final int IPV4_MIN_HEADER_LENGTH = 20;

    public static final int IP_PROTOCOL_UDP = 17;
    public static final int UDP_DST_PORT_OFFSET = 2;
    public static final int UDP_HEADER_LENGTH = 8;

    private EthernetDescriptor()
    {
    }
}
