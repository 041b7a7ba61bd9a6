package io.patchcast.compat;

import java.util.List;

/**
 * Something staff or the customer can do about an exposed node.
 *
 * @param id          stable key, e.g. {@code migrate-nitro}
 * @param title       one line
 * @param description what it involves and what it costs
 * @param migrations  for a move to another instance family: the successor per current family, with the cost
 *                    difference; empty for other options
 */
public record Remediation(String id, String title, String description, List<Migration> migrations) {

    public Remediation {
        migrations = List.copyOf(migrations);
    }

    /**
     * @param from              current family, e.g. {@code i3}
     * @param to                successor family, e.g. {@code i3en}
     * @param costDeltaPercent  on-demand price difference of the same size, positive when the successor costs more
     * @param note              what the percentage is based on and what else changes (storage, memory)
     */
    public record Migration(String from, String to, double costDeltaPercent, String note) {
    }

    /** This option narrowed to the node's family when it is listed, so a node sees its own successors. */
    Remediation forFamily(String family) {
        if (family == null || migrations.isEmpty()) {
            return this;
        }
        List<Migration> own = migrations.stream().filter(m -> m.from().equals(family)).toList();
        return own.isEmpty() ? this : new Remediation(id, title, description, own);
    }
}
