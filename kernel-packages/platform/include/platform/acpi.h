/* acpi.h - just enough ACPI to find the machine's CPUs: the RSDP, the
 * RSDT/XSDT and the MADT ("APIC" table). Tables are read in place (they
 * sit below 4 GiB, inside the identity map). */
#ifndef PLATFORM_ACPI_H
#define PLATFORM_ACPI_H

#include <stdint.h>

struct acpi_header {
    char signature[4];
    uint32_t length;
    uint8_t revision;
    uint8_t checksum;
    char oem_id[6];
    char oem_table_id[8];
    uint32_t oem_revision;
    uint32_t creator_id;
    uint32_t creator_revision;
} __attribute__((packed));

/* Locates the root table: from the loader's hint when non-zero, else by
 * scanning the BIOS areas where firmware puts the RSDP. 0 if none. */
int acpi_init(uint64_t rsdp_hint);

/* The table with this 4-letter signature, or 0. */
const struct acpi_header *acpi_find(const char *signature);

/* CPUs the MADT lists as enabled (or online-capable). */
struct acpi_cpus {
    unsigned count;
    uint32_t apic_id[64];
    uint64_t lapic_paddr;
};

/* Fills *out from the MADT; 0 on success, -1 if there is no MADT. */
int acpi_madt_cpus(struct acpi_cpus *out);

#endif
