package org.ipop.engine.status;

import org.ipop.engine.Engine;
import org.ipop.engine.EngineContext;
import org.ipop.engine.ThreadingMode;
import org.ipop.engine.testkit.GeneratingDatagramEndpoint;
import org.ipop.engine.testkit.GeneratingFrameDevice;
import org.ipop.tap.NativeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.ipop.engine.TestFrames.*;
import static org.junit.jupiter.api.Assertions.*;

class CountersFileReaderTest
{
    @TempDir
    File dir;

    @Test
    void shouldReadCountersByTypeIdAndDistinctErrorsWhileTheEngineRuns()
    {
        final File file = new File(dir, "engine.dat");
        final GeneratingFrameDevice tap = new GeneratingFrameDevice(ipv6Frame(), arpFrame()).readLimit(10);
        try (Engine engine = Engine.launch(new EngineContext()
            .frameDevice(tap)
            .datagramEndpoint(new GeneratingDatagramEndpoint())
            .threadingMode(ThreadingMode.INVOKER)
            .countersFile(file)))
        {
            engine.invoker().invoke();
            for (int i = 0; i < 2; i++)
            {
                engine.context().errorHandler().onError(new NativeException("tap read failed: EIO", 5));
            }

            try (CountersFileReader reader = new CountersFileReader(file))
            {
                assertEquals(10L, reader.counter(EngineCounter.TAP_FRAMES_IN));
                assertEquals(5L, reader.counter(EngineCounter.DROP_TAP_UNSUPPORTED));
                assertEquals(5L, reader.counter(EngineCounter.FRAMES_PUNTED));
                assertEquals(2L, reader.counter(EngineCounter.ERRORS));
                assertEquals(ProcessHandle.current().pid(), reader.pid());

                final ByteArrayOutputStream out = new ByteArrayOutputStream();
                assertEquals(1, reader.printErrors(new PrintStream(out, true, StandardCharsets.UTF_8)));
                assertTrue(out.toString(StandardCharsets.UTF_8).contains("2 observations"));
                assertThrows(IllegalArgumentException.class, () -> reader.counter(CounterFamily.ENGINE.base() + 999));
            }
        }
        assertFalse(file.exists(), "deleted on close by default");
    }

    @Test
    void shouldRefuseAFileThatIsNotACountersFile() throws Exception
    {
        final File file = new File(dir, "other.dat");
        java.nio.file.Files.write(file.toPath(), new byte[4096]);
        assertThrows(IllegalStateException.class, () -> new CountersFileReader(file));
    }
}
