/* madt.c - the CPUs of the machine, from the MADT's processor entries
 * (type 0: local APIC, type 9: local x2APIC). A CPU counts when its entry
 * says enabled or online-capable; the order is the table's, and the boot
 * CPU is listed first by every firmware we know (we do not rely on it:
 * smp.c matches the boot CPU by APIC id). */
#include <platform/acpi.h>

#define MADT_LAPIC   0
#define MADT_X2APIC  9
#define MADT_ENABLED        1u
#define MADT_ONLINE_CAPABLE 2u

struct madt {
    struct acpi_header h;
    uint32_t lapic_paddr;
    uint32_t flags;
} __attribute__((packed));

struct madt_entry {
    uint8_t type;
    uint8_t length;
} __attribute__((packed));

struct madt_lapic {
    struct madt_entry e;
    uint8_t processor_uid;
    uint8_t apic_id;
    uint32_t flags;
} __attribute__((packed));

struct madt_x2apic {
    struct madt_entry e;
    uint16_t reserved;
    uint32_t x2apic_id;
    uint32_t flags;
    uint32_t processor_uid;
} __attribute__((packed));

static void add_cpu(struct acpi_cpus *out, uint32_t apic_id, uint32_t flags)
{
    unsigned max = sizeof(out->apic_id) / sizeof(out->apic_id[0]);

    if ((flags & (MADT_ENABLED | MADT_ONLINE_CAPABLE)) && out->count < max)
        out->apic_id[out->count++] = apic_id;
}

int acpi_madt_cpus(struct acpi_cpus *out)
{
    const struct madt *m = (const struct madt *)acpi_find("APIC");
    const uint8_t *p, *end;

    out->count = 0;
    if (!m)
        return -1;
    out->lapic_paddr = m->lapic_paddr;
    p = (const uint8_t *)(m + 1);
    end = (const uint8_t *)m + m->h.length;
    while (p + sizeof(struct madt_entry) <= end) {
        const struct madt_entry *e = (const struct madt_entry *)p;

        if (e->length < sizeof(*e))
            break; /* malformed: stop rather than loop forever */
        if (e->type == MADT_LAPIC)
            add_cpu(out, ((const struct madt_lapic *)e)->apic_id, ((const struct madt_lapic *)e)->flags);
        else if (e->type == MADT_X2APIC)
            add_cpu(out, ((const struct madt_x2apic *)e)->x2apic_id, ((const struct madt_x2apic *)e)->flags);
        p += e->length;
    }
    return 0;
}
