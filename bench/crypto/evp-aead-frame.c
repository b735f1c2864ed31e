/*
 * The per-frame AEAD sequence of `openssl speed -aead` (EVP_Update_loop_aead: set the IV, 13 bytes of additional
 * data, the payload, final; plus the tag get or set), run for any EVP AEAD cipher. openssl speed 3.0 runs that
 * sequence for AES-GCM but times ChaCha20-Poly1305 as a plain stream (one update per "frame", no IV, no additional
 * data, no tag), which is not a per-frame cost; this loop is the like-for-like reference for both. Built and run by
 * openssl-speed.sh; prints the result as openssl speed -mr does ("+R:<frames>:<cipher>:<seconds>", wall time).
 *
 *   evp-aead-frame <cipher name> <payload bytes> <seconds> <0 = encrypt, 1 = decrypt>
 */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double seconds_now(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 5)
    {
        fprintf(stderr, "usage: evp-aead-frame <cipher> <bytes> <seconds> <decrypt 0|1>\n");
        return 2;
    }
    const int length = atoi(argv[2]);
    const double duration = atof(argv[3]);
    const int decrypt = atoi(argv[4]);
    EVP_CIPHER *cipher = EVP_CIPHER_fetch(NULL, argv[1], NULL);
    if (cipher == NULL || length <= 0)
    {
        fprintf(stderr, "evp-aead-frame: no cipher %s or bad length\n", argv[1]);
        return 1;
    }
    unsigned char key[32];
    unsigned char iv[12] = {0};
    unsigned char aad[13] = {0xcc};
    unsigned char tag[16] = {0xcc};
    for (int i = 0; i < 32; i++)
    {
        key[i] = (unsigned char)(i * 7 + 1);
    }
    unsigned char *buf = aligned_alloc(64, ((size_t)length + 16 + 63) & ~(size_t)63);
    memset(buf, 0, (size_t)length + 16);
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    if (ctx == NULL || EVP_CipherInit_ex2(ctx, cipher, key, iv, decrypt ? 0 : 1, NULL) != 1)
    {
        fprintf(stderr, "evp-aead-frame: init failed\n");
        return 1;
    }

    long frames = 0;
    int outl = 0;
    const double start = seconds_now();
    double elapsed = 0;
    do
    {
        for (int i = 0; i < 1000; i++, frames++)
        {
            iv[4] = (unsigned char)frames; /* a new nonce per frame, as a sender must */
            iv[5] = (unsigned char)(frames >> 8);
            EVP_CipherInit_ex(ctx, NULL, NULL, NULL, iv, -1);
            if (decrypt)
            {
                EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, sizeof(tag), tag);
            }
            EVP_CipherUpdate(ctx, NULL, &outl, aad, sizeof(aad));
            EVP_CipherUpdate(ctx, buf, &outl, buf, length);
            EVP_CipherFinal_ex(ctx, buf + outl, &outl); /* fails on decrypt (fake tag) after the same work */
            if (!decrypt)
            {
                EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, sizeof(tag), tag);
            }
        }
        elapsed = seconds_now() - start;
    }
    while (elapsed < duration);

    printf("+R:%ld:%s:%f\n", frames, argv[1], elapsed);
    EVP_CIPHER_CTX_free(ctx);
    EVP_CIPHER_free(cipher);
    free(buf);
    return 0;
}
