package io.patchcast.common;

import java.util.Optional;
import java.util.function.Function;

/**
 * Parses query parameters taken as strings, so that a bad value is a 400 naming the parameter rather than
 * the 404 JAX-RS gives for a failed conversion.
 */
public final class Params {

    public static final int DEFAULT_PAGE_SIZE = 25;
    public static final int MAX_PAGE_SIZE = 200;

    private Params() {
    }

    public static int page(String value) {
        return intIn("page", value, 1, 1, Integer.MAX_VALUE);
    }

    public static int size(String value) {
        return intIn("size", value, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
    }

    public static int intIn(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min || n > max) {
                throw ProblemException.badRequest(name, "must be between " + min + " and " + max + ", was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(name, "must be a whole number, was '" + value + "'");
        }
    }

    public static long id(String name, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw ProblemException.badRequest(name, "must be a numeric id, was '" + value + "'");
        }
    }

    /** An optional enumerated value: blank means absent, anything unparseable is a 400 listing what is allowed. */
    public static <T> Optional<T> optional(String name, String value, Function<String, Optional<T>> parser,
            String allowed) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Optional<T> parsed = parser.apply(value);
        if (parsed.isEmpty()) {
            throw ProblemException.badRequest(name, "must be one of " + allowed + ", was '" + value + "'");
        }
        return parsed;
    }
}
