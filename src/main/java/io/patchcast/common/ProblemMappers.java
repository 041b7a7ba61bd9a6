package io.patchcast.common;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;

import io.quarkus.logging.Log;
import io.quarkus.security.ForbiddenException;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The one place exceptions become responses: problem+json (RFC 9457) for the API and API-like clients,
 * a styled error page for browsers. No class names or stack traces ever leave the server.
 */
public class ProblemMappers {

    @Inject
    ProblemResponder responder;

    @Inject
    io.quarkus.security.identity.SecurityIdentity identity;

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri, HttpHeaders headers) {
        return respond(e.problem(), uri, headers);
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri, HttpHeaders headers) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(java.util.Comparator.comparing(Problem.FieldError::field))
                .toList();
        return respond(ProblemException.invalid(errors).problem(), uri, headers);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri, HttpHeaders headers) {
        String field = "body";
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            field = jsonPath(m.getPath());
        }
        String message = e instanceof InputHygiene.IllegalTextException ? e.getOriginalMessage()
                : e instanceof JsonMappingException ? "has the wrong type or format"
                : "is not valid JSON (line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")";
        return respond(ProblemException.badRequest(field, message).problem(), uri, headers);
    }

    // Quarkus ships its own mappers for these Jackson subtypes; ours must be as specific to take precedence.
    @ServerExceptionMapper
    public Response mismatchedInput(com.fasterxml.jackson.databind.exc.MismatchedInputException e, UriInfo uri,
            HttpHeaders headers) {
        return json(e, uri, headers);
    }

    @ServerExceptionMapper
    public Response jsonParse(com.fasterxml.jackson.core.JsonParseException e, UriInfo uri, HttpHeaders headers) {
        return json(e, uri, headers);
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e, UriInfo uri, HttpHeaders headers) {
        return json(e, uri, headers);
    }

    @ServerExceptionMapper
    public Response optimisticLock(OptimisticLockException e, UriInfo uri, HttpHeaders headers) {
        return respond(ProblemException.conflict(
                "Someone else changed this record at the same time. Reload it and try again.").problem(), uri, headers);
    }

    /**
     * A unique or foreign-key constraint the database enforced at commit: in practice two requests creating the
     * same thing at once (two agents posting a new node). Validation catches what it can see first; this is the
     * race it cannot see, and the client should simply retry.
     */
    @ServerExceptionMapper
    public Response constraint(org.hibernate.exception.ConstraintViolationException e, UriInfo uri,
            HttpHeaders headers) {
        Log.debugf(e, "Constraint violation on %s", uri.getPath());
        return respond(ProblemException.conflict(
                "This conflicts with a change made at the same moment (the record exists already or was removed)."
                        + " Retry the request.").problem(), uri, headers);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri, HttpHeaders headers) {
        // access-control failures are security events (ASVS 7.2.2)
        Log.infof("Forbidden: %s for '%s'", uri.getPath(),
                identity.isAnonymous() ? "anonymous" : Text.forLog(identity.getPrincipal().getName()));
        return respond(new Problem("about:blank", "Forbidden", 403, "Your role may not use this page or action.", null,
                List.of(), Map.of()), uri, headers);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri, HttpHeaders headers) {
        if (e.getCause() instanceof JsonProcessingException cause) {
            return json(cause, uri, headers);
        }
        int status = e.getResponse().getStatus();
        if (status < 400 || e.getResponse().hasEntity() && status != 404 && status != 405 && status != 415) {
            return e.getResponse();
        }
        String title = Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "There is nothing at this address.";
            case 405 -> "This address does not accept that method.";
            case 406 -> "This address cannot answer in the media type you asked for.";
            case 415 -> "This address does not accept that content type.";
            case 400 -> "The request could not be read.";
            default -> title + ".";
        };
        return respond(new Problem("about:blank", title, status, detail, null, List.of(), Map.of()), uri, headers);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Exception e, UriInfo uri, HttpHeaders headers) {
        // failures found at commit arrive wrapped (transaction rollback, interceptor): look at the causes
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof org.hibernate.exception.ConstraintViolationException c) {
                return constraint(c, uri, headers);
            }
            if (cause instanceof OptimisticLockException
                    || cause instanceof org.hibernate.StaleObjectStateException) {
                return optimisticLock(null, uri, headers);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        String ref = UUID.randomUUID().toString().substring(0, 8);
        Log.errorf(e, "Unexpected error %s on %s", ref, uri.getPath());
        return respond(new Problem("about:blank", "Internal error", 500,
                "Something went wrong on our side. Quote reference " + ref + " to support.", null, List.of(), Map.of()),
                uri, headers);
    }

    private Response respond(Problem problem, UriInfo uri, HttpHeaders headers) {
        return responder.respond(problem, uri.getPath(), headers.getAcceptableMediaTypes());
    }

    private static String fieldName(ConstraintViolation<?> violation) {
        // "method.argument.field.sub" -> "field.sub": the caller knows the body, not our method names
        String[] parts = violation.getPropertyPath().toString().split("\\.");
        if (parts.length <= 2) {
            return parts[parts.length - 1];
        }
        return String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length));
    }

    private static String jsonPath(List<JsonMappingException.Reference> path) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "body" : sb.toString();
    }
}
