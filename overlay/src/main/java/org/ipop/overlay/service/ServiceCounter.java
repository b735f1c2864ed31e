package org.ipop.overlay.service;

/**
 * Event counters of the TAP services other than drops (see {@link DropReason}). The integrator may map
 * each constant to an Agrona counter by ordinal.
 */
public enum ServiceCounter
{
    /** Frames given to {@link TapServices#onFrame}. */
    FRAMES_IN,
    /** Frames accepted by proxy ARP (a reply was written). */
    ARP_HANDLED,
    /** Frames accepted by the DHCP responder (reply written now or later). */
    DHCP_HANDLED,
    /** Frames accepted by the DNS responder (reply written now or later). */
    DNS_HANDLED,
    /** Frames accepted by the ICMP echo responder (a reply was written). */
    ICMP_HANDLED,
    /** Well-formed frames for no service. */
    UNHANDLED,
    /** Frames written to the TAP. */
    FRAMES_OUT,
    /** Frames the sink refused. */
    TAP_WRITE_FAILED,
    /** DHCPOFFER sent. */
    DHCP_OFFER,
    /** DHCPACK sent (including INFORM answers). */
    DHCP_ACK,
    /** DHCPNAK sent. */
    DHCP_NAK,
    /** DHCPRELEASE processed. */
    DHCP_RELEASE,
    /** DHCPDECLINE processed. */
    DHCP_DECLINE,
    /** DHCPINFORM answered. */
    DHCP_INFORM,
    /** DISCOVER for which the lease provider had no address. */
    DHCP_NO_ADDRESS,
    /** Pending DHCP transactions dropped because the lease did not arrive in time. */
    DHCP_PENDING_EXPIRED,
    /** Lease callbacks that arrived after their transaction expired. */
    DHCP_LATE_CALLBACK,
    /** DNS answers with an A record. */
    DNS_ANSWER,
    /** NOERROR answers with an empty answer section. */
    DNS_NODATA,
    /** NXDOMAIN answers. */
    DNS_NXDOMAIN,
    /** REFUSED answers (names outside the namespace's domain, unsupported class). */
    DNS_REFUSED,
    /** FORMERR answers. */
    DNS_FORMERR,
    /** NOTIMP answers (opcode other than QUERY). */
    DNS_NOTIMP,
    /** SERVFAIL answers (resolver failure). */
    DNS_SERVFAIL,
    /** Pending DNS queries dropped because the resolver did not answer in time. */
    DNS_PENDING_EXPIRED,
    /** Resolver callbacks that arrived after their query expired. */
    DNS_LATE_CALLBACK,
    /** Queries for names outside the domain sent to the first DNS upstream. */
    DNS_FORWARDED,
    /** Forwarded queries resent to the next upstream after a timeout or a failed send. */
    DNS_FORWARD_RETRIED,
    /** Upstream answers relayed to the client (including truncated ones). */
    DNS_FORWARD_ANSWERED,
    /** Upstream answers too large for the client or the TAP MTU, relayed as header and question with TC set. */
    DNS_FORWARD_TRUNCATED,
    /** Forwarded queries no upstream answered in time: answered SERVFAIL. */
    DNS_FORWARD_TIMED_OUT,
    /** Queries to forward while the pending table was full: answered SERVFAIL. */
    DNS_FORWARD_PENDING_FULL,
    /** Sends to or receives from an upstream that failed (socket error or full send buffer). */
    DNS_FORWARD_SOCKET_ERROR,
    /** Datagrams on the forwarding socket from an address other than the upstream asked: dropped. */
    DNS_UPSTREAM_WRONG_SOURCE,
    /** Upstream datagrams whose ID matches no pending query: dropped. */
    DNS_UPSTREAM_UNKNOWN_ID,
    /** Upstream datagrams whose question differs from the one asked: dropped. */
    DNS_UPSTREAM_QUESTION_MISMATCH,
    /** Upstream datagrams that are not a DNS response with one question: dropped. */
    DNS_UPSTREAM_MALFORMED,
    /** ICMP echo replies written. */
    ICMP_ECHO_REPLY,
    /** ARP replies written. */
    ARP_REPLY,
    /** Changes of the learned host MAC or IP. */
    HOST_ADDRESS_CHANGED
}
