/*
 * JNI bindings of the C API for org.ipop.tap.JniNatives, registered in JNI_OnLoad.
 * Hot-path functions take and return primitives only and never touch JNI objects; setup functions copy
 * strings and byte arrays in and out.
 */
#include <errno.h>
#include <jni.h>
#include <net/if.h>
#include <string.h>

#include "ipop_tap.h"

#define IPOP_JNI_CLASS "org/ipop/tap/JniNatives"

/* Copies a Java string into an interface name buffer. @return 0 or -EINVAL (null or too long). */
static int ipop_jni_name(JNIEnv *env, jstring name, char target[IFNAMSIZ])
{
    if (name == NULL)
    {
        return -EINVAL;
    }
    const jsize length = (*env)->GetStringUTFLength(env, name);
    if (length <= 0 || length >= IFNAMSIZ)
    {
        return -EINVAL;
    }
    memset(target, 0, IFNAMSIZ);
    (*env)->GetStringUTFRegion(env, name, 0, (*env)->GetStringLength(env, name), target);
    return (*env)->ExceptionCheck(env) ? -EINVAL : 0;
}

static jint ipop_jni_layout_constant(JNIEnv *env, jclass clazz, jint id)
{
    (void)env;
    (void)clazz;
    return ipop_layout_constant(id);
}

static jint ipop_jni_tap_open(JNIEnv *env, jclass clazz, jstring name, jint flags, jbyteArray actual_name)
{
    (void)clazz;
    char ifname[IFNAMSIZ];
    const int result = ipop_jni_name(env, name, ifname);
    if (result != 0)
    {
        return result;
    }
    if (actual_name == NULL || (*env)->GetArrayLength(env, actual_name) < IFNAMSIZ)
    {
        return -EINVAL;
    }
    char actual[IFNAMSIZ];
    const int fd = ipop_tap_open(ifname, flags, actual);
    if (fd >= 0)
    {
        (*env)->SetByteArrayRegion(env, actual_name, 0, IFNAMSIZ, (const jbyte *)actual);
    }
    return fd;
}

static jint ipop_jni_tap_set_mtu(JNIEnv *env, jclass clazz, jstring name, jint mtu)
{
    (void)clazz;
    char ifname[IFNAMSIZ];
    const int result = ipop_jni_name(env, name, ifname);
    return result != 0 ? result : ipop_tap_set_mtu(ifname, mtu);
}

static jint ipop_jni_tap_set_mac(JNIEnv *env, jclass clazz, jstring name, jbyteArray mac)
{
    (void)clazz;
    char ifname[IFNAMSIZ];
    const int result = ipop_jni_name(env, name, ifname);
    if (result != 0)
    {
        return result;
    }
    if (mac == NULL || (*env)->GetArrayLength(env, mac) != 6)
    {
        return -EINVAL;
    }
    uint8_t bytes[6];
    (*env)->GetByteArrayRegion(env, mac, 0, 6, (jbyte *)bytes);
    return ipop_tap_set_mac(ifname, bytes);
}

static jint ipop_jni_tap_get_mac(JNIEnv *env, jclass clazz, jstring name, jbyteArray mac)
{
    (void)clazz;
    char ifname[IFNAMSIZ];
    int result = ipop_jni_name(env, name, ifname);
    if (result != 0)
    {
        return result;
    }
    if (mac == NULL || (*env)->GetArrayLength(env, mac) != 6)
    {
        return -EINVAL;
    }
    uint8_t bytes[6];
    result = ipop_tap_get_mac(ifname, bytes);
    if (result == 0)
    {
        (*env)->SetByteArrayRegion(env, mac, 0, 6, (const jbyte *)bytes);
    }
    return result;
}

static jint ipop_jni_tap_set_ipv4(JNIEnv *env, jclass clazz, jstring name, jint address, jint prefix_length)
{
    (void)clazz;
    char ifname[IFNAMSIZ];
    const int result = ipop_jni_name(env, name, ifname);
    return result != 0 ? result : ipop_tap_set_ipv4(ifname, (uint32_t)address, prefix_length);
}

static jint ipop_jni_tap_set_up(JNIEnv *env, jclass clazz, jstring name, jboolean up)
{
    (void)clazz;
    char ifname[IFNAMSIZ];
    const int result = ipop_jni_name(env, name, ifname);
    return result != 0 ? result : ipop_tap_set_up(ifname, up == JNI_TRUE);
}

static jint ipop_jni_tap_read_batch(
    JNIEnv *env, jclass clazz, jint fd, jlong address, jint capacity, jint max_frames, jint frame_space)
{
    (void)env;
    (void)clazz;
    return ipop_tap_read_batch(fd, (void *)(intptr_t)address, capacity, max_frames, frame_space);
}

static jint ipop_jni_tap_write_batch(
    JNIEnv *env, jclass clazz, jint fd, jlong address, jint length, jint frame_count)
{
    (void)env;
    (void)clazz;
    return ipop_tap_write_batch(fd, (void *)(intptr_t)address, length, frame_count);
}

static jint ipop_jni_udp_open(
    JNIEnv *env, jclass clazz, jint address, jint port, jint receive_buffer, jint send_buffer)
{
    (void)env;
    (void)clazz;
    return ipop_udp_open((uint32_t)address, port, receive_buffer, send_buffer);
}

static jlong ipop_jni_udp_local_address(JNIEnv *env, jclass clazz, jint fd)
{
    (void)env;
    (void)clazz;
    return ipop_udp_local_address(fd);
}

static jint ipop_jni_udp_buffer_size(JNIEnv *env, jclass clazz, jint fd, jboolean receive)
{
    (void)env;
    (void)clazz;
    return ipop_udp_buffer_size(fd, receive == JNI_TRUE);
}

static jint ipop_jni_udp_receive_batch(
    JNIEnv *env, jclass clazz, jint fd, jlong address, jint capacity, jint max_datagrams, jint max_payload)
{
    (void)env;
    (void)clazz;
    return ipop_udp_receive_batch(fd, (void *)(intptr_t)address, capacity, max_datagrams, max_payload);
}

static jint ipop_jni_udp_send_batch(
    JNIEnv *env, jclass clazz, jint fd, jlong address, jint length, jint datagram_count)
{
    (void)env;
    (void)clazz;
    return ipop_udp_send_batch(fd, (void *)(intptr_t)address, length, datagram_count);
}

static jlong ipop_jni_keys_open(JNIEnv *env, jclass clazz, jint capacity)
{
    (void)env;
    (void)clazz;
    return ipop_keys_open(capacity);
}

static void ipop_jni_keys_close(JNIEnv *env, jclass clazz, jlong handle)
{
    (void)env;
    (void)clazz;
    ipop_keys_close(handle);
}

static jint ipop_jni_keys_capacity(JNIEnv *env, jclass clazz, jlong handle)
{
    (void)env;
    (void)clazz;
    return ipop_keys_capacity(handle);
}

static jint ipop_jni_keys_local_node(JNIEnv *env, jclass clazz, jlong handle, jlong node)
{
    (void)env;
    (void)clazz;
    return ipop_keys_local_node(handle, (const uint8_t *)(intptr_t)node);
}

static jint ipop_jni_keys_install(JNIEnv *env, jclass clazz, jlong handle, jint slot, jint cipher, jlong peer,
                                  jint peer_index, jlong send_key, jlong receive_key)
{
    (void)env;
    (void)clazz;
    return ipop_keys_install(handle, slot, cipher, (const uint8_t *)(intptr_t)peer, (uint32_t)peer_index,
                             (const uint8_t *)(intptr_t)send_key, (const uint8_t *)(intptr_t)receive_key);
}

static jint ipop_jni_keys_remove(JNIEnv *env, jclass clazz, jlong handle, jint slot)
{
    (void)env;
    (void)clazz;
    return ipop_keys_remove(handle, slot);
}

static jint ipop_jni_keys_is_active(JNIEnv *env, jclass clazz, jlong handle, jint slot)
{
    (void)env;
    (void)clazz;
    return ipop_keys_is_active(handle, slot);
}

static jlong ipop_jni_keys_send_counter(JNIEnv *env, jclass clazz, jlong handle, jint slot)
{
    (void)env;
    (void)clazz;
    return ipop_keys_send_counter(handle, slot);
}

static jint ipop_jni_seal_batch(JNIEnv *env, jclass clazz, jlong handle, jlong address, jint length, jint count)
{
    (void)env;
    (void)clazz;
    return ipop_seal_batch(handle, (void *)(intptr_t)address, length, count);
}

static jint ipop_jni_open_batch(JNIEnv *env, jclass clazz, jlong handle, jlong address, jint capacity, jint count)
{
    (void)env;
    (void)clazz;
    return ipop_open_batch(handle, (void *)(intptr_t)address, capacity, count);
}

static jint ipop_jni_udp_send_sealed_batch(
    JNIEnv *env, jclass clazz, jint fd, jlong handle, jlong address, jint length, jint count)
{
    (void)env;
    (void)clazz;
    return ipop_udp_send_sealed_batch(fd, handle, (void *)(intptr_t)address, length, count);
}

static jint ipop_jni_udp_receive_open_batch(
    JNIEnv *env, jclass clazz, jint fd, jlong handle, jlong address, jint capacity, jint max_datagrams,
    jint max_payload)
{
    (void)env;
    (void)clazz;
    return ipop_udp_receive_open_batch(fd, handle, (void *)(intptr_t)address, capacity, max_datagrams, max_payload);
}

static jint ipop_jni_close(JNIEnv *env, jclass clazz, jint fd)
{
    (void)env;
    (void)clazz;
    return ipop_close(fd);
}

static jint ipop_jni_wait_readable(JNIEnv *env, jclass clazz, jint fd_a, jint fd_b, jint fd_c, jlong timeout_ns)
{
    (void)env;
    (void)clazz;
    return ipop_wait_readable(fd_a, fd_b, fd_c, timeout_ns);
}

static jint ipop_jni_doorbell_open(JNIEnv *env, jclass clazz)
{
    (void)env;
    (void)clazz;
    return ipop_doorbell_open();
}

static jint ipop_jni_doorbell_ring(JNIEnv *env, jclass clazz, jint fd)
{
    (void)env;
    (void)clazz;
    return ipop_doorbell_ring(fd);
}

static jint ipop_jni_doorbell_drain(JNIEnv *env, jclass clazz, jint fd)
{
    (void)env;
    (void)clazz;
    return ipop_doorbell_drain(fd);
}

static const JNINativeMethod ipop_jni_methods[] = {
    {"layoutConstant", "(I)I", (void *)ipop_jni_layout_constant},
    {"tapOpen", "(Ljava/lang/String;I[B)I", (void *)ipop_jni_tap_open},
    {"tapSetMtu", "(Ljava/lang/String;I)I", (void *)ipop_jni_tap_set_mtu},
    {"tapSetMac", "(Ljava/lang/String;[B)I", (void *)ipop_jni_tap_set_mac},
    {"tapGetMac", "(Ljava/lang/String;[B)I", (void *)ipop_jni_tap_get_mac},
    {"tapSetIpv4", "(Ljava/lang/String;II)I", (void *)ipop_jni_tap_set_ipv4},
    {"tapSetUp", "(Ljava/lang/String;Z)I", (void *)ipop_jni_tap_set_up},
    {"tapReadBatch", "(IJIII)I", (void *)ipop_jni_tap_read_batch},
    {"tapWriteBatch", "(IJII)I", (void *)ipop_jni_tap_write_batch},
    {"udpOpen", "(IIII)I", (void *)ipop_jni_udp_open},
    {"udpLocalAddress", "(I)J", (void *)ipop_jni_udp_local_address},
    {"udpBufferSize", "(IZ)I", (void *)ipop_jni_udp_buffer_size},
    {"udpReceiveBatch", "(IJIII)I", (void *)ipop_jni_udp_receive_batch},
    {"udpSendBatch", "(IJII)I", (void *)ipop_jni_udp_send_batch},
    {"keysOpen", "(I)J", (void *)ipop_jni_keys_open},
    {"keysClose", "(J)V", (void *)ipop_jni_keys_close},
    {"keysCapacity", "(J)I", (void *)ipop_jni_keys_capacity},
    {"keysLocalNode", "(JJ)I", (void *)ipop_jni_keys_local_node},
    {"keysInstall", "(JIIJIJJ)I", (void *)ipop_jni_keys_install},
    {"keysRemove", "(JI)I", (void *)ipop_jni_keys_remove},
    {"keysIsActive", "(JI)I", (void *)ipop_jni_keys_is_active},
    {"keysSendCounter", "(JI)J", (void *)ipop_jni_keys_send_counter},
    {"sealBatch", "(JJII)I", (void *)ipop_jni_seal_batch},
    {"openBatch", "(JJII)I", (void *)ipop_jni_open_batch},
    {"udpSendSealedBatch", "(IJJII)I", (void *)ipop_jni_udp_send_sealed_batch},
    {"udpReceiveOpenBatch", "(IJJIII)I", (void *)ipop_jni_udp_receive_open_batch},
    {"close", "(I)I", (void *)ipop_jni_close},
    {"waitReadable", "(IIIJ)I", (void *)ipop_jni_wait_readable},
    {"doorbellOpen", "()I", (void *)ipop_jni_doorbell_open},
    {"doorbellRing", "(I)I", (void *)ipop_jni_doorbell_ring},
    {"doorbellDrain", "(I)I", (void *)ipop_jni_doorbell_drain},
};

/* The bridges pass buffers by address: refuse to load where the JVM cannot give direct addresses. */
static int ipop_jni_direct_buffers_supported(JNIEnv *env)
{
    static char probe[8];
    const jobject buffer = (*env)->NewDirectByteBuffer(env, probe, sizeof(probe));
    if (buffer == NULL)
    {
        (*env)->ExceptionClear(env);
        return 0;
    }
    const int supported = (*env)->GetDirectBufferAddress(env, buffer) == probe;
    (*env)->DeleteLocalRef(env, buffer);
    return supported;
}

JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM *vm, void *reserved)
{
    (void)reserved;
    JNIEnv *env = NULL;
    if ((*vm)->GetEnv(vm, (void **)&env, JNI_VERSION_1_8) != JNI_OK)
    {
        return JNI_ERR;
    }
    if (!ipop_jni_direct_buffers_supported(env))
    {
        return JNI_ERR;
    }
    const jclass clazz = (*env)->FindClass(env, IPOP_JNI_CLASS);
    if (clazz == NULL)
    {
        return JNI_ERR;
    }
    const jint count = (jint)(sizeof(ipop_jni_methods) / sizeof(ipop_jni_methods[0]));
    if ((*env)->RegisterNatives(env, clazz, ipop_jni_methods, count) != 0)
    {
        return JNI_ERR;
    }
    (*env)->DeleteLocalRef(env, clazz);
    return JNI_VERSION_1_8;
}
