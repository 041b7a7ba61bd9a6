package io.patchcast.demo;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.patchcast.customer.Contact;
import io.patchcast.customer.Customer;
import io.patchcast.fleet.Application;
import io.patchcast.fleet.Cluster;
import io.patchcast.fleet.FactsService;
import io.patchcast.fleet.FreezePeriod;
import io.patchcast.fleet.Node;
import io.patchcast.fleet.NodeSizeClass;
import io.patchcast.fleet.Provider;
import io.patchcast.fleet.SlaTier;
import io.patchcast.security.AppUser;
import io.patchcast.security.Role;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * A deterministic demo fleet: about 30 customers, 150 clusters and 1,200 nodes, mostly on AWS, with the
 * Xen families of the 2022 incident (i3, r4, m4; most on Xen 4.2 hosts, some on 4.11) beside Nitro
 * (i3en, r6g, m5), GCP, Azure and self-hosted. Loaded only into an empty database, only when enabled.
 */
@ApplicationScoped
public class DemoFleet {

    /** Customer names; the slug is derived and is also the demo login of the customer's user. */
    static final String[][] CUSTOMERS = {
            { "Acme Analytics", "America/New_York" }, { "Borealis Bank", "Europe/Oslo" },
            { "Cobalt Games", "America/Los_Angeles" }, { "Delta Freight", "Europe/Berlin" },
            { "Ember Health", "America/Chicago" }, { "Fjord Media", "Europe/Oslo" },
            { "Granite Insurance", "Europe/London" }, { "Helios Energy", "Europe/Madrid" },
            { "Iris Retail", "Europe/Paris" }, { "Juniper Travel", "Australia/Sydney" },
            { "Kestrel Logistics", "Asia/Singapore" }, { "Lumen Telecom", "Europe/Amsterdam" },
            { "Meridian Pay", "Europe/London" }, { "Nimbus Weather", "America/Denver" },
            { "Orchid Pharma", "Europe/Zurich" }, { "Pioneer Mobility", "America/Toronto" },
            { "Quartz Security", "Asia/Tokyo" }, { "Redwood Foods", "America/Los_Angeles" },
            { "Saffron Hotels", "Asia/Kolkata" }, { "Tidal Streaming", "Europe/Stockholm" },
            { "Umbra Robotics", "Asia/Seoul" }, { "Vertex Markets", "America/New_York" },
            { "Willow Education", "Europe/Dublin" }, { "Xylo Music", "Europe/Berlin" },
            { "Yonder Maps", "Pacific/Auckland" }, { "Zephyr Airlines", "Europe/Madrid" },
            { "Atlas Mining", "Australia/Perth" }, { "Beacon Charity", "Europe/London" },
            { "Cirrus Cloudworks", "America/Sao_Paulo" }, { "Patchcast Internal", "UTC" } };

    static final String[] AWS_REGIONS = { "us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2" };
    static final String[] GCP_REGIONS = { "us-central1", "europe-west1", "asia-northeast1" };
    static final String[] AZURE_REGIONS = { "eastus", "westeurope", "australiaeast" };
    static final String[] SELF_REGIONS = { "dc-frankfurt", "dc-virginia" };

    /** Debian bullseye kernels as (uname -r, package version); the running kernels of the demo fleet. */
    static final String[][] KERNELS = { { "5.10.0-10-amd64", "5.10.84-1", "2021-12-18" },
            { "5.10.0-11-amd64", "5.10.92-2", "2022-02-28" }, { "5.10.0-13-amd64", "5.10.106-1", "2022-03-17" } };
    static final String[] BACKPORTS_KERNEL = { "5.18.0-0.deb11.4-amd64", "5.18.16-1~bpo11+1", "2022-08-21" };

    @Inject
    DemoConfig config;

    @Inject
    Clock clock;

    @Inject
    io.patchcast.security.SecurityConfig security;

    @Inject
    ObjectMapper json;

    @Inject
    FactsService factsService;

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            load();
        }
    }

    @Transactional
    public void load() {
        if (Customer.count() > 0) {
            Log.info("Demo fleet not loaded: the database already has customers");
            return;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Random random = new Random(config.seed());
        // one bcrypt hash for the shared demo password keeps start-up fast; staff get their own
        String demoHash = BcryptUtil.bcryptHash("demo");
        AppUser support = AppUser.create("support", "support", Role.SUPPORT, "Sam Support", null, now);
        AppUser admin = AppUser.create("admin", "admin", Role.ADMIN, "Ada Admin", null, now);
        if (security.mfa().requiredForStaff()) {
            // a packaged demo needs staff MFA like production: the staff logins share a documented TOTP key
            for (AppUser staff : java.util.List.of(support, admin)) {
                staff.totpSecret = security.mfa().demoStaffSecret();
                staff.totpEnabled = true;
            }
            Log.infof("Demo staff logins sign in with a second factor: TOTP key %s (README, demo logins)",
                    security.mfa().demoStaffSecret());
        }

        int clusterCount = 0;
        int nodeCount = 0;
        for (int i = 0; i < CUSTOMERS.length; i++) {
            Customer customer = new Customer();
            customer.name = CUSTOMERS[i][0];
            customer.slug = slug(customer.name);
            customer.timeZone = CUSTOMERS[i][1];
            customer.createdAt = now;
            customer.persist();
            boolean internal = customer.slug.equals("patchcast-internal");

            AppUser user = new AppUser();
            user.username = customer.slug;
            user.passwordHash = demoHash;
            user.role = Role.CUSTOMER;
            user.displayName = customer.name;
            user.customer = customer;
            user.createdAt = now;
            user.persist();

            String domain = customer.slug.replace("-", "") + ".example";
            contact(customer, "Operations on call", "ops@" + domain, true, now);
            contact(customer, "Platform lead", "platform@" + domain, i % 3 != 0, now);

            int clusters = internal ? 6 : 4 + random.nextInt(3);
            for (int c = 0; c < clusters; c++) {
                Cluster cluster = cluster(customer, c, internal, random, now);
                clusterCount++;
                nodeCount += nodes(cluster, random, now);
            }
        }
        Log.infof("Demo fleet loaded: %d customers, %d clusters, %d nodes", CUSTOMERS.length, clusterCount,
                nodeCount);
    }

    private static void contact(Customer customer, String name, String email, boolean reminders, Instant now) {
        Contact contact = new Contact();
        contact.customer = customer;
        contact.name = name;
        contact.email = email;
        contact.receiveReminders = reminders;
        contact.createdAt = now;
        contact.persist();
    }

    private Cluster cluster(Customer customer, int index, boolean internal, Random random, Instant now) {
        Cluster cluster = new Cluster();
        cluster.customer = customer;
        cluster.application = Application.values()[random.nextInt(Application.values().length)];
        int p = random.nextInt(100);
        cluster.provider = internal ? Provider.AWS
                : p < 60 ? Provider.AWS : p < 76 ? Provider.GCP : p < 89 ? Provider.AZURE : Provider.SELF_HOSTED;
        cluster.region = pick(random, switch (cluster.provider) {
            case AWS -> AWS_REGIONS;
            case GCP -> GCP_REGIONS;
            case AZURE -> AZURE_REGIONS;
            case SELF_HOSTED -> SELF_REGIONS;
        });
        cluster.internal = internal;
        cluster.slaTier = internal || random.nextInt(100) < 40 ? SlaTier.NON_PRODUCTION : SlaTier.PRODUCTION;
        cluster.nodeSizeClass = cluster.slaTier == SlaTier.NON_PRODUCTION && random.nextInt(100) < 45
                ? NodeSizeClass.DEVELOPER
                : NodeSizeClass.values()[1 + random.nextInt(NodeSizeClass.values().length - 1)];
        String env = cluster.slaTier == SlaTier.PRODUCTION ? "prod" : "staging";
        cluster.name = cluster.application.name().toLowerCase(Locale.ROOT) + "-" + env + "-" + (index + 1);
        EnumSet<DayOfWeek> days = EnumSet.of(DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY);
        if (random.nextBoolean()) {
            days.add(DayOfWeek.MONDAY);
        }
        cluster.setWeekdays(days);
        cluster.preferredStartHour = new int[] { 1, 2, 3, 4, 22 }[random.nextInt(5)];
        cluster.windowMinutes = new int[] { 120, 180, 240 }[random.nextInt(3)];
        cluster.timeZone = customer.timeZone;
        cluster.createdAt = now;
        if (random.nextInt(10) == 0) {
            FreezePeriod freeze = new FreezePeriod();
            freeze.cluster = cluster;
            freeze.startsAt = now.plus(20 + random.nextInt(10), ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS);
            freeze.endsAt = freeze.startsAt.plus(7, ChronoUnit.DAYS);
            freeze.reason = "Seasonal sale";
            cluster.freezePeriods.add(freeze);
        }
        cluster.persist();
        return cluster;
    }

    /** Creates the nodes of one cluster with facts as an agent would post them; returns how many. */
    private int nodes(Cluster cluster, Random random, Instant now) {
        int count = cluster.nodeSizeClass == NodeSizeClass.DEVELOPER ? 3 + random.nextInt(3) : 5 + random.nextInt(9);
        String family = family(cluster.provider, random);
        String size = pick(random, new String[] { "xlarge", "2xlarge", "4xlarge" });
        String instanceType = switch (cluster.provider) {
            case AWS -> family + "." + size;
            case GCP -> pick(random, new String[] { "n2-highmem-8", "n2-standard-16", "c3-standard-8" });
            case AZURE -> pick(random, new String[] { "Standard_E8s_v5", "Standard_D16s_v5" });
            case SELF_HOSTED -> null;
        };
        // a cluster sits on hosts of one Xen generation: most old (4.2), some newer (4.11)
        String xenMinor = random.nextInt(100) < 75 ? "2" : "11";
        boolean backports = "i3".equals(family) && random.nextInt(100) < 20;
        String[] kernel = backports ? BACKPORTS_KERNEL : KERNELS[random.nextInt(KERNELS.length)];
        for (int n = 0; n < count; n++) {
            Node node = new Node();
            node.cluster = cluster;
            node.instanceId = instanceId(cluster.provider, random);
            node.instanceType = instanceType;
            node.state = "running";
            node.createdAt = now;
            // a few nodes are new and have not reported yet: their exposure is unknown
            if (random.nextInt(100) >= 4) {
                Map<String, Object> facts = facts(cluster, node, family, xenMinor, kernel, random, now);
                Instant collectedAt = now.minus(1 + random.nextInt(30), ChronoUnit.HOURS);
                facts.put("collectedAt", collectedAt.toString());
                // the path agents' facts take: derived columns and exposure come from the engine, not from here
                factsService.apply(node, json.valueToTree(facts), collectedAt, collectedAt.plusSeconds(2), "demo");
            } else {
                node.persist();
            }
        }
        return count;
    }

    private Map<String, Object> facts(Cluster cluster, Node node, String family, String xenMinor, String[] kernel,
            Random random, Instant now) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("clusterId", String.valueOf(cluster.id));
        f.put("instanceId", node.instanceId);
        f.put("provider", cluster.provider.key());
        f.put("region", cluster.region);
        if (node.instanceType != null) {
            f.put("instanceType", node.instanceType);
        }
        Map<String, String> sysfs = new LinkedHashMap<>();
        Map<String, String> dmi = new LinkedHashMap<>();
        List<String> drivers = new ArrayList<>();
        switch (hypervisorType(cluster.provider, family)) {
            case "xen" -> {
                // values read from sysfs keep their trailing newline
                sysfs.put("hypervisor/type", "xen\n");
                sysfs.put("hypervisor/version/major", "4\n");
                sysfs.put("hypervisor/version/minor", xenMinor + "\n");
                sysfs.put("hypervisor/version/extra", ".amazon\n");
                sysfs.put("hypervisor/uuid", "ec2" + hex(random, 5) + "-" + hex(random, 4) + "\n");
                dmi.put("sys_vendor", "Xen\n");
                dmi.put("product_name", "HVM domU\n");
                dmi.put("bios_version", "4." + xenMinor + ".amazon\n");
                drivers.add("m4".equals(family) ? "ixgbevf" : "ena");
            }
            case "nitro" -> {
                dmi.put("sys_vendor", "Amazon EC2\n");
                dmi.put("product_name", node.instanceType + "\n");
                dmi.put("bios_version", "1.0\n");
                drivers.add("ena");
            }
            case "kvm" -> {
                dmi.put("sys_vendor", cluster.provider == Provider.GCP ? "Google\n" : "QEMU\n");
                dmi.put("product_name", cluster.provider == Provider.GCP ? "Google Compute Engine\n"
                        : "Standard PC (Q35 + ICH9, 2009)\n");
                drivers.add(cluster.provider == Provider.GCP ? "gve" : "virtio_net");
            }
            case "hyper-v" -> {
                dmi.put("sys_vendor", "Microsoft Corporation\n");
                dmi.put("product_name", "Virtual Machine\n");
                dmi.put("chassis_asset_tag", "7783-7084-3265-9085-8269-3286-77\n");
                drivers.add("hv_netvsc");
                drivers.add("mlx5_core");
            }
            default -> {
                dmi.put("sys_vendor", "Dell Inc.\n");
                dmi.put("product_name", "PowerEdge R650\n");
                drivers.add("ice");
            }
        }
        f.put("sysfs", sysfs);
        f.put("dmi", dmi);
        f.put("uname", Map.of("release", kernel[0], "version", "#1 SMP Debian " + kernel[1] + " (" + kernel[2] + ")",
                "machine", "r6g".equals(family) ? "aarch64" : "x86_64"));
        f.put("osRelease", Map.of("ID", "debian", "VERSION_ID", "11"));
        f.put("kernelPackage", Map.of("name", "linux-image-" + kernel[0], "version", kernel[1]));
        f.put("netDrivers", drivers);
        f.put("collectedAt", now.minus(1, ChronoUnit.HOURS).toString());
        return f;
    }

    static String hypervisorType(Provider provider, String family) {
        return switch (provider) {
            case AWS -> List.of("i3", "r4", "m4").contains(family) ? "xen" : "nitro";
            case GCP -> "kvm";
            case AZURE -> "hyper-v";
            case SELF_HOSTED -> "bare-metal";
        };
    }

    private static String family(Provider provider, Random random) {
        if (provider != Provider.AWS) {
            return null;
        }
        int f = random.nextInt(100);
        return f < 25 ? "i3" : f < 42 ? "r4" : f < 55 ? "m4" : f < 70 ? "i3en" : f < 85 ? "r6g" : "m5";
    }

    private static String instanceId(Provider provider, Random random) {
        return switch (provider) {
            case AWS -> "i-0" + hex(random, 16);
            case GCP -> "gce-" + hex(random, 12);
            case AZURE -> "vm-" + hex(random, 12);
            case SELF_HOSTED -> "host-" + hex(random, 10);
        };
    }

    private static String hex(Random random, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(Character.forDigit(random.nextInt(16), 16));
        }
        return sb.toString();
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    /** A demo login as the login page offers it: who to sign in as first, and what that person sees. */
    public record DemoLogin(String username, String password, String sees) {
    }

    /** The demo logins the login page lists while demo data is on; every other customer slug signs in the same way. */
    public static List<DemoLogin> logins() {
        return List.of(
                new DemoLogin(slug(CUSTOMERS[0][0]), "demo", "a customer's portal: clusters, windows, notices"),
                new DemoLogin("support", "support", "the staff console: every customer, rollouts, notices"),
                new DemoLogin("admin", "admin", "the staff console, plus users and API tokens"),
                new DemoLogin(slug(CUSTOMERS[1][0]), "demo", "another customer, to see that tenants are apart"));
    }

    static String slug(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
