/* A stand-in for the card software, for the wine prefix of the tests only: a PKCS#11 module with no slots.
 *
 * No Windows PKCS#11 module of the field (Thales SAC's eTPKCS11.dll, Net iD's iidp11.dll) can run here, and
 * wine has no PC/SC bridge, so a real one would see no reader anyway. This one answers as such a module does
 * on a PC with no card reader: it loads, initialises, tells who it is, and lists no slots. Every other
 * function says CKR_FUNCTION_NOT_SUPPORTED. It lets the Windows program's own path be tested for real: the
 * module named by the MSI's PKCS11_MODULE, read from HKLM, loaded through python-pkcs11 with LoadLibrary.
 *
 * PKCS#11 on Windows: CK_ULONG is 32 bits and the structures are packed to 1 byte (the standard's
 * pkcs11.h says so for Win32 and Win64), so the function pointers of CK_FUNCTION_LIST start at offset 2. */
#include <string.h>

typedef unsigned long CK_ULONG;
typedef CK_ULONG CK_RV;
#pragma pack(push, 1)
typedef struct { unsigned char major, minor; } CK_VERSION;
typedef struct {
    CK_VERSION cryptokiVersion;
    unsigned char manufacturerID[32];
    CK_ULONG flags;
    unsigned char libraryDescription[32];
    CK_VERSION libraryVersion;
} CK_INFO;
typedef CK_RV (*CK_FN)(void);
typedef struct { CK_VERSION version; CK_FN fn[68]; } CK_FUNCTION_LIST;  /* PKCS#11 2.40: 68 functions */
#pragma pack(pop)

#define CKR_OK 0x0UL
#define CKR_ARGUMENTS_BAD 0x7UL
#define CKR_FUNCTION_NOT_SUPPORTED 0x54UL

static CK_FUNCTION_LIST functions;

static CK_RV not_supported(void) { return CKR_FUNCTION_NOT_SUPPORTED; }
static CK_RV initialize(void *args) { (void)args; return CKR_OK; }
static CK_RV finalize(void *reserved) { (void)reserved; return CKR_OK; }

static void padded(unsigned char *field, const char *text)
{
    memset(field, ' ', 32);
    memcpy(field, text, strlen(text));
}

static CK_RV get_info(CK_INFO *info)
{
    if (!info)
        return CKR_ARGUMENTS_BAD;
    info->cryptokiVersion.major = 2;
    info->cryptokiVersion.minor = 40;
    padded(info->manufacturerID, "sithsclient tests");
    info->flags = 0;
    padded(info->libraryDescription, "stand-in: no slots");
    info->libraryVersion.major = 1;
    info->libraryVersion.minor = 0;
    return CKR_OK;
}

static CK_RV get_slot_list(unsigned char token_present, CK_ULONG *slots, CK_ULONG *count)
{
    (void)token_present;
    (void)slots;
    if (!count)
        return CKR_ARGUMENTS_BAD;
    *count = 0;
    return CKR_OK;
}

__declspec(dllexport) CK_RV C_GetFunctionList(CK_FUNCTION_LIST **list)
{
    if (!list)
        return CKR_ARGUMENTS_BAD;
    functions.version.major = 2;
    functions.version.minor = 40;
    for (int i = 0; i < 68; i++)
        functions.fn[i] = not_supported;
    functions.fn[0] = (CK_FN)initialize;
    functions.fn[1] = (CK_FN)finalize;
    functions.fn[2] = (CK_FN)get_info;
    functions.fn[3] = (CK_FN)C_GetFunctionList;
    functions.fn[4] = (CK_FN)get_slot_list;
    *list = &functions;
    return CKR_OK;
}
