package org.ipop.tap;

/**
 * The JNA bridge: setup through {@link TapSetup}, hot path through JNA direct mapping of the same
 * exported C functions the JNI bridge calls. One instance per JVM ({@link #instance()}); thread-safe.
 */
final class JnaBridge implements Bridge
{
    private static JnaBridge instance;

    private JnaBridge()
    {
        JnaNatives.register();
        NativeLayout.verify(JnaNatives::ipop_layout_constant, "jna");
    }

    /**
     * @return the bridge, loading the library on first use.
     * @throws NativeException when the library cannot be loaded or its layouts disagree with Java's.
     */
    static synchronized JnaBridge instance()
    {
        if (instance == null)
        {
            instance = new JnaBridge();
        }
        return instance;
    }

    @Override
    public String name()
    {
        return "jna";
    }

    @Override
    public JnaFrameDevice openTap(final TapConfig config)
    {
        final TapSetup.OpenedTap tap = TapSetup.openTap(JnaTapLibrary.INSTANCE, config);
        return new JnaFrameDevice(tap.fd(), tap.name(), config.mtu(), config.maxFrameLength(), tap.mac());
    }

    @Override
    public JnaDatagramEndpoint openUdp(final UdpConfig config)
    {
        final TapSetup.OpenedUdp udp = TapSetup.openUdp(JnaTapLibrary.INSTANCE, config);
        return new JnaDatagramEndpoint(udp.fd(), udp.localAddress(), udp.localPort(), config.maxDatagramLength());
    }

    @Override
    public NativeSessionKeys openSessionKeys(final int capacity)
    {
        return new NativeSessionKeys(JnaSessionKeyCalls.INSTANCE, name(), capacity);
    }

    @Override
    public Doorbell openDoorbell()
    {
        final int fd = JnaNatives.ipop_doorbell_open();
        if (fd < 0)
        {
            throw NativeErrors.doorbellOpen(fd);
        }
        return new Doorbell(fd, JnaDescriptorCalls.INSTANCE);
    }

    @Override
    public String toString()
    {
        return "JnaBridge{" + NativeLibraryLoader.libraryPath() + "}";
    }
}
