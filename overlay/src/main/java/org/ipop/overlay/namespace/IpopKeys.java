package org.ipop.overlay.namespace;

import java.nio.charset.StandardCharsets;

import org.ipop.overlay.service.frame.Ipv4Address;

/**
 * DHT keys of IPOP records, all prefixed with the namespace so that namespaces sharing one overlay never see each
 * other's records: {@code ns:<namespace>} (configuration), {@code dhcp:<namespace>:<ip>} (lease),
 * {@code host:<namespace>:<name>} (hostname), {@code ip:<namespace>:<ip>} (virtual IP to overlay address),
 * {@code members:<namespace>} (the overlay addresses of the namespace's nodes, one value each),
 * {@code user:<namespace>:<key>} (what operators store with {@code ipop dht}, kept apart from the records above).
 */
public final class IpopKeys
{
    private IpopKeys()
    {
    }

    /**
     * @param namespace namespace name.
     * @return key of its configuration record.
     */
    public static byte[] namespace(final String namespace)
    {
        return bytes("ns:" + namespace);
    }

    /**
     * @param namespace namespace name.
     * @param ip        virtual IPv4 address.
     * @return key of its lease record.
     */
    public static byte[] lease(final String namespace, final int ip)
    {
        return bytes("dhcp:" + namespace + ":" + Ipv4Address.toString(ip));
    }

    /**
     * @param namespace namespace name.
     * @param hostname  lower-case DNS label.
     * @return key of its hostname record.
     */
    public static byte[] host(final String namespace, final String hostname)
    {
        return bytes("host:" + namespace + ":" + hostname);
    }

    /**
     * @param namespace namespace name.
     * @param ip        virtual IPv4 address.
     * @return key of its address record.
     */
    public static byte[] address(final String namespace, final int ip)
    {
        return bytes("ip:" + namespace + ":" + Ipv4Address.toString(ip));
    }

    /**
     * @param namespace namespace name.
     * @return key of its member list (broadcast and multicast go to every value).
     */
    public static byte[] members(final String namespace)
    {
        return bytes("members:" + namespace);
    }

    /**
     * @param namespace namespace name.
     * @return the prefix of user records: a user record's key is this prefix followed by the user's key bytes.
     */
    public static byte[] userPrefix(final String namespace)
    {
        return bytes("user:" + namespace + ":");
    }

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
