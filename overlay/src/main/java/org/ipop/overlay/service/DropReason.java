package org.ipop.overlay.service;

import org.ipop.engine.status.CounterDescriptor;

/**
 * Why a frame punted to the TAP services produced no reply. Every frame given to
 * {@link TapServices#onFrame} is counted exactly once: as handled by a service, as unhandled (well formed
 * but for no service), or as dropped with one of these reasons.
 * <p>
 * {@link #NONE} is the "no drop" result of a decoder and is never counted. Every other reason is a counter
 * with a stable type id (family {@link org.ipop.engine.status.CounterFamily#SERVICE}, drops 4500-4999; a new
 * reason takes the next free id) and label; {@link ServiceCounters} holds their values.
 */
public enum DropReason implements CounterDescriptor
{
    /** Not a drop: the decoder accepted the input. Never counted. */
    NONE(NOT_COUNTED, "none"),
    /** offset/length do not lie inside the buffer handed over. */
    FRAME_OUT_OF_BOUNDS(4501, "service drop frame out of bounds"),
    /** Shorter than an Ethernet II header. */
    ETHERNET_TRUNCATED(4502, "service drop ethernet truncated"),
    /** Shorter than the fixed ARP body for IPv4 over Ethernet. */
    ARP_TRUNCATED(4503, "service drop arp truncated"),
    /** ARP for another hardware or protocol type or address length. */
    ARP_UNSUPPORTED_FORMAT(4504, "service drop arp unsupported format"),
    /** ARP sender MAC is a group address. */
    ARP_BAD_SENDER(4505, "service drop arp bad sender"),
    /** ARP opcode other than request or reply. */
    ARP_UNSUPPORTED_OPCODE(4506, "service drop arp unsupported opcode"),
    /** An ARP reply from the host: used to learn its addresses, never answered. */
    ARP_REPLY_FROM_HOST(4507, "service drop arp reply from host"),
    /** Gratuitous ARP (sender IP equals target IP): ignored. */
    ARP_GRATUITOUS(4508, "service drop arp gratuitous"),
    /** Request for the host's own IP: never answered. */
    ARP_TARGET_IS_HOST(4509, "service drop arp target is host"),
    /** Request for an address outside the namespace's subnet. */
    ARP_TARGET_OUTSIDE_SUBNET(4510, "service drop arp target outside subnet"),
    /** The resolver says the address is local or not in use. */
    ARP_TARGET_NOT_REMOTE(4511, "service drop arp target not remote"),
    /** The resolver has no answer yet (a lookup may be in flight; the host will retry). */
    ARP_TARGET_UNRESOLVED(4512, "service drop arp target unresolved"),
    /** Shorter than a minimal IPv4 header or than its own length fields. */
    IPV4_TRUNCATED(4513, "service drop ipv4 truncated"),
    /** Version field is not 4. */
    IPV4_BAD_VERSION(4514, "service drop ipv4 bad version"),
    /** IHL below 5. */
    IPV4_BAD_HEADER_LENGTH(4515, "service drop ipv4 bad header length"),
    /** Total length below the header length. */
    IPV4_BAD_TOTAL_LENGTH(4516, "service drop ipv4 bad total length"),
    /** Header checksum does not verify. */
    IPV4_BAD_CHECKSUM(4517, "service drop ipv4 bad checksum"),
    /** A fragment: the services never reassemble. */
    IPV4_FRAGMENT(4518, "service drop ipv4 fragment"),
    /** Shorter than an ICMP echo header. */
    ICMP_TRUNCATED(4519, "service drop icmp truncated"),
    /** ICMP checksum does not verify. */
    ICMP_BAD_CHECKSUM(4520, "service drop icmp bad checksum"),
    /** ICMP to a virtual address other than an echo request. */
    ICMP_NOT_ECHO_REQUEST(4521, "service drop icmp not echo request"),
    /** Echo request larger than the interface MTU. */
    ICMP_TOO_LARGE(4522, "service drop icmp too large"),
    /** Echo request from an address outside the subnet (or unconfigured 0.0.0.0). */
    ICMP_BAD_SOURCE(4523, "service drop icmp bad source"),
    /** Shorter than a UDP header or than the UDP length field. */
    UDP_TRUNCATED(4524, "service drop udp truncated"),
    /** UDP length field below 8. */
    UDP_BAD_LENGTH(4525, "service drop udp bad length"),
    /** Non-zero UDP checksum that does not verify. */
    UDP_BAD_CHECKSUM(4526, "service drop udp bad checksum"),
    /** Shorter than the fixed BOOTP fields plus magic cookie. */
    DHCP_TRUNCATED(4527, "service drop dhcp truncated"),
    /** Magic cookie is not 99.130.83.99. */
    DHCP_BAD_COOKIE(4528, "service drop dhcp bad cookie"),
    /** An option runs past the end of the message or has an invalid length. */
    DHCP_BAD_OPTION(4529, "service drop dhcp bad option"),
    /** Option overload (52) is not supported. */
    DHCP_OPTION_OVERLOAD(4530, "service drop dhcp option overload"),
    /** op is not BOOTREQUEST. */
    DHCP_NOT_A_REQUEST(4531, "service drop dhcp not a request"),
    /** htype/hlen other than Ethernet. */
    DHCP_UNSUPPORTED_HARDWARE(4532, "service drop dhcp unsupported hardware"),
    /** No DHCP message type option (plain BOOTP is not served). */
    DHCP_MISSING_MESSAGE_TYPE(4533, "service drop dhcp missing message type"),
    /** A message type a server does not handle (OFFER, ACK, ...). */
    DHCP_UNSUPPORTED_MESSAGE_TYPE(4534, "service drop dhcp unsupported message type"),
    /** giaddr set: relayed requests are not served on the TAP. */
    DHCP_RELAYED(4535, "service drop dhcp relayed"),
    /** A REQUEST that selects another server. */
    DHCP_OTHER_SERVER(4536, "service drop dhcp other server"),
    /** A message that lacks the fields its type requires (e.g. REQUEST without an address). */
    DHCP_INCOMPLETE(4537, "service drop dhcp incomplete"),
    /** A retransmission while the same transaction is still waiting for its lease. */
    DHCP_DUPLICATE_PENDING(4538, "service drop dhcp duplicate pending"),
    /** The pending transaction table is full. */
    DHCP_PENDING_FULL(4539, "service drop dhcp pending full"),
    /** Shorter than a DNS header, or the question runs past the end. */
    DNS_TRUNCATED(4540, "service drop dns truncated"),
    /** QR bit set: responses are never answered. */
    DNS_NOT_A_QUERY(4541, "service drop dns not a query"),
    /** A compression pointer that does not point strictly backwards. */
    DNS_COMPRESSION_LOOP(4542, "service drop dns compression loop"),
    /** Reserved label type, label or name too long. */
    DNS_BAD_NAME(4543, "service drop dns bad name"),
    /** A retransmission while the same query is still waiting for its answer. */
    DNS_DUPLICATE_PENDING(4544, "service drop dns duplicate pending"),
    /** The pending query table is full. */
    DNS_PENDING_FULL(4545, "service drop dns pending full"),
    /** A query to forward that is longer than an answer fitting the TAP MTU. */
    DNS_FORWARD_TOO_LARGE(4546, "service drop dns forward too large");

    private final int id;
    private final String label;

    DropReason(final int id, final String label)
    {
        this.id = id;
        this.label = label;
    }

    @Override
    public int id()
    {
        return id;
    }

    @Override
    public String label()
    {
        return label;
    }
}
