package org.ipop.overlay.service.dhcp;

/**
 * A client message decoded by {@link DhcpRequestDecoder}: fixed fields and the options the server uses.
 * Reused by the decoder; fields are valid until the next decode. Absent addresses are 0, absent numbers
 * -1, absent strings null.
 */
public final class DhcpRequest
{
    /** Maximum parameter request list length kept. */
    public static final int MAX_PARAMETERS = 255;
    /** Maximum client identifier length kept. */
    public static final int MAX_CLIENT_ID = 255;

    int messageType;
    int xid;
    int flags;
    int ciaddr;
    int giaddr;
    long chaddr;
    int requestedIp;
    int serverId;
    long leaseTime;
    String hostname;
    final byte[] parameters = new byte[MAX_PARAMETERS];
    int parameterCount;
    final byte[] clientId = new byte[MAX_CLIENT_ID];
    int clientIdLength;

    void reset()
    {
        messageType = -1;
        xid = 0;
        flags = 0;
        ciaddr = 0;
        giaddr = 0;
        chaddr = 0;
        requestedIp = 0;
        serverId = 0;
        leaseTime = -1;
        hostname = null;
        parameterCount = 0;
        clientIdLength = 0;
    }

    /**
     * @return option 53, or -1.
     */
    public int messageType()
    {
        return messageType;
    }

    /**
     * @return transaction id.
     */
    public int xid()
    {
        return xid;
    }

    /**
     * @return flags field.
     */
    public int flags()
    {
        return flags;
    }

    /**
     * @return ciaddr.
     */
    public int ciaddr()
    {
        return ciaddr;
    }

    /**
     * @return giaddr.
     */
    public int giaddr()
    {
        return giaddr;
    }

    /**
     * @return client MAC from chaddr.
     */
    public long chaddr()
    {
        return chaddr;
    }

    /**
     * @return option 50, or 0.
     */
    public int requestedIp()
    {
        return requestedIp;
    }

    /**
     * @return option 54, or 0.
     */
    public int serverId()
    {
        return serverId;
    }

    /**
     * @return option 51 in seconds, or -1.
     */
    public long leaseTime()
    {
        return leaseTime;
    }

    /**
     * @return option 12 reduced to a lower-case DNS label, or null if absent or not a valid label.
     */
    public String hostname()
    {
        return hostname;
    }

    /**
     * @return number of codes in option 55.
     */
    public int parameterCount()
    {
        return parameterCount;
    }

    /**
     * @param index below {@link #parameterCount()}.
     * @return the requested option code.
     */
    public int parameter(final int index)
    {
        return parameters[index] & 0xFF;
    }

    /**
     * @return length of option 61, 0 if absent.
     */
    public int clientIdLength()
    {
        return clientIdLength;
    }
}
