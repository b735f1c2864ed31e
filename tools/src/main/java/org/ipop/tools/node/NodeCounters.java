package org.ipop.tools.node;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;
import org.ipop.engine.status.CounterDescriptor;
import org.ipop.engine.status.CountersFileReader;
import org.ipop.engine.status.EngineCounter;
import org.ipop.overlay.dht.DhtCounter;
import org.ipop.overlay.dht.DhtCounters;
import org.ipop.overlay.control.ControlCounter;
import org.ipop.overlay.control.ControlCounters;
import org.ipop.overlay.service.DropReason;
import org.ipop.overlay.service.ServiceCounter;
import org.ipop.overlay.service.ServiceCounters;

/**
 * The counters a node keeps beside the engine's, allocated in the same counters manager as the engine's (the
 * node's counters file), so {@code ipop stat} and any other reader find every family in one place by type id:
 * control plane, DHT and TAP services. Build it on the thread that builds the control plane, after the engine
 * has allocated its own counters (nothing else allocates in the file then).
 */
public final class NodeCounters
{
    /** Every family of counter descriptors a node has, engine first: the node's whole counter model. */
    public static final List<CounterDescriptor[]> FAMILIES = List.of(
        EngineCounter.values(), ControlCounter.values(), DhtCounter.values(), ServiceCounter.values(),
        DropReason.values());

    private final CountersReader reader;
    private final ControlCounters control;
    private final DhtCounters dht;
    private final ServiceCounters services;
    private final List<CounterDescriptor> overlayDescriptors = new ArrayList<>();
    private final int[] overlayCounterIds;

    /**
     * Allocates the control-plane, DHT and service counters.
     *
     * @param countersManager the engine's, over the node's counters file.
     */
    public NodeCounters(final CountersManager countersManager)
    {
        reader = countersManager;
        control = new ControlCounters(countersManager);
        dht = new DhtCounters(countersManager);
        services = new ServiceCounters(countersManager);
        for (final CounterDescriptor[] family : FAMILIES.subList(1, FAMILIES.size()))
        {
            for (final CounterDescriptor descriptor : family)
            {
                if (descriptor.id() != CounterDescriptor.NOT_COUNTED)
                {
                    overlayDescriptors.add(descriptor);
                }
            }
        }
        overlayCounterIds = new int[overlayDescriptors.size()];
        for (int i = 0; i < overlayCounterIds.length; i++)
        {
            overlayCounterIds[i] = CountersFileReader.counterId(reader, overlayDescriptors.get(i).id());
        }
    }

    /** @return every counted descriptor of every family ({@link #FAMILIES}), in family order. */
    public static List<CounterDescriptor> allDescriptors()
    {
        final List<CounterDescriptor> all = new ArrayList<>();
        for (final CounterDescriptor[] family : FAMILIES)
        {
            for (final CounterDescriptor descriptor : family)
            {
                if (descriptor.id() != CounterDescriptor.NOT_COUNTED)
                {
                    all.add(descriptor);
                }
            }
        }
        return Collections.unmodifiableList(all);
    }

    /** @return the control plane's counters, to hand to its constructor. */
    public ControlCounters control()
    {
        return control;
    }

    /** @return the DHT's counters, to hand to {@code ReplicatedDht.attach}. */
    public DhtCounters dht()
    {
        return dht;
    }

    /** @return the TAP services' counters, to hand to their constructor. */
    public ServiceCounters services()
    {
        return services;
    }

    /**
     * Visits the control-plane, DHT and service counters (not the engine's) in family order, reading each by
     * its counter id found once from its type id.
     *
     * @param consumer gets each descriptor and its current value.
     */
    public void forEachOverlayCounter(final DescriptorValueConsumer consumer)
    {
        for (int i = 0; i < overlayCounterIds.length; i++)
        {
            consumer.accept(overlayDescriptors.get(i), reader.getCounterValue(overlayCounterIds[i]));
        }
    }

    /** Receives a counter's descriptor and value. */
    @FunctionalInterface
    public interface DescriptorValueConsumer
    {
        /**
         * @param descriptor the counter.
         * @param value      its value.
         */
        void accept(CounterDescriptor descriptor, long value);
    }
}
