package org.ipop.tap;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * Finds and loads {@code libipoptap.so}, the C library both bridges call.
 * <p>
 * Search order, first match wins: the file named by {@value #LIBRARY_PATH_PROP}; {@code libipoptap.so} in a
 * directory of {@code java.library.path}; the copy packaged in the tap-native jar at
 * {@code META-INF/native/linux-<arch>/libipoptap.so}, extracted to
 * {@code <dir>/ipop-native-<user>/libipoptap-<SHA-256 prefix>.so}, where {@code <dir>} is {@value #TMPDIR_PROP}
 * or {@code java.io.tmpdir}. The file name follows the content, so every run of one library version shares
 * one file and a killed process leaves nothing new behind. The per-user directory is created 0700 and must be
 * owned by the current user (it is tightened to 0700 if it is not); an existing file is used only if it is a
 * regular file owned by the user and its SHA-256 matches the packaged library, otherwise it is rewritten
 * atomically (temporary file and rename). The JNI bridge loads the file with
 * {@link System#load(String)}; the JNA bridge opens the same file, so both run the same code.
 * <p>
 * Thread safety: all methods may be called from any thread; the library is located and loaded once.
 * Failures throw {@link NativeException} (errno 0) naming what is missing and how to provide it.
 */
public final class NativeLibraryLoader
{
    /** System property: absolute path of a {@code libipoptap.so} to use instead of searching. */
    public static final String LIBRARY_PATH_PROP = "ipop.native.library";

    /** System property: directory to extract the packaged library to (default {@code java.io.tmpdir}). */
    public static final String TMPDIR_PROP = "ipop.native.tmpdir";

    /** Library name as given to {@link System#mapLibraryName(String)}. */
    public static final String LIBRARY_NAME = "ipoptap";

    private static final String FILE_NAME = "lib" + LIBRARY_NAME + ".so";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final int HASH_PREFIX_HEX = 16;

    private static Path libraryPath;
    private static boolean jniLoaded;

    private NativeLibraryLoader()
    {
    }

    /** @return {@code linux-x86_64}, {@code linux-aarch64}, ...: the folder name for this platform. */
    public static String platform()
    {
        final String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        final String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        final String machine = "amd64".equals(arch) || "x86-64".equals(arch) ? "x86_64" : arch;
        return (os.startsWith("linux") ? "linux" : os.replace(' ', '_')) + "-" + machine;
    }

    /** @return the class path resource holding the library for this platform. */
    public static String resourceName()
    {
        return "META-INF/native/" + platform() + "/" + FILE_NAME;
    }

    /**
     * Locates the library once (extracting it if needed) and returns its file.
     *
     * @return the absolute path of the library file both bridges load.
     * @throws NativeException when no library can be found for this platform.
     */
    public static synchronized Path libraryPath()
    {
        if (libraryPath == null)
        {
            libraryPath = locate(
                System.getProperty(LIBRARY_PATH_PROP),
                System.getProperty("java.library.path", ""),
                NativeLibraryLoader.class.getClassLoader(),
                extractDirectory(Paths.get(System.getProperty(TMPDIR_PROP, System.getProperty("java.io.tmpdir")))));
        }
        return libraryPath;
    }

    /**
     * @param base the temporary directory ({@value #TMPDIR_PROP} or {@code java.io.tmpdir}).
     * @return {@code base/ipop-native-<user.name>}, the name reduced to {@code [A-Za-z0-9._-]}.
     */
    static Path extractDirectory(final Path base)
    {
        final String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        return base.resolve("ipop-native-" + (user.isEmpty() ? "user" : user));
    }

    /**
     * Loads the library into the JVM for the JNI bridge (runs its {@code JNI_OnLoad}, which registers the
     * natives of {@code JniNatives}); later calls do nothing.
     *
     * @throws NativeException when the library cannot be found or loaded.
     */
    public static synchronized void loadJni()
    {
        if (jniLoaded)
        {
            return;
        }
        final Path path = libraryPath();
        try
        {
            System.load(path.toString());
        }
        catch (final UnsatisfiedLinkError ex)
        {
            throw loadFailure(path, ex);
        }
        jniLoaded = true;
    }

    /**
     * Locates the library: explicit file, then {@code java.library.path}, then the packaged resource.
     *
     * @param explicitPath    value of {@value #LIBRARY_PATH_PROP}, or null.
     * @param javaLibraryPath value of {@code java.library.path}.
     * @param classLoader     where the packaged resource is looked up.
     * @param extractDir      directory the packaged resource is extracted to.
     * @return an existing library file.
     */
    static Path locate(
        final String explicitPath, final String javaLibraryPath, final ClassLoader classLoader, final Path extractDir)
    {
        if (explicitPath != null && !explicitPath.isEmpty())
        {
            final Path path = Paths.get(explicitPath).toAbsolutePath();
            if (!Files.isRegularFile(path))
            {
                throw new NativeException(
                    "tap-native: -D" + LIBRARY_PATH_PROP + "=" + explicitPath + " does not name an existing " +
                    FILE_NAME + "; fix the path or remove the property to use the library packaged in the jar", 0);
            }
            return path;
        }

        for (final String dir : javaLibraryPath.split(File.pathSeparator))
        {
            if (!dir.isEmpty())
            {
                final Path candidate = Paths.get(dir, FILE_NAME);
                if (Files.isRegularFile(candidate))
                {
                    return candidate.toAbsolutePath();
                }
            }
        }

        final String resource = resourceName();
        try (InputStream in = classLoader.getResourceAsStream(resource))
        {
            if (in == null)
            {
                throw new NativeException(
                    "tap-native: no " + FILE_NAME + " for " + platform() + ": not in java.library.path [" +
                    javaLibraryPath + "] and no " + resource + " on the class path. Build tap-native on this " +
                    "platform with gcc installed (mvn -pl tap-native install), or put " + FILE_NAME +
                    " in a java.library.path directory, or set -D" + LIBRARY_PATH_PROP + "=<file>", 0);
            }
            return extract(in.readAllBytes(), extractDir);
        }
        catch (final IOException ex)
        {
            final NativeException failure = new NativeException(
                "tap-native: cannot extract " + resource + " to " + extractDir + ": " + ex +
                "; make the directory writable or set -D" + TMPDIR_PROP + "=<dir>", 0);
            failure.initCause(ex);
            throw failure;
        }
    }

    /**
     * Writes {@code library} to {@code dir/libipoptap-<hash>.so} unless a trusted file with the same content
     * is there already.
     *
     * @return the verified file.
     */
    static Path extract(final byte[] library, final Path dir) throws IOException
    {
        final byte[] hash = sha256(library);
        final boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        Files.createDirectories(dir.toAbsolutePath().getParent());
        final UserPrincipal user = posix ? currentUser(dir.toAbsolutePath().getParent()) : null;
        final Path target = privateDirectory(dir, user)
            .resolve("lib" + LIBRARY_NAME + "-" + HexFormat.of().formatHex(hash, 0, HASH_PREFIX_HEX / 2) + ".so")
            .toAbsolutePath();
        if (isTrusted(target, user) && MessageDigest.isEqual(hash, sha256(Files.readAllBytes(target))))
        {
            return target;
        }
        final Path temporary = Files.createTempFile(target.getParent(), "lib" + LIBRARY_NAME + "-", ".tmp");
        try
        {
            Files.write(temporary, library);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        finally
        {
            Files.deleteIfExists(temporary);
        }
        return target;
    }

    /**
     * Creates {@code dir} 0700 if missing; an existing one must be a real directory owned by this user, and
     * loses any group or other permission, so no other user can swap the library between check and load.
     */
    private static Path privateDirectory(final Path dir, final UserPrincipal user) throws IOException
    {
        final boolean posix = user != null;
        try
        {
            if (posix)
            {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            else
            {
                Files.createDirectory(dir);
            }
        }
        catch (final FileAlreadyExistsException ex)
        {
            // checked below like one created by this process
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS))
        {
            throw new IOException(dir + " exists and is not a directory");
        }
        if (posix)
        {
            final PosixFileAttributes attributes = Files.getFileAttributeView(
                dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
            if (!attributes.owner().equals(user))
            {
                throw new IOException(dir + " is owned by " + attributes.owner().getName() + ", not by " +
                    System.getProperty("user.name"));
            }
            if (!attributes.permissions().equals(OWNER_ONLY))
            {
                Files.setPosixFilePermissions(dir, OWNER_ONLY);
            }
        }
        return dir;
    }

    private static boolean isTrusted(final Path file, final UserPrincipal user) throws IOException
    {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
        {
            return false;
        }
        if (user == null)
        {
            return true;
        }
        final PosixFileAttributes attributes = Files.getFileAttributeView(
            file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
        final Set<PosixFilePermission> permissions = attributes.permissions();
        return attributes.owner().equals(user) &&
            !permissions.contains(PosixFilePermission.GROUP_WRITE) &&
            !permissions.contains(PosixFilePermission.OTHERS_WRITE);
    }

    /**
     * The effective user, which Java does not expose: the owner of {@code /proc/self} on Linux, else of a
     * file this process creates in {@code dir}.
     */
    private static UserPrincipal currentUser(final Path dir) throws IOException
    {
        final Path self = Paths.get("/proc/self");
        if (dir.getFileSystem() == self.getFileSystem() && Files.isDirectory(self))
        {
            return Files.getOwner(self);
        }
        final Path probe = Files.createTempFile(dir, ".ipop-owner-", ".tmp");
        try
        {
            return Files.getOwner(probe, LinkOption.NOFOLLOW_LINKS);
        }
        finally
        {
            Files.deleteIfExists(probe);
        }
    }

    private static byte[] sha256(final byte[] data)
    {
        try
        {
            return MessageDigest.getInstance("SHA-256").digest(data);
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("every JDK provides SHA-256", ex);
        }
    }

    static NativeException loadFailure(final Path path, final Throwable cause)
    {
        final NativeException failure = new NativeException(
            "tap-native: cannot load " + path + ": " + cause.getMessage() + ". If the file exists, its directory " +
            "may be mounted noexec (set -D" + TMPDIR_PROP + "=<dir on an exec mount>) or it was built for " +
            "another platform than " + platform(), 0);
        failure.initCause(cause);
        return failure;
    }
}
