package org.ipop.overlay.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reading and writing the text files that hold certificates and private keys. Key files are created with mode
 * 0600 and refused when group or others have any permission bit; nothing is ever overwritten.
 */
final class KeyFiles
{
    /** Armour of a node key file: Ed25519 identity seed (32) then X25519 agreement private key (32). */
    static final String NODE_KEY_BEGIN = "-----BEGIN IPOP NODE KEY-----";
    static final String NODE_KEY_END = "-----END IPOP NODE KEY-----";
    /** Armour of a CA key file: Ed25519 seed (32). */
    static final String CA_KEY_BEGIN = "-----BEGIN IPOP CA KEY-----";
    static final String CA_KEY_END = "-----END IPOP CA KEY-----";

    private static final long MAX_FILE_BYTES = 16 * 1024;
    private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
        PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private KeyFiles()
    {
    }

    /** Reads a small text file (a certificate or key), refusing a missing or oversized one with a one-line message. */
    static String readText(final Path file) throws IOException
    {
        try
        {
            if (Files.size(file) > MAX_FILE_BYTES)
            {
                throw new IOException(file + " is larger than " + MAX_FILE_BYTES + " bytes: not a certificate or key file");
            }
            return Files.readString(file, StandardCharsets.US_ASCII);
        }
        catch (final NoSuchFileException ex)
        {
            throw new IOException("no such file " + file, ex);
        }
    }

    /** Reads a certificate file. */
    static NodeCertificate readCertificate(final Path file) throws IOException
    {
        try
        {
            return NodeCertificate.fromText(readText(file));
        }
        catch (final CertificateException ex)
        {
            throw new IOException(file + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Reads a private key file after checking that neither group nor others may access it.
     *
     * @return the raw key bytes ({@code length} of them).
     */
    static byte[] readKey(final Path file, final String begin, final String end, final int length) throws IOException
    {
        checkPrivate(file);
        final byte[] bytes = NodeCertificate.Armour.decode(readText(file), begin, end);
        if (bytes == null || bytes.length != length)
        {
            if (bytes != null)
            {
                Arrays.fill(bytes, (byte)0);
            }
            throw new IOException(file + " is not a key file of this kind (expected " + begin + " with " + length + " bytes)");
        }
        return bytes;
    }

    /** Refuses a key file that group or others may read, write or execute. */
    static void checkPrivate(final Path file) throws IOException
    {
        final PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null)
        {
            return; // not a POSIX file system: nothing to check
        }
        final Set<PosixFilePermission> permissions;
        try
        {
            permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        }
        catch (final NoSuchFileException ex)
        {
            throw new IOException("no such file " + file, ex);
        }
        final Set<PosixFilePermission> extra = EnumSet.noneOf(PosixFilePermission.class);
        extra.addAll(permissions);
        extra.retainAll(GROUP_OR_OTHER);
        if (!extra.isEmpty())
        {
            throw new IOException("key file " + file + " has mode " + PosixFilePermissions.toString(permissions) +
                ": group and others must have no access (chmod 600 " + file + ")");
        }
    }

    /** Creates {@code file} with {@code text}; never overwrites. Mode 0600 when {@code secret}. */
    static void writeNew(final Path file, final String text, final boolean secret) throws IOException
    {
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent))
        {
            throw new IOException("no directory " + parent + " for " + file);
        }
        try
        {
            if (secret && Files.getFileStore(parent).supportsFileAttributeView(PosixFileAttributeView.class))
            {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                // the umask cannot widen 0600, but make the mode exact whatever created it
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            else
            {
                Files.createFile(file);
            }
        }
        catch (final FileAlreadyExistsException ex)
        {
            throw new IOException(file + " already exists: refusing to overwrite it", ex);
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
