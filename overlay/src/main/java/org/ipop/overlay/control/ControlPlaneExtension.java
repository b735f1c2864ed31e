package org.ipop.overlay.control;

import org.agrona.DirectBuffer;
import org.ipop.overlay.wire.RoutedFlyweight;

import java.security.MessageDigest;

/**
 * A service that rides on a {@link ControlPlane} (the DHT): it owns one routed payload type, receives the routed
 * messages of that type delivered to this node, journaled commands addressed to it, the timer tick and
 * connection changes, and contributes its state to the {@link StateDigest}.
 * <p>
 * Registered with {@link ControlPlane#attach}; everything is called on the control-plane thread, inside the
 * processing of one journaled input. An extension must draw randomness only from the control plane
 * ({@link ControlPlane#nextToken()}) and time only from its inputs, so that a replay reproduces its state.
 */
public interface ControlPlaneExtension
{
    /**
     * @return the routed payload type this extension owns ({@link RoutedFlyweight#FIRST_EXTENSION_PAYLOAD} or
     * above); also the extension's id in the journal.
     */
    int payloadType();

    /**
     * A routed message of {@link #payloadType()} was delivered to this node. The flyweight and its buffer are
     * valid only during the call; the body starts at {@link RoutedFlyweight#EXTENSION_BODY_OFFSET} and is not yet
     * validated.
     *
     * @param message the routed message.
     */
    void onDelivered(RoutedFlyweight message);

    /**
     * A command for this extension, already journaled ({@link ControlPlane#onExtensionCommand}).
     *
     * @param buffer command bytes, valid only during the call.
     * @param offset of the command.
     * @param length of the command.
     */
    void onCommand(DirectBuffer buffer, int offset, int length);

    /**
     * The control plane's timer tick, after its own maintenance (not called once the node has left).
     *
     * @param nowNs tick time.
     */
    void onTick(long nowNs);

    /** A connection was added or removed or changed its types (called in the middle of an input: only note it). */
    void onConnectionsChanged();

    /**
     * Adds this extension's state to the control plane's digest, canonically (same state, same bytes).
     *
     * @param digest the digest being computed.
     */
    void digest(MessageDigest digest);
}
