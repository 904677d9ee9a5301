/* A stand-in for Windows' bcryptprimitives.dll, for the wine prefix of the tests only (wine 8.0 has none).
 * cryptography's Rust extension imports ProcessPrng from it (Rust's standard library asks for random bytes
 * there since Rust 1.78). RtlGenRandom (advapi32's SystemFunction036) is the system's own generator, which
 * wine implements. Never shipped: installer/winpython.py puts it into the prefix's system32. */
#include <windows.h>
#include <ntsecapi.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size)
{
    while (size > 0) {
        ULONG chunk = size > 0x10000000 ? 0x10000000 : (ULONG)size;
        if (!RtlGenRandom(data, chunk))
            return FALSE;
        data += chunk;
        size -= chunk;
    }
    return TRUE;
}
