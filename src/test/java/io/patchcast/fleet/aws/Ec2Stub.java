package io.patchcast.fleet.aws;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for the EC2 Query API: decodes the SDK's form-encoded POSTs and answers with the XML
 * documents of AWS's API reference. Per region it can answer AuthFailure; DescribeInstanceTypes can be
 * throttled (RequestLimitExceeded) a number of times first.
 */
final class Ec2Stub {

    static final String NS = "http://ec2.amazonaws.com/doc/2016-11-15/";

    /** One instance as DescribeInstances lists it. */
    record Instance(String id, String type, String state, String clusterTag) {
    }

    record Event(String instanceId, String code, String description, String notBefore, String notAfter,
            String deadline) {
    }

    private final HttpServer server;

    /** Pages of DescribeInstances, followed by NextToken "page-2", "page-3", … */
    volatile List<List<Instance>> pages = List.of();
    /** type → {hypervisor, enaSupport} */
    volatile Map<String, String[]> types = Map.of();
    volatile List<Event> events = List.of();
    volatile List<String> authFailureRegions = List.of();
    final AtomicInteger throttleTypes = new AtomicInteger();
    /** Every call as "Action region [NextToken]". */
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    Ec2Stub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> params = form(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            // SigV4 credential scope: Credential=AKID/20261124/us-east-1/ec2/aws4_request
            String region = auth == null ? "?" : auth.replaceAll(".*Credential=[^/]+/[0-9]+/([^/]+)/ec2/.*", "$1");
            String action = params.getOrDefault("Action", "?");
            calls.add(action + " " + region + (params.containsKey("NextToken") ? " " + params.get("NextToken") : ""));
            if (authFailureRegions.contains(region)) {
                error(exchange, 401, "AuthFailure", "AWS was not able to validate the provided access credentials");
                return;
            }
            switch (action) {
                case "DescribeInstances" -> instances(exchange, params);
                case "DescribeInstanceTypes" -> {
                    if (throttleTypes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        error(exchange, 503, "RequestLimitExceeded", "Request limit exceeded.");
                    } else {
                        instanceTypes(exchange, params);
                    }
                }
                case "DescribeInstanceStatus" -> status(exchange);
                default -> error(exchange, 400, "InvalidAction", "The action " + action + " is not valid");
            }
        }
    }

    private void instances(HttpExchange exchange, Map<String, String> params) throws IOException {
        String token = params.get("NextToken");
        int page = token == null ? 0 : Integer.parseInt(token.substring("page-".length())) - 1;
        StringBuilder xml = new StringBuilder("<DescribeInstancesResponse xmlns=\"" + NS + "\">"
                + "<requestId>8f7724cf-496f-496e-8fe3-example</requestId><reservationSet>");
        List<Instance> instances = page < pages.size() ? pages.get(page) : List.of();
        for (Instance i : instances) {
            xml.append("<item><reservationId>r-").append(i.id().substring(2)).append("</reservationId>")
                    .append("<ownerId>123456789012</ownerId><groupSet/><instancesSet><item>")
                    .append("<instanceId>").append(i.id()).append("</instanceId>")
                    .append("<imageId>ami-0abcdef1234567890</imageId>")
                    .append("<instanceState><code>").append("running".equals(i.state()) ? 16 : 80)
                    .append("</code><name>").append(i.state()).append("</name></instanceState>")
                    .append("<instanceType>").append(i.type()).append("</instanceType>")
                    .append("<placement><availabilityZone>us-east-1a</availabilityZone><tenancy>default</tenancy></placement>")
                    // DescribeInstances says xen even for Nitro instances; the sync must not trust it
                    .append("<hypervisor>xen</hypervisor>")
                    .append("<tagSet><item><key>Name</key><value>node</value></item>");
            if (i.clusterTag() != null) {
                xml.append("<item><key>patchcast:cluster-id</key><value>").append(i.clusterTag())
                        .append("</value></item>");
            }
            xml.append("</tagSet></item></instancesSet></item>");
        }
        xml.append("</reservationSet>");
        if (page + 1 < pages.size()) {
            xml.append("<nextToken>page-").append(page + 2).append("</nextToken>");
        }
        xml.append("</DescribeInstancesResponse>");
        ok(exchange, xml.toString());
    }

    private void instanceTypes(HttpExchange exchange, Map<String, String> params) throws IOException {
        StringBuilder xml = new StringBuilder("<DescribeInstanceTypesResponse xmlns=\"" + NS + "\">"
                + "<requestId>1b8e3f9a-example</requestId><instanceTypeSet>");
        for (Map.Entry<String, String> p : params.entrySet()) {
            if (!p.getKey().startsWith("InstanceType.")) {
                continue;
            }
            String[] info = types.get(p.getValue());
            if (info == null) {
                continue;
            }
            xml.append("<item><instanceType>").append(p.getValue()).append("</instanceType>")
                    .append("<currentGeneration>true</currentGeneration>")
                    .append("<hypervisor>").append(info[0]).append("</hypervisor>")
                    .append("<networkInfo><networkPerformance>Up to 10 Gigabit</networkPerformance>")
                    .append("<enaSupport>").append(info[1]).append("</enaSupport></networkInfo></item>");
        }
        xml.append("</instanceTypeSet></DescribeInstanceTypesResponse>");
        ok(exchange, xml.toString());
    }

    private void status(HttpExchange exchange) throws IOException {
        Map<String, List<Event>> byInstance = new LinkedHashMap<>();
        for (Event e : events) {
            byInstance.computeIfAbsent(e.instanceId(), k -> new ArrayList<>()).add(e);
        }
        StringBuilder xml = new StringBuilder("<DescribeInstanceStatusResponse xmlns=\"" + NS + "\">"
                + "<requestId>3be1508e-example</requestId><instanceStatusSet>");
        for (Map.Entry<String, List<Event>> entry : byInstance.entrySet()) {
            xml.append("<item><instanceId>").append(entry.getKey()).append("</instanceId>")
                    .append("<availabilityZone>us-east-1a</availabilityZone><eventsSet>");
            int n = 0;
            for (Event e : entry.getValue()) {
                xml.append("<item><instanceEventId>instance-event-0d59937288b749b3").append(n++)
                        .append("</instanceEventId><code>").append(e.code()).append("</code><description>")
                        .append(e.description()).append("</description><notBefore>").append(e.notBefore())
                        .append("</notBefore><notAfter>").append(e.notAfter()).append("</notAfter>")
                        .append("<notBeforeDeadline>").append(e.deadline()).append("</notBeforeDeadline></item>");
            }
            xml.append("</eventsSet><instanceState><code>16</code><name>running</name></instanceState>")
                    .append("<systemStatus><status>ok</status></systemStatus>")
                    .append("<instanceStatus><status>ok</status></instanceStatus></item>");
        }
        xml.append("</instanceStatusSet></DescribeInstanceStatusResponse>");
        ok(exchange, xml.toString());
    }

    private static void ok(HttpExchange exchange, String xml) throws IOException {
        send(exchange, 200, xml);
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        send(exchange, status, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>" + code
                + "</Code><Message>" + message + "</Message></Error></Errors>"
                + "<RequestID>ea966190-f9aa-478e-9ede-example</RequestID></Response>");
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/xml;charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }
}
