package io.patchcast.compat;

/**
 * A version string that a version scheme refuses to order. The message names the input and what is wrong,
 * so it can be shown to whoever typed it (a rule author, a staff member entering a planned kernel).
 */
public class InvalidVersionException extends IllegalArgumentException {

    private final String input;

    public InvalidVersionException(String scheme, String input, String reason) {
        super(scheme + " version '" + input + "' is invalid: " + reason);
        this.input = input;
    }

    public String input() {
        return input;
    }
}
