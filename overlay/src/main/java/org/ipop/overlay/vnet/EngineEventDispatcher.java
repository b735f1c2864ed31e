package org.ipop.overlay.vnet;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.ipop.engine.control.EngineEventHandler;
import org.ipop.engine.control.EngineEventPoller;
import org.ipop.engine.control.PuntReason;
import org.ipop.engine.protocol.OverlayFrameFlyweight;
import org.ipop.engine.protocol.OverlayFrameType;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.control.ControlInputs;
import org.ipop.overlay.control.ControlPlane;
import org.ipop.overlay.service.TapServices;

/**
 * The control plane's inbound side over the engine's event ring ({@link ControlInputs} for the
 * {@link org.ipop.overlay.control.ControlPlaneAgent}): control frames go to the {@link ControlPlane} with their
 * source and receive time (journaled there; the DHT's messages among them); punted TAP frames go to the {@link TapServices} (ARP, DHCP, DNS, ICMP to the virtual
 * addresses) or, when the engine had no route for a virtual IP, to {@link VipRoutes}; frames from peers whose
 * source address the engine could not verify go to {@link VipRoutes#onUnverifiedSource}.
 * <p>
 * Thread: the control-plane thread only.
 */
public final class EngineEventDispatcher implements ControlInputs, EngineEventHandler
{
    private static final int ETHERNET_HEADER = 14;
    private static final int IPV4_SRC_OFFSET = ETHERNET_HEADER + 12;
    private static final int IPV4_DST_OFFSET = ETHERNET_HEADER + 16;

    private final EngineEventPoller poller;
    private final TapServices services;
    private final VipRoutes routes;
    private final int gatewayIp;
    private final int dnsIp;
    private final SecureChannels secure;
    private ControlPlane plane;
    private long controlFrames;
    private long tapFrames;
    private long noRoute;
    private long peerFrames;
    private final OverlayFrameFlyweight overlayFrame = new OverlayFrameFlyweight();

    /**
     * @param poller    the engine's event poller.
     * @param services  the TAP services.
     * @param routes    route installer.
     * @param gatewayIp the virtual gateway address (answered by the services).
     * @param dnsIp     the virtual DNS address (answered by the services).
     * @param secure    the node's authenticated edges, or null in plaintext mode (control frames go straight
     *                  to the control plane, handshakes are ignored).
     */
    public EngineEventDispatcher(
        final EngineEventPoller poller,
        final TapServices services,
        final VipRoutes routes,
        final int gatewayIp,
        final int dnsIp,
        final SecureChannels secure)
    {
        this.secure = secure;
        this.poller = poller;
        this.services = services;
        this.routes = routes;
        this.gatewayIp = gatewayIp;
        this.dnsIp = dnsIp;
    }

    @Override
    public int poll(final ControlPlane plane, final int limit)
    {
        this.plane = plane;
        return poller.poll(this, limit);
    }

    @Override
    public void onControlFrame(
        final int ipv4, final int port, final long receiveTimeNs, final DirectBuffer buffer, final int offset, final int length)
    {
        final int messageOffset = offset + OverlayFrameFlyweight.HEADER_LENGTH;
        final int messageLength = length - OverlayFrameFlyweight.HEADER_LENGTH;
        if (messageLength <= 0)
        {
            return;
        }
        if (secure != null)
        {
            overlayFrame.wrap(buffer, offset);
            if (OverlayFrameType.HANDSHAKE == overlayFrame.type())
            {
                secure.onHandshakeFrame(ipv4, port, buffer, offset, length);
                return;
            }
            if (!secure.admit(ipv4, port, buffer, offset, length))
            {
                return;
            }
        }
        else if (OverlayFrameType.CONTROL != overlayFrame.wrap(buffer, offset).type())
        {
            return;
        }
        controlFrames++;
        plane.onControlFrame(ipv4, port, receiveTimeNs, buffer, messageOffset, messageLength);
    }

    @Override
    public void onTapFrame(final int reason, final long readTimeNs, final DirectBuffer buffer, final int offset, final int length)
    {
        tapFrames++;
        if (PuntReason.NO_ROUTE == reason && length >= IPV4_DST_OFFSET + 4)
        {
            final int dst = buffer.getInt(offset + IPV4_DST_OFFSET, ByteOrder.BIG_ENDIAN);
            if (dst != gatewayIp && dst != dnsIp)
            {
                noRoute++;
                routes.onNoRoute(plane, readTimeNs, dst);
                return;
            }
        }
        services.onFrame(buffer, offset, length);
    }

    @Override
    public void onPeerFrame(
        final int reason, final long receiveTimeNs, final DirectBuffer buffer, final int offset, final int length)
    {
        final int frameLength = length - OverlayFrameFlyweight.HEADER_LENGTH;
        if (PuntReason.SOURCE_UNKNOWN != reason || frameLength < IPV4_SRC_OFFSET + 4)
        {
            return;
        }
        peerFrames++;
        overlayFrame.wrap(buffer, offset);
        final Address sender = Address.read(buffer, overlayFrame.srcNodeOffset());
        final int frameOffset = offset + OverlayFrameFlyweight.HEADER_LENGTH;
        routes.onUnverifiedSource(
            buffer.getInt(frameOffset + IPV4_SRC_OFFSET, ByteOrder.BIG_ENDIAN), sender, buffer, frameOffset, frameLength);
    }

    /** @return frames from peers whose source address the engine could not verify. */
    public long peerFrames()
    {
        return peerFrames;
    }

    /** @return control frames received. */
    public long controlFrames()
    {
        return controlFrames;
    }

    /** @return TAP frames punted by the engine. */
    public long tapFrames()
    {
        return tapFrames;
    }

    /** @return punted frames for virtual IPs without a route. */
    public long noRouteFrames()
    {
        return noRoute;
    }
}
