package org.ipop.overlay.dht;

import java.util.List;

/** Completion of a DHT read; called once on the control-plane thread. */
@FunctionalInterface
public interface DhtGetCallback
{
    /**
     * @param status {@link DhtStatus#OK} when a majority answered (values may then be empty).
     * @param values live values with their remaining lease; empty unless OK.
     */
    void onValues(DhtStatus status, List<DhtValue> values);
}
