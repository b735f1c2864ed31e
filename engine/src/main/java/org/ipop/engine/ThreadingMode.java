package org.ipop.engine;

/** How the engine's agents are mapped to threads, as in Aeron's media driver. */
public enum ThreadingMode
{
    /** One thread each for the conductor, the TAP receiver and the UDP receiver. */
    DEDICATED,
    /** One thread runs all three agents in turn. */
    SHARED,
    /** No thread: the caller drives all three agents through {@link Engine#invoker()} (tests, simulator). */
    INVOKER
}
