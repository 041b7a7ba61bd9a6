package io.patchcast.window;

import java.time.Instant;
import java.util.List;

/**
 * What a move form shows before the customer picks: the allowed range, the deadline, the moves left and
 * a few starts that would be accepted.
 */
public record MoveOptions(WindowView window, boolean movable, String notMovableReason, Instant earliest,
        Instant latest, Instant deadline, int movesLeft, List<Instant> suggestions) {
}
