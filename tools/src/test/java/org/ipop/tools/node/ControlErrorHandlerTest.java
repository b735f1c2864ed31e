package org.ipop.tools.node;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.ipop.engine.Engine;
import org.ipop.engine.EngineContext;
import org.ipop.engine.ThreadingMode;
import org.ipop.engine.status.CountersFileReader;
import org.ipop.tap.DatagramEndpoint;
import org.ipop.tap.FrameDevice;
import org.ipop.engine.status.EngineCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/** An error of the control thread's agents, as its runner reports it, shows in the node's counters file and error log. */
class ControlErrorHandlerTest
{
    @TempDir
    File dir;

    @Test
    void shouldCountAControlErrorOnceAndLogItWhereIpopStatReadsIt()
    {
        final File countersFile = new File(dir, "counters.dat");
        try (Engine engine = Engine.launch(new EngineContext()
            .frameDevice(new IdleFrameDevice())
            .datagramEndpoint(new IdleDatagramEndpoint())
            .threadingMode(ThreadingMode.INVOKER)
            .deleteCountersFileOnClose(false)
            .countersFile(countersFile)))
        {
            final ByteArrayOutputStream printed = new ByteArrayOutputStream();
            final ControlErrorHandler handler = new ControlErrorHandler(
                engine.context(), new PrintStream(printed, true, StandardCharsets.UTF_8), false);
            try (AgentInvoker controlThread = new AgentInvoker(handler, null, new FailingAgent()))
            {
                controlThread.start();
                controlThread.invoke();
            }

            try (CountersFileReader reader = new CountersFileReader(countersFile))
            {
                assertEquals(1, reader.counter(EngineCounter.CONTROL_ERRORS));
                assertEquals(0, reader.counter(EngineCounter.ERRORS));
                final ByteArrayOutputStream errors = new ByteArrayOutputStream();
                assertEquals(1, reader.printErrors(new PrintStream(errors, true, StandardCharsets.UTF_8)));
                final String errorLog = errors.toString(StandardCharsets.UTF_8);
                assertTrue(errorLog.contains("lease table corrupt"), errorLog);
            }
            assertTrue(printed.toString(StandardCharsets.UTF_8)
                .contains("control-plane error: java.lang.IllegalStateException: lease table corrupt"));
        }
    }

    /** Stands for a control-plane agent whose duty cycle throws. */
    static final class FailingAgent implements Agent
    {
        @Override
        public int doWork()
        {
            throw new IllegalStateException("lease table corrupt");
        }

        @Override
        public String roleName()
        {
            return "failing";
        }
    }

    /** A TAP with nothing to read; the engine is never driven here. */
    static final class IdleFrameDevice implements FrameDevice
    {
        @Override
        public int readBatch(final long address, final int capacity, final int maxFrames)
        {
            return 0;
        }

        @Override
        public int writeBatch(final long address, final int length, final int frameCount)
        {
            return frameCount;
        }

        @Override
        public String name()
        {
            return "idle0";
        }

        @Override
        public void close()
        {
        }
    }

    /** A socket with nothing to receive; the engine is never driven here. */
    static final class IdleDatagramEndpoint implements DatagramEndpoint
    {
        @Override
        public int receiveBatch(final long address, final int capacity, final int maxDatagrams)
        {
            return 0;
        }

        @Override
        public int sendBatch(final long address, final int length, final int count)
        {
            return count;
        }

        @Override
        public int localAddress()
        {
            return 0;
        }

        @Override
        public int localPort()
        {
            return 1;
        }

        @Override
        public void close()
        {
        }
    }
}
