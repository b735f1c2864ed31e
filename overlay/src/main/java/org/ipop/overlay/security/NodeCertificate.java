package org.ipop.overlay.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import org.ipop.overlay.address.Address;
import org.ipop.overlay.address.NodeIdentity;

/**
 * An immutable certificate signed by a network CA (or by itself, for a CA root): it binds a node's Ed25519
 * identity key (whose hash is its overlay address), its X25519 key-agreement key, name, namespaces, validity and
 * optional fixed virtual IPv4 address.
 * <p>
 * Binary encoding (all integers big-endian), the only one; {@link #decode} accepts nothing else:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+---------------+-------------------------------+
 *  | version = 1   | flags (bit0 CA)|  identity key (Ed25519, 32)  |  0
 *  +---------------+---------------+                               +
 *  |                 ... agreement key (X25519, 32; zeros for a CA) |  34
 *  +---------------------------------------------------------------+
 *  |                 notBefore (epoch seconds, 8)                  |  66
 *  |                 notAfter (epoch seconds, 8)                   |  74
 *  |                 virtual IPv4 (4; 0 = none)                    |  82
 *  |                 issuer fingerprint (SHA-256, 32; zeros: root) |  86
 *  +---------------+-----------------------------------------------+
 *  | name length N | name (N bytes, 1..63, [A-Za-z0-9][A-Za-z0-9._ -]*) 118
 *  +---------------+-----------------------------------------------+
 *  | namespace count M (0..8) | M x (length L (1..63), L bytes [A-Za-z0-9][A-Za-z0-9-]*)
 *  +---------------------------------------------------------------+
 *  |         Ed25519 signature (64) over every byte before it      |
 *  +---------------------------------------------------------------+
 * </pre>
 * Reserved flag bits are zero, notBefore &lt;= notAfter, and a CA certificate has no namespaces, no virtual IP and
 * an all-zero agreement key. The fingerprint is the hex SHA-256 of the whole encoding, signature included.
 * The longest certificate is {@link #MAX_LENGTH} bytes.
 */
public final class NodeCertificate
{
    /** Encoding version. */
    public static final int VERSION = 1;
    /** Longest name and namespace, in bytes. */
    public static final int MAX_NAME_LENGTH = 63;
    /** Most namespaces in one certificate. */
    public static final int MAX_NAMESPACES = 8;
    /** Shortest encoding: a one-byte name and no namespace. */
    public static final int MIN_LENGTH = 118 + 2 + 1 + RawKeys.SIGNATURE_LENGTH;
    /** Longest encoding. */
    public static final int MAX_LENGTH = 118 + 1 + MAX_NAME_LENGTH + 1 + MAX_NAMESPACES * (1 + MAX_NAME_LENGTH) +
        RawKeys.SIGNATURE_LENGTH;

    static final int FLAG_CA = 0x1;
    static final int FINGERPRINT_BYTES = 32;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._ -]{0,62}");
    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,62}");
    private static final String ARMOUR_BEGIN = "-----BEGIN IPOP CERTIFICATE-----";
    private static final String ARMOUR_END = "-----END IPOP CERTIFICATE-----";
    private static final int MAX_TEXT_LENGTH = 4096;

    private final byte[] encoded;
    private final boolean ca;
    private final byte[] identityKey;
    private final byte[] agreementKey;
    private final long notBefore;
    private final long notAfter;
    private final int virtualIp;
    private final byte[] issuerFingerprint;
    private final String name;
    private final List<String> namespaces;
    private final byte[] signature;
    private final String fingerprint;
    private final Address address;

    private NodeCertificate(final byte[] encoded, final boolean ca, final byte[] identityKey,
        final byte[] agreementKey, final long notBefore, final long notAfter, final int virtualIp,
        final byte[] issuerFingerprint, final String name, final List<String> namespaces) throws CertificateException
    {
        this.encoded = encoded;
        this.ca = ca;
        this.identityKey = identityKey;
        this.agreementKey = agreementKey;
        this.notBefore = notBefore;
        this.notAfter = notAfter;
        this.virtualIp = virtualIp;
        this.issuerFingerprint = issuerFingerprint;
        this.name = name;
        this.namespaces = List.copyOf(namespaces);
        this.signature = Arrays.copyOfRange(encoded, encoded.length - RawKeys.SIGNATURE_LENGTH, encoded.length);
        this.fingerprint = RawKeys.hex(sha256(encoded));
        try
        {
            this.address = NodeIdentity.addressOf(RawKeys.ed25519Public(identityKey));
        }
        catch (final GeneralSecurityException | RuntimeException ex)
        {
            throw new CertificateException("certificate has an invalid identity key");
        }
    }

    /**
     * Encodes and signs a certificate (used by {@link CertificateAuthority}).
     *
     * @param issuerFingerprint raw SHA-256 of the issuer's encoding, or null for a self-signed root.
     * @throws IllegalArgumentException if a field is outside what the encoding allows.
     */
    static NodeCertificate sign(final boolean ca, final byte[] identityKey, final byte[] agreementKey,
        final String name, final List<String> namespaces, final int virtualIp, final long notBefore,
        final long notAfter, final byte[] issuerFingerprint, final PrivateKey issuerKey)
    {
        final ByteBuffer out = ByteBuffer.allocate(MAX_LENGTH);
        out.put((byte)VERSION).put((byte)(ca ? FLAG_CA : 0)).put(identityKey).put(agreementKey);
        out.putLong(notBefore).putLong(notAfter).putInt(virtualIp);
        out.put(issuerFingerprint == null ? new byte[FINGERPRINT_BYTES] : issuerFingerprint);
        final byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        out.put((byte)nameBytes.length).put(nameBytes).put((byte)namespaces.size());
        for (final String namespace : namespaces)
        {
            final byte[] bytes = namespace.getBytes(StandardCharsets.US_ASCII);
            out.put((byte)bytes.length).put(bytes);
        }
        final byte[] body = Arrays.copyOf(out.array(), out.position());
        final byte[] sig = RawKeys.sign(issuerKey, body, body.length);
        final byte[] encoded = Arrays.copyOf(body, body.length + sig.length);
        System.arraycopy(sig, 0, encoded, body.length, sig.length);
        try
        {
            return decode(encoded, 0, encoded.length);
        }
        catch (final CertificateException ex)
        {
            throw new IllegalArgumentException(ex.getMessage(), ex);
        }
    }

    /**
     * Decodes a certificate strictly: any deviation from the documented encoding is refused. The signature is not
     * checked here ({@link TrustStore#check} does that).
     *
     * @param bytes  holds the encoding.
     * @param offset where it starts.
     * @param length its length; no byte may follow the signature.
     * @return the certificate.
     * @throws CertificateException with a one-line reason; nothing else is thrown for any input bytes.
     */
    public static NodeCertificate decode(final byte[] bytes, final int offset, final int length)
        throws CertificateException
    {
        if (bytes == null || offset < 0 || length < 0 || offset > bytes.length - length)
        {
            throw new CertificateException("certificate bytes out of range");
        }
        if (length < MIN_LENGTH || length > MAX_LENGTH)
        {
            throw new CertificateException("certificate has " + length + " bytes, not " + MIN_LENGTH + ".." + MAX_LENGTH);
        }
        final ByteBuffer in = ByteBuffer.wrap(bytes, offset, length).slice();
        final int version = in.get() & 0xFF;
        if (version != VERSION)
        {
            throw new CertificateException("unsupported certificate version " + version);
        }
        final int flags = in.get() & 0xFF;
        if ((flags & ~FLAG_CA) != 0)
        {
            throw new CertificateException("certificate has unknown flags " + flags);
        }
        final boolean ca = (flags & FLAG_CA) != 0;
        final byte[] identityKey = take(in, RawKeys.KEY_LENGTH);
        final byte[] agreementKey = take(in, RawKeys.KEY_LENGTH);
        final long notBefore = in.getLong();
        final long notAfter = in.getLong();
        final int virtualIp = in.getInt();
        final byte[] issuer = take(in, FINGERPRINT_BYTES);
        if (notBefore > notAfter)
        {
            throw new CertificateException("certificate validity ends before it starts");
        }
        final String name = string(in, NAME, "name");
        final int count = in.get() & 0xFF;
        if (count > MAX_NAMESPACES)
        {
            throw new CertificateException("certificate lists " + count + " namespaces, at most " + MAX_NAMESPACES);
        }
        final List<String> namespaces = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            final String namespace = string(in, NAMESPACE, "namespace");
            if (namespaces.contains(namespace))
            {
                throw new CertificateException("certificate lists namespace " + namespace + " twice");
            }
            namespaces.add(namespace);
        }
        if (in.remaining() != RawKeys.SIGNATURE_LENGTH)
        {
            throw new CertificateException("certificate is truncated or has trailing bytes");
        }
        if (ca && (count != 0 || virtualIp != 0 || !allZero(agreementKey)))
        {
            throw new CertificateException("a CA certificate has no namespaces, virtual IP or agreement key");
        }
        return new NodeCertificate(Arrays.copyOfRange(bytes, offset, offset + length), ca, identityKey,
            agreementKey, notBefore, notAfter, virtualIp, issuer, name, namespaces);
    }

    /**
     * Reads the text armour written by {@link #toText()}: a BEGIN line, Base64 lines, an END line; whitespace
     * around lines is ignored.
     *
     * @param text the armoured certificate.
     * @return the certificate.
     * @throws CertificateException with a one-line reason.
     */
    public static NodeCertificate fromText(final String text) throws CertificateException
    {
        if (text == null || text.length() > MAX_TEXT_LENGTH)
        {
            throw new CertificateException("not a certificate: missing or longer than " + MAX_TEXT_LENGTH + " characters");
        }
        final byte[] bytes = Armour.decode(text, ARMOUR_BEGIN, ARMOUR_END);
        if (bytes == null)
        {
            throw new CertificateException("not an IPOP certificate (expected " + ARMOUR_BEGIN + ")");
        }
        return decode(bytes, 0, bytes.length);
    }

    /** @return the text armour: BEGIN line, Base64 in lines of 64 characters, END line, each ending in '\n'. */
    public String toText()
    {
        return Armour.encode(encoded, ARMOUR_BEGIN, ARMOUR_END);
    }

    /** @return a copy of the encoding. */
    public byte[] encode()
    {
        return encoded.clone();
    }

    /** @return lower-case hex SHA-256 of {@link #encode()}. */
    public String fingerprint()
    {
        return fingerprint;
    }

    /** @return the overlay address of the identity key ({@link NodeIdentity#addressOf}). */
    public Address address()
    {
        return address;
    }

    /** @return a copy of the raw Ed25519 identity public key. */
    public byte[] identityKey()
    {
        return identityKey.clone();
    }

    /** @return a copy of the raw X25519 key-agreement public key (zeros for a CA). */
    public byte[] agreementKey()
    {
        return agreementKey.clone();
    }

    /** @return the node's (or CA's) name. */
    public String name()
    {
        return name;
    }

    /** @return the namespaces the node may join, in encoding order; empty for a CA. */
    public List<String> namespaces()
    {
        return namespaces;
    }

    /** @return start of validity, epoch seconds (inclusive). */
    public long notBefore()
    {
        return notBefore;
    }

    /** @return end of validity, epoch seconds (inclusive). */
    public long notAfter()
    {
        return notAfter;
    }

    /** @return the fixed virtual IPv4 address, or 0 for none. */
    public int virtualIp()
    {
        return virtualIp;
    }

    /** @return whether this is a CA certificate. */
    public boolean isCa()
    {
        return ca;
    }

    /** @return the issuer's fingerprint (hex), or "" for a self-signed root. */
    public String issuer()
    {
        return allZero(issuerFingerprint) ? "" : RawKeys.hex(issuerFingerprint);
    }

    /** @return a copy of the 64-byte Ed25519 signature. */
    public byte[] signature()
    {
        return signature.clone();
    }

    /** @return whether the signature verifies with the raw Ed25519 key {@code issuerKey}. */
    boolean verifiedBy(final byte[] issuerKey)
    {
        return RawKeys.verify(issuerKey, encoded, encoded.length - RawKeys.SIGNATURE_LENGTH, signature);
    }

    byte[] rawFingerprint()
    {
        return sha256(encoded);
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof NodeCertificate && Arrays.equals(encoded, ((NodeCertificate)o).encoded);
    }

    @Override
    public int hashCode()
    {
        return Arrays.hashCode(encoded);
    }

    @Override
    public String toString()
    {
        return (ca ? "CA " : "node ") + name + " " + fingerprint;
    }

    static byte[] sha256(final byte[] data)
    {
        try
        {
            return MessageDigest.getInstance("SHA-256").digest(data);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("SHA-256 unavailable", ex);
        }
    }

    static boolean allZero(final byte[] bytes)
    {
        int acc = 0;
        for (final byte b : bytes)
        {
            acc |= b;
        }
        return acc == 0;
    }

    /** @return whether {@code name} is a valid certificate name. */
    static boolean validName(final String name)
    {
        return name != null && NAME.matcher(name).matches();
    }

    /** @return whether {@code namespace} is a valid namespace name. */
    static boolean validNamespace(final String namespace)
    {
        return namespace != null && NAMESPACE.matcher(namespace).matches();
    }

    private static byte[] take(final ByteBuffer in, final int length) throws CertificateException
    {
        if (in.remaining() < length)
        {
            throw new CertificateException("certificate is truncated");
        }
        final byte[] out = new byte[length];
        in.get(out);
        return out;
    }

    private static String string(final ByteBuffer in, final Pattern pattern, final String what)
        throws CertificateException
    {
        if (!in.hasRemaining())
        {
            throw new CertificateException("certificate is truncated");
        }
        final int length = in.get() & 0xFF;
        if (length == 0 || length > MAX_NAME_LENGTH)
        {
            throw new CertificateException("certificate " + what + " has " + length + " bytes, not 1.." + MAX_NAME_LENGTH);
        }
        final String value = new String(take(in, length), StandardCharsets.ISO_8859_1);
        if (!pattern.matcher(value).matches())
        {
            throw new CertificateException("certificate " + what + " has characters outside " + pattern.pattern());
        }
        return value;
    }

    /** PEM-like text armour shared by certificates and key files. */
    static final class Armour
    {
        private static final int LINE = 64;

        private Armour()
        {
        }

        static String encode(final byte[] bytes, final String begin, final String end)
        {
            final String base64 = Base64.getEncoder().encodeToString(bytes);
            final StringBuilder sb = new StringBuilder(begin).append('\n');
            for (int i = 0; i < base64.length(); i += LINE)
            {
                sb.append(base64, i, Math.min(base64.length(), i + LINE)).append('\n');
            }
            return sb.append(end).append('\n').toString();
        }

        /** @return the bytes between the markers, or null if the text is not one such block. */
        static byte[] decode(final String text, final String begin, final String end)
        {
            final String trimmed = text.strip();
            if (!trimmed.startsWith(begin) || !trimmed.endsWith(end) || trimmed.length() < begin.length() + end.length())
            {
                return null;
            }
            final String body = trimmed.substring(begin.length(), trimmed.length() - end.length());
            final StringBuilder base64 = new StringBuilder(body.length());
            for (int i = 0; i < body.length(); i++)
            {
                final char c = body.charAt(i);
                if (!Character.isWhitespace(c))
                {
                    base64.append(c);
                }
            }
            try
            {
                return Base64.getDecoder().decode(base64.toString());
            }
            catch (final IllegalArgumentException ex)
            {
                return null;
            }
        }
    }
}
