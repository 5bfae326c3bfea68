/* dirent.h - listing a directory (forwarded under SplitVM). */
#ifndef _DIVER_DIRENT_H
#define _DIVER_DIRENT_H

typedef struct __diver_dir DIR;

struct dirent {
    char d_name[256];
};

DIR *opendir(const char *path);
struct dirent *readdir(DIR *dir);
int closedir(DIR *dir);

#endif
