package org.ipop.tap;

/** {@link TapLibrary} over the JNA direct mapping; requires {@link JnaNatives#register()} to have run. */
final class JnaTapLibrary implements TapLibrary
{
    static final JnaTapLibrary INSTANCE = new JnaTapLibrary();

    private JnaTapLibrary()
    {
    }

    @Override
    public String bridgeName()
    {
        return "jna";
    }

    @Override
    public int layoutConstant(final int id)
    {
        return JnaNatives.ipop_layout_constant(id);
    }

    @Override
    public int tapOpen(final String name, final int flags, final byte[] actualName)
    {
        return JnaNatives.ipop_tap_open(name, flags, actualName);
    }

    @Override
    public int tapSetMtu(final String name, final int mtu)
    {
        return JnaNatives.ipop_tap_set_mtu(name, mtu);
    }

    @Override
    public int tapSetMac(final String name, final byte[] mac)
    {
        return JnaNatives.ipop_tap_set_mac(name, mac);
    }

    @Override
    public int tapGetMac(final String name, final byte[] mac)
    {
        return JnaNatives.ipop_tap_get_mac(name, mac);
    }

    @Override
    public int tapSetIpv4(final String name, final int address, final int prefixLength)
    {
        return JnaNatives.ipop_tap_set_ipv4(name, address, prefixLength);
    }

    @Override
    public int tapSetUp(final String name, final boolean up)
    {
        return JnaNatives.ipop_tap_set_up(name, up ? 1 : 0);
    }

    @Override
    public int udpOpen(final int address, final int port, final int receiveBufferSize, final int sendBufferSize)
    {
        return JnaNatives.ipop_udp_open(address, port, receiveBufferSize, sendBufferSize);
    }

    @Override
    public long udpLocalAddress(final int fd)
    {
        return JnaNatives.ipop_udp_local_address(fd);
    }

    @Override
    public int udpBufferSize(final int fd, final boolean receive)
    {
        return JnaNatives.ipop_udp_buffer_size(fd, receive ? 1 : 0);
    }

    @Override
    public int close(final int fd)
    {
        return JnaNatives.ipop_close(fd);
    }
}
