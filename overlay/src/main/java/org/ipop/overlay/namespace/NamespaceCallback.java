package org.ipop.overlay.namespace;

import org.ipop.overlay.dht.DhtStatus;

/** Completion of {@link NamespaceRecords#fetch}; called once on the control-plane thread. */
@FunctionalInterface
public interface NamespaceCallback
{
    /**
     * @param status {@link DhtStatus#OK} if the DHT answered.
     * @param config the configuration, or null if the namespace has no (valid) record or the read failed.
     */
    void onNamespace(DhtStatus status, NamespaceConfig config);
}
