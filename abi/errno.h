// Linux's errno numbers for x86-64, and their names and messages: the one
// table the kernel (its results) and lstar-trace (their names) share.
//
// The values are Linux's (asm-generic/errno-base.h and errno.h), never the
// host's: the guest sees Linux numbers whatever the host runs. The constants
// carry a `k` prefix because the plain names (EPERM, ...) are macros from the
// host's <cerrno>, which most standard headers pull in.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lstar::abi {

// The numbers, in a namespace of their own so that kernel code can use
// them unqualified (kernel/errno.h) without the rest of abi/.
namespace errnos {

inline constexpr int kEPERM = 1;
inline constexpr int kENOENT = 2;
inline constexpr int kESRCH = 3;
inline constexpr int kEINTR = 4;
inline constexpr int kEIO = 5;
inline constexpr int kENXIO = 6;
inline constexpr int kE2BIG = 7;
inline constexpr int kENOEXEC = 8;
inline constexpr int kEBADF = 9;
inline constexpr int kECHILD = 10;
inline constexpr int kEAGAIN = 11;
inline constexpr int kENOMEM = 12;
inline constexpr int kEACCES = 13;
inline constexpr int kEFAULT = 14;
inline constexpr int kENOTBLK = 15;
inline constexpr int kEBUSY = 16;
inline constexpr int kEEXIST = 17;
inline constexpr int kEXDEV = 18;
inline constexpr int kENODEV = 19;
inline constexpr int kENOTDIR = 20;
inline constexpr int kEISDIR = 21;
inline constexpr int kEINVAL = 22;
inline constexpr int kENFILE = 23;
inline constexpr int kEMFILE = 24;
inline constexpr int kENOTTY = 25;
inline constexpr int kETXTBSY = 26;
inline constexpr int kEFBIG = 27;
inline constexpr int kENOSPC = 28;
inline constexpr int kESPIPE = 29;
inline constexpr int kEROFS = 30;
inline constexpr int kEMLINK = 31;
inline constexpr int kEPIPE = 32;
inline constexpr int kEDOM = 33;
inline constexpr int kERANGE = 34;
inline constexpr int kEDEADLK = 35;
inline constexpr int kENAMETOOLONG = 36;
inline constexpr int kENOLCK = 37;
inline constexpr int kENOSYS = 38;
inline constexpr int kENOTEMPTY = 39;
inline constexpr int kELOOP = 40;
inline constexpr int kENOMSG = 42;
inline constexpr int kEIDRM = 43;
inline constexpr int kECHRNG = 44;
inline constexpr int kEL2NSYNC = 45;
inline constexpr int kEL3HLT = 46;
inline constexpr int kEL3RST = 47;
inline constexpr int kELNRNG = 48;
inline constexpr int kEUNATCH = 49;
inline constexpr int kENOCSI = 50;
inline constexpr int kEL2HLT = 51;
inline constexpr int kEBADE = 52;
inline constexpr int kEBADR = 53;
inline constexpr int kEXFULL = 54;
inline constexpr int kENOANO = 55;
inline constexpr int kEBADRQC = 56;
inline constexpr int kEBADSLT = 57;
inline constexpr int kEBFONT = 59;
inline constexpr int kENOSTR = 60;
inline constexpr int kENODATA = 61;
inline constexpr int kETIME = 62;
inline constexpr int kENOSR = 63;
inline constexpr int kENONET = 64;
inline constexpr int kENOPKG = 65;
inline constexpr int kEREMOTE = 66;
inline constexpr int kENOLINK = 67;
inline constexpr int kEADV = 68;
inline constexpr int kESRMNT = 69;
inline constexpr int kECOMM = 70;
inline constexpr int kEPROTO = 71;
inline constexpr int kEMULTIHOP = 72;
inline constexpr int kEDOTDOT = 73;
inline constexpr int kEBADMSG = 74;
inline constexpr int kEOVERFLOW = 75;
inline constexpr int kENOTUNIQ = 76;
inline constexpr int kEBADFD = 77;
inline constexpr int kEREMCHG = 78;
inline constexpr int kELIBACC = 79;
inline constexpr int kELIBBAD = 80;
inline constexpr int kELIBSCN = 81;
inline constexpr int kELIBMAX = 82;
inline constexpr int kELIBEXEC = 83;
inline constexpr int kEILSEQ = 84;
inline constexpr int kERESTART = 85;
inline constexpr int kESTRPIPE = 86;
inline constexpr int kEUSERS = 87;
inline constexpr int kENOTSOCK = 88;
inline constexpr int kEDESTADDRREQ = 89;
inline constexpr int kEMSGSIZE = 90;
inline constexpr int kEPROTOTYPE = 91;
inline constexpr int kENOPROTOOPT = 92;
inline constexpr int kEPROTONOSUPPORT = 93;
inline constexpr int kESOCKTNOSUPPORT = 94;
inline constexpr int kEOPNOTSUPP = 95;
inline constexpr int kEPFNOSUPPORT = 96;
inline constexpr int kEAFNOSUPPORT = 97;
inline constexpr int kEADDRINUSE = 98;
inline constexpr int kEADDRNOTAVAIL = 99;
inline constexpr int kENETDOWN = 100;
inline constexpr int kENETUNREACH = 101;
inline constexpr int kENETRESET = 102;
inline constexpr int kECONNABORTED = 103;
inline constexpr int kECONNRESET = 104;
inline constexpr int kENOBUFS = 105;
inline constexpr int kEISCONN = 106;
inline constexpr int kENOTCONN = 107;
inline constexpr int kESHUTDOWN = 108;
inline constexpr int kETOOMANYREFS = 109;
inline constexpr int kETIMEDOUT = 110;
inline constexpr int kECONNREFUSED = 111;
inline constexpr int kEHOSTDOWN = 112;
inline constexpr int kEHOSTUNREACH = 113;
inline constexpr int kEALREADY = 114;
inline constexpr int kEINPROGRESS = 115;
inline constexpr int kESTALE = 116;
inline constexpr int kEUCLEAN = 117;
inline constexpr int kENOTNAM = 118;
inline constexpr int kENAVAIL = 119;
inline constexpr int kEISNAM = 120;
inline constexpr int kEREMOTEIO = 121;
inline constexpr int kEDQUOT = 122;
inline constexpr int kENOMEDIUM = 123;
inline constexpr int kEMEDIUMTYPE = 124;
inline constexpr int kECANCELED = 125;
inline constexpr int kENOKEY = 126;
inline constexpr int kEKEYEXPIRED = 127;
inline constexpr int kEKEYREVOKED = 128;
inline constexpr int kEKEYREJECTED = 129;
inline constexpr int kEOWNERDEAD = 130;
inline constexpr int kENOTRECOVERABLE = 131;
inline constexpr int kERFKILL = 132;
inline constexpr int kEHWPOISON = 133;
// Kernel-internal restart codes, seen only by tracers.
inline constexpr int kERESTARTSYS = 512;
inline constexpr int kERESTART_RESTARTBLOCK = 516;

// Aliases Linux defines with the same value.
inline constexpr int kEWOULDBLOCK = kEAGAIN;
inline constexpr int kEDEADLOCK = kEDEADLK;

// The largest errno Linux returns to user space; syscall results in
// [-kMaxErrno, -1] are errors (Linux's IS_ERR_VALUE / MAX_ERRNO is 4095).
inline constexpr int kMaxErrno = 4095;

}  // namespace errnos

using namespace errnos;

// "ENOENT" for 2 (or -2: syscall results are negated errnos); empty when
// the number has no name.
std::string_view errno_name(int error);

// glibc's strerror() text: "No such file or directory" for 2 (or -2);
// "Unknown error N" for numbers without a message, as glibc prints them.
std::string errno_message(int error);

// The inverse of errno_name: 2 for "ENOENT" (aliases accepted).
std::optional<int> errno_from_name(std::string_view name);

}  // namespace lstar::abi
