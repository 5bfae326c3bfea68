/* tsc.h - the time-stamp counter as the kernel's clock. Calibrated once
 * on the boot CPU against the 8254 PIT; virtual CPUs share one TSC. */
#ifndef PLATFORM_TSC_H
#define PLATFORM_TSC_H

#include <stdint.h>

void tsc_calibrate(void);
uint64_t tsc_hz(void);
uint64_t tsc_ns(void);              /* ns since calibration */
void tsc_delay_us(uint64_t us);

#endif
