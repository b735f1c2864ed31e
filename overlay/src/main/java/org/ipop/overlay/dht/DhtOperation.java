package org.ipop.overlay.dht;

import org.ipop.overlay.address.Address;

import java.util.ArrayList;

/** A DHT operation this node started: its requests to each replica and the replies so far. */
final class DhtOperation
{
    static final byte PENDING = 0;
    static final byte ANSWERED = 1;
    static final byte FAILED = 2;

    final long token;
    final int op;
    final byte[] key;
    final byte[] value;
    final int ttlSeconds;
    final Address[] replicaAddresses;
    final byte[] state;
    final DhtStatus[] status;
    final int[] sends;
    final boolean[] added;
    final int[] pageStart;
    final ArrayList<ArrayList<DhtValue>> pages;
    final DhtResultCallback resultCallback;
    final DhtGetCallback getCallback;
    long deadlineNs;
    long graceEndsNs = -1;
    int round = 1;

    DhtOperation(
        final long token, final int op, final byte[] key, final byte[] value, final int ttlSeconds,
        final Address[] replicaAddresses, final DhtResultCallback resultCallback, final DhtGetCallback getCallback)
    {
        this.token = token;
        this.op = op;
        this.key = key;
        this.value = value;
        this.ttlSeconds = ttlSeconds;
        this.replicaAddresses = replicaAddresses;
        final int n = replicaAddresses.length;
        this.state = new byte[n];
        this.status = new DhtStatus[n];
        this.sends = new int[n];
        this.added = new boolean[n];
        this.pageStart = new int[n];
        this.resultCallback = resultCallback;
        this.getCallback = getCallback;
        if (op == DhtMessageFlyweight.OP_GET)
        {
            pages = new ArrayList<>(n);
            for (int i = 0; i < n; i++)
            {
                pages.add(new ArrayList<>(1));
            }
        }
        else
        {
            pages = null;
        }
    }

    int count(final byte s)
    {
        int c = 0;
        for (final byte b : state)
        {
            c += b == s ? 1 : 0;
        }
        return c;
    }

    int countStatus(final DhtStatus s)
    {
        int c = 0;
        for (int i = 0; i < status.length; i++)
        {
            c += state[i] == ANSWERED && status[i] == s ? 1 : 0;
        }
        return c;
    }
}
