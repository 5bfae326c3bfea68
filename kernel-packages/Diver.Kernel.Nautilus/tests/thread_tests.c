/* Nautilus threads and their synchronization, tested inside the kernel (runs on any -p:Cpus). */
#include <diver/test.h>
#include <nautilus/threads.h>

static void *square(void *arg)
{
    long v = (long)arg;
    return (void *)(v * v);
}

DIVER_TEST(join_returns_the_thread_result)
{
    kernel_thread_t t = kernel_launch_thread(square, (void *)7L);
    DIVER_ASSERT_EQ((long)kernel_join_thread(t), 49);
}

static kernel_mutex_t lock;
static long counter;

static void *count_up(void *arg)
{
    for (long i = 0; i < (long)arg; i++) {
        kernel_mutex_lock(&lock);
        counter++;
        kernel_mutex_unlock(&lock);
        if (i % 64 == 0)
            kernel_yield();
    }
    return 0;
}

DIVER_TEST(mutex_keeps_a_shared_counter_exact)
{
    kernel_mutex_init(&lock);
    counter = 0;
    kernel_thread_t a = kernel_launch_thread(count_up, (void *)5000L);
    kernel_thread_t b = kernel_launch_thread(count_up, (void *)5000L);
    kernel_join_thread(a);
    kernel_join_thread(b);
    DIVER_ASSERT_EQ(counter, 10000);
}

DIVER_TEST(thread_ids_differ_from_main)
{
    DIVER_ASSERT_EQ(kernel_thread_id(), 1);
    DIVER_ASSERT_GE(kernel_num_cpus(), 1);
}
