/* channel.h - the kernel side of pipeline channels (docs/channel-abi.md).
 *
 * When the launcher runs a net as a streamed pipeline stage it puts
 * diver.chin=<hex nonce> and/or diver.chout=<hex nonce> on the command line;
 * chan_init (after the kernel options are taken) then publishes the rings,
 * and the kernel's stdin/stdout go to them instead of the serial console. */
#ifndef DIVER_CHANNEL_H
#define DIVER_CHANNEL_H

#include <diver/channel_abi.h>
#include <stddef.h>

/* One ring, either end; a ring is only ever written by one side and read by
 * the other. The waiting functions spin, then halt between timer ticks
 * where they may (channel/chan_wait.c). */
void chan_ring_publish(struct chan_header *h, void *data, uint64_t size, uint64_t nonce, uint32_t direction);
/* Bytes the writer may put now. */
uint64_t chan_ring_room(const struct chan_header *h);
/* Waits until at least `want` bytes (at most the ring's size) fit. */
void chan_ring_wait_room(const struct chan_header *h, size_t want);
/* Copies in what fits now, without waiting; returns how much. */
size_t chan_ring_put(struct chan_header *h, const void *p, size_t n);
/* Copies all of p in, waiting while the ring is full. */
void chan_ring_write(struct chan_header *h, const void *p, size_t n);
/* Waits for at least one byte; returns up to n, or 0 once closed and drained. */
size_t chan_ring_read(struct chan_header *h, void *p, size_t n);
void chan_ring_close(struct chan_header *h);
/* Loans: 1 when the host serves them on this ring. */
int chan_ring_lends(const struct chan_header *h);
/* Posts p[0..n) as the ring's loan; the caller then waits for the answer
 * (split so a writer can post under its lock and wait outside it). */
void chan_ring_post_loan(struct chan_header *h, const void *p, size_t n);
/* Waits for the posted loan's answer; returns the bytes the host moved. */
size_t chan_ring_wait_loan(struct chan_header *h);

/* Publishes the rings the command line names. Call after kernel_options_take. */
void chan_init(void);
/* 1 when the app's stdin / stdout are channels. */
int chan_stdin_active(void);
int chan_stdout_active(void);
/* The app's stdin and stdout over channels (only when active). */
size_t chan_stdin_read(void *p, size_t n);
void chan_stdout_write(const void *p, size_t n);
/* End of stream for the stdout channel: every exit path of the VM calls it. */
void chan_stdout_close(void);

#endif
