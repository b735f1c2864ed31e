package org.ipop.tap;

import java.util.function.IntUnaryOperator;

/**
 * The layout constants the C library reports ({@code ipop_layout_constant}, computed with
 * {@code offsetof}/{@code sizeof}) and the Java constants they must equal. Each bridge checks them once
 * when it loads, so a C struct change that Java did not follow fails at start-up rather than corrupting
 * records.
 */
final class NativeLayout
{
    static final int FRAME_LENGTH_OFFSET = 0;
    static final int FRAME_RESERVED_OFFSET = 1;
    static final int FRAME_HEADER_LENGTH = 2;
    static final int FRAME_ALIGNMENT = 3;
    static final int DATAGRAM_LENGTH_OFFSET = 4;
    static final int DATAGRAM_ADDRESS_OFFSET = 5;
    static final int DATAGRAM_PORT_OFFSET = 6;
    static final int DATAGRAM_FLAGS_OFFSET = 7;
    static final int DATAGRAM_RESERVED_OFFSET = 8;
    static final int DATAGRAM_HEADER_LENGTH = 9;
    static final int DATAGRAM_ALIGNMENT = 10;
    static final int DATAGRAM_FLAG_TRUNCATED = 11;
    static final int IFNAMSIZ = 12;
    static final int DATAGRAM_FLAG_SEAL = 13;
    static final int DATAGRAM_FLAG_OPENED = 14;
    static final int DATAGRAM_FLAG_REJECTED = 15;
    static final int TAG_LENGTH = 16;
    static final int REPLAY_WINDOW = 17;
    /** Number of ids; {@code IPOP_LAYOUT_COUNT} in C. */
    static final int COUNT = 18;

    private static final String[] NAMES = {
        "FrameBatchDescriptor.LENGTH_OFFSET",
        "FrameBatchDescriptor.RESERVED_OFFSET",
        "FrameBatchDescriptor.HEADER_LENGTH",
        "FrameBatchDescriptor.ALIGNMENT",
        "DatagramBatchDescriptor.LENGTH_OFFSET",
        "DatagramBatchDescriptor.ADDRESS_OFFSET",
        "DatagramBatchDescriptor.PORT_OFFSET",
        "DatagramBatchDescriptor.FLAGS_OFFSET",
        "DatagramBatchDescriptor.RESERVED_OFFSET",
        "DatagramBatchDescriptor.HEADER_LENGTH",
        "DatagramBatchDescriptor.ALIGNMENT",
        "DatagramBatchDescriptor.FLAG_TRUNCATED",
        "TapConfig.MAX_NAME_LENGTH + 1 (IFNAMSIZ)",
        "SessionKeys.FLAG_SEAL",
        "SessionKeys.FLAG_OPENED",
        "SessionKeys.FLAG_REJECTED",
        "SessionKeys.TAG_LENGTH",
        "SessionKeys.REPLAY_WINDOW",
    };

    private NativeLayout()
    {
    }

    /** @return the Java side's value for a layout id. */
    static int javaValue(final int id)
    {
        switch (id)
        {
            case FRAME_LENGTH_OFFSET: return FrameBatchDescriptor.LENGTH_OFFSET;
            case FRAME_RESERVED_OFFSET: return FrameBatchDescriptor.RESERVED_OFFSET;
            case FRAME_HEADER_LENGTH: return FrameBatchDescriptor.HEADER_LENGTH;
            case FRAME_ALIGNMENT: return FrameBatchDescriptor.ALIGNMENT;
            case DATAGRAM_LENGTH_OFFSET: return DatagramBatchDescriptor.LENGTH_OFFSET;
            case DATAGRAM_ADDRESS_OFFSET: return DatagramBatchDescriptor.ADDRESS_OFFSET;
            case DATAGRAM_PORT_OFFSET: return DatagramBatchDescriptor.PORT_OFFSET;
            case DATAGRAM_FLAGS_OFFSET: return DatagramBatchDescriptor.FLAGS_OFFSET;
            case DATAGRAM_RESERVED_OFFSET: return DatagramBatchDescriptor.RESERVED_OFFSET;
            case DATAGRAM_HEADER_LENGTH: return DatagramBatchDescriptor.HEADER_LENGTH;
            case DATAGRAM_ALIGNMENT: return DatagramBatchDescriptor.ALIGNMENT;
            case DATAGRAM_FLAG_TRUNCATED: return DatagramBatchDescriptor.FLAG_TRUNCATED;
            case IFNAMSIZ: return TapConfig.MAX_NAME_LENGTH + 1;
            case DATAGRAM_FLAG_SEAL: return SessionKeys.FLAG_SEAL;
            case DATAGRAM_FLAG_OPENED: return SessionKeys.FLAG_OPENED;
            case DATAGRAM_FLAG_REJECTED: return SessionKeys.FLAG_REJECTED;
            case TAG_LENGTH: return SessionKeys.TAG_LENGTH;
            case REPLAY_WINDOW: return SessionKeys.REPLAY_WINDOW;
            default: throw new IllegalArgumentException("unknown layout id: " + id);
        }
    }

    /** @return the Java constant a layout id stands for, for messages. */
    static String javaName(final int id)
    {
        return NAMES[id];
    }

    /**
     * Compares every constant the C library reports with Java's.
     *
     * @param nativeConstant the bridge's {@code ipop_layout_constant}.
     * @param bridge         bridge name for the message.
     * @throws NativeException listing each constant that differs.
     */
    static void verify(final IntUnaryOperator nativeConstant, final String bridge)
    {
        final StringBuilder mismatches = new StringBuilder();
        for (int id = 0; id < COUNT; id++)
        {
            final int nativeValue = nativeConstant.applyAsInt(id);
            final int javaValue = javaValue(id);
            if (nativeValue != javaValue)
            {
                mismatches.append(' ').append(javaName(id)).append(": C ").append(nativeValue)
                    .append(", Java ").append(javaValue).append(';');
            }
        }
        if (mismatches.length() > 0)
        {
            throw new NativeException(
                "tap-native (" + bridge + "): libipoptap.so and the Java record layouts disagree:" + mismatches +
                " rebuild tap-native so the jar and the library come from the same sources", 0);
        }
    }
}
