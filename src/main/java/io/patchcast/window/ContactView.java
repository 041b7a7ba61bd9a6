package io.patchcast.window;

/** A notification contact and whether it receives the 24 h reminders. */
public record ContactView(long id, String name, String email, boolean receiveReminders) {
}
