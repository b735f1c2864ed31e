package org.ipop.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The record layouts come from C ({@code offsetof}/{@code sizeof}); Java's descriptors must agree. */
class NativeLayoutTest
{
    @ParameterizedTest
    @MethodSource("org.ipop.tap.TestBridges#names")
    void shouldReportTheSameOffsetsAndSizesInCAsTheJavaDescriptors(final String bridge)
    {
        final TapLibrary library = TestBridges.library(bridge);

        for (int id = 0; id < NativeLayout.COUNT; id++)
        {
            assertEquals(NativeLayout.javaValue(id), library.layoutConstant(id), NativeLayout.javaName(id));
        }
        assertEquals(-Errno.EINVAL, library.layoutConstant(NativeLayout.COUNT), "unknown id");
    }

    @Test
    void shouldRefuseALibraryWhoseLayoutDiffersNamingTheConstant()
    {
        final NativeException failure = assertThrows(NativeException.class, () -> NativeLayout.verify(
            id -> id == NativeLayout.DATAGRAM_HEADER_LENGTH ? 24 : NativeLayout.javaValue(id), "test"));

        assertTrue(failure.getMessage().contains("DatagramBatchDescriptor.HEADER_LENGTH: C 24, Java 16"),
            failure.getMessage());
        assertTrue(failure.getMessage().contains("rebuild tap-native"), failure.getMessage());
    }

    @Test
    void shouldPadRecordsToTheAlignment()
    {
        assertEquals(8, FrameBatchDescriptor.recordLength(0));
        assertEquals(16, FrameBatchDescriptor.recordLength(1));
        assertEquals(16, FrameBatchDescriptor.recordLength(8));
        assertEquals(1528, FrameBatchDescriptor.recordLength(1518));
        assertEquals(16, DatagramBatchDescriptor.recordLength(0));
        assertEquals(24, DatagramBatchDescriptor.recordLength(1));
        assertEquals(1416, DatagramBatchDescriptor.recordLength(1400));
    }
}
