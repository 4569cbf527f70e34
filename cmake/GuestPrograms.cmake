# Guest programs are built with the host's gcc as static x86-64 executables.
