/* Seed 000 (new_syscall_5.18): the test program for sys_hello, verbatim.
 * Expected output on lstar: "System call sys_hello returned 0", and the
 * kernel log gets "Hello World, i'm sys_hello with arg: 42". */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv) {
        long int check = syscall(548, 42);
        printf("System call sys_hello returned %ld\n", check);
        return 0;
}
