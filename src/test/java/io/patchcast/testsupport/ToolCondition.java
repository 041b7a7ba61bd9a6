package io.patchcast.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Decides {@link RequiresTool}: run, skip and report (a developer's machine), or fail ({@code CI=true}). */
public class ToolCondition implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isPresent()) {
            return ConditionEvaluationResult.enabled("decided for the class");
        }
        Class<?> testClass = context.getRequiredTestClass();
        List<RequiresTool> missing = new ArrayList<>();
        for (RequiresTool tool : AnnotationSupport.findRepeatableAnnotations(testClass, RequiresTool.class)) {
            if (!installed(tool.value())) {
                missing.add(tool);
            }
        }
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("every program it needs is installed");
        }
        String packages = String.join(" ", missing.stream().map(RequiresTool::debianPackage).distinct().toList());
        String what = String.join(", ", missing.stream().map(RequiresTool::value).toList());
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new ExtensionConfigurationException(testClass.getSimpleName() + " needs " + what
                    + ", which is not installed. CI never skips a test: install it (apt-get install -y " + packages
                    + "); .ci/run does.");
        }
        MissingToolsReport.record(testClass.getName(), what, packages);
        return ConditionEvaluationResult.disabled("not run: " + what + " is not installed (apt-get install -y "
                + packages + ")");
    }

    static boolean installed(String program) {
        if (program.contains("/")) {
            return Files.isExecutable(Path.of(program));
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
