package org.ipop.tools;

import java.util.stream.Collectors;

import org.ipop.tools.config.NodeFileConfig;

/** Formats a validated configuration as YAML a user can paste back into a file. */
final class ConfigPrinter
{
    private ConfigPrinter()
    {
    }

    static String describe(final NodeFileConfig c)
    {
        final StringBuilder out = new StringBuilder();
        line(out, "namespace", c.namespace());
        line(out, "realm", c.realm());
        line(out, "listen", c.listen());
        line(out, "bootstrap", c.bootstrap().stream().map(Object::toString).collect(Collectors.joining(", ", "[", "]")));
        line(out, "tap", c.tap());
        line(out, "mtu", c.mtu());
        line(out, "address-mode", c.addressMode().name().toLowerCase(java.util.Locale.ROOT));
        if (c.address() != null)
        {
            line(out, "address", c.address());
        }
        line(out, "network", c.network());
        if (c.journal() != null)
        {
            line(out, "journal", c.journal());
        }
        line(out, "key", c.keyFile());
        line(out, "threading", c.threading());
        line(out, "cpus", c.cpus());
        line(out, "bridge", c.bridge());
        line(out, "hostname", c.hostname());
        line(out, "dns-forward", c.dnsForward().stream().map(Object::toString).collect(Collectors.joining(", ", "[", "]")));
        line(out, "lease-seconds", c.leaseSeconds());
        if (c.security().plaintext())
        {
            line(out, "security", "plaintext");
        }
        else
        {
            line(out, "security", "certificates");
            line(out, "ca", c.security().caFiles());
            line(out, "cert", c.security().certFile());
            line(out, "revoked", c.security().revoked());
            line(out, "cipher", c.security().cipher());
        }
        return out.toString().stripTrailing();
    }

    private static void line(final StringBuilder out, final String key, final Object value)
    {
        out.append(key).append(": ").append(value).append('\n');
    }
}
