package org.ipop.tools.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short system commands ({@code ip}, {@code ping}, ...) and reports their output and exit code. */
public final class CommandRunner
{
    /**
     * The outcome of a command.
     *
     * @param exitCode the process exit code (-1 when it timed out and was killed).
     * @param output   standard output and standard error, merged.
     */
    public record Result(int exitCode, String output)
    {
        /** @return true when the command exited with 0. */
        public boolean ok()
        {
            return exitCode == 0;
        }
    }

    private CommandRunner()
    {
    }

    /** Runs {@code command} with a deadline; never throws for a failing command, only reports it. */
    public static Result run(final long timeoutMs, final List<String> command)
    {
        final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        try
        {
            final Process process = builder.start();
            process.getOutputStream().close();
            final byte[][] holder = new byte[1][];
            final Thread reader = new Thread(() ->
            {
                try
                {
                    holder[0] = process.getInputStream().readAllBytes();
                }
                catch (final IOException ex)
                {
                    holder[0] = new byte[0];
                }
            }, "cmd-reader");
            reader.setDaemon(true);
            reader.start();
            if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                reader.join(1000);
                return new Result(-1, text(holder[0]) + "\n(timed out after " + timeoutMs + " ms: " + command + ")");
            }
            reader.join(5000);
            return new Result(process.exitValue(), text(holder[0]));
        }
        catch (final IOException ex)
        {
            return new Result(127, "cannot run " + command.get(0) + ": " + ex.getMessage());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted: " + command);
        }
    }

    /** Runs {@code command} and throws {@link IllegalStateException} with its output when it fails. */
    public static String check(final long timeoutMs, final List<String> command)
    {
        final Result result = run(timeoutMs, command);
        if (!result.ok())
        {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + result.exitCode() + "): " +
                result.output().trim());
        }
        return result.output();
    }

    private static String text(final byte[] bytes)
    {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
