package org.ipop.tap;

/**
 * The JNI bridge: setup through {@link TapSetup}, hot path through static natives registered by
 * {@code JNI_OnLoad}. One instance per JVM ({@link #instance()}); thread-safe.
 */
final class JniBridge implements Bridge
{
    private static JniBridge instance;

    private JniBridge()
    {
        NativeLibraryLoader.loadJni();
        NativeLayout.verify(JniNatives::layoutConstant, "jni");
    }

    /**
     * @return the bridge, loading the library on first use.
     * @throws NativeException when the library cannot be loaded or its layouts disagree with Java's.
     */
    static synchronized JniBridge instance()
    {
        if (instance == null)
        {
            instance = new JniBridge();
        }
        return instance;
    }

    @Override
    public String name()
    {
        return "jni";
    }

    @Override
    public JniFrameDevice openTap(final TapConfig config)
    {
        final TapSetup.OpenedTap tap = TapSetup.openTap(JniTapLibrary.INSTANCE, config);
        return new JniFrameDevice(tap.fd(), tap.name(), config.mtu(), config.maxFrameLength(), tap.mac());
    }

    @Override
    public JniDatagramEndpoint openUdp(final UdpConfig config)
    {
        final TapSetup.OpenedUdp udp = TapSetup.openUdp(JniTapLibrary.INSTANCE, config);
        return new JniDatagramEndpoint(udp.fd(), udp.localAddress(), udp.localPort(), config.maxDatagramLength());
    }

    @Override
    public NativeSessionKeys openSessionKeys(final int capacity)
    {
        return new NativeSessionKeys(JniSessionKeyCalls.INSTANCE, name(), capacity);
    }

    @Override
    public Doorbell openDoorbell()
    {
        final int fd = JniNatives.doorbellOpen();
        if (fd < 0)
        {
            throw NativeErrors.doorbellOpen(fd);
        }
        return new Doorbell(fd, JniDescriptorCalls.INSTANCE);
    }

    @Override
    public String toString()
    {
        return "JniBridge{" + NativeLibraryLoader.libraryPath() + "}";
    }
}
