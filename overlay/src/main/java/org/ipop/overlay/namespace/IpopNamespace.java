package org.ipop.overlay.namespace;

import org.ipop.overlay.dht.ReplicatedDht;
import org.ipop.overlay.dht.signed.RecordSigner;

/**
 * The IPOP records of one namespace on one node, built together: the lease provider (DHCP), the name resolver
 * (DNS) and the virtual IP resolver (proxy ARP, routes, source checks). Hand them to the TAP services.
 * Control-plane thread only.
 */
public final class IpopNamespace
{
    /** Default seconds a found virtual IP owner is cached. */
    public static final int DEFAULT_CACHE_SECONDS = 60;
    /** Default seconds "nobody holds this virtual IP" is cached. */
    public static final int DEFAULT_NEGATIVE_SECONDS = 5;

    private final NamespaceConfig config;
    private final DhtLeaseProvider leases;
    private final DhtNameResolver names;
    private final DhtVirtualIpResolver addresses;

    /**
     * @param dht    the node's DHT.
     * @param config the namespace (from {@link NamespaceRecords#fetch} or the node's configuration).
     */
    public IpopNamespace(final ReplicatedDht dht, final NamespaceConfig config)
    {
        this.config = config;
        this.leases = new DhtLeaseProvider(dht, config);
        this.names = new DhtNameResolver(dht, config.name());
        this.addresses = new DhtVirtualIpResolver(dht, config.name(), DEFAULT_CACHE_SECONDS, DEFAULT_NEGATIVE_SECONDS);
    }

    /**
     * Signed mode: the records are signed by this node and read only when validly signed by a member. The DHT's
     * replicas should apply the same rules: {@code dht.recordPolicy(claims).recordSealer(signer)}.
     *
     * @param dht    the node's DHT.
     * @param config the namespace.
     * @param claims the rules records are held to.
     * @param signer this node's record signer.
     */
    public IpopNamespace(
        final ReplicatedDht dht, final NamespaceConfig config, final ClaimRecords claims, final RecordSigner signer)
    {
        this.config = config;
        this.leases = new DhtLeaseProvider(dht, config, signer);
        this.names = new DhtNameResolver(dht, config.name(), claims, signer);
        this.addresses = new DhtVirtualIpResolver(
            dht, config.name(), DEFAULT_CACHE_SECONDS, DEFAULT_NEGATIVE_SECONDS, claims);
    }

    /** @return the namespace. */
    public NamespaceConfig config()
    {
        return config;
    }

    /** @return the DHCP lease provider. */
    public DhtLeaseProvider leases()
    {
        return leases;
    }

    /** @return the DNS name resolver. */
    public DhtNameResolver names()
    {
        return names;
    }

    /** @return the virtual IP resolver. */
    public DhtVirtualIpResolver addresses()
    {
        return addresses;
    }
}
