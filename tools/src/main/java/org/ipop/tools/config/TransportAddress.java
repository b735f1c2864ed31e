package org.ipop.tools.config;

/**
 * An IPv4 address and UDP port as written in configuration ({@code 10.0.0.1:4789}).
 *
 * @param ipv4 the address as {@code (a << 24) | (b << 16) | (c << 8) | d}.
 * @param port 0..65535.
 */
public record TransportAddress(int ipv4, int port)
{
    /**
     * Parses {@code A.B.C.D:PORT}.
     *
     * @param key the configuration key, for the error message.
     * @throws ConfigException naming the key and value when the text is not an IPv4 address and port.
     */
    public static TransportAddress parse(final String key, final String text)
    {
        final int colon = text == null ? -1 : text.lastIndexOf(':');
        if (colon <= 0)
        {
            throw ConfigException.badValue(key, text, "IPV4:PORT such as 192.0.2.1:4789");
        }
        final int ip;
        try
        {
            ip = Ipv4.parse(key, text.substring(0, colon));
        }
        catch (final ConfigException ex)
        {
            throw ConfigException.badValue(key, text, "IPV4:PORT such as 192.0.2.1:4789");
        }
        final int port;
        try
        {
            port = Integer.parseInt(text.substring(colon + 1));
        }
        catch (final NumberFormatException ex)
        {
            throw ConfigException.badValue(key, text, "IPV4:PORT with a numeric port");
        }
        if (port < 0 || port > 65535)
        {
            throw ConfigException.badValue(key, text, "a port in 0..65535");
        }
        return new TransportAddress(ip, port);
    }

    @Override
    public String toString()
    {
        return Ipv4.format(ipv4) + ":" + port;
    }
}
