package org.ipop.overlay.connection;

/**
 * Told of every change to a {@link ConnectionTable}, on the control-plane thread.
 */
public interface ConnectionListener
{
    /**
     * @param connection the connection just added.
     */
    void onConnectionAdded(Connection connection);

    /**
     * @param connection the connection whose type bits changed.
     */
    void onConnectionTypesChanged(Connection connection);

    /**
     * @param connection the connection just removed.
     */
    void onConnectionRemoved(Connection connection);
}
