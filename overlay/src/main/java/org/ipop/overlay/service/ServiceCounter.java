package org.ipop.overlay.service;

import org.ipop.engine.status.CounterDescriptor;

/**
 * Event counters of the TAP services other than drops (see {@link DropReason}), each with its stable type id
 * (family {@link org.ipop.engine.status.CounterFamily#SERVICE}, events 4000-4499; a new counter takes the next
 * free id) and label. {@link ServiceCounters} holds their values.
 */
public enum ServiceCounter implements CounterDescriptor
{
    /** Frames given to {@link TapServices#onFrame}. */
    FRAMES_IN(4001, "service frames in"),
    /** Frames accepted by proxy ARP (a reply was written). */
    ARP_HANDLED(4002, "service arp handled"),
    /** Frames accepted by the DHCP responder (reply written now or later). */
    DHCP_HANDLED(4003, "service dhcp handled"),
    /** Frames accepted by the DNS responder (reply written now or later). */
    DNS_HANDLED(4004, "service dns handled"),
    /** Frames accepted by the ICMP echo responder (a reply was written). */
    ICMP_HANDLED(4005, "service icmp handled"),
    /** Well-formed frames for no service. */
    UNHANDLED(4006, "service unhandled"),
    /** Frames written to the TAP. */
    FRAMES_OUT(4007, "service frames out"),
    /** Frames the sink refused. */
    TAP_WRITE_FAILED(4008, "service tap write failed"),
    /** DHCPOFFER sent. */
    DHCP_OFFER(4009, "service dhcp offer"),
    /** DHCPACK sent (including INFORM answers). */
    DHCP_ACK(4010, "service dhcp ack"),
    /** DHCPNAK sent. */
    DHCP_NAK(4011, "service dhcp nak"),
    /** DHCPRELEASE processed. */
    DHCP_RELEASE(4012, "service dhcp release"),
    /** DHCPDECLINE processed. */
    DHCP_DECLINE(4013, "service dhcp decline"),
    /** DHCPINFORM answered. */
    DHCP_INFORM(4014, "service dhcp inform"),
    /** DISCOVER for which the lease provider had no address. */
    DHCP_NO_ADDRESS(4015, "service dhcp no address"),
    /** Pending DHCP transactions dropped because the lease did not arrive in time. */
    DHCP_PENDING_EXPIRED(4016, "service dhcp pending expired"),
    /** Lease callbacks that arrived after their transaction expired. */
    DHCP_LATE_CALLBACK(4017, "service dhcp late callback"),
    /** DNS answers with an A record. */
    DNS_ANSWER(4018, "service dns answer"),
    /** NOERROR answers with an empty answer section. */
    DNS_NODATA(4019, "service dns nodata"),
    /** NXDOMAIN answers. */
    DNS_NXDOMAIN(4020, "service dns nxdomain"),
    /** REFUSED answers (names outside the namespace's domain, unsupported class). */
    DNS_REFUSED(4021, "service dns refused"),
    /** FORMERR answers. */
    DNS_FORMERR(4022, "service dns formerr"),
    /** NOTIMP answers (opcode other than QUERY). */
    DNS_NOTIMP(4023, "service dns notimp"),
    /** SERVFAIL answers (resolver failure). */
    DNS_SERVFAIL(4024, "service dns servfail"),
    /** Pending DNS queries dropped because the resolver did not answer in time. */
    DNS_PENDING_EXPIRED(4025, "service dns pending expired"),
    /** Resolver callbacks that arrived after their query expired. */
    DNS_LATE_CALLBACK(4026, "service dns late callback"),
    /** Queries for names outside the domain sent to the first DNS upstream. */
    DNS_FORWARDED(4027, "service dns forwarded"),
    /** Forwarded queries resent to the next upstream after a timeout or a failed send. */
    DNS_FORWARD_RETRIED(4028, "service dns forward retried"),
    /** Upstream answers relayed to the client (including truncated ones). */
    DNS_FORWARD_ANSWERED(4029, "service dns forward answered"),
    /** Upstream answers too large for the client or the TAP MTU, relayed as header and question with TC set. */
    DNS_FORWARD_TRUNCATED(4030, "service dns forward truncated"),
    /** Forwarded queries no upstream answered in time: answered SERVFAIL. */
    DNS_FORWARD_TIMED_OUT(4031, "service dns forward timed out"),
    /** Queries to forward while the pending table was full: answered SERVFAIL. */
    DNS_FORWARD_PENDING_FULL(4032, "service dns forward pending full"),
    /** Sends to or receives from an upstream that failed (socket error or full send buffer). */
    DNS_FORWARD_SOCKET_ERROR(4033, "service dns forward socket error"),
    /** Datagrams on the forwarding socket from an address other than the upstream asked: dropped. */
    DNS_UPSTREAM_WRONG_SOURCE(4034, "service dns upstream wrong source"),
    /** Upstream datagrams whose ID matches no pending query: dropped. */
    DNS_UPSTREAM_UNKNOWN_ID(4035, "service dns upstream unknown id"),
    /** Upstream datagrams whose question differs from the one asked: dropped. */
    DNS_UPSTREAM_QUESTION_MISMATCH(4036, "service dns upstream question mismatch"),
    /** Upstream datagrams that are not a DNS response with one question: dropped. */
    DNS_UPSTREAM_MALFORMED(4037, "service dns upstream malformed"),
    /** ICMP echo replies written. */
    ICMP_ECHO_REPLY(4038, "service icmp echo reply"),
    /** ARP replies written. */
    ARP_REPLY(4039, "service arp reply"),
    /** Changes of the learned host MAC or IP. */
    HOST_ADDRESS_CHANGED(4040, "service host address changed");

    private final int id;
    private final String label;

    ServiceCounter(final int id, final String label)
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
