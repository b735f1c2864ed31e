package org.ipop.tools.config;

/** A configuration key or value is wrong; the message names the key and the offending value. */
public final class ConfigException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public ConfigException(final String message)
    {
        super(message);
    }

    /** @return an exception saying that {@code key} has the bad {@code value} and what was expected. */
    public static ConfigException badValue(final String key, final Object value, final String expected)
    {
        return new ConfigException("config key '" + key + "': expected " + expected + ", got '" + value + "'");
    }
}
