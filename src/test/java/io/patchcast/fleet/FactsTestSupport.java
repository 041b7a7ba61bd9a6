package io.patchcast.fleet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.patchcast.customer.Customer;
import io.patchcast.security.ApiTokenService;
import io.patchcast.security.Role;
import io.patchcast.security.Viewer;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** Tokens, clusters and facts documents for the facts tests. */
final class FactsTestSupport {

    static final Viewer ADMIN = new Viewer("admin", Role.ADMIN, null, "Ada Admin");

    private FactsTestSupport() {
    }

    /** A new agent token's secret, bound to the customer with this slug (null: fleet-wide). */
    static String token(String name, String customerSlug) {
        ApiTokenService tokens = Arc.container().instance(ApiTokenService.class).get();
        Long customerId = customerSlug == null ? null
                : QuarkusTransaction.requiringNew().call(() -> Customer.<Customer>find("slug", customerSlug)
                        .firstResult().id);
        return tokens.create(ADMIN, name, customerId).secret();
    }

    static long tokenId(String secret) {
        return QuarkusTransaction.requiringNew().call(() -> io.patchcast.security.ApiToken.<io.patchcast.security.ApiToken>find(
                "order by id desc").list().stream()
                .filter(t -> t.secretHash.equals(sha256(secret))).findFirst().orElseThrow().id);
    }

    static String sha256(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first cluster of the customer on the provider. */
    static long cluster(String customerSlug, Provider provider) {
        return QuarkusTransaction.requiringNew().call(() -> Cluster.<Cluster>find(
                "customer.slug = ?1 and provider = ?2 order by id", customerSlug, provider).firstResult().id);
    }

    static long anyCluster(String customerSlug) {
        return QuarkusTransaction.requiringNew().call(() -> Cluster.<Cluster>find(
                "customer.slug = ?1 order by id", customerSlug).firstResult().id);
    }

    /** A document like the design's example: an i3 on an old Xen host running an affected kernel. */
    static Map<String, Object> xenDoc(long clusterId, String instanceId) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("clusterId", String.valueOf(clusterId));
        f.put("instanceId", instanceId);
        f.put("provider", "aws");
        f.put("region", "us-east-1");
        f.put("instanceType", "i3.2xlarge");
        f.put("sysfs", Map.of("hypervisor/type", "xen\n", "hypervisor/version/major", "4\n",
                "hypervisor/version/minor", "2\n", "hypervisor/version/extra", ".amazon\n"));
        f.put("dmi", Map.of("sys_vendor", "Xen\n", "product_name", "HVM domU\n", "bios_version", "4.2.amazon\n"));
        f.put("uname", Map.of("release", "5.10.0-14-amd64", "version", "#1 SMP Debian 5.10.113-1 (2022-04-29)",
                "machine", "x86_64"));
        f.put("osRelease", Map.of("ID", "debian", "VERSION_ID", "11"));
        f.put("kernelPackage", Map.of("name", "linux-image-5.10.0-14-amd64", "version", "5.10.113-1"));
        f.put("netDrivers", List.of("ena"));
        f.put("collectedAt", "2022-05-20T10:00:00Z");
        return f;
    }

    static io.restassured.filter.cookie.CookieFilter login(String user, String password) {
        io.restassured.filter.cookie.CookieFilter cookies = new io.restassured.filter.cookie.CookieFilter();
        io.restassured.RestAssured.given().filter(cookies).redirects().follow(false)
                .formParam("j_username", user).formParam("j_password", password)
                .when().post("/j_security_check").then().statusCode(302);
        return cookies;
    }
}
