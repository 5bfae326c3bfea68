/* kernel_options.c - diver.KEY=VALUE words in front of the app's argv.
 *
 * Only a command line whose first word starts with "diver." and which holds
 * a "--" word has kernel options, so a plain VM command line (the app name
 * first) is never touched. The strings stay in argv's buffer, which lives
 * for the whole run. */
#include <platform/kernel_options.h>
#include <string.h>

#define PREFIX "diver."
#define MAX_OPTIONS 8

static const char *options[MAX_OPTIONS];
static int option_count;

static int is_option(const char *word)
{
    return strncmp(word, PREFIX, sizeof PREFIX - 1) == 0 && strchr(word, '=') != 0;
}

/* Index of the "--" ending the options, or -1 when there are none. */
static int options_end(int argc, char **argv)
{
    int i;

    for (i = 0; i < argc && is_option(argv[i]); i++)
        ;
    return (i > 0 && i < argc && strcmp(argv[i], "--") == 0) ? i : -1;
}

void kernel_options_take(int *argc, char **argv)
{
    int end = options_end(*argc, argv);
    int i;

    if (end < 0)
        return;
    for (i = 0; i < end && option_count < MAX_OPTIONS; i++)
        options[option_count++] = argv[i] + sizeof PREFIX - 1;
    memmove(argv, argv + end + 1, (*argc - end) * sizeof(char *)); /* keeps argv[argc] NULL */
    *argc -= end + 1;
}

const char *kernel_option(const char *key)
{
    size_t n = strlen(key);
    int i;

    for (i = 0; i < option_count; i++)
        if (strncmp(options[i], key, n) == 0 && options[i][n] == '=')
            return options[i] + n + 1;
    return 0;
}
