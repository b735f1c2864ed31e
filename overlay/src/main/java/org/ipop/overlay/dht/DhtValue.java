package org.ipop.overlay.dht;

/**
 * A live value read from the DHT.
 *
 * @param value            the bytes stored.
 * @param remainingSeconds seconds left of its lease.
 */
public record DhtValue(byte[] value, int remainingSeconds)
{
}
