/* Seed 001 (syscall wrapper + module): the user space program, verbatim
 * (including its extra printf argument). Usage: seed_test_call N.
 * Without the test_call module: "system call error: Function not
 * implemented" and "Returned value: -1"; with it: the int comes back. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/syscall.h>
#define __NR_TEST_CALL 335

int test_call(int test) {
    return syscall(__NR_TEST_CALL, test);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        printf("wrong number of args\n");
        return -1;
    }

    int test = atoi(argv[1]);
    long ret = test_call(test);

    if (ret < 0)
        perror("system call error");
    else
        printf("Function successful. passed in: %d,\n", test, ret);

    printf("Returned value: %ld\n", ret);

    return 0;
}
