package io.patchcast.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.patchcast.fleet.NodeSizeClass;
import io.patchcast.fleet.SlaTier;

class StageSelectorTest {

    private static List<StageSelector.Candidate> fleet() {
        List<StageSelector.Candidate> list = new ArrayList<>();
        list.add(new StageSelector.Candidate(1, true, SlaTier.NON_PRODUCTION, NodeSizeClass.DEVELOPER));
        list.add(new StageSelector.Candidate(2, true, SlaTier.PRODUCTION, NodeSizeClass.LARGE));
        for (long id = 10; id < 20; id++) {
            list.add(new StageSelector.Candidate(id, false, SlaTier.NON_PRODUCTION, NodeSizeClass.DEVELOPER));
        }
        list.add(new StageSelector.Candidate(30, false, SlaTier.NON_PRODUCTION, NodeSizeClass.MEDIUM));
        list.add(new StageSelector.Candidate(40, false, SlaTier.PRODUCTION, NodeSizeClass.DEVELOPER));
        list.add(new StageSelector.Candidate(41, false, SlaTier.PRODUCTION, NodeSizeClass.XLARGE));
        return list;
    }

    @Test
    void internalFirstThenCanaryShareThenRestOfNonProductionThenProduction() {
        Map<Long, Stage> stages = StageSelector.select(fleet(), 0.2, 7);
        assertEquals(Stage.INTERNAL, stages.get(1L));
        assertEquals(Stage.INTERNAL, stages.get(2L), "internal clusters go first whatever their tier");
        long canary = stages.values().stream().filter(s -> s == Stage.CANARY).count();
        assertEquals(2, canary, "20% of the ten developer-size non-production clusters");
        stages.forEach((id, stage) -> {
            if (stage == Stage.CANARY) {
                assertTrue(id >= 10 && id < 20, "only developer-size non-production clusters are canaries");
            }
        });
        assertEquals(Stage.NON_PRODUCTION, stages.get(30L), "non-developer non-production waits for stage 3");
        assertEquals(Stage.PRODUCTION, stages.get(40L), "production developer-size clusters are not canaries");
        assertEquals(Stage.PRODUCTION, stages.get(41L));
        assertTrue(stages.values().stream().noneMatch(s -> s == Stage.NEW_NODES || s == Stage.VERIFICATION),
                "stages 4 and 6 patch no clusters in windows");
    }

    @Test
    void shareIsConfigurableAndAtLeastOneCanaryWhenAny() {
        assertEquals(5, count(StageSelector.select(fleet(), 0.5, 7), Stage.CANARY));
        assertEquals(1, count(StageSelector.select(fleet(), 0.01, 7), Stage.CANARY));
        assertEquals(0, count(StageSelector.select(fleet(), 0, 7), Stage.CANARY));
        assertEquals(10, count(StageSelector.select(fleet(), 1, 7), Stage.CANARY));
    }

    @Test
    void sampleIsRepeatablePerRolloutAndDiffersBetweenRollouts() {
        assertEquals(canaries(StageSelector.select(fleet(), 0.3, 7)), canaries(StageSelector.select(fleet(), 0.3, 7)));
        boolean differs = false;
        for (long seed = 8; seed < 20 && !differs; seed++) {
            differs = !canaries(StageSelector.select(fleet(), 0.3, 7))
                    .equals(canaries(StageSelector.select(fleet(), 0.3, seed)));
        }
        assertTrue(differs, "other rollouts sample other canaries");
        assertNotEquals(List.of(10L, 11L, 12L), canaries(StageSelector.select(fleet(), 0.3, 7)).stream().sorted().toList(),
                "the sample does not simply follow id order");
    }

    @Test
    void theCanaryTakesOnlyClustersThatWillBootTheNewKernel() {
        List<StageSelector.Candidate> list = new ArrayList<>();
        // three held or targeted developer clusters and two on the full patch: a canary of them proves the kernel
        // only if it is made of the full-patch ones
        for (long id = 10; id < 13; id++) {
            list.add(new StageSelector.Candidate(id, false, SlaTier.NON_PRODUCTION, NodeSizeClass.DEVELOPER, false));
        }
        list.add(new StageSelector.Candidate(20, false, SlaTier.NON_PRODUCTION, NodeSizeClass.DEVELOPER, true));
        list.add(new StageSelector.Candidate(21, false, SlaTier.NON_PRODUCTION, NodeSizeClass.DEVELOPER, true));
        Map<Long, Stage> stages = StageSelector.select(list, 1.0, 7);
        assertEquals(java.util.Set.of(20L, 21L), canaries(stages));
        assertEquals(Stage.NON_PRODUCTION, stages.get(10L), "a held cluster waits for stage 3");
    }

    private static long count(Map<Long, Stage> stages, Stage stage) {
        return stages.values().stream().filter(s -> s == stage).count();
    }

    private static java.util.Set<Long> canaries(Map<Long, Stage> stages) {
        return stages.entrySet().stream().filter(e -> e.getValue() == Stage.CANARY).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }
}
