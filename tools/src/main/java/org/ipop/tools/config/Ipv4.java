package org.ipop.tools.config;

/** Parsing and formatting of dotted-quad IPv4 addresses held as ints ({@code a << 24 | ... | d}). */
public final class Ipv4
{
    private Ipv4()
    {
    }

    /**
     * @param key the configuration key, for the error message.
     * @throws ConfigException when {@code text} is not four decimal octets.
     */
    public static int parse(final String key, final String text)
    {
        final String[] parts = text == null ? new String[0] : text.trim().split("\\.", -1);
        if (parts.length != 4)
        {
            throw ConfigException.badValue(key, text, "an IPv4 address A.B.C.D");
        }
        int value = 0;
        for (final String part : parts)
        {
            final int octet;
            try
            {
                octet = Integer.parseInt(part);
            }
            catch (final NumberFormatException ex)
            {
                throw ConfigException.badValue(key, text, "an IPv4 address A.B.C.D");
            }
            if (octet < 0 || octet > 255 || part.isEmpty() || part.length() > 3)
            {
                throw ConfigException.badValue(key, text, "an IPv4 address with octets 0..255");
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    /** @return {@code a.b.c.d}. */
    public static String format(final int ipv4)
    {
        return ((ipv4 >>> 24) & 0xFF) + "." + ((ipv4 >>> 16) & 0xFF) + "." + ((ipv4 >>> 8) & 0xFF) + "." + (ipv4 & 0xFF);
    }
}
