package org.ipop.overlay.vnet;

import org.agrona.DirectBuffer;
import org.ipop.engine.control.EngineProxy;
import org.ipop.overlay.control.ControlTransport;

/**
 * {@link ControlTransport} over the engine: each control frame becomes a CONTROL overlay frame sent from the
 * node's UDP socket through {@link EngineProxy#sendControlFrame}. Control-plane thread; never blocks; returns
 * false (the engine counts it) when the engine's send ring is full.
 */
public final class EngineControlTransport implements ControlTransport
{
    private final EngineProxy proxy;

    /** @param proxy the engine's proxy. */
    public EngineControlTransport(final EngineProxy proxy)
    {
        this.proxy = proxy;
    }

    @Override
    public boolean sendControl(final int dstIp, final int dstPort, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length > proxy.maxControlLength() || dstPort < 1 || dstPort > 65535)
        {
            return false;
        }
        return proxy.sendControlFrame(dstIp, dstPort, buffer, offset, length);
    }
}
