package io.patchcast.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Issue 11, item 6: characters XML cannot carry are refused where they enter, and no malformed input gives a
 * 500. The fuzzing part walks the live OpenAPI document, so an operation added later is fuzzed too.
 */
@QuarkusTest
class InputFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> BAD_IDS = List.of("99999999999999999999", "%00", "-1", "%ED%A0%80");
    private static final List<String> BAD_QUERY = List.of("%00", "99999999999999999999", "not-a-value",
            "%EF%BF%BF");
    private static final List<String> BAD_BODIES = List.of("", "null", "[]", "\"text\"", "{\"a\":", "{\"a\":1}}");

    private static RequestSpecification admin() {
        return given().auth().preemptive().basic("admin", "admin").urlEncodingEnabled(false);
    }

    @Test
    void nulAndLoneSurrogatesAreRefusedNamingTheField() {
        String slug = "hygiene-" + System.nanoTime();
        String body = "{\"slug\":\"" + slug + "\",\"title\":\"Bad \\u0000 title\",\"severity\":\"minor\","
                + "\"summary\":\"s\",\"body\":\"b\",\"scope\":{\"providers\":[\"aws\"]}}";
        admin().contentType("application/json").body(body).when().post("/api/v1/incidents").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("title")).body("errors[0].message", containsString("U+0000"));
        admin().contentType("application/json").body(body.replace("Bad \\u0000 title", "ok")
                .replace("\"summary\":\"s\"", "\"summary\":\"half \\ud800 a pair\"")).when().post("/api/v1/incidents")
                .then().statusCode(400).body("errors[0].field", equalTo("summary"))
                .body("errors[0].message", containsString("unpaired surrogate"));
        admin().contentType("application/json").body(body.replace("Bad \\u0000 title", "form \\u000c feed"))
                .when().post("/api/v1/incidents").then().statusCode(400).body("errors[0].field", equalTo("title"));
        // nothing was created, so no feed can carry it
        admin().when().get("/api/v1/incidents/" + slug).then().statusCode(404);
        // forms and query strings too
        var staff = SecurityTestSupport.login("support", "support");
        String token = SecurityTestSupport.csrf(given().filter(staff).when().get("/console/incidents/new").then()
                .statusCode(200).extract().asString());
        given().filter(staff).accept("text/html").formParam("csrf-token", token).formParam("slug", slug)
                .formParam("title", "nul\u0000here").formParam("severity", "minor").formParam("summary", "s")
                .formParam("body", "b").when().post("/console/incidents/new").then().statusCode(400)
                .body(containsString("title"));
        admin().when().get("/api/v1/windows?customer=%00").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("customer"));
        admin().when().get("/api/v1/incidents/" + slug).then().statusCode(404);
    }

    @Test
    void theFourReported500sAreClientErrors() {
        admin().contentType("application/json").body("null").when().post("/api/v1/releases").then().statusCode(400)
                .contentType("application/problem+json");
        admin().contentType("application/json").body("").when().post("/api/v1/releases").then().statusCode(400)
                .contentType("application/problem+json");
        admin().when().get("/api/v1/windows?customer=99999999999999999999").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("customer"));
        admin().when().get("/api/v1/windows?customer=%00").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void everyJsonOperationOfTheOpenApiDocumentAnswersBadInputWith4xxProblems() throws Exception {
        JsonNode doc = JSON.readTree(admin().when().get("/q/openapi?format=json").then().statusCode(200).extract()
                .asString());
        List<String> failures = new ArrayList<>();
        int requests = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext();) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase();
                if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                String template = path.getKey();
                List<String> pathParams = new ArrayList<>();
                List<String> queryParams = new ArrayList<>();
                for (JsonNode p : parameters(path.getValue(), op.getValue())) {
                    ("path".equals(p.path("in").asText()) ? pathParams : "query".equals(p.path("in").asText())
                            ? queryParams : new ArrayList<String>()).add(p.path("name").asText());
                }
                JsonNode jsonBody = op.getValue().path("requestBody").path("content").path("application/json");
                boolean safe = method.equals("GET");
                // bad path parameters: nothing can match, so even a POST or DELETE changes nothing
                for (String param : pathParams) {
                    for (String bad : BAD_IDS) {
                        String url = fill(template, pathParams, param, bad);
                        requests++;
                        expect4xx(failures, method + " " + url, send(method, url, null));
                    }
                }
                // bad query parameters on reads (a write with good parameters would really happen)
                if (safe) {
                    for (String param : queryParams) {
                        for (String bad : BAD_QUERY) {
                            String url = fill(template, pathParams, null, "1") + "?" + param + "="
                                    + (bad.startsWith("%") ? bad : java.net.URLEncoder.encode(bad,
                                            java.nio.charset.StandardCharsets.UTF_8));
                            requests++;
                            expectNo500(failures, method + " " + url, send(method, url, null));
                        }
                    }
                }
                // bad bodies: malformed, the wrong shape, and every property of the schema mistyped or with a NUL
                if (!jsonBody.isMissingNode()) {
                    // ids nothing has: should a body ever be taken as valid, it still changes nothing
                    String url = fill(template, pathParams, null, "987654321");
                    List<String> bodies = new ArrayList<>(BAD_BODIES);
                    JsonNode schema = resolve(doc, jsonBody.path("schema"));
                    if (schema.path("properties").size() > 0) {
                        bodies.add(everyProperty(schema, JSON.getNodeFactory().textNode("\u0000")));
                        bodies.add(everyProperty(schema, JSON.getNodeFactory().objectNode().put("x", 1)));
                        // a lone surrogate as JSON writes it, an escape (raw, it is not even UTF-8)
                        bodies.add(everyProperty(schema, JSON.getNodeFactory().textNode("LONE")).replace("\"LONE\"",
                                "\"\\ud800\""));
                    }
                    for (String body : bodies) {
                        requests++;
                        expect4xx(failures, method + " " + url + " body " + abbreviate(body), send(method, url, body));
                    }
                }
            }
        }
        assertTrue(requests > 200, "the document was walked: " + requests + " requests");
        java.nio.file.Files.write(java.nio.file.Path.of("target", "fuzz-failures.txt"), failures);
        assertTrue(failures.isEmpty(), failures.size() + " of " + requests + " requests misbehaved:\n"
                + String.join("\n", failures));
    }

    private static Response send(String method, String url, String body) {
        RequestSpecification spec = admin().redirects().follow(false);
        if (body != null) {
            spec = spec.contentType("application/json").body(body);
        }
        return spec.when().request(method, url);
    }

    private static void expect4xx(List<String> failures, String label, Response r) {
        int s = r.statusCode();
        if (s < 400 || s >= 500) {
            failures.add(label + " -> " + s + " " + abbreviate(r.asString()));
        } else {
            checkProblem(failures, label, r);
        }
    }

    private static void expectNo500(List<String> failures, String label, Response r) {
        int s = r.statusCode();
        if (s >= 500) {
            failures.add(label + " -> " + s + " " + abbreviate(r.asString()));
        } else if (s >= 400) {
            checkProblem(failures, label, r);
        }
    }

    private static void checkProblem(List<String> failures, String label, Response r) {
        String type = r.contentType();
        if (type == null || !type.startsWith("application/problem+json")) {
            failures.add(label + " -> " + r.statusCode() + " as " + type + ", not problem+json");
        }
    }

    private static List<JsonNode> parameters(JsonNode pathItem, JsonNode op) {
        List<JsonNode> all = new ArrayList<>();
        pathItem.path("parameters").forEach(all::add);
        op.path("parameters").forEach(all::add);
        return all;
    }

    private static String fill(String template, List<String> names, String replaced, String bad) {
        String url = template;
        for (String name : names) {
            url = url.replace("{" + name + "}", name.equals(replaced) ? bad : replaced == null ? bad : "1");
        }
        return url;
    }

    private static JsonNode resolve(JsonNode doc, JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        if (ref.startsWith("#/components/schemas/")) {
            return doc.path("components").path("schemas").path(ref.substring("#/components/schemas/".length()));
        }
        return schema;
    }

    private static String everyProperty(JsonNode schema, JsonNode value) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        Map<String, JsonNode> props = new LinkedHashMap<>();
        schema.path("properties").fields().forEachRemaining(e -> props.put(e.getKey(), e.getValue()));
        props.keySet().forEach(k -> body.set(k, value));
        return JSON.writeValueAsString(body);
    }

    private static String abbreviate(String s) {
        StringBuilder sb = new StringBuilder();
        s.chars().forEach(c -> sb.append(c < 0x20 || c >= 0xD800 && c <= 0xDFFF || c >= 0xFFFE
                ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        String one = sb.toString();
        return one.length() > 160 ? one.substring(0, 160) + "…" : one;
    }
}
