package org.ipop.tools.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's status file as written by {@link NodeStatusAgent}: one {@code key value...} line each; keys
 * that repeat ({@code connection}, {@code record}, {@code route}, {@code counter}) keep every line.
 *
 * @param lines the file's lines.
 */
public record NodeStatus(List<String> lines)
{
    /** @return the status in {@code file}, or null when the file does not exist (node not running). */
    public static NodeStatus read(final Path file) throws IOException
    {
        try
        {
            return new NodeStatus(Files.readAllLines(file, StandardCharsets.UTF_8));
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
    }

    /** @return the rest of the first line starting with {@code key}, or null. */
    public String value(final String key)
    {
        for (final String line : lines)
        {
            if (line.startsWith(key + " "))
            {
                return line.substring(key.length() + 1);
            }
        }
        return null;
    }

    /** @return the rest of every line starting with {@code key}. */
    public List<String> values(final String key)
    {
        final List<String> out = new ArrayList<>();
        for (final String line : lines)
        {
            if (line.startsWith(key + " "))
            {
                out.add(line.substring(key.length() + 1));
            }
        }
        return out;
    }

    /** @return the node's virtual IPv4 address as text, or null before it has one. */
    public String vip()
    {
        final String vip = value("vip");
        return vip == null || vip.equals("none") ? null : vip;
    }

    /** @return the node's overlay address (40 hex digits). */
    public String address()
    {
        return value("address");
    }

    /** @return the first 8 hex digits of the overlay address, as other nodes' status lines show it. */
    public String shortAddress()
    {
        final String address = address();
        return address == null ? "?" : address.substring(0, Math.min(8, address.length()));
    }

    /** @return the path this node uses toward the node with short address {@code peer}: direct, via-X, or "?". */
    public String pathTo(final String peer)
    {
        for (final String key : new String[] {"route", "record", "connection"})
        {
            for (final String line : values(key))
            {
                final String[] f = line.split(" ");
                if (f.length >= 2 && f[1].equals(peer))
                {
                    for (final String field : f)
                    {
                        if (field.startsWith("path="))
                        {
                            return field.substring(5);
                        }
                    }
                }
            }
        }
        return "?";
    }

    /** @return the counter named {@code name}, or -1. */
    public long counter(final String name)
    {
        for (final String line : values("counter"))
        {
            final String[] f = line.split(" ");
            if (f.length == 2 && f[0].equals(name))
            {
                return Long.parseLong(f[1]);
            }
        }
        return -1;
    }
}
