#include <stdio.h>

/* Ordinary hosted C: musl is the libc, the Posix kernel serves its Linux system calls.
   main gets the arguments given after 'dotnet run --'; argv[0] is the net's name.
   Its return value becomes the exit code of 'dotnet run'. */
int main(int argc, char **argv)
{
    printf("Hello from DiverApp on the Posix kernel!\n");
    for (int i = 1; i < argc; i++)
        printf("argv[%d] = %s\n", i, argv[i]);
    printf("%d arguments, %.2f%% of them after the name\n", argc, argc > 1 ? 100.0 * (argc - 1) / argc : 0.0);
    return 0;
}
