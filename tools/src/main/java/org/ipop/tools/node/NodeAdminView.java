package org.ipop.tools.node;

import org.ipop.overlay.security.CertificateException;
import org.ipop.overlay.security.Revocation;
import org.ipop.overlay.vnet.RevocationWatcher;
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
    private final RevocationWatcher revocations;

    NodeAdminView(
        final ControlPlane plane,
        final ReplicatedDht dht,
        final NodeStatusAgent status,
        final String namespace,
        final RevocationWatcher revocations)
    {
        this.revocations = revocations;
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
    public String revoke(final byte[] revocation)
    {
        if (revocations == null)
        {
            return "this node runs in plaintext mode: it has no certificates to revoke";
        }
        try
        {
            return revocations.publish(Revocation.decode(revocation));
        }
        catch (final CertificateException ex)
        {
            return ex.getMessage();
        }
    }

    @Override
    public int maxTtlSeconds()
    {
        return dht.context().maxTtlSeconds();
    }
}
