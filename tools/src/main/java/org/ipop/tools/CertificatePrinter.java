package org.ipop.tools;

import java.time.Instant;

import org.ipop.overlay.security.CertificateStatus;
import org.ipop.overlay.security.NodeCertificate;
import org.ipop.overlay.service.frame.Ipv4Address;

/** The fields of a certificate as text lines ({@code key: value}) or as one JSON object. */
final class CertificatePrinter
{
    private CertificatePrinter()
    {
    }

    static String text(final NodeCertificate cert, final CertificateStatus status)
    {
        final StringBuilder out = new StringBuilder();
        line(out, "name", cert.name());
        line(out, "type", cert.isCa() ? "ca" : "node");
        line(out, "fingerprint", cert.fingerprint());
        line(out, "issuer", cert.issuer().isEmpty() ? "(self-signed)" : cert.issuer());
        if (!cert.isCa())
        {
            line(out, "address", cert.address().toString());
            line(out, "namespaces", String.join(", ", cert.namespaces()));
            line(out, "virtual-ip", cert.virtualIp() == 0 ? "none" : Ipv4Address.toString(cert.virtualIp()));
        }
        line(out, "not-before", Instant.ofEpochSecond(cert.notBefore()).toString());
        line(out, "not-after", Instant.ofEpochSecond(cert.notAfter()).toString());
        line(out, "identity-key", hex(cert.identityKey()));
        if (!cert.isCa())
        {
            line(out, "agreement-key", hex(cert.agreementKey()));
        }
        if (status != null)
        {
            line(out, "status", status.name());
        }
        return out.toString();
    }

    static String json(final NodeCertificate cert, final CertificateStatus status)
    {
        final StringBuilder out = new StringBuilder("{");
        field(out, "name", quote(cert.name()));
        field(out, "type", quote(cert.isCa() ? "ca" : "node"));
        field(out, "fingerprint", quote(cert.fingerprint()));
        field(out, "issuer", quote(cert.issuer()));
        field(out, "address", quote(cert.address().toString()));
        final StringBuilder namespaces = new StringBuilder("[");
        for (final String namespace : cert.namespaces())
        {
            namespaces.append(namespaces.length() > 1 ? "," : "").append(quote(namespace));
        }
        field(out, "namespaces", namespaces.append(']').toString());
        field(out, "virtualIp", cert.virtualIp() == 0 ? "null" : quote(Ipv4Address.toString(cert.virtualIp())));
        field(out, "notBefore", Long.toString(cert.notBefore()));
        field(out, "notAfter", Long.toString(cert.notAfter()));
        field(out, "identityKey", quote(hex(cert.identityKey())));
        field(out, "agreementKey", quote(hex(cert.agreementKey())));
        if (status != null)
        {
            field(out, "status", quote(status.name()));
        }
        return out.append("}\n").toString();
    }

    private static void line(final StringBuilder out, final String key, final String value)
    {
        out.append(key).append(": ").append(value).append('\n');
    }

    private static void field(final StringBuilder out, final String key, final String value)
    {
        out.append(out.length() > 1 ? "," : "").append(quote(key)).append(':').append(value);
    }

    private static String quote(final String text)
    {
        final StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\')
            {
                out.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                out.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String hex(final byte[] bytes)
    {
        final StringBuilder out = new StringBuilder(bytes.length * 2);
        for (final byte b : bytes)
        {
            out.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return out.toString();
    }
}
