package io.patchcast.common;

import java.util.List;
import java.util.function.Function;

/** One page of a longer list. Pages count from 1. */
public record PageView<T>(List<T> items, int page, int size, long total) {

    @com.fasterxml.jackson.annotation.JsonProperty("totalPages")
    public int totalPages() {
        return (int) Math.max(1, (total + size - 1) / size);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean hasPrevious() {
        return page > 1;
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean hasNext() {
        return page < totalPages();
    }

    public <R> PageView<R> map(Function<T, R> mapper) {
        return new PageView<>(items.stream().map(mapper).toList(), page, size, total);
    }
}
