package org.ipop.engine.status;

/**
 * The families of counters a node keeps in its counters file, each owning a range of type ids
 * ({@link CounterDescriptor#id()}): {@code [base, base + RANGE)}. Readers group counters by family with
 * {@link #of(int)}; the enum that describes each family lives with the code that writes it.
 */
public enum CounterFamily
{
    /** The engine's data plane: {@link EngineCounter}, ids 1000-1999. */
    ENGINE(1000, "engine"),
    /** The overlay's control plane: {@code org.ipop.overlay.control.ControlCounter}, ids 2000-2999. */
    CONTROL(2000, "control plane"),
    /** The DHT: {@code org.ipop.overlay.dht.DhtCounter}, ids 3000-3999. */
    DHT(3000, "dht"),
    /**
     * The TAP services: events {@code org.ipop.overlay.service.ServiceCounter}, ids 4000-4499, and drops by
     * reason {@code org.ipop.overlay.service.DropReason}, ids 4500-4999.
     */
    SERVICE(4000, "services");

    /** Width of each family's id range. */
    public static final int RANGE = 1000;

    private static final CounterFamily[] VALUES = values();

    private final int base;
    private final String label;

    CounterFamily(final int base, final String label)
    {
        this.base = base;
        this.label = label;
    }

    /** @return the first type id of the family. */
    public int base()
    {
        return base;
    }

    /** @return the family's name for people. */
    public String label()
    {
        return label;
    }

    /** @return whether the type id lies in this family's range. */
    public boolean contains(final int typeId)
    {
        return typeId >= base && typeId < base + RANGE;
    }

    /**
     * @param typeId a counter's type id.
     * @return the family whose range holds it, or null for a counter of no family.
     */
    public static CounterFamily of(final int typeId)
    {
        for (final CounterFamily family : VALUES)
        {
            if (family.contains(typeId))
            {
                return family;
            }
        }
        return null;
    }
}
