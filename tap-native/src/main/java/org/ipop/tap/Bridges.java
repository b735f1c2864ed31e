package org.ipop.tap;

/**
 * Chooses the bridge to the C library: system property {@code ipop.bridge} = {@code jni} (default) or
 * {@code jna}.
 */
public final class Bridges
{
    /** System property naming the bridge. */
    public static final String BRIDGE_PROP = "ipop.bridge";

    private Bridges()
    {
    }

    /** @return the bridge named by {@link #BRIDGE_PROP}, loading the native library on first use. */
    public static Bridge select()
    {
        return byName(System.getProperty(BRIDGE_PROP, "jni"));
    }

    /** @return the bridge with this name ({@code jni} or {@code jna}). */
    public static Bridge byName(final String name)
    {
        throw new UnsupportedOperationException("bridges are built in the foundation issue: " + name);
    }
}
