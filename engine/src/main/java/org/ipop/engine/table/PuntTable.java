package org.ipop.engine.table;

import org.ipop.engine.protocol.EthernetDescriptor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The frames from the TAP the control plane asked for: rules of (IPv4 destination or any, protocol, destination
 * port) -> punt reason. A frame no rule matches is not punted for its port: the engine forwards it like any other.
 * Only UDP rules exist today ({@link EthernetDescriptor#IP_PROTOCOL_UDP}); the protocol is part of the rule so that
 * TCP can follow without a new command.
 * <p>
 * <b>Matching.</b> {@link #match} returns the reason of the rule naming the frame's destination address exactly,
 * else that of the rule for {@link #ANY_ADDRESS}, else 0. A rule for an address and one for any address may
 * coexist with different reasons.
 * <p>
 * <b>Layout.</b> A fixed array of slots, each rule packed into one {@code long} so that a reader sees a slot
 * either before or after a write, never half of it; 0 marks a free slot (port 0 is never a rule):
 * <pre>
 *   63            32 31         16 15        8 7          0
 *  | IPv4 dst (32)  | port (16)   | proto (8) | reason (8) |
 * </pre>
 * Readers scan the slots below a published limit (one past the highest slot ever used since the last shrink),
 * so an empty table costs one volatile read per frame.
 * <p>
 * <b>Threading.</b> One writer thread (the engine conductor) calls {@link #add} and {@link #remove}; any number
 * of reader threads call {@link #match} without locks. A reader racing a write matches the rule as it was before
 * or after it. Nothing allocates after construction.
 */
public final class PuntTable
{
    /** The address of a rule that matches every destination. 0.0.0.0 is never a frame's destination. */
    public static final int ANY_ADDRESS = 0;
    /** Slots of a table built by {@link #PuntTable()}. */
    public static final int DEFAULT_CAPACITY = 16;

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle LIMIT;
    private static final long KEY_MASK = ~0xFFL;

    static
    {
        try
        {
            LIMIT = MethodHandles.lookup().findVarHandle(PuntTable.class, "limit", int.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final long[] slots;
    private int limit;
    private int count;

    /** A table of {@link #DEFAULT_CAPACITY} rules. */
    public PuntTable()
    {
        this(DEFAULT_CAPACITY);
    }

    /** @param capacity most rules held at once, 1..1024. */
    public PuntTable(final int capacity)
    {
        if (capacity < 1 || capacity > 1024)
        {
            throw new IllegalArgumentException("capacity must be 1..1024: " + capacity);
        }
        slots = new long[capacity];
    }

    /** @return most rules held at once. */
    public int capacity()
    {
        return slots.length;
    }

    /** @return rules held (writer thread only). */
    public int count()
    {
        return count;
    }

    /**
     * @return true when a rule can exist for these values: UDP, port 1..65535, reason 1..255.
     */
    public static boolean isValid(final int protocol, final int port, final int reason)
    {
        return EthernetDescriptor.IP_PROTOCOL_UDP == protocol && port >= 1 && port <= 65535 && reason >= 1 && reason <= 255;
    }

    // ---------------------------------------------------------------- writer side (one thread)

    /**
     * Adds a rule, or changes the reason of the rule with the same address, protocol and port (writer thread only).
     *
     * @param ipv4     destination as {@code a.b.c.d} int, or {@link #ANY_ADDRESS}.
     * @param protocol IPv4 protocol number; only UDP is accepted.
     * @param port     destination port, 1..65535.
     * @param reason   reported with every frame the rule punts, 1..255 (see the engine's PuntReason).
     * @return false when the rule is invalid ({@link #isValid}) or the table is full.
     */
    public boolean add(final int ipv4, final int protocol, final int port, final int reason)
    {
        if (!isValid(protocol, port, reason))
        {
            return false;
        }
        final long key = key(ipv4, protocol, port);
        final int existing = find(key);
        if (existing >= 0)
        {
            SLOTS.setRelease(slots, existing, key | reason);
            return true;
        }
        for (int i = 0; i < slots.length; i++)
        {
            if (0 == slots[i])
            {
                SLOTS.setRelease(slots, i, key | reason);
                if (i >= limit)
                {
                    LIMIT.setRelease(this, i + 1);
                }
                count++;
                return true;
            }
        }
        return false;
    }

    /**
     * Removes the rule with this address, protocol and port (writer thread only).
     *
     * @return false when there is no such rule.
     */
    public boolean remove(final int ipv4, final int protocol, final int port)
    {
        final int index = find(key(ipv4, protocol, port));
        if (index < 0)
        {
            return false;
        }
        SLOTS.setRelease(slots, index, 0L);
        count--;
        int newLimit = limit;
        while (newLimit > 0 && 0 == slots[newLimit - 1])
        {
            newLimit--;
        }
        LIMIT.setRelease(this, newLimit);
        return true;
    }

    // ---------------------------------------------------------------- reader side (any thread)

    /**
     * @param ipv4     the frame's destination as {@code a.b.c.d} int.
     * @param protocol the frame's IPv4 protocol.
     * @param port     the frame's destination port.
     * @return the reason of the matching rule, exact address first, or 0 when the frame is not wanted.
     */
    public int match(final int ipv4, final int protocol, final int port)
    {
        final long[] slots = this.slots;
        final int limit = (int)LIMIT.getAcquire(this);
        final long exact = key(ipv4, protocol, port);
        final long any = key(ANY_ADDRESS, protocol, port);
        int anyReason = 0;
        for (int i = 0; i < limit; i++)
        {
            final long slot = (long)SLOTS.getAcquire(slots, i);
            final long key = slot & KEY_MASK;
            if (exact == key)
            {
                return (int)(slot & 0xFF);
            }
            if (any == key)
            {
                anyReason = (int)(slot & 0xFF);
            }
        }
        return anyReason;
    }

    private int find(final long key)
    {
        for (int i = 0; i < limit; i++)
        {
            if ((slots[i] & KEY_MASK) == key && 0 != slots[i])
            {
                return i;
            }
        }
        return -1;
    }

    private static long key(final int ipv4, final int protocol, final int port)
    {
        return ((ipv4 & 0xFFFF_FFFFL) << 32) | ((long)(port & 0xFFFF) << 16) | ((long)(protocol & 0xFF) << 8);
    }
}
