package org.ipop.overlay.control;

import org.ipop.engine.status.CounterDescriptor;

/**
 * Every counter of the control plane, with its stable type id (family
 * {@link org.ipop.engine.status.CounterFamily#CONTROL}, 2000-2999; a new counter takes the next free id) and
 * label. {@link ControlCounters} holds their values.
 */
public enum ControlCounter implements CounterDescriptor
{
    /** Frames received. */
    FRAMES_IN(2001, "overlay frames in"),
    /** Frames sent. */
    FRAMES_OUT(2002, "overlay frames out"),
    /** Frames the transport refused. */
    SEND_FAILED(2003, "overlay send failed"),
    /** Frames dropped: header invalid (short, wrong version). */
    DROP_HEADER(2004, "overlay drop header"),
    /** Frames dropped: unknown type. */
    DROP_UNKNOWN_TYPE(2005, "overlay drop unknown type"),
    /** Frames dropped: truncated or out of limits for their type. */
    DROP_MALFORMED(2006, "overlay drop malformed"),
    /** Frames dropped: from an address that is not a connection. */
    DROP_NOT_CONNECTED(2007, "overlay drop not connected"),
    /** Frames dropped: reply matching no request. */
    DROP_UNMATCHED(2008, "overlay drop unmatched"),
    /** Routed frames dropped: TTL exhausted. */
    DROP_TTL(2009, "overlay drop ttl"),
    /** Routed frames dropped: no route (exact destination missing). */
    DROP_NO_ROUTE(2010, "overlay drop no route"),
    /** Routed frames forwarded. */
    ROUTED_FORWARDED(2011, "overlay routed forwarded"),
    /** Routed frames delivered here. */
    ROUTED_DELIVERED(2012, "overlay routed delivered"),
    /** Probes delivered here. */
    PROBES_DELIVERED(2013, "overlay probes delivered"),
    /** Connections added. */
    CONNECTIONS_ADDED(2014, "overlay connections added"),
    /** Connections removed. */
    CONNECTIONS_REMOVED(2015, "overlay connections removed"),
    /** Connections closed because a ping went unanswered. */
    EDGES_TIMED_OUT(2016, "overlay edges timed out"),
    /** Pings sent (including resends). */
    PINGS_SENT(2017, "overlay pings sent"),
    /** Connect-to requests sent (including resends). */
    CTM_SENT(2018, "overlay ctm sent"),
    /** Frames dropped: input after the node left. */
    DROP_LEFT(2019, "overlay drop left");

    private final int id;
    private final String label;

    ControlCounter(final int id, final String label)
    {
        this.id = id;
        this.label = label;
    }

    @Override
    public int id()
    {
        return id;
    }

    @Override
    public String label()
    {
        return label;
    }
}
