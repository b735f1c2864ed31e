package org.ipop.tools.admin;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.ipop.overlay.dht.Dht;
import org.ipop.overlay.dht.DhtGetCallback;
import org.ipop.overlay.dht.DhtResultCallback;
import org.ipop.overlay.dht.DhtStatus;
import org.ipop.overlay.dht.DhtValue;

/**
 * A one-node DHT for the admin channel's tests: put appends, create fails with EXISTS on a different live
 * value, get returns what is there. Keys ending in {@code never} never complete; keys ending in {@code lost}
 * complete with TIMEOUT. Records every key it is given (as text).
 */
final class FakeDht implements Dht
{
    final List<String> keysSeen = new CopyOnWriteArrayList<>();
    private final Map<String, List<byte[]>> values = new HashMap<>();

    @Override
    public void put(final byte[] key, final byte[] value, final int ttlSeconds, final DhtResultCallback callback)
    {
        final String k = seen(key);
        if (k.endsWith("never"))
        {
            return;
        }
        if (k.endsWith("lost"))
        {
            callback.onResult(DhtStatus.TIMEOUT);
            return;
        }
        final List<byte[]> list = values.computeIfAbsent(k, x -> new ArrayList<>());
        if (list.stream().noneMatch(v -> Arrays.equals(v, value)))
        {
            list.add(value);
        }
        callback.onResult(DhtStatus.OK);
    }

    @Override
    public void create(final byte[] key, final byte[] value, final int ttlSeconds, final DhtResultCallback callback)
    {
        final String k = seen(key);
        final List<byte[]> list = values.get(k);
        if (list != null && list.stream().anyMatch(v -> !Arrays.equals(v, value)))
        {
            callback.onResult(DhtStatus.EXISTS);
            return;
        }
        values.put(k, new ArrayList<>(List.of(value)));
        callback.onResult(DhtStatus.OK);
    }

    @Override
    public void get(final byte[] key, final DhtGetCallback callback)
    {
        final String k = seen(key);
        if (k.endsWith("never"))
        {
            return;
        }
        if (k.endsWith("lost"))
        {
            callback.onValues(DhtStatus.TIMEOUT, List.of());
            return;
        }
        final List<DhtValue> out = new ArrayList<>();
        for (final byte[] v : values.getOrDefault(k, List.of()))
        {
            out.add(new DhtValue(v, 60));
        }
        callback.onValues(DhtStatus.OK, out);
    }

    @Override
    public void delete(final byte[] key, final byte[] value, final DhtResultCallback callback)
    {
        throw new UnsupportedOperationException("the admin channel never deletes");
    }

    private String seen(final byte[] key)
    {
        final String k = new String(key, StandardCharsets.UTF_8);
        keysSeen.add(k);
        return k;
    }
}
