package org.ipop.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ipop.overlay.security.CertificateAuthority;
import org.ipop.overlay.security.CertificateException;
import org.ipop.overlay.security.CertificateStatus;
import org.ipop.overlay.security.IssuedNode;
import org.ipop.overlay.security.NodeCertificate;
import org.ipop.overlay.security.TrustStore;
import org.ipop.overlay.service.frame.Ipv4Address;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ipop cert ca|sign|show|fingerprint}: the network CA and node certificates, in the spirit of nebula-cert.
 * Key files are written with mode 0600; no file is ever overwritten.
 */
@Command(
    name = "cert",
    mixinStandardHelpOptions = true,
    description = {
        "Create a network CA, sign node certificates, inspect certificates.",
        "",
        "  ipop cert ca --name \"My net\" --out-crt ca.crt --out-key ca.key",
        "  ipop cert sign --ca-crt ca.crt --ca-key ca.key --name host1 \\",
        "      --namespace lab --ip 10.128.0.5 --out-crt host1.crt --out-key host1.key",
        "  ipop cert show host1.crt --ca ca.crt"
    },
    subcommands = {CertCommand.Ca.class, CertCommand.Sign.class, CertCommand.Show.class, CertCommand.Fingerprint.class,
        CertCommand.Revoke.class})
public final class CertCommand implements Runnable
{
    private static final Pattern DURATION_PART = Pattern.compile("(\\d{1,9})([dhms])");

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }

    /**
     * Parses a duration such as {@code 8760h}, {@code 30d}, {@code 1h30m} or {@code 90s}.
     *
     * @return seconds (at least 1).
     * @throws UserFacingException if malformed.
     */
    static long parseDuration(final String text)
    {
        final Matcher matcher = DURATION_PART.matcher(text);
        long seconds = 0;
        int end = 0;
        while (matcher.find() && matcher.start() == end)
        {
            final long n = Long.parseLong(matcher.group(1));
            seconds += switch (matcher.group(2))
            {
                case "d" -> n * 86_400;
                case "h" -> n * 3_600;
                case "m" -> n * 60;
                default -> n;
            };
            end = matcher.end();
        }
        if (end == 0 || end != text.length() || seconds <= 0)
        {
            throw new UserFacingException("bad duration '" + text + "': use e.g. 8760h, 30d, 1h30m or 90s");
        }
        return seconds;
    }

    static void refuseExisting(final Path... files)
    {
        for (final Path file : files)
        {
            if (Files.exists(file))
            {
                throw new UserFacingException(file + " already exists: refusing to overwrite it");
            }
        }
    }

    static NodeCertificate readCertificate(final Path file)
    {
        if (!Files.isRegularFile(file))
        {
            throw new UserFacingException("no such file " + file);
        }
        try
        {
            if (Files.size(file) > 64 * 1024)
            {
                throw new UserFacingException(file + " is too large to be a certificate");
            }
            return NodeCertificate.fromText(Files.readString(file, java.nio.charset.StandardCharsets.US_ASCII));
        }
        catch (final IOException ex)
        {
            throw new UserFacingException("cannot read " + file + ": " + ex.getMessage());
        }
        catch (final CertificateException ex)
        {
            throw new UserFacingException(file + ": " + ex.getMessage());
        }
    }

    /** {@code ipop cert ca}: a new CA key and self-signed certificate. */
    @Command(name = "ca", mixinStandardHelpOptions = true, description = "Create a network CA: key and self-signed certificate.")
    static final class Ca implements Callable<Integer>
    {
        @Option(names = "--name", required = true, description = "Name of the CA (letters, digits, '.', '_', '-', spaces).")
        String name;

        @Option(names = "--out-crt", required = true, paramLabel = "FILE", description = "Where to write the CA certificate.")
        Path outCrt;

        @Option(names = "--out-key", required = true, paramLabel = "FILE", description = "Where to write the CA key (mode 0600).")
        Path outKey;

        @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "8760h",
            description = "Validity from now, e.g. 8760h, 365d, 1h30m (default: ${DEFAULT-VALUE}).")
        String duration;

        @Override
        public Integer call() throws IOException
        {
            final long seconds = parseDuration(duration);
            refuseExisting(outCrt, outKey);
            final long now = Instant.now().getEpochSecond();
            final CertificateAuthority ca;
            try
            {
                ca = CertificateAuthority.create(name, now, now + seconds);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new UserFacingException(ex.getMessage());
            }
            ca.writeKeyFile(outKey);
            ca.writeCertificateFile(outCrt);
            System.out.println("CA " + name + " fingerprint " + ca.certificate().fingerprint());
            return 0;
        }
    }

    /** {@code ipop cert sign}: a node key pair and certificate signed by the CA. */
    @Command(name = "sign", mixinStandardHelpOptions = true,
        description = "Create a node's keys and a certificate signed by the CA.")
    static final class Sign implements Callable<Integer>
    {
        @Option(names = "--ca-crt", required = true, paramLabel = "FILE", description = "The CA certificate.")
        Path caCrt;

        @Option(names = "--ca-key", required = true, paramLabel = "FILE", description = "The CA key (mode 0600).")
        Path caKey;

        @Option(names = "--name", required = true, description = "Host name of the node.")
        String name;

        @Option(names = "--namespace", required = true, paramLabel = "NAMESPACE",
            description = "Namespace the node may join; repeat for more (at most 8).")
        List<String> namespaces;

        @Option(names = "--ip", paramLabel = "IPv4", description = "Fixed virtual IPv4 address of the node (optional).")
        String ip;

        @Option(names = "--duration", paramLabel = "DURATION",
            description = "Validity from now, e.g. 720h (default: until the CA expires).")
        String duration;

        @Option(names = "--out-crt", required = true, paramLabel = "FILE", description = "Where to write the certificate.")
        Path outCrt;

        @Option(names = "--out-key", required = true, paramLabel = "FILE", description = "Where to write the node key (mode 0600).")
        Path outKey;

        @Override
        public Integer call() throws IOException
        {
            final int virtualIp = parseIp();
            refuseExisting(outCrt, outKey);
            final CertificateAuthority ca;
            try
            {
                ca = CertificateAuthority.load(caCrt, caKey);
            }
            catch (final IOException ex)
            {
                throw new UserFacingException(ex.getMessage());
            }
            final long now = Instant.now().getEpochSecond();
            final long caEnd = ca.certificate().notAfter();
            if (now > caEnd)
            {
                throw new UserFacingException("the CA expired at " + Instant.ofEpochSecond(caEnd) + ": create a new one");
            }
            final long notAfter = duration == null ? caEnd : now + parseDuration(duration);
            if (notAfter > caEnd)
            {
                throw new UserFacingException("the certificate would outlive its CA (which expires at " +
                    Instant.ofEpochSecond(caEnd) + "): use a shorter --duration");
            }
            final IssuedNode node;
            try
            {
                node = ca.issue(name, namespaces, virtualIp, now, notAfter);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new UserFacingException(ex.getMessage());
            }
            node.writeKeyFile(outKey);
            node.writeCertificateFile(outCrt);
            System.out.println("node " + name + " address " + node.certificate().address() + " fingerprint " +
                node.certificate().fingerprint());
            return 0;
        }

        private int parseIp()
        {
            if (ip == null)
            {
                return 0;
            }
            try
            {
                final int value = Ipv4Address.parse(ip);
                if (value == 0)
                {
                    throw new IllegalArgumentException("0.0.0.0");
                }
                return value;
            }
            catch (final IllegalArgumentException ex)
            {
                throw new UserFacingException("bad --ip '" + ip + "': a dotted IPv4 address such as 10.128.0.5");
            }
        }
    }

    /** {@code ipop cert show}: the fields of a certificate, optionally verified against a CA. */
    @Command(name = "show", mixinStandardHelpOptions = true,
        description = "Print a certificate's fields; with --ca, verify it (exit 1 if it is not valid now).")
    static final class Show implements Callable<Integer>
    {
        @Parameters(paramLabel = "FILE", description = "A certificate file.")
        Path file;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Option(names = "--ca", paramLabel = "FILE", description = "Verify against this CA certificate.")
        Path ca;

        @Override
        public Integer call()
        {
            final NodeCertificate cert = readCertificate(file);
            CertificateStatus status = null;
            if (ca != null)
            {
                final NodeCertificate caCert = readCertificate(ca);
                final TrustStore trust;
                try
                {
                    trust = TrustStore.of(List.of(caCert), List.of());
                }
                catch (final IllegalArgumentException ex)
                {
                    throw new UserFacingException(ca + ": " + ex.getMessage());
                }
                status = cert.isCa() ? caStatus(cert, caCert) : trust.check(cert, null, Instant.now().getEpochSecond());
            }
            System.out.print(json ? CertificatePrinter.json(cert, status) : CertificatePrinter.text(cert, status));
            return status == null || status == CertificateStatus.VALID ? 0 : 1;
        }

        private static CertificateStatus caStatus(final NodeCertificate cert, final NodeCertificate caCert)
        {
            if (!cert.equals(caCert))
            {
                return CertificateStatus.UNKNOWN_CA;
            }
            final long now = Instant.now().getEpochSecond();
            if (now > cert.notAfter())
            {
                return CertificateStatus.EXPIRED;
            }
            return now < cert.notBefore() ? CertificateStatus.NOT_YET_VALID : CertificateStatus.VALID;
        }
    }

    /** {@code ipop cert fingerprint}: the hex SHA-256 of a certificate. */
    @Command(name = "fingerprint", mixinStandardHelpOptions = true,
        description = "Print a certificate's fingerprint (hex SHA-256 of its encoding), as revocation lists use it.")
    static final class Fingerprint implements Callable<Integer>
    {
        @Parameters(paramLabel = "FILE", description = "A certificate file.")
        Path file;

        @Override
        public Integer call()
        {
            System.out.println(readCertificate(file).fingerprint());
            return 0;
        }
    }

    /** {@code ipop cert revoke}: a CA-signed revocation of a certificate, for {@code ipop revoke} and the DHT. */
    @Command(name = "revoke", mixinStandardHelpOptions = true,
        description = {"Sign a revocation of a certificate with the CA key (offline, where the CA key is).",
            "Hand the output to any node with 'ipop revoke FILE'; every member acts on it within seconds."})
    static final class Revoke implements Callable<Integer>
    {
        @Option(names = "--ca-crt", required = true, paramLabel = "FILE", description = "The CA certificate.")
        Path caCrt;

        @Option(names = "--ca-key", required = true, paramLabel = "FILE", description = "The CA key (mode 0600).")
        Path caKey;

        @Option(names = "--fingerprint", paramLabel = "HEX",
            description = "Fingerprint of the certificate to revoke (ipop cert fingerprint).")
        String fingerprint;

        @Option(names = "--crt", paramLabel = "FILE", description = "The certificate to revoke (instead of --fingerprint).")
        Path crt;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the revocation.")
        Path out;

        @Override
        public Integer call() throws IOException
        {
            if ((fingerprint == null) == (crt == null))
            {
                throw new UserFacingException("give exactly one of --fingerprint and --crt");
            }
            final String revoked = crt != null ? readCertificate(crt).fingerprint() : fingerprint.trim().toLowerCase();
            if (!revoked.matches("[0-9a-f]{64}"))
            {
                throw new UserFacingException("bad --fingerprint '" + fingerprint + "': 64 hex digits (ipop cert fingerprint FILE)");
            }
            refuseExisting(out);
            final CertificateAuthority ca;
            try
            {
                ca = CertificateAuthority.load(caCrt, caKey);
            }
            catch (final IOException ex)
            {
                throw new UserFacingException(ex.getMessage());
            }
            java.nio.file.Files.writeString(out, ca.revoke(revoked, Instant.now().getEpochSecond()).toText());
            System.out.println("revoked " + revoked);
            return 0;
        }
    }
}
