package org.ipop.tools.config;

import org.ipop.overlay.service.frame.Ipv4Address;

/**
 * An IPv4 address with a prefix length, as written in configuration ({@code 10.128.0.0/16}).
 *
 * @param address the address as an int.
 * @param prefixLength 0..32.
 */
public record Subnet(int address, int prefixLength)
{
    /**
     * @param key the configuration key, for the error message.
     * @throws ConfigException when the text is not {@code A.B.C.D/N}.
     */
    public static Subnet parse(final String key, final String text)
    {
        final int slash = text == null ? -1 : text.indexOf('/');
        if (slash <= 0)
        {
            throw ConfigException.badValue(key, text, "A.B.C.D/PREFIX such as 10.128.0.0/16");
        }
        final int ip;
        try
        {
            ip = Ipv4Address.parse(text.substring(0, slash));
        }
        catch (final IllegalArgumentException ex)
        {
            throw ConfigException.badValue(key, text, "A.B.C.D/PREFIX such as 10.128.0.0/16");
        }
        final int prefix;
        try
        {
            prefix = Integer.parseInt(text.substring(slash + 1));
        }
        catch (final NumberFormatException ex)
        {
            throw ConfigException.badValue(key, text, "A.B.C.D/PREFIX with a numeric prefix");
        }
        if (prefix < 0 || prefix > 32)
        {
            throw ConfigException.badValue(key, text, "a prefix length in 0..32");
        }
        return new Subnet(ip, prefix);
    }

    /** @return the network mask as an int. */
    public int mask()
    {
        return Ipv4Address.mask(prefixLength);
    }

    /** @return true when {@code ipv4} lies in this subnet. */
    public boolean contains(final int ipv4)
    {
        return (ipv4 & mask()) == (address & mask());
    }

    @Override
    public String toString()
    {
        return Ipv4Address.toString(address) + "/" + prefixLength;
    }
}
