package org.ipop.tap;

/** {@link TapLibrary} over the JNI natives; requires {@link NativeLibraryLoader#loadJni()} to have run. */
final class JniTapLibrary implements TapLibrary
{
    static final JniTapLibrary INSTANCE = new JniTapLibrary();

    private JniTapLibrary()
    {
    }

    @Override
    public String bridgeName()
    {
        return "jni";
    }

    @Override
    public int layoutConstant(final int id)
    {
        return JniNatives.layoutConstant(id);
    }

    @Override
    public int tapOpen(final String name, final int flags, final byte[] actualName)
    {
        return JniNatives.tapOpen(name, flags, actualName);
    }

    @Override
    public int tapSetMtu(final String name, final int mtu)
    {
        return JniNatives.tapSetMtu(name, mtu);
    }

    @Override
    public int tapSetMac(final String name, final byte[] mac)
    {
        return JniNatives.tapSetMac(name, mac);
    }

    @Override
    public int tapGetMac(final String name, final byte[] mac)
    {
        return JniNatives.tapGetMac(name, mac);
    }

    @Override
    public int tapSetIpv4(final String name, final int address, final int prefixLength)
    {
        return JniNatives.tapSetIpv4(name, address, prefixLength);
    }

    @Override
    public int tapSetUp(final String name, final boolean up)
    {
        return JniNatives.tapSetUp(name, up);
    }

    @Override
    public int udpOpen(final int address, final int port, final int receiveBufferSize, final int sendBufferSize)
    {
        return JniNatives.udpOpen(address, port, receiveBufferSize, sendBufferSize);
    }

    @Override
    public long udpLocalAddress(final int fd)
    {
        return JniNatives.udpLocalAddress(fd);
    }

    @Override
    public int udpBufferSize(final int fd, final boolean receive)
    {
        return JniNatives.udpBufferSize(fd, receive);
    }

    @Override
    public int close(final int fd)
    {
        return JniNatives.close(fd);
    }
}
