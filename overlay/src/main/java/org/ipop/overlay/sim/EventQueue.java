package org.ipop.overlay.sim;

/**
 * A binary min-heap of simulator events keyed by (virtual time, insertion sequence), held in parallel
 * primitive arrays so an event costs no object beyond its frame bytes. Ties break by insertion order, which
 * keeps a run deterministic for a seed. Single-threaded.
 */
final class EventQueue
{
    static final int TICK = 0;
    static final int DELIVER = 1;

    private long[] time = new long[1024];
    private long[] seq = new long[1024];
    private int[] node = new int[1024];
    private int[] kind = new int[1024];
    private long[] src = new long[1024];
    private byte[][] data = new byte[1024][];
    private int size;
    private long nextSeq;

    int size()
    {
        return size;
    }

    long peekTime()
    {
        return time[0];
    }

    void add(final long t, final int n, final int k, final long s, final byte[] d)
    {
        if (size == time.length)
        {
            grow();
        }
        int i = size++;
        final long q = nextSeq++;
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            if (less(t, q, time[parent], seq[parent]))
            {
                move(parent, i);
                i = parent;
            }
            else
            {
                break;
            }
        }
        set(i, t, q, n, k, s, d);
    }

    // Results of the last poll.
    long polledTime;
    int polledNode;
    int polledKind;
    long polledSrc;
    byte[] polledData;

    void poll()
    {
        polledTime = time[0];
        polledNode = node[0];
        polledKind = kind[0];
        polledSrc = src[0];
        polledData = data[0];
        final int last = --size;
        final long t = time[last];
        final long q = seq[last];
        final int n = node[last];
        final int k = kind[last];
        final long s = src[last];
        final byte[] d = data[last];
        data[last] = null;
        int i = 0;
        while (true)
        {
            final int l = 2 * i + 1;
            if (l >= last)
            {
                break;
            }
            int c = l;
            if (l + 1 < last && less(time[l + 1], seq[l + 1], time[l], seq[l]))
            {
                c = l + 1;
            }
            if (less(time[c], seq[c], t, q))
            {
                move(c, i);
                i = c;
            }
            else
            {
                break;
            }
        }
        if (last > 0)
        {
            set(i, t, q, n, k, s, d);
        }
    }

    private static boolean less(final long t1, final long q1, final long t2, final long q2)
    {
        return t1 < t2 || (t1 == t2 && q1 < q2);
    }

    private void move(final int from, final int to)
    {
        time[to] = time[from];
        seq[to] = seq[from];
        node[to] = node[from];
        kind[to] = kind[from];
        src[to] = src[from];
        data[to] = data[from];
    }

    private void set(final int i, final long t, final long q, final int n, final int k, final long s, final byte[] d)
    {
        time[i] = t;
        seq[i] = q;
        node[i] = n;
        kind[i] = k;
        src[i] = s;
        data[i] = d;
    }

    private void grow()
    {
        final int n = time.length * 2;
        time = java.util.Arrays.copyOf(time, n);
        seq = java.util.Arrays.copyOf(seq, n);
        node = java.util.Arrays.copyOf(node, n);
        kind = java.util.Arrays.copyOf(kind, n);
        src = java.util.Arrays.copyOf(src, n);
        data = java.util.Arrays.copyOf(data, n);
    }
}
