package io.patchcast.exposure;

import java.util.List;
import java.util.Map;

import io.patchcast.compat.Verdict;

/**
 * Fleet exposure for one kernel (or the running kernels): node counts per verdict overall and per
 * provider × instance family × hypervisor, and cluster counts per verdict.
 */
public record ExposureSummary(String mode, String kernel, long nodes, Totals nodeTotals, Totals clusterTotals,
        List<Row> rows) {

    /** Counts per verdict. */
    public record Totals(long affected, long unknown, long notAffected) {

        static Totals of(Map<Verdict, Long> counts) {
            return new Totals(counts.getOrDefault(Verdict.AFFECTED, 0L), counts.getOrDefault(Verdict.UNKNOWN, 0L),
                    counts.getOrDefault(Verdict.NOT_AFFECTED, 0L));
        }
    }

    /** One provider × family × hypervisor group. */
    public record Row(String provider, String instanceFamily, String hypervisorType, String hypervisorVersion,
            long affected, long unknown, long notAffected) {

        public long total() {
            return affected + unknown + notAffected;
        }

        /** The query string of this group's drill-down. */
        public String query() {
            return "provider=" + enc(provider) + "&family=" + enc(instanceFamily) + "&hypervisorType="
                    + enc(hypervisorType) + "&hypervisorVersion=" + enc(hypervisorVersion);
        }

        private static String enc(String s) {
            return s == null ? "" : java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
