package org.ipop.overlay.journal;

/**
 * Record layout of the journal. Each Chronicle document holds one record, little-endian (Chronicle Bytes):
 * <pre>
 *  +------+----------------+--------------------------------------------------------------+
 *  | type | time ns (8)    | body                                                         |
 *  +------+----------------+--------------------------------------------------------------+
 *  START      1  config length (4), NodeConfig encoding (seed included)
 *  FRAME      2  source IPv4 (4), source port (4), length (4), frame bytes
 *  TIMER      3  (none)
 *  TRAFFIC    4  destination address (20), packets (8)
 *  PROBE      5  mode (4), destination address (20), parameter (4)
 *  LEAVE      6  (none)
 *  CHECKPOINT 7  digest length (4), digest bytes (an output: replay compares, never applies)
 *  ATTACH     8  payload type (4), config length (4), extension config bytes (e.g. the DHT's)
 *  COMMAND    9  payload type (4), length (4), command bytes (e.g. a DHT put requested locally)
 * </pre>
 */
public final class JournalRecord
{
    /** Configuration and seed; always first. */
    public static final byte START = 1;
    /** Control frame received. */
    public static final byte FRAME = 2;
    /** Timer tick. */
    public static final byte TIMER = 3;
    /** Traffic sample command. */
    public static final byte TRAFFIC = 4;
    /** Probe command. */
    public static final byte PROBE = 5;
    /** Leave command. */
    public static final byte LEAVE = 6;
    /** State digest at a checkpoint. */
    public static final byte CHECKPOINT = 7;

    /** Extension attached (configuration). */
    public static final byte ATTACH = 8;
    /** Extension command. */
    public static final byte COMMAND = 9;

    private JournalRecord()
    {
    }

    /**
     * @param type record type.
     * @return its name.
     */
    public static String name(final int type)
    {
        switch (type)
        {
            case START: return "start";
            case FRAME: return "frame";
            case TIMER: return "timer";
            case TRAFFIC: return "traffic";
            case PROBE: return "probe";
            case LEAVE: return "leave";
            case CHECKPOINT: return "checkpoint";
            case ATTACH: return "attach";
            case COMMAND: return "command";
            default: return "unknown-" + type;
        }
    }
}
