package io.patchcast.exposure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.patchcast.compat.DerivedFacts;
import io.patchcast.compat.MissingFact;
import io.patchcast.compat.NodeEvaluation;
import io.patchcast.compat.Remediation;
import io.patchcast.compat.RuleResult;
import io.patchcast.compat.Verdict;

/**
 * One node's exposure as the API and pages show it: the verdict, the kernel and mode it was computed for,
 * the derived facts (named as in DESIGN.md), each rule's verdict with its explanation and missing facts,
 * and the remediation options of the rules that are not clear.
 */
public record EvaluationView(Verdict verdict, String mode, String kernel, Map<String, Object> derived,
        List<RuleView> rules, List<Remediation> remediation) {

    /** A rule's verdict on the node. */
    public record RuleView(String id, String title, String severity, String confidence, String effect,
            Verdict verdict, String explanation, String decidingPredicate, List<MissingFact> missingFacts) {

        static RuleView of(RuleResult r) {
            return new RuleView(r.id(), r.title(), r.severity() == null ? null : r.severity().key(), r.confidence(),
                    r.effect() == null ? null : r.effect().key(), r.verdict(), r.explanation(), r.decidingPredicate(),
                    r.missingFacts());
        }
    }

    static EvaluationView of(NodeEvaluation e) {
        return new EvaluationView(e.verdict(), e.mode().name().toLowerCase(java.util.Locale.ROOT), e.kernel(),
                derived(e.facts()), e.rules().stream().map(RuleView::of).toList(), e.remediation());
    }

    /** The derived facts under the names DESIGN.md gives them; null values mean unknown and are kept. */
    static Map<String, Object> derived(DerivedFacts f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("provider", f.provider());
        m.put("hypervisor.type", f.hypervisorType());
        m.put("hypervisor.version", f.hypervisorVersion());
        m.put("instance.family", f.instanceFamily());
        m.put("kernel.package_version", f.kernelPackageVersion());
        m.put("kernel.stream", f.kernelStream());
        m.put("net.driver", f.netDrivers());
        m.put("os.id", f.osId());
        m.put("os.version", f.osVersion());
        io.patchcast.compat.PlatformFacts p = f.platform();
        if (p != null) {
            // what a version 2 document added, under the rule format's names; planned.* is the boot target
            m.put("boot.kernel.modules", p.kernelModules());
            m.put("boot.initramfs.modules", p.initramfsModules());
            m.put("boot.cmdline", p.cmdline());
            m.put("boot.param", p.moduleParams());
            m.put("package.version", p.packages());
            m.put("net.interface_names", p.interfaceNames());
            m.put("net.bonded_drivers", p.bondedDrivers());
            m.put("net.mtu", p.mtuMax());
            m.put("net.renderer", p.renderer());
            m.put("pci.ids", p.pciIds());
            m.put("boot.mode", p.bootMode());
            m.put("boot.secure_boot", p.secureBoot());
            m.put("gcp.machine_series", p.gcpMachineSeries());
            m.put("gcp.nic_type", p.gcpNicType());
            m.put("azure.vm_series", p.azureVmSeries());
            m.put("azure.mana", p.azureMana());
            m.put("planned.kernel", p.plannedKernel());
            m.put("planned.boot.kernel.modules", p.plannedKernelModules());
            m.put("planned.boot.initramfs.modules", p.plannedInitramfsModules());
            m.put("planned.boot.cmdline", p.plannedCmdline());
            m.put("planned.package.version", p.plannedPackages());
        }
        return m;
    }

    /** The rules that are not NOT_AFFECTED: the ones a reader should see first. */
    public List<RuleView> exposingRules() {
        return rules.stream().filter(r -> r.verdict() != Verdict.NOT_AFFECTED).toList();
    }
}
