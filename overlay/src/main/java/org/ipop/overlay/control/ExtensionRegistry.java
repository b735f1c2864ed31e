package org.ipop.overlay.control;

import org.agrona.DirectBuffer;
import org.ipop.overlay.wire.RoutedFlyweight;

import java.security.MessageDigest;
import java.util.ArrayList;

/**
 * The {@link ControlPlaneExtension}s attached to a control plane, one per routed payload type, in attachment
 * order (which is the order they get ticks, connection changes and digest turns, so it is part of the
 * deterministic state). Control-plane thread only; dispatch allocates nothing.
 */
final class ExtensionRegistry
{
    private final ArrayList<ControlPlaneExtension> extensions = new ArrayList<>(2);

    /**
     * @param payloadType a routed payload type an extension wants.
     * @throws IllegalArgumentException if the type is reserved for the control plane or already taken.
     */
    void checkAvailable(final int payloadType)
    {
        if (payloadType < RoutedFlyweight.FIRST_EXTENSION_PAYLOAD || payloadType > 255 ||
            extension(payloadType) != null)
        {
            throw new IllegalArgumentException("payload type taken or reserved: " + payloadType);
        }
    }

    /**
     * @param extension an extension whose payload type passed {@link #checkAvailable}.
     */
    void add(final ControlPlaneExtension extension)
    {
        extensions.add(extension);
    }

    /**
     * @param payloadType a routed payload type.
     * @return the extension attached for it, or null.
     */
    ControlPlaneExtension extension(final int payloadType)
    {
        for (int i = 0; i < extensions.size(); i++)
        {
            if (extensions.get(i).payloadType() == payloadType)
            {
                return extensions.get(i);
            }
        }
        return null;
    }

    /**
     * Delivers a routed message addressed here to the extension owning its payload type.
     *
     * @param message the message, wrapped; valid only during the call.
     * @return false if no extension owns the type (the caller counts the drop).
     */
    boolean onDelivered(final RoutedFlyweight message)
    {
        final ControlPlaneExtension extension = extension(message.payloadType());
        if (extension == null)
        {
            return false;
        }
        extension.onDelivered(message);
        return true;
    }

    /**
     * Applies a journaled command; ignored if no extension owns the type.
     *
     * @param payloadType the extension's payload type.
     * @param buffer      the command; read only during the call.
     * @param offset      of the command.
     * @param length      of the command.
     */
    void onCommand(final int payloadType, final DirectBuffer buffer, final int offset, final int length)
    {
        final ControlPlaneExtension extension = extension(payloadType);
        if (extension != null)
        {
            extension.onCommand(buffer, offset, length);
        }
    }

    /**
     * @param nowNs time of the tick.
     */
    void onTick(final long nowNs)
    {
        for (int i = 0; i < extensions.size(); i++)
        {
            extensions.get(i).onTick(nowNs);
        }
    }

    void onConnectionsChanged()
    {
        for (int i = 0; i < extensions.size(); i++)
        {
            extensions.get(i).onConnectionsChanged();
        }
    }

    /**
     * @param digest the state digest being computed.
     */
    void digest(final MessageDigest digest)
    {
        for (int i = 0; i < extensions.size(); i++)
        {
            extensions.get(i).digest(digest);
        }
    }
}
