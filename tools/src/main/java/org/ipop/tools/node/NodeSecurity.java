package org.ipop.tools.node;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import org.agrona.CloseHelper;
import org.agrona.concurrent.NanoClock;
import org.ipop.engine.control.EngineProxy;
import org.ipop.overlay.address.NodeIdentity;
import org.ipop.overlay.dht.signed.RecordOwnerCheck;
import org.ipop.overlay.dht.signed.RecordSigner;
import org.ipop.overlay.control.ControlPlane;
import org.ipop.overlay.security.CertificateException;
import org.ipop.overlay.security.CertificateStatus;
import org.ipop.overlay.security.EdgeHandshakes;
import org.ipop.overlay.security.NodeCertificate;
import org.ipop.overlay.security.NodeCredentials;
import org.ipop.overlay.security.TrustStore;
import org.ipop.overlay.vnet.PeerIds;
import org.ipop.overlay.vnet.SecureChannels;
import org.ipop.tap.Bridge;
import org.ipop.tap.SessionKeys;
import org.ipop.tools.UserFacingException;
import org.ipop.tools.config.SecurityConfig;

/**
 * A node's membership and edge encryption as configured: its credentials (certificate and private keys), the CA
 * certificates and revocations it trusts, and the native session-key table the engine seals and opens frames with.
 * In plaintext mode only the identity key is loaded (created on first start) and a warning is printed.
 * <p>
 * Everything wrong with the files (missing, unreadable, group- or world-readable key, a certificate that is not
 * valid now for the node's namespace) is one {@link UserFacingException} line before anything is opened.
 */
final class NodeSecurity implements AutoCloseable
{
    /** Slots of the session-key table: sessions with neighbours, shortcuts and their renewals. */
    static final int SESSION_SLOTS = 1024;
    /** INITs per second above which a handshake must carry a cookie (mac2). */
    static final int COOKIE_THRESHOLD_PER_SECOND = 200;

    private final SecurityConfig config;
    private final String namespace;
    private final NodeIdentity identity;
    private final NodeCredentials credentials;
    private final TrustStore trust;
    private final List<NodeCertificate> authorities;
    private SessionKeys keys;

    private NodeSecurity(
        final SecurityConfig config,
        final String namespace,
        final NodeIdentity identity,
        final NodeCredentials credentials,
        final TrustStore trust,
        final List<NodeCertificate> authorities)
    {
        this.authorities = authorities;
        this.config = config;
        this.namespace = namespace;
        this.identity = identity;
        this.credentials = credentials;
        this.trust = trust;
    }

    /**
     * Loads what the configuration names and checks the node's own certificate.
     *
     * @param config    the security settings.
     * @param keyFile   the node's key file (certificates) or identity file (plaintext).
     * @param namespace the namespace the node joins.
     * @param log       where the plaintext warning goes.
     * @throws UserFacingException for every unusable file or certificate.
     */
    static NodeSecurity load(final SecurityConfig config, final Path keyFile, final String namespace, final PrintStream log)
    {
        if (config.plaintext())
        {
            log.println("ipop: WARNING: security: plaintext -- any host that reaches this node's UDP port joins the " +
                "overlay, and every frame crosses the network unencrypted and unauthenticated");
            return new NodeSecurity(config, namespace, loadOrCreateIdentity(keyFile), null, null, List.of());
        }
        final List<NodeCertificate> cas = new ArrayList<>();
        for (final Path file : config.caFiles())
        {
            cas.add(readCertificate(file, "CA certificate"));
        }
        final NodeCredentials credentials;
        try
        {
            credentials = NodeCredentials.load(config.certFile(), keyFile);
        }
        catch (final IOException ex)
        {
            throw new UserFacingException(ex.getMessage());
        }
        final TrustStore trust = TrustStore.of(cas, config.revoked());
        final NodeCertificate own = credentials.certificate();
        final CertificateStatus status = trust.check(own, namespace, System.currentTimeMillis() / 1000);
        if (status != CertificateStatus.VALID)
        {
            throw new UserFacingException("this node's certificate " + config.certFile() + " cannot be used for namespace '" +
                namespace + "': " + describe(status));
        }
        return new NodeSecurity(config, namespace, credentials.identity(), credentials, trust, List.copyOf(cas));
    }

    private static String describe(final CertificateStatus status)
    {
        switch (status)
        {
            case UNKNOWN_CA:
                return "it is not signed by any configured CA";
            case BAD_SIGNATURE:
                return "its signature does not verify";
            case EXPIRED:
                return "it has expired";
            case NOT_YET_VALID:
                return "it is not valid yet";
            case REVOKED:
                return "it is revoked";
            case WRONG_NAMESPACE:
                return "it does not name this namespace";
            default:
                return status.name().toLowerCase();
        }
    }

    private static NodeCertificate readCertificate(final Path file, final String what)
    {
        try
        {
            return NodeCertificate.fromText(Files.readString(file));
        }
        catch (final IOException ex)
        {
            throw new UserFacingException("cannot read the " + what + " " + file + ": " + ex.getMessage());
        }
        catch (final CertificateException ex)
        {
            throw new UserFacingException("the " + what + " " + file + " is not valid: " + ex.getMessage());
        }
    }

    private static NodeIdentity loadOrCreateIdentity(final Path keyFile)
    {
        try
        {
            final Path parent = keyFile.toAbsolutePath().getParent();
            if (parent != null)
            {
                Files.createDirectories(parent);
            }
            return NodeIdentity.loadOrCreate(keyFile);
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new UserFacingException("cannot load or create the node key " + keyFile + ": " + ex.getMessage());
        }
    }

    /** @return the node's identity: its address is the hash of the identity key. */
    NodeIdentity identity()
    {
        return identity;
    }

    /**
     * @return signs this node's DHT claim records with its identity key and certificate, or null in plaintext mode.
     */
    RecordSigner recordSigner()
    {
        return credentials == null ? null : new RecordSigner(identity, credentials.certificate().encode());
    }

    /**
     * @return the membership check of DHT claim records: the record's certificate verifies against this node's
     *         trust store for its namespace now and binds the key that signed the record; null in plaintext mode.
     */
    RecordOwnerCheck recordOwnerCheck()
    {
        return credentials == null ? null : new MemberCertificates(trust, namespace);
    }

    /** @return the CA certificates this node trusts (empty in plaintext mode). */
    List<NodeCertificate> authorities()
    {
        return authorities;
    }

    /** @return the hostname the certificate binds, else {@code configured}. */
    String hostname(final String configured)
    {
        return credentials == null || credentials.certificate().name().isEmpty() ? configured : credentials.certificate().name();
    }

    /** @return the virtual IPv4 the certificate binds, or 0. */
    int virtualIp()
    {
        return credentials == null ? 0 : credentials.certificate().virtualIp();
    }

    /**
     * Opens the session-key table the engine seals and opens with (certificates only).
     *
     * @return the table, or null in plaintext mode.
     */
    SessionKeys openKeys(final Bridge bridge)
    {
        if (config.plaintext())
        {
            return null;
        }
        keys = bridge.openSessionKeys(SESSION_SLOTS);
        return keys;
    }

    /**
     * Builds the node's authenticated edges over the engine (certificates only).
     *
     * @return the channels, or null in plaintext mode.
     */
    SecureChannels channels(final EngineProxy proxy, final PeerIds peers, final NanoClock clock)
    {
        if (config.plaintext())
        {
            return null;
        }
        final int cipher = SecurityConfig.CHACHA20_POLY1305.equals(config.cipher()) ?
            SessionKeys.CIPHER_CHACHA20_POLY1305 : SessionKeys.CIPHER_AES_256_GCM;
        return new SecureChannels(proxy, keys, peers, trust, identity.address(), cipher, clock);
    }

    /** Completes {@code channels} with the handshake logic and the control plane. */
    void attach(final SecureChannels channels, final ControlPlane plane)
    {
        final EdgeHandshakes handshakes = new EdgeHandshakes(credentials, trust, namespace, new SecureRandom(),
            System::currentTimeMillis, channels, channels, COOKIE_THRESHOLD_PER_SECOND);
        channels.attach(handshakes, plane);
    }

    /** The engine closes the key table it was given; this closes it only when no engine took it. */
    void closeUnusedKeys()
    {
        CloseHelper.quietClose(keys);
        keys = null;
    }

    @Override
    public void close()
    {
        closeUnusedKeys();
    }
}
