package org.ipop.tap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building, packaging, finding and loading libipoptap.so. */
class NativeLibraryLoaderTest
{
    @TempDir
    Path tmp;

    private static byte[] packagedLibrary() throws IOException
    {
        try (InputStream in = NativeLibraryLoader.class.getClassLoader()
            .getResourceAsStream(NativeLibraryLoader.resourceName()))
        {
            assertTrue(in != null, "the build packages " + NativeLibraryLoader.resourceName());
            return in.readAllBytes();
        }
    }

    @Test
    void shouldNameThePlatformFolderLikeTheBuild()
    {
        assumeTrue("amd64".equals(System.getProperty("os.arch")), "checks the x86-64 folder name");
        assertEquals("linux-x86_64", NativeLibraryLoader.platform());
        assertEquals("META-INF/native/linux-x86_64/libipoptap.so", NativeLibraryLoader.resourceName());
    }

    @Test
    void shouldPreferTheLibraryOnJavaLibraryPath() throws IOException
    {
        final Path dir = Files.createDirectories(tmp.resolve("lib"));
        Files.write(dir.resolve("libipoptap.so"), packagedLibrary());

        final Path found = NativeLibraryLoader.locate(
            null, "/nonexistent:" + dir, NativeLibraryLoader.class.getClassLoader(), tmp.resolve("extract"));

        assertEquals(dir.resolve("libipoptap.so").toAbsolutePath(), found);
    }

    @Test
    void shouldExtractThePackagedLibraryToALoadableFile() throws IOException
    {
        final Path extractDir = tmp.resolve("extract");

        final Path extracted = NativeLibraryLoader.locate(
            null, "/nonexistent", NativeLibraryLoader.class.getClassLoader(), extractDir);

        assertEquals(extractDir.toAbsolutePath(), extracted.getParent());
        assertArrayEquals(packagedLibrary(), Files.readAllBytes(extracted));
        final NativeLibrary library = NativeLibrary.getInstance(extracted.toString());
        try
        {
            assertEquals(FrameBatchDescriptor.HEADER_LENGTH,
                library.getFunction("ipop_layout_constant").invokeInt(new Object[] {NativeLayout.FRAME_HEADER_LENGTH}));
        }
        finally
        {
            library.close();
        }
    }

    @Test
    void shouldReuseTheSameExtractedFileOnEveryRun() throws IOException
    {
        final Path extractDir = tmp.resolve("ipop-native-test");

        final Path first = NativeLibraryLoader.locate(
            null, "/nonexistent", NativeLibraryLoader.class.getClassLoader(), extractDir);
        final Object written = Files.readAttributes(first, BasicFileAttributes.class).fileKey();
        final Path second = NativeLibraryLoader.locate(
            null, "/nonexistent", NativeLibraryLoader.class.getClassLoader(), extractDir);

        assertEquals(first, second);
        assertEquals(written, Files.readAttributes(second, BasicFileAttributes.class).fileKey(), "same inode: not rewritten");
        assertTrue(first.getFileName().toString().matches("libipoptap-[0-9a-f]{16}\\.so"), first.toString());
        try (Stream<Path> files = Files.list(extractDir))
        {
            assertEquals(List.of(first), files.toList(), "one file per library version, nothing else");
        }
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(extractDir));
    }

    @Test
    void shouldReplaceACorruptedExtractedFile() throws IOException
    {
        final Path extractDir = tmp.resolve("ipop-native-test");
        final Path extracted = NativeLibraryLoader.locate(
            null, "/nonexistent", NativeLibraryLoader.class.getClassLoader(), extractDir);
        final byte[] corrupted = packagedLibrary();
        corrupted[corrupted.length / 2] ^= 0x5A;
        Files.write(extracted, corrupted);

        final Path again = NativeLibraryLoader.locate(
            null, "/nonexistent", NativeLibraryLoader.class.getClassLoader(), extractDir);

        assertEquals(extracted, again);
        assertArrayEquals(packagedLibrary(), Files.readAllBytes(again));
        try (Stream<Path> files = Files.list(extractDir))
        {
            assertEquals(List.of(again), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void shouldReplaceASymlinkAndTightenALooseDirectory() throws IOException
    {
        final Path extractDir = Files.createDirectories(tmp.resolve("ipop-native-test"));
        Files.setPosixFilePermissions(extractDir, PosixFilePermissions.fromString("rwxrwxrwx"));
        final Path name = NativeLibraryLoader.locate(
            null, "/nonexistent", NativeLibraryLoader.class.getClassLoader(), extractDir);
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(extractDir));
        final Path elsewhere = Files.write(tmp.resolve("planted.so"), packagedLibrary());
        Files.delete(name);
        Files.createSymbolicLink(name, elsewhere);

        final Path again = NativeLibraryLoader.locate(
            null, "/nonexistent", NativeLibraryLoader.class.getClassLoader(), extractDir);

        assertFalse(Files.isSymbolicLink(again), "a link, even to the right bytes, is not trusted");
        assertArrayEquals(packagedLibrary(), Files.readAllBytes(again));
    }

    @Test
    void shouldRefuseAnExtractDirectoryOwnedByAnotherUser() throws IOException
    {
        final UserPrincipal nobody;
        try
        {
            nobody = tmp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        }
        catch (final IOException ex)
        {
            assumeTrue(false, "needs a user 'nobody'");
            return;
        }
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to give a directory away");
        final Path extractDir = Files.createDirectories(tmp.resolve("ipop-native-test"));
        Files.setOwner(extractDir, nobody);

        final NativeException failure = assertThrows(NativeException.class, () -> NativeLibraryLoader.locate(
            null, "/nonexistent", NativeLibraryLoader.class.getClassLoader(), extractDir));

        assertTrue(failure.getMessage().contains("owned by nobody"), failure.getMessage());
    }

    @Test
    void shouldNameTheExtractDirectoryAfterTheUser()
    {
        final Path dir = NativeLibraryLoader.extractDirectory(tmp);
        assertEquals(tmp, dir.getParent());
        assertEquals("ipop-native-" + System.getProperty("user.name").replaceAll("[^A-Za-z0-9._-]", "_"),
            dir.getFileName().toString());
    }

    @Test
    void shouldNameWhatIsMissingWhenNoLibraryIsFound() throws IOException
    {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null))
        {
            final NativeException failure = assertThrows(NativeException.class,
                () -> NativeLibraryLoader.locate(null, "/nonexistent", empty, tmp));

            assertEquals(0, failure.errno());
            for (final String part : new String[] {
                "libipoptap.so", NativeLibraryLoader.platform(), "java.library.path [/nonexistent]",
                NativeLibraryLoader.resourceName(), "gcc", NativeLibraryLoader.LIBRARY_PATH_PROP})
            {
                assertTrue(failure.getMessage().contains(part), "'" + part + "' missing: " + failure.getMessage());
            }
        }
    }

    @Test
    void shouldRejectAnExplicitLibraryPathThatDoesNotExist()
    {
        final NativeException failure = assertThrows(NativeException.class, () -> NativeLibraryLoader.locate(
            tmp.resolve("missing.so").toString(), "", NativeLibraryLoader.class.getClassLoader(), tmp));

        assertTrue(failure.getMessage().contains("missing.so"), failure.getMessage());
        assertTrue(failure.getMessage().contains("does not name an existing"), failure.getMessage());
    }

    private static Commands.Result build(final String cc, final String javaHome, final Path out) throws Exception
    {
        final ProcessBuilder builder = new ProcessBuilder(
            "sh", "src/main/c/build.sh", out.resolve("native").toString(), out.resolve("obj").toString(), javaHome)
            .redirectErrorStream(true);
        builder.environment().put("CC", cc);
        final Process process = builder.start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "build finished");
        return new Commands.Result(process.exitValue(), output);
    }

    @Test
    void shouldFailTheBuildWithOneLineNamingAMissingCompiler() throws Exception
    {
        final Commands.Result result = build("ipop-no-such-cc", System.getProperty("java.home"), tmp);

        assertNotEquals(0, result.exitCode());
        assertEquals("tap-native: no C compiler: 'ipop-no-such-cc' is not on PATH. Install gcc " +
            "(Debian/Ubuntu: apt-get install gcc) or set CC.", result.output().trim());
    }

    @Test
    void shouldFailTheBuildNamingAMissingJniHeader() throws Exception
    {
        assumeTrue(Commands.onPath("gcc"), "needs gcc");
        final Commands.Result result = build("gcc", tmp.resolve("no-jdk").toString(), tmp);

        assertNotEquals(0, result.exitCode());
        assertTrue(result.output().contains("no JNI header") && result.output().contains("full JDK"), result.output());
    }

    @Test
    void shouldExportExactlyTheCApiBoundByJnaAndJniOnLoad()
    {
        assumeTrue(Commands.onPath("nm"), "needs nm (binutils) to list the dynamic symbols");
        final String symbols = Commands.run("nm", "-D", "--defined-only", NativeLibraryLoader.libraryPath().toString());
        final Set<String> exported = Arrays.stream(symbols.split("\n"))
            .map(line -> line.trim().split("\\s+"))
            .filter(fields -> fields.length == 3 && "T".equals(fields[1]))
            .map(fields -> fields[2])
            .collect(Collectors.toCollection(TreeSet::new));

        final Set<String> expected = Arrays.stream(JnaNatives.class.getDeclaredMethods())
            .filter(method -> Modifier.isNative(method.getModifiers()))
            .map(Method::getName)
            .collect(Collectors.toCollection(TreeSet::new));
        expected.add("JNI_OnLoad");
        assertEquals(expected, exported, "static helpers and JNI wrappers stay hidden");
    }
}
