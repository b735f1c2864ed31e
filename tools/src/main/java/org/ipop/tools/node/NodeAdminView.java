package org.ipop.tools.node;

import org.ipop.overlay.dht.Dht;
import org.ipop.overlay.dht.ReplicatedDht;
import org.ipop.overlay.namespace.IpopKeys;
import org.ipop.overlay.control.ControlPlane;
import org.ipop.tools.admin.AdminNodeView;

/** A running node as its admin channel sees it; control-plane thread only, like everything it reads. */
final class NodeAdminView implements AdminNodeView
{
    private final ControlPlane plane;
    private final ReplicatedDht dht;
    private final NodeStatusAgent status;
    private final byte[] userKeyPrefix;

    NodeAdminView(final ControlPlane plane, final ReplicatedDht dht, final NodeStatusAgent status, final String namespace)
    {
        this.plane = plane;
        this.dht = dht;
        this.status = status;
        this.userKeyPrefix = IpopKeys.userPrefix(namespace);
    }

    @Override
    public String status()
    {
        return status.render();
    }

    @Override
    public Dht dht()
    {
        return dht;
    }

    @Override
    public byte[] userKeyPrefix()
    {
        return userKeyPrefix.clone();
    }

    @Override
    public boolean placed()
    {
        return plane.placed();
    }

    @Override
    public int maxTtlSeconds()
    {
        return dht.context().maxTtlSeconds();
    }
}
