package io.patchcast.window;

import java.util.List;

/** What a bulk action did: how many windows it selected and changed, and each window's outcome. */
public record BulkResult(int selected, int changed, List<Item> items) {

    /** One window: changed, or refused with the rule and why. */
    public record Item(long windowId, boolean changed, String rule, String detail) {
    }
}
