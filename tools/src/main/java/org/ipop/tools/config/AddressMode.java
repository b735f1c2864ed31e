package org.ipop.tools.config;

/** How the node's virtual interface gets its IPv4 address. */
public enum AddressMode
{
    /** The host's DHCP client asks the node on the TAP; the node leases from the overlay's DHT. */
    DHCP,
    /** The node leases an address from the overlay and configures the interface itself. */
    AUTO,
    /** The address is given in the configuration ({@code address}); the node only registers it. */
    STATIC
}
