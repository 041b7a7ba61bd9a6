package io.patchcast.notify;

/** One addressee of a notice. */
public record Recipient(String name, String email) {
}
