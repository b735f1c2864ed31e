package org.ipop.tap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs system commands (ip, setpriv, nm, child JVMs) for tests, with a timeout. */
final class Commands
{
    /** Output of a finished command, stdout and stderr merged. */
    record Result(int exitCode, String output)
    {
    }

    private Commands()
    {
    }

    /** @return true when the test JVM runs with effective uid 0. */
    static boolean isRoot()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
            {
                if (line.startsWith("Uid:"))
                {
                    return "0".equals(line.split("\\s+")[2]);
                }
            }
        }
        catch (final IOException ignore)
        {
            // not Linux: not root for our purposes
        }
        return false;
    }

    /** @return whether {@code name} is an executable on PATH. */
    static boolean onPath(final String name)
    {
        for (final String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":"))
        {
            if (Files.isExecutable(Path.of(dir, name)))
            {
                return true;
            }
        }
        return false;
    }

    /** Runs a command, returning its exit code and output; fails the test on timeout. */
    static Result exec(final List<String> command)
    {
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            final byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            throw new AssertionError("cannot run " + command + ": " + ex, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + command, ex);
        }
    }

    /**
     * Runs a command that must succeed.
     *
     * @return its output.
     */
    static String run(final String... command)
    {
        final Result result = exec(List.of(command));
        if (result.exitCode() != 0)
        {
            throw new AssertionError(String.join(" ", command) + " exited " + result.exitCode() + ": " + result.output());
        }
        return result.output();
    }
}
