package org.ipop.overlay.service.dhcp;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.ipop.overlay.service.DropReason;

/**
 * Decodes a client's BOOTP/DHCP message from untrusted bytes. Every read is preceded by a bounds check;
 * malformed input yields a {@link DropReason}, never an exception. Options may end without END (255).
 * <p>
 * Thread: one instance per thread.
 */
public final class DhcpRequestDecoder
{
    private final DhcpMessageFlyweight message = new DhcpMessageFlyweight();

    /**
     * @param buffer holding the UDP payload.
     * @param offset of the payload.
     * @param length of the payload; the caller guarantees the range lies inside the buffer.
     * @param out    receives the decoded fields (reset first).
     * @return {@link DropReason#NONE} if decoded, else why the message is dropped.
     */
    public DropReason decode(final DirectBuffer buffer, final int offset, final int length, final DhcpRequest out)
    {
        out.reset();
        if (length < DhcpMessageFlyweight.OPTIONS_OFFSET)
        {
            return DropReason.DHCP_TRUNCATED;
        }
        message.wrap(buffer, offset);
        if (message.magicCookie() != DhcpMessageFlyweight.MAGIC_COOKIE)
        {
            return DropReason.DHCP_BAD_COOKIE;
        }
        if (message.op() != DhcpMessageFlyweight.OP_BOOTREQUEST)
        {
            return DropReason.DHCP_NOT_A_REQUEST;
        }
        if (message.htype() != DhcpMessageFlyweight.HTYPE_ETHERNET || message.hlen() != 6)
        {
            return DropReason.DHCP_UNSUPPORTED_HARDWARE;
        }
        out.xid = message.xid();
        out.flags = message.flags();
        out.ciaddr = message.ciaddr();
        out.giaddr = message.giaddr();
        out.chaddr = message.chaddr();

        final DropReason optionsResult = decodeOptions(buffer, offset + DhcpMessageFlyweight.OPTIONS_OFFSET,
            offset + length, out);
        if (optionsResult != DropReason.NONE)
        {
            return optionsResult;
        }
        return out.messageType < 0 ? DropReason.DHCP_MISSING_MESSAGE_TYPE : DropReason.NONE;
    }

    private static DropReason decodeOptions(
        final DirectBuffer buffer, final int start, final int end, final DhcpRequest out)
    {
        int i = start;
        while (i < end)
        {
            final int code = buffer.getByte(i) & 0xFF;
            if (code == DhcpOption.END)
            {
                break;
            }
            if (code == DhcpOption.PAD)
            {
                i++;
                continue;
            }
            if (i + 2 > end)
            {
                return DropReason.DHCP_BAD_OPTION;
            }
            final int len = buffer.getByte(i + 1) & 0xFF;
            final int value = i + 2;
            if (value + len > end)
            {
                return DropReason.DHCP_BAD_OPTION;
            }
            final DropReason result = decodeOption(buffer, code, value, len, out);
            if (result != DropReason.NONE)
            {
                return result;
            }
            i = value + len;
        }
        return DropReason.NONE;
    }

    private static DropReason decodeOption(
        final DirectBuffer buffer, final int code, final int value, final int len, final DhcpRequest out)
    {
        switch (code)
        {
            case DhcpOption.MESSAGE_TYPE:
                if (len != 1)
                {
                    return DropReason.DHCP_BAD_OPTION;
                }
                out.messageType = buffer.getByte(value) & 0xFF;
                break;

            case DhcpOption.REQUESTED_IP:
                if (len != 4)
                {
                    return DropReason.DHCP_BAD_OPTION;
                }
                out.requestedIp = buffer.getInt(value, ByteOrder.BIG_ENDIAN);
                break;

            case DhcpOption.SERVER_ID:
                if (len != 4)
                {
                    return DropReason.DHCP_BAD_OPTION;
                }
                out.serverId = buffer.getInt(value, ByteOrder.BIG_ENDIAN);
                break;

            case DhcpOption.LEASE_TIME:
                if (len != 4)
                {
                    return DropReason.DHCP_BAD_OPTION;
                }
                out.leaseTime = buffer.getInt(value, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
                break;

            case DhcpOption.HOST_NAME:
                out.hostname = hostnameLabel(buffer, value, len);
                break;

            case DhcpOption.PARAMETER_REQUEST_LIST:
                buffer.getBytes(value, out.parameters, 0, len);
                out.parameterCount = len;
                break;

            case DhcpOption.CLIENT_ID:
                buffer.getBytes(value, out.clientId, 0, len);
                out.clientIdLength = len;
                break;

            case DhcpOption.OVERLOAD:
                return DropReason.DHCP_OPTION_OVERLOAD;

            default:
                break;
        }
        return DropReason.NONE;
    }

    /**
     * Reduces option 12 to a DNS label: the part before the first dot, lower case, letters, digits and
     * hyphens only, 1 to 63 characters, not starting or ending with a hyphen.
     */
    private static String hostnameLabel(final DirectBuffer buffer, final int value, final int len)
    {
        final StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++)
        {
            char c = (char)(buffer.getByte(value + i) & 0xFF);
            if (c == '.' || c == 0)
            {
                break;
            }
            if (c >= 'A' && c <= 'Z')
            {
                c = (char)(c + ('a' - 'A'));
            }
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            {
                return null;
            }
            sb.append(c);
        }
        final int n = sb.length();
        if (n == 0 || n > 63 || sb.charAt(0) == '-' || sb.charAt(n - 1) == '-')
        {
            return null;
        }
        return sb.toString();
    }
}
