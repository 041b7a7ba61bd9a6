package io.patchcast.common;

import java.util.List;
import java.util.Map;

/**
 * A refusal the caller can act on. The problem mapper turns it into problem+json for the API and an
 * error page (or form errors) for pages. Never carries internals: only what the caller may read.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(new Problem("about:blank", "Not found", 404, what + " was not found.", null,
                List.of(), Map.of()));
    }

    public static ProblemException badRequest(String field, String message) {
        return invalid(List.of(new Problem.FieldError(field, message)));
    }

    public static ProblemException invalid(List<Problem.FieldError> errors) {
        String detail = errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
                : errors.size() + " fields are invalid.";
        return new ProblemException(new Problem("about:blank", "Invalid request", 400, detail, null, errors, Map.of()));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(new Problem("about:blank", "Conflict", 409, detail, null, List.of(), Map.of()));
    }

    /** A request that is well-formed but breaks a business rule; {@code rule} names it for clients. */
    public static ProblemException refused(String rule, String detail, Map<String, Object> extensions) {
        Map<String, Object> members = new java.util.LinkedHashMap<>();
        members.put("rule", rule);
        members.putAll(extensions);
        return new ProblemException(new Problem("https://patchcast.io/problems/" + rule, "Refused: " + rule, 422,
                detail, null, List.of(), members));
    }
}
