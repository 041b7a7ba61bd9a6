package io.patchcast.rollout;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A patch release: the OS version, kernel package per OS stream and package list a rollout installs. */
@Entity
@Table(name = "patch_release")
public class PatchRelease extends PanacheEntity {

    public static final String STABLE = "stable";
    public static final String BACKPORTS = "backports";

    @Column(nullable = false, length = 120)
    public String name;

    @Column(name = "os_version", nullable = false, length = 40)
    public String osVersion;

    /** Debian package version of the kernel for nodes on the stable stream, e.g. 5.10.113-1. */
    @Column(name = "stable_kernel", nullable = false, length = 80)
    public String stableKernel;

    /** Kernel for nodes on bullseye-backports; null when the release leaves those nodes' kernel alone. */
    @Column(name = "backports_kernel", length = 80)
    public String backportsKernel;

    /** Package names (with versions where pinned), one per line. */
    @Column(nullable = false, length = 4000)
    public String packages;

    @Column(length = 4000)
    public String notes;

    @Column(name = "created_by", nullable = false, length = 100)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /**
     * The kernel a node of this stream boots after the maintenance; null when unknown (no stream, or no
     * kernel for it), which the engine reads as a missing fact.
     */
    public String targetKernel(String stream) {
        if (stream == null) {
            return null;
        }
        return switch (stream) {
            case STABLE -> stableKernel;
            case BACKPORTS -> backportsKernel;
            default -> null;
        };
    }

    public List<String> packageList() {
        return Arrays.stream(packages.split("\\R")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    public static Optional<PatchRelease> findByName(String name) {
        return find("name", name).firstResultOptional();
    }

    public static List<PatchRelease> listNewestFirst() {
        return list("order by createdAt desc, id desc");
    }
}
