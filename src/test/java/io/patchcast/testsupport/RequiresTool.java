package io.patchcast.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that runs a program beside Java (a browser, dpkg, curl). Where the program is missing, a developer's
 * {@code ./mvnw verify} still passes: the class does not run, and the end of the run names it with the command that
 * installs the program and runs it. With {@code CI=true} a missing program fails the class instead; CI never skips.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Repeatable(RequiresTool.List.class)
@ExtendWith(ToolCondition.class)
public @interface RequiresTool {

    /** The program: an absolute path, or a command name looked up on {@code PATH}. */
    String value();

    /** The Debian package that provides it. */
    String debianPackage();

    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @ExtendWith(ToolCondition.class)
    @interface List {
        RequiresTool[] value();
    }
}
