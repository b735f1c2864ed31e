package org.ipop.tap;

import java.util.Locale;

/**
 * Chooses the bridge to the C library: system property {@code ipop.bridge} = {@code jni} (default) or
 * {@code jna}. Both bridges call the same C functions and behave identically; JNI is the faster one.
 * <p>
 * Thread safety: any thread may call these methods; each bridge is created once per JVM.
 */
public final class Bridges
{
    /** System property naming the bridge. */
    public static final String BRIDGE_PROP = "ipop.bridge";

    /** Name of the JNI bridge. */
    public static final String JNI = "jni";

    /** Name of the JNA bridge. */
    public static final String JNA = "jna";

    private Bridges()
    {
    }

    /**
     * @return the bridge named by {@link #BRIDGE_PROP}, loading the native library on first use.
     * @throws IllegalArgumentException when the property names no bridge.
     * @throws NativeException          when the native library cannot be loaded.
     */
    public static Bridge select()
    {
        return byName(System.getProperty(BRIDGE_PROP, JNI));
    }

    /**
     * @param name {@code jni} or {@code jna}, ignoring case and surrounding blanks.
     * @return the bridge with this name, loading the native library on first use.
     * @throws IllegalArgumentException when the name is not a bridge.
     * @throws NativeException          when the native library cannot be loaded.
     */
    public static Bridge byName(final String name)
    {
        final String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (key)
        {
            case JNI: return JniBridge.instance();
            case JNA: return JnaBridge.instance();
            default:
                throw new IllegalArgumentException(
                    "unknown bridge '" + name + "' (-D" + BRIDGE_PROP + "): use " + JNI + " or " + JNA);
        }
    }
}
