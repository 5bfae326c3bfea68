/* strerror.c - messages for the errno values errno.h defines. */
#include <errno.h>
#include <string.h>

static const struct {
    int code;
    const char *msg;
} messages[] = {
    { 0, "Success" }, { EPERM, "Operation not permitted" },
    { ENOENT, "No such file or directory" }, { EINTR, "Interrupted system call" },
    { EIO, "Input/output error" }, { E2BIG, "Argument list too long" },
    { EBADF, "Bad file descriptor" }, { EAGAIN, "Resource temporarily unavailable" },
    { ENOMEM, "Cannot allocate memory" }, { EACCES, "Permission denied" },
    { EFAULT, "Bad address" }, { EBUSY, "Device or resource busy" },
    { EEXIST, "File exists" }, { ENODEV, "No such device" },
    { ENOTDIR, "Not a directory" }, { EISDIR, "Is a directory" },
    { EINVAL, "Invalid argument" }, { EMFILE, "Too many open files" },
    { ENOSPC, "No space left on device" }, { EPIPE, "Broken pipe" },
    { EDOM, "Numerical argument out of domain" }, { ERANGE, "Numerical result out of range" },
    { ENOSYS, "Function not implemented" }, { ENOTSUP, "Operation not supported" },
    { ETIMEDOUT, "Connection timed out" },
};

char *strerror(int err)
{
    size_t i;

    for (i = 0; i < sizeof(messages) / sizeof(messages[0]); i++)
        if (messages[i].code == err)
            return (char *)messages[i].msg;
    return (char *)"Unknown error";
}
