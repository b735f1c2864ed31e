package org.ipop.overlay.service;

/**
 * Why a frame punted to the TAP services produced no reply. Every frame given to
 * {@link TapServices#onFrame} is counted exactly once: as handled by a service, as unhandled (well formed
 * but for no service), or as dropped with one of these reasons.
 * <p>
 * {@link #NONE} is the "no drop" result of a decoder and is never counted.
 */
public enum DropReason
{
    /** Not a drop: the decoder accepted the input. Never counted. */
    NONE,
    /** offset/length do not lie inside the buffer handed over. */
    FRAME_OUT_OF_BOUNDS,
    /** Shorter than an Ethernet II header. */
    ETHERNET_TRUNCATED,
    /** Shorter than the fixed ARP body for IPv4 over Ethernet. */
    ARP_TRUNCATED,
    /** ARP for another hardware or protocol type or address length. */
    ARP_UNSUPPORTED_FORMAT,
    /** ARP sender MAC is a group address. */
    ARP_BAD_SENDER,
    /** ARP opcode other than request or reply. */
    ARP_UNSUPPORTED_OPCODE,
    /** An ARP reply from the host: used to learn its addresses, never answered. */
    ARP_REPLY_FROM_HOST,
    /** Gratuitous ARP (sender IP equals target IP): ignored. */
    ARP_GRATUITOUS,
    /** Request for the host's own IP: never answered. */
    ARP_TARGET_IS_HOST,
    /** Request for an address outside the namespace's subnet. */
    ARP_TARGET_OUTSIDE_SUBNET,
    /** The resolver says the address is local or not in use. */
    ARP_TARGET_NOT_REMOTE,
    /** The resolver has no answer yet (a lookup may be in flight; the host will retry). */
    ARP_TARGET_UNRESOLVED,
    /** Shorter than a minimal IPv4 header or than its own length fields. */
    IPV4_TRUNCATED,
    /** Version field is not 4. */
    IPV4_BAD_VERSION,
    /** IHL below 5. */
    IPV4_BAD_HEADER_LENGTH,
    /** Total length below the header length. */
    IPV4_BAD_TOTAL_LENGTH,
    /** Header checksum does not verify. */
    IPV4_BAD_CHECKSUM,
    /** A fragment: the services never reassemble. */
    IPV4_FRAGMENT,
    /** Shorter than an ICMP echo header. */
    ICMP_TRUNCATED,
    /** ICMP checksum does not verify. */
    ICMP_BAD_CHECKSUM,
    /** ICMP to a virtual address other than an echo request. */
    ICMP_NOT_ECHO_REQUEST,
    /** Echo request larger than the interface MTU. */
    ICMP_TOO_LARGE,
    /** Echo request from an address outside the subnet (or unconfigured 0.0.0.0). */
    ICMP_BAD_SOURCE,
    /** Shorter than a UDP header or than the UDP length field. */
    UDP_TRUNCATED,
    /** UDP length field below 8. */
    UDP_BAD_LENGTH,
    /** Non-zero UDP checksum that does not verify. */
    UDP_BAD_CHECKSUM,
    /** Shorter than the fixed BOOTP fields plus magic cookie. */
    DHCP_TRUNCATED,
    /** Magic cookie is not 99.130.83.99. */
    DHCP_BAD_COOKIE,
    /** An option runs past the end of the message or has an invalid length. */
    DHCP_BAD_OPTION,
    /** Option overload (52) is not supported. */
    DHCP_OPTION_OVERLOAD,
    /** op is not BOOTREQUEST. */
    DHCP_NOT_A_REQUEST,
    /** htype/hlen other than Ethernet. */
    DHCP_UNSUPPORTED_HARDWARE,
    /** No DHCP message type option (plain BOOTP is not served). */
    DHCP_MISSING_MESSAGE_TYPE,
    /** A message type a server does not handle (OFFER, ACK, ...). */
    DHCP_UNSUPPORTED_MESSAGE_TYPE,
    /** giaddr set: relayed requests are not served on the TAP. */
    DHCP_RELAYED,
    /** A REQUEST that selects another server. */
    DHCP_OTHER_SERVER,
    /** A message that lacks the fields its type requires (e.g. REQUEST without an address). */
    DHCP_INCOMPLETE,
    /** A retransmission while the same transaction is still waiting for its lease. */
    DHCP_DUPLICATE_PENDING,
    /** The pending transaction table is full. */
    DHCP_PENDING_FULL,
    /** Shorter than a DNS header, or the question runs past the end. */
    DNS_TRUNCATED,
    /** QR bit set: responses are never answered. */
    DNS_NOT_A_QUERY,
    /** A compression pointer that does not point strictly backwards. */
    DNS_COMPRESSION_LOOP,
    /** Reserved label type, label or name too long. */
    DNS_BAD_NAME,
    /** A retransmission while the same query is still waiting for its answer. */
    DNS_DUPLICATE_PENDING,
    /** The pending query table is full. */
    DNS_PENDING_FULL,
    /** A query to forward that is longer than an answer fitting the TAP MTU. */
    DNS_FORWARD_TOO_LARGE
}
