package org.ipop.overlay.security;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A CA's signed statement that a certificate is revoked: what spreads through the DHT so that every member stops
 * accepting the certificate within seconds, whichever node the operator handed it to. Layout (144 bytes, integers
 * big-endian):
 * <pre>
 *    0 | magic "IPRV" (4) | version = 1 (1) | reserved = 0 (3)
 *    8 | revoked certificate's fingerprint: SHA-256 of its encoding (32)
 *   40 | issued at, epoch seconds (8)
 *   48 | issuing CA certificate's fingerprint (32)
 *   80 | Ed25519 signature by the CA's identity key over bytes 0..79 (64)
 * </pre>
 * Text form: the Base64 of the bytes between {@code -----BEGIN IPOP REVOCATION-----} and
 * {@code -----END IPOP REVOCATION-----} lines. Immutable.
 */
public final class Revocation
{
    /** Encoded length. */
    public static final int LENGTH = 144;
    private static final byte[] MAGIC = {'I', 'P', 'R', 'V'};
    private static final int VERSION = 1;
    private static final int FINGERPRINT_OFFSET = 8;
    private static final int ISSUED_OFFSET = 40;
    private static final int ISSUER_OFFSET = 48;
    private static final int SIGNATURE_OFFSET = 80;
    private static final String BEGIN = "-----BEGIN IPOP REVOCATION-----";
    private static final String END = "-----END IPOP REVOCATION-----";

    private final byte[] encoded;

    private Revocation(final byte[] encoded)
    {
        this.encoded = encoded;
    }

    /**
     * Signs a revocation.
     *
     * @param caCertificate the CA's certificate (its fingerprint names the issuer).
     * @param caKey         the CA's Ed25519 private key.
     * @param fingerprint   hex SHA-256 fingerprint of the certificate revoked.
     * @param issuedAt      epoch seconds.
     * @return the signed statement.
     * @throws IllegalArgumentException for a fingerprint that is not 64 hex digits.
     */
    public static Revocation issue(
        final NodeCertificate caCertificate, final PrivateKey caKey, final String fingerprint, final long issuedAt)
    {
        final byte[] bytes = new byte[LENGTH];
        final ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        b.put(MAGIC).put((byte)VERSION).put(new byte[3]);
        b.put(parseFingerprint(fingerprint));
        b.putLong(issuedAt);
        b.put(parseFingerprint(caCertificate.fingerprint()));
        try
        {
            final Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(caKey);
            signer.update(bytes, 0, SIGNATURE_OFFSET);
            System.arraycopy(signer.sign(), 0, bytes, SIGNATURE_OFFSET, 64);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalArgumentException("cannot sign with the CA key: " + ex.getMessage(), ex);
        }
        return new Revocation(bytes);
    }

    /**
     * @param bytes encoded statement (exactly {@link #LENGTH} bytes).
     * @return the statement; its signature is not checked yet ({@link #verify}).
     * @throws CertificateException when it is not a revocation of this version.
     */
    public static Revocation decode(final byte[] bytes) throws CertificateException
    {
        if (bytes == null || bytes.length != LENGTH)
        {
            throw new CertificateException("a revocation is " + LENGTH + " bytes, not " + (bytes == null ? 0 : bytes.length));
        }
        if (!Arrays.equals(bytes, 0, 4, MAGIC, 0, 4) || bytes[4] != VERSION)
        {
            throw new CertificateException("not an ipop revocation (bad magic or version)");
        }
        return new Revocation(bytes.clone());
    }

    /**
     * @param text the armoured form.
     * @return the statement.
     * @throws CertificateException when the text holds no revocation.
     */
    public static Revocation fromText(final String text) throws CertificateException
    {
        final int begin = text.indexOf(BEGIN);
        final int end = text.indexOf(END);
        if (begin < 0 || end < begin)
        {
            throw new CertificateException("no '" + BEGIN + "' block");
        }
        try
        {
            return decode(Base64.getMimeDecoder().decode(text.substring(begin + BEGIN.length(), end).trim()));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CertificateException("the revocation block is not Base64");
        }
    }

    /** @return the armoured text form. */
    public String toText()
    {
        return BEGIN + "\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(encoded) +
            "\n" + END + "\n";
    }

    /** @return a copy of the encoded bytes. */
    public byte[] encode()
    {
        return encoded.clone();
    }

    /** @return hex fingerprint of the revoked certificate. */
    public String fingerprint()
    {
        return HexFormat.of().formatHex(encoded, FINGERPRINT_OFFSET, FINGERPRINT_OFFSET + 32);
    }

    /** @return hex fingerprint of the issuing CA's certificate. */
    public String issuer()
    {
        return HexFormat.of().formatHex(encoded, ISSUER_OFFSET, ISSUER_OFFSET + 32);
    }

    /** @return when it was signed, epoch seconds. */
    public long issuedAt()
    {
        return ByteBuffer.wrap(encoded).order(ByteOrder.BIG_ENDIAN).getLong(ISSUED_OFFSET);
    }

    /**
     * @param authorities CA certificates trusted.
     * @return true when one of them issued and signed this statement.
     */
    public boolean verify(final List<NodeCertificate> authorities)
    {
        final String issuer = issuer();
        for (final NodeCertificate ca : authorities)
        {
            if (ca.isCa() && ca.fingerprint().equals(issuer))
            {
                try
                {
                    final Signature verifier = Signature.getInstance("Ed25519");
                    verifier.initVerify(RawKeys.ed25519Public(ca.identityKey()));
                    verifier.update(encoded, 0, SIGNATURE_OFFSET);
                    return verifier.verify(encoded, SIGNATURE_OFFSET, 64);
                }
                catch (final GeneralSecurityException ex)
                {
                    return false;
                }
            }
        }
        return false;
    }

    private static byte[] parseFingerprint(final String fingerprint)
    {
        if (fingerprint == null || !fingerprint.matches("[0-9a-fA-F]{64}"))
        {
            throw new IllegalArgumentException("a certificate fingerprint is 64 hex digits: " + fingerprint);
        }
        return HexFormat.of().parseHex(fingerprint);
    }
}
