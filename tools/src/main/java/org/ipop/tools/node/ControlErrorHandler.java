package org.ipop.tools.node;

import java.io.PrintStream;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.errors.DistinctErrorLog;
import org.agrona.concurrent.status.AtomicCounter;
import org.ipop.engine.EngineContext;

/**
 * Errors of the control-plane thread, kept where the engine keeps its own so that {@code ipop stat} and any
 * counters-file reader see both: each is counted once in the {@value #COUNTER_LABEL} counter of the engine's
 * counters file, recorded in the engine's distinct error log, and printed as one line for the operator (with
 * the stack trace when {@code IPOP_DEBUG} is set).
 * <p>
 * {@link #onError} is called by the control thread's runner.
 */
final class ControlErrorHandler implements ErrorHandler
{
    private final AtomicCounter errors;
    private final DistinctErrorLog errorLog;
    private final PrintStream out;
    private final boolean printStackTraces;

    /**
     * @param ctx              the launched engine's context: its counters file and error log.
     * @param out              where the one-line report goes.
     * @param printStackTraces whether the line is followed by the stack trace.
     */
    ControlErrorHandler(final EngineContext ctx, final PrintStream out, final boolean printStackTraces)
    {
        this.errors = ctx.counters().controlErrors;
        this.errorLog = ctx.errorLog();
        this.out = out;
        this.printStackTraces = printStackTraces;
    }

    @Override
    public void onError(final Throwable throwable)
    {
        errors.increment();
        if (!errorLog.record(throwable))
        {
            out.println("ipop: error log full, not logged:");
        }
        out.println("ipop: control-plane error: " + throwable);
        if (printStackTraces)
        {
            throwable.printStackTrace(out);
        }
    }
}
