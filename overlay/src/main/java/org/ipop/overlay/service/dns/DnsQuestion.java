package org.ipop.overlay.service.dns;

/**
 * The question of a query decoded by {@link DnsQueryDecoder}. Reused by the decoder; valid until the
 * next decode.
 */
public final class DnsQuestion
{
    /** Type A. */
    public static final int TYPE_A = 1;
    /** Type AAAA. */
    public static final int TYPE_AAAA = 28;
    /** QTYPE ANY. */
    public static final int TYPE_ANY = 255;
    /** Class IN. */
    public static final int CLASS_IN = 1;
    /** QCLASS ANY. */
    public static final int CLASS_ANY = 255;
    /** Maximum labels in a name (255 bytes / 2). */
    public static final int MAX_LABELS = 127;

    int id;
    int flags;
    int qdcount;
    final StringBuilder name = new StringBuilder(255);
    final int[] labelEnds = new int[MAX_LABELS];
    int labelCount;
    int qtype;
    int qclass;
    int end;

    void reset()
    {
        id = 0;
        flags = 0;
        qdcount = 0;
        name.setLength(0);
        labelCount = 0;
        qtype = 0;
        qclass = 0;
        end = 0;
    }

    /**
     * @return the query's ID.
     */
    public int id()
    {
        return id;
    }

    /**
     * @return the query's flags word.
     */
    public int flags()
    {
        return flags;
    }

    /**
     * @return the name as received (original case), labels separated by dots, no trailing dot; empty for
     * the root.
     */
    public CharSequence name()
    {
        return name;
    }

    /**
     * @return number of labels.
     */
    public int labelCount()
    {
        return labelCount;
    }

    /**
     * @param index of a label.
     * @return the label in original case.
     */
    public String label(final int index)
    {
        final int start = index == 0 ? 0 : labelEnds[index - 1] + 1;
        return name.substring(start, labelEnds[index]);
    }

    /**
     * @return QTYPE.
     */
    public int qtype()
    {
        return qtype;
    }

    /**
     * @return QCLASS.
     */
    public int qclass()
    {
        return qclass;
    }

    /**
     * @return message-relative offset just after the first question's QCLASS; 0 when there is no question.
     */
    public int end()
    {
        return end;
    }
}
