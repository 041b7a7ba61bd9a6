package io.patchcast.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Prints, when the test run ends, the test classes that did not run because a program was missing, and the one
 * command that installs what they need and runs them. Registered through {@code META-INF/services}.
 * <p>
 * {@link ToolCondition} may be loaded by a Quarkus test class loader, this listener by the launcher's: they meet in
 * the system properties, which every class loader of the JVM shares.
 */
public class MissingToolsReport implements TestExecutionListener {

    private static final String KEY = "patchcast.test.missing-tools";

    static synchronized void record(String testClass, String program, String packages) {
        Properties props = System.getProperties();
        String line = testClass + "\t" + program + "\t" + packages;
        String known = props.getProperty(KEY);
        if (known == null) {
            props.setProperty(KEY, line);
        } else if (!List.of(known.split("\n")).contains(line)) {
            props.setProperty(KEY, known + "\n" + line);
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        String known = System.getProperty(KEY);
        if (known == null || known.isBlank()) {
            return;
        }
        Set<String> classes = new LinkedHashSet<>();
        Set<String> packages = new LinkedHashSet<>();
        List<String> lines = new ArrayList<>();
        for (String line : known.split("\n")) {
            String[] parts = line.split("\t");
            classes.add(parts[0].substring(parts[0].lastIndexOf('.') + 1));
            packages.addAll(List.of(parts[2].split(" ")));
            lines.add("  " + parts[0] + " (needs " + parts[1] + ")");
        }
        StringBuilder out = new StringBuilder();
        out.append('\n').append("[WARNING] ").append(classes.size())
                .append(" test class(es) did not run because a program they need is not installed:\n");
        lines.forEach(l -> out.append(l).append('\n'));
        out.append("[WARNING] Install what they need (as root) and run them with:\n");
        out.append("  apt-get install -y ").append(String.join(" ", packages))
                .append(" && ./mvnw verify -Dtest='").append(String.join(",", classes))
                .append("'\n");
        System.out.print(out);
        System.out.flush();
    }
}
