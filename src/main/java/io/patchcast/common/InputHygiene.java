package io.patchcast.common;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.quarkus.jackson.ObjectMapperCustomizer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

/**
 * Refuses text that {@link Text} does not accept wherever it enters: the path and query string (before routing),
 * form fields (before the resource method) and every JSON string, map key included (while parsing). Each refusal
 * is a 400 problem naming the field.
 */
@ApplicationScoped
public class InputHygiene {

    @Inject
    ProblemResponder responder;

    @Inject
    ObjectMapper json;

    /** A JSON string with a refused character; the mapper reports its path. */
    public static class IllegalTextException extends com.fasterxml.jackson.databind.exc.MismatchedInputException {
        public IllegalTextException(JsonParser parser, String message) {
            super(parser, message, String.class);
        }
    }

    /** JSON strings and keys are checked as they are parsed. */
    @Singleton
    public static class JsonStrings implements ObjectMapperCustomizer {
        @Override
        public void customize(ObjectMapper mapper) {
            SimpleModule module = new SimpleModule("patchcast-text");
            module.addDeserializer(String.class, new CheckedStringDeserializer());
            module.addKeyDeserializer(String.class, new KeyDeserializer() {
                @Override
                public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
                    String problem = Text.problem(key);
                    if (problem != null) {
                        throw new IllegalTextException(ctxt.getParser(), "key " + problem);
                    }
                    return key;
                }
            });
            mapper.registerModule(module);
            // "{...}}" or "{...} junk" is malformed, not the object before the junk
            mapper.enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        }
    }

    static class CheckedStringDeserializer extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = super.deserialize(p, ctxt);
            String problem = Text.problem(value);
            if (problem != null) {
                throw new IllegalTextException(p, problem);
            }
            return value;
        }
    }

    void install(@Observes Router router) {
        router.route().order(-98).handler(ctx -> {
            String refused = null;
            String field = null;
            String raw = ctx.request().path();
            try {
                String path = raw == null ? "" : URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
                refused = Text.problem(path);
                field = "path";
                if (refused == null) {
                    for (Map.Entry<String, String> e : ctx.queryParams()) {
                        field = e.getKey();
                        refused = Text.problem(e.getKey());
                        if (refused == null) {
                            refused = Text.problem(e.getValue());
                        }
                        if (refused != null) {
                            break;
                        }
                    }
                }
            } catch (IllegalArgumentException e) {
                refused = "is not valid percent-encoded UTF-8";
                field = field == null ? "path" : field;
            }
            if (refused == null) {
                ctx.next();
                return;
            }
            Problem problem = ProblemException.badRequest(Text.problem(field) == null ? field : "query", refused)
                    .problem().withInstance(Text.problem(raw) == null ? raw : null);
            try {
                ctx.response().setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                        .end(json.writeValueAsString(problem));
            } catch (IOException e) {
                ctx.response().setStatusCode(400).end();
            }
        });
    }

    /** Form fields, read before the resource method so a refused form changes nothing. */
    @ServerRequestFilter
    @WithFormRead
    public Response forms(ResteasyReactiveContainerRequestContext request) {
        if (!(request.getServerRequestContext() instanceof ResteasyReactiveRequestContext context)
                || context.getFormData() == null) {
            return null;
        }
        for (String name : context.getFormData()) {
            String problem = Text.problem(name);
            // values are kept encoded until asked for decoded, as the resource method will see them
            Object decoded = problem != null ? null : context.getFormParameter(name, false, false);
            if (decoded instanceof java.util.Collection<?> values) {
                for (Object v : values) {
                    problem = problem != null ? problem : v instanceof String text ? Text.problem(text) : null;
                }
            } else if (decoded instanceof String text) {
                problem = Text.problem(text);
            }
            if (problem != null) {
                return responder.respond(ProblemException.badRequest(Text.problem(name) == null ? name : "form",
                        problem).problem(), request.getUriInfo().getPath(), request.getAcceptableMediaTypes());
            }
        }
        return null;
    }
}
