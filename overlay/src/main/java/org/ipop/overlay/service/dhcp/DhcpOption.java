package org.ipop.overlay.service.dhcp;

/**
 * DHCP option codes (RFC 2132) and message types used by the responder.
 */
public final class DhcpOption
{
    /** Pad. */
    public static final int PAD = 0;
    /** Subnet mask. */
    public static final int SUBNET_MASK = 1;
    /** Router. */
    public static final int ROUTER = 3;
    /** Domain name servers. */
    public static final int DNS_SERVERS = 6;
    /** Host name. */
    public static final int HOST_NAME = 12;
    /** Domain name. */
    public static final int DOMAIN_NAME = 15;
    /** Interface MTU. */
    public static final int INTERFACE_MTU = 26;
    /** Requested IP address. */
    public static final int REQUESTED_IP = 50;
    /** IP address lease time. */
    public static final int LEASE_TIME = 51;
    /** Option overload. */
    public static final int OVERLOAD = 52;
    /** DHCP message type. */
    public static final int MESSAGE_TYPE = 53;
    /** Server identifier. */
    public static final int SERVER_ID = 54;
    /** Parameter request list. */
    public static final int PARAMETER_REQUEST_LIST = 55;
    /** Renewal (T1) time. */
    public static final int RENEWAL_TIME = 58;
    /** Rebinding (T2) time. */
    public static final int REBINDING_TIME = 59;
    /** Client identifier. */
    public static final int CLIENT_ID = 61;
    /** End. */
    public static final int END = 255;

    /** DHCPDISCOVER. */
    public static final int DISCOVER = 1;
    /** DHCPOFFER. */
    public static final int OFFER = 2;
    /** DHCPREQUEST. */
    public static final int REQUEST = 3;
    /** DHCPDECLINE. */
    public static final int DECLINE = 4;
    /** DHCPACK. */
    public static final int ACK = 5;
    /** DHCPNAK. */
    public static final int NAK = 6;
    /** DHCPRELEASE. */
    public static final int RELEASE = 7;
    /** DHCPINFORM. */
    public static final int INFORM = 8;

    private DhcpOption()
    {
    }
}
