package org.ipop.engine.status;

import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class CounterDescriptorTest
{
    @Test
    void shouldKeepEveryEngineCounterIdUniqueAndInsideTheEngineRange()
    {
        final Set<Integer> ids = new HashSet<>();
        final Set<String> labels = new HashSet<>();
        for (final EngineCounter counter : EngineCounter.values())
        {
            assertTrue(CounterFamily.ENGINE.contains(counter.id()), counter + " id " + counter.id());
            assertSame(CounterFamily.ENGINE, CounterFamily.of(counter.id()));
            assertTrue(ids.add(counter.id()), "duplicate id " + counter.id());
            assertTrue(labels.add(counter.label()), "duplicate label " + counter.label());
        }
    }

    @Test
    void shouldNeverChangeAPublishedEngineCounterId()
    {
        // ids other processes and scripts read: a change here breaks them
        assertEquals(1001, EngineCounter.TAP_FRAMES_IN.id());
        assertEquals(1010, EngineCounter.FRAMES_PUNTED.id());
        assertEquals(1101, EngineCounter.UDP_DATAGRAMS_IN.id());
        assertEquals(1122, EngineCounter.DROP_SOURCE_MISMATCH.id());
        assertEquals(1201, EngineCounter.COMMANDS_APPLIED.id());
        assertEquals(1304, EngineCounter.ERRORS.id());
    }

    @Test
    void shouldAllocateEachEngineCounterWithItsIdAsTypeIdAndFindItByThatId()
    {
        final CountersManager manager = PrivateCountersManager.forFamily(EngineCounter.values());
        final EngineCounters counters = new EngineCounters(manager);
        counters.errors.increment();
        counters.get(EngineCounter.TAP_FRAMES_IN).getAndAdd(7);

        assertEquals(0, manager.available(), "a family's private manager holds exactly the family");
        for (final EngineCounter descriptor : EngineCounter.values())
        {
            final AtomicCounter counter = counters.get(descriptor);
            assertEquals(descriptor.id(), manager.getCounterTypeId(counter.id()));
            assertEquals(descriptor.label(), manager.getCounterLabel(counter.id()));
            assertEquals(counter.id(), CountersFileReader.counterId(manager, descriptor.id()));
        }
        assertEquals(1L, manager.getCounterValue(CountersFileReader.counterId(manager, EngineCounter.ERRORS.id())));
        assertEquals(7L, manager.getCounterValue(CountersFileReader.counterId(manager, EngineCounter.TAP_FRAMES_IN.id())));
        assertEquals(CountersReader.NULL_COUNTER_ID, CountersFileReader.counterId(manager, 999));
    }

    @Test
    void shouldSkipADescriptorThatIsNotCounted()
    {
        final CounterDescriptor none = new CounterDescriptor()
        {
            public int id()
            {
                return NOT_COUNTED;
            }

            public String label()
            {
                return "none";
            }
        };
        final CounterDescriptor[] descriptors = {none, EngineCounter.ERRORS};
        final CountersManager manager = PrivateCountersManager.forFamily(descriptors);

        final AtomicCounter[] counters = CounterDescriptor.newCounters(manager, descriptors);

        assertNull(counters[0]);
        assertEquals(EngineCounter.ERRORS.id(), manager.getCounterTypeId(counters[1].id()));
        assertThrows(IllegalStateException.class, () -> none.newCounter(manager));
    }
}
