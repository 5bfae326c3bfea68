#include <stdio.h>

/* The kernel calls main with the arguments given after 'dotnet run --'; argv[0] is the net's name.
   Its return value becomes the exit code of 'dotnet run'. */
int main(int argc, char **argv)
{
    printf("Hello from DiverApp on the Nautilus kernel!\n");
    for (int i = 1; i < argc; i++)
        printf("argv[%d] = %s\n", i, argv[i]);
    return 0;
}
