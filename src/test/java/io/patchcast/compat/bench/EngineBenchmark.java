package io.patchcast.compat.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.patchcast.compat.DerivedFacts;
import io.patchcast.compat.NodeEvaluation;
import io.patchcast.compat.RuleSet;
import io.patchcast.compat.Verdict;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Node evaluations per second on one thread against the shipped rule set, and how the cost grows with the
 * number of rules and nodes. Not a test: run it by hand (command and results in docs/performance.md).
 */
@State(Scope.Thread)
@Threads(1)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class EngineBenchmark {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int NODES = 4096; // a power of two, so the index wraps with a mask

    /** How many copies of the shipped rules to evaluate: cost per node should grow linearly with it. */
    @Param({"1", "10"})
    public int ruleCopies;

    /**
     * {@code fleet}: a mix of providers and platforms like the real fleet (most nodes are decided by the first
     * predicate); {@code xen}: AWS Xen nodes only, where every predicate of the main rule runs.
     */
    @Param({"fleet", "xen"})
    public String nodes;

    private RuleSet rules;
    private DerivedFacts[] facts;
    private int next;
    private int nextAtStart;
    private long cpuAtStart;

    @Setup
    public void setUp() throws IOException {
        rules = ruleSet(ruleCopies);
        facts = nodes(nodes, NODES, new Random(42));
    }

    /**
     * The build machine is shared, so wall-clock throughput understates what one core does. Each iteration
     * also reports evaluations per second of this thread's CPU time, the "per core" figure.
     */
    @Setup(Level.Iteration)
    public void startCpuClock() {
        nextAtStart = next;
        cpuAtStart = THREADS.getCurrentThreadCpuTime();
    }

    @TearDown(Level.Iteration)
    public void reportCpuRate() {
        long cpu = THREADS.getCurrentThreadCpuTime() - cpuAtStart;
        int operations = next - nextAtStart;
        if (operations > 0 && cpu > 0) {
            System.out.printf("  [cpu] %,.0f ops per CPU-second (%,d ops in %,.0f ms CPU)%n",
                    operations * 1e9 / cpu, operations, cpu / 1e6);
        }
    }

    /** The fleet-count path: verdict only, running kernel. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Verdict verdictCurrent() {
        return rules.evaluateVerdict(facts[next++ & (NODES - 1)], null);
    }

    /** The planned-release path: verdict only, a target kernel. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Verdict verdictPlanned() {
        return rules.evaluateVerdict(facts[next++ & (NODES - 1)], "5.10.120-1");
    }

    /** One node with full explanations, as the API and the pages ask for it. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public NodeEvaluation explained() {
        return rules.evaluate(facts[next++ & (NODES - 1)], null);
    }

    /** The engine's share of a fleet summary: 100,000 nodes counted by verdict. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int[] fleetOf100k() {
        int[] counts = new int[3];
        for (int i = 0; i < 100_000; i++) {
            counts[rules.evaluateVerdict(facts[i & (NODES - 1)], "5.10.120-1").ordinal()]++;
        }
        return counts;
    }

    /** The shipped rules, repeated {@code copies} times under new ids. */
    static RuleSet ruleSet(int copies) throws IOException {
        if (copies == 1) {
            return RuleSet.loadDefault();
        }
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode root;
        try (InputStream in = EngineBenchmark.class.getClassLoader().getResourceAsStream(RuleSet.DEFAULT_RESOURCE)) {
            root = yaml.readTree(in);
        }
        ArrayNode original = (ArrayNode) root.get("rules");
        ArrayNode all = yaml.createArrayNode();
        for (int copy = 0; copy < copies; copy++) {
            for (JsonNode rule : original) {
                ObjectNode clone = rule.deepCopy();
                clone.put("id", rule.get("id").asText() + "-" + copy);
                all.add(clone);
            }
        }
        ((ObjectNode) root).set("rules", all);
        return RuleSet.load(new ByteArrayInputStream(yaml.writeValueAsBytes(root)));
    }

    static DerivedFacts[] nodes(String kind, int count, Random random) {
        DerivedFacts[] out = new DerivedFacts[count];
        String[] kernels = {"5.10.84-1", "5.10.113-1", "5.10.120-1", "4.19.235-1", "5.18.16-1~bpo11+1"};
        String[] xen = {"4.2", "4.11", "4.8", null};
        String[] families = {"i3", "r4", "m4"};
        for (int i = 0; i < count; i++) {
            String kernel = kernels[random.nextInt(kernels.length)];
            int platform = kind.equals("xen") ? 0 : random.nextInt(10);
            DerivedFacts node = switch (platform) {
                case 0, 1, 2 -> new DerivedFacts("aws", families[random.nextInt(3)], "xen",
                        xen[random.nextInt(xen.length)], kernel, null,
                        List.of(random.nextBoolean() ? "ena" : "ixgbevf"), "debian", "11");
                case 3, 4, 5 -> new DerivedFacts("aws", "r6g", "nitro", null, kernel, null, List.of("ena"),
                        "debian", "11");
                case 6, 7 -> new DerivedFacts("gcp", "n2", "kvm", null, kernel, null, List.of("gve"), "debian", "11");
                case 8 -> new DerivedFacts("azure", "standard_l8s_v2", "hyper-v", null, kernel, null,
                        List.of("hv_netvsc"), "debian", "11");
                default -> new DerivedFacts("self-hosted", "bare-metal", "bare-metal", null, kernel, null,
                        List.of("ice"), "debian", "11");
            };
            // half the fleet sends version 2 documents: module lists of the planned kernel, command lines
            out[i] = random.nextBoolean() ? node : node.withPlatform(platform(node, random));
        }
        return out;
    }

    private static final String[] MODULES = {"ena", "nvme", "nvme_core", "xen_blkfront", "xen_netfront", "gve",
        "virtio_net", "hv_netvsc", "mlx5_core", "ice", "ext4"};

    /** What a version 2 document of this node would add, planned for the benchmark's planned kernel. */
    static io.patchcast.compat.PlatformFacts platform(DerivedFacts node, Random random) {
        java.util.Set<String> modules = new java.util.HashSet<>(List.of(MODULES));
        if (random.nextInt(20) == 0) {
            modules.remove("nvme"); // a broken initramfs now and then
        }
        List<String> cmdline = List.of("BOOT_IMAGE=/boot/vmlinuz", "ro", "quiet", "console=ttyS0");
        java.util.Map<String, String> packages = java.util.Map.of("systemd", "247.3-7+deb11u4");
        return new io.patchcast.compat.PlatformFacts(java.util.Map.of("nvme_core.io_timeout", "30"), cmdline,
                modules, modules, List.of("eth0"), List.of(), java.util.Set.of("1d0f:ec20"), "9001",
                java.util.Map.of(), java.util.Map.of(), "ifupdown", "bios", null, packages, null, null, null, null,
                null, null, null, "5.10.120-1", modules, modules, cmdline, packages);
    }

    /** Runs this benchmark; JMH options (e.g. {@code -f 1 -wi 2 -i 3 -p nodes=xen}) pass through. */
    public static void main(String[] args) throws Exception {
        CommandLineOptions options = new CommandLineOptions(args);
        OptionsBuilder builder = new OptionsBuilder();
        builder.parent(options);
        if (options.getIncludes().isEmpty()) {
            // a benchmark pattern given on the command line narrows the run; none means all of this class
            builder.include(EngineBenchmark.class.getName());
        }
        new Runner(builder.build()).run();
    }
}
