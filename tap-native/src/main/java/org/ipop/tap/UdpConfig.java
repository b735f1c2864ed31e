package org.ipop.tap;

/** How to open and bind a UDP socket. {@link #conclude()} validates once, before any system call. */
public final class UdpConfig
{
    private int bindAddress;
    private int port;
    private int receiveBufferSize = 4 * 1024 * 1024;
    private int sendBufferSize = 4 * 1024 * 1024;

    /** @param ipv4 address as {@code (a << 24) | ... | d}; 0 binds all addresses. */
    public UdpConfig bindAddress(final int ipv4) { this.bindAddress = ipv4; return this; }
    /** @param port 0..65535; 0 lets the kernel pick one. */
    public UdpConfig port(final int port) { this.port = port; return this; }
    public UdpConfig receiveBufferSize(final int bytes) { this.receiveBufferSize = bytes; return this; }
    public UdpConfig sendBufferSize(final int bytes) { this.sendBufferSize = bytes; return this; }

    public int bindAddress() { return bindAddress; }
    public int port() { return port; }
    public int receiveBufferSize() { return receiveBufferSize; }
    public int sendBufferSize() { return sendBufferSize; }

    /**
     * @return this.
     * @throws IllegalArgumentException naming the bad setting and value.
     */
    public UdpConfig conclude()
    {
        if (port < 0 || port > 65535)
        {
            throw new IllegalArgumentException("UDP port must be 0..65535, got: " + port);
        }
        if (receiveBufferSize <= 0 || sendBufferSize <= 0)
        {
            throw new IllegalArgumentException(
                "UDP buffer sizes must be positive, got: rcv=" + receiveBufferSize + " snd=" + sendBufferSize);
        }
        return this;
    }
}
