package org.ipop.overlay.address;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.engine.protocol.NodeAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddressTest
{
    private static final BigInteger RING = BigInteger.ONE.shiftLeft(160);

    private static Address random(final SplittableRandom r)
    {
        return Address.of(r.nextLong(), r.nextLong(), r.nextInt());
    }

    @Test
    void shouldMatchBigIntegerArithmeticModuloTwoTo160()
    {
        final SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++)
        {
            final Address a = i % 10 == 0 ? Address.of(-1L, -1L, -1) : random(r);
            final Address b = i % 7 == 0 ? Address.of(0, 0, 1) : random(r);
            final BigInteger x = a.toBigInteger();
            final BigInteger y = b.toBigInteger();
            assertEquals(x.add(y).mod(RING), a.add(b).toBigInteger());
            assertEquals(x.subtract(y).mod(RING), a.subtract(b).toBigInteger());
            final BigInteger d1 = x.subtract(y).mod(RING);
            final BigInteger d2 = y.subtract(x).mod(RING);
            assertEquals(d1.min(d2), a.distance(b).toBigInteger());
            assertEquals(Integer.signum(x.compareTo(y)), Integer.signum(a.compareTo(b)));
        }
    }

    @Test
    void shouldMeasureRingDistanceTheShortWayRound()
    {
        final Address nearTop = Address.of(-1L, -1L, -2);
        final Address nearZero = Address.of(0, 0, 3);
        assertEquals(BigInteger.valueOf(5), nearTop.distance(nearZero).toBigInteger());
        assertTrue(nearTop.isClockwise(nearZero));
        assertTrue(!nearZero.isClockwise(nearTop));
    }

    @Test
    void shouldRoundTripThroughBytesAndBuffers()
    {
        final SplittableRandom r = new SplittableRandom(3);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        for (int i = 0; i < 100; i++)
        {
            final Address a = random(r);
            assertEquals(a, Address.fromBytes(a.toBytes()));
            a.write(buffer, 7);
            assertEquals(a, Address.read(buffer, 7));
            assertEquals(a, Address.fromBigInteger(a.toBigInteger()));
        }
    }

    @Test
    void shouldShareItsTwentyBytesWithTheEnginesNodeAddress()
    {
        final Address a = Address.of(0x0102030405060708L, 0x1112131415161718L, 0x21222324);
        final UnsafeBuffer bytes = new UnsafeBuffer(a.toBytes());
        assertEquals(a.hi(), NodeAddress.word0(bytes, 0));
        assertEquals(a.mid(), NodeAddress.word1(bytes, 0));
        assertEquals(a.lo(), NodeAddress.word2(bytes, 0));
        final UnsafeBuffer written = new UnsafeBuffer(new byte[Address.LENGTH]);
        NodeAddress.put(written, 0, a.hi(), a.mid(), a.lo());
        assertEquals(a, Address.read(written, 0));
    }

    @Test
    void shouldSetAndClearTheClassBit()
    {
        final Address a = Address.of(1, 2, 0x10);
        assertEquals(Address.KEY_CLASS, a.addressClass());
        assertEquals(Address.NODE_CLASS, a.withClass(Address.NODE_CLASS).addressClass());
        assertEquals(a, a.withClass(Address.NODE_CLASS).withClass(Address.KEY_CLASS));
    }

    @Test
    void shouldComputePowersOfTwoAndTheirLogarithms()
    {
        assertEquals(BigInteger.ONE.shiftLeft(100), Address.powerOfTwo(100).toBigInteger());
        assertEquals(BigInteger.ONE.shiftLeft(10), Address.powerOfTwo(10).toBigInteger());
        for (double e = 30; e < 159.9; e += 3.7)
        {
            assertEquals(e, Address.powerOfTwo(e).log2(), 1e-6);
        }
        assertThrows(IllegalArgumentException.class, () -> Address.powerOfTwo(160));
    }

    @Test
    void shouldKeepTheSameAddressAcrossRestarts(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("node.key");
        final NodeIdentity first = NodeIdentity.loadOrCreate(file);
        final NodeIdentity second = NodeIdentity.loadOrCreate(file);
        assertEquals(first.address(), second.address());
        assertEquals(Address.NODE_CLASS, first.address().addressClass());
        final NodeIdentity other = NodeIdentity.loadOrCreate(dir.resolve("other.key"));
        assertNotEquals(first.address(), other.address());
    }

    @Test
    void shouldRejectATruncatedIdentityFile(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("bad.key");
        Files.writeString(file, "bm90IGEga2V5\n");
        assertThrows(IOException.class, () -> NodeIdentity.loadOrCreate(file));
        Files.writeString(file, "bm90IGEga2V5\nbm90IGEga2V5\n");
        assertThrows(IOException.class, () -> NodeIdentity.loadOrCreate(file));
    }

    @Test
    void shouldPackTransportAddresses()
    {
        final long t = TransportAddress.pack(0xC0A80001, 65535);
        assertEquals(0xC0A80001, TransportAddress.ip(t));
        assertEquals(65535, TransportAddress.port(t));
        assertEquals("192.168.0.1:65535", TransportAddress.toString(t));
    }
}
