package org.ipop.overlay.control;

import org.ipop.overlay.address.Address;
import org.ipop.overlay.connection.Connection;

/**
 * What an overlord ({@link NearOverlord}, {@link ShortcutOverlord}, {@link OnDemandOverlord},
 * {@link BootstrapOverlord}) needs from its control plane beyond a {@link ConnectionHost}: whether the node is
 * placed on the ring, and connect-to requests. Called on the control-plane thread while an input is applied.
 */
interface OverlordHost extends ConnectionHost
{
    /** @return true if the nearest connections on both sides carry the near type. */
    boolean placed();

    /**
     * Sends (or resends) a connect-to request.
     *
     * @param mode        routing mode.
     * @param destination destination.
     * @param types       connection types asked for.
     * @param resend      the pending request to resend, or null for a new one.
     * @param via         first hop forced through this connection, or null to route from here.
     * @return the pending request.
     */
    PendingCtm sendCtm(int mode, Address destination, int types, PendingCtm resend, Connection via);

    /**
     * @param destination a destination.
     * @return true if a connect-to toward it awaits its reply.
     */
    boolean ctmPendingTo(Address destination);
}
