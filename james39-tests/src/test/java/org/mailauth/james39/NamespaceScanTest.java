package org.mailauth.james39;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * Each pack jar names only the namespaces its James ships: James 3.8.x has javax.mail 1.6, javax.activation,
 * javax.inject (Guice 5) and javax.annotation; James 3.9.x has their Jakarta successors and none of the old ones.
 * Every constant of every class file is read (types, descriptors, signatures, annotations, string literals).
 */
class NamespaceScanTest {

    /** What James 3.8 ships and James 3.9 no longer does, in internal ("/") and source (".") form. */
    private static final Pattern GONE_IN_JAMES_39 = Pattern.compile(
        "(javax|com)[/.](mail|activation|inject|sun[/.]mail|sun[/.]activation)[/.]|javax[/.]annotation[/.](?!processing)");
    private static final Pattern JAKARTA = Pattern.compile("jakarta[/.]");
    /**
     * H2's adapter for Jakarta Servlet containers (its web console in a servlet container), never loaded by the pack:
     * the only classes of the 3.8 jar that may name jakarta.
     */
    private static final Set<String> H2_JAKARTA_SERVLET_ADAPTER = Set.of("org/h2/server/web/JakartaWebServlet",
        "org/h2/server/web/JakartaDbStarter");

    @Test
    void theJames39PackNamesNoNamespaceJames39NoLongerShips() {
        List<ClassFile> classes = PackJar.james39().classes("");

        assertThat(offenders(classes, GONE_IN_JAMES_39, c -> true)).isEmpty();
    }

    @Test
    void theJames38PackNamesNoJakartaNamespace() {
        List<ClassFile> classes = PackJar.james38().classes("");

        assertThat(offenders(classes, JAKARTA, c -> !H2_JAKARTA_SERVLET_ADAPTER.contains(c.name()))).isEmpty();
    }

    @Test
    void theScanSeesTheMailApiOfEachJames() {
        assertThat(offenders(PackJar.james38().classes("org/mailauth/"), GONE_IN_JAMES_39, c -> true))
            .anyMatch(offender -> offender.contains("javax/mail/internet/MimeMessage"))
            .anyMatch(offender -> offender.contains("javax/inject/Inject"));
        assertThat(offenders(PackJar.james39().classes("org/mailauth/"), JAKARTA, c -> true))
            .anyMatch(offender -> offender.contains("jakarta/mail/internet/MimeMessage"))
            .anyMatch(offender -> offender.contains("jakarta/inject/Inject"));
    }

    @Test
    void bothPacksHoldTheSameClasses() {
        assertThat(classFileNames(PackJar.james39())).isEqualTo(classFileNames(PackJar.james38()));
    }

    /** James 3.9 runs on Java 21; the pack stays Java 11 bytecode (class file major version 55), like the 3.8 pack. */
    @Test
    void theJames39PackKeepsTheJava11BytecodeOfItsOwnClasses() {
        assertThat(PackJar.james39().classes("org/mailauth/")).isNotEmpty()
            .allSatisfy(c -> assertThat(c.majorVersion()).as(c.name()).isEqualTo(55));
    }

    private static Set<String> classFileNames(PackJar jar) {
        return jar.entryNames().stream().filter(name -> name.endsWith(".class")).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> offenders(List<ClassFile> classes, Pattern namespace, Predicate<ClassFile> scanned) {
        return classes.stream().filter(scanned)
            .flatMap(c -> c.utf8().stream().filter(constant -> namespace.matcher(constant).find())
                .map(constant -> c.name() + ": " + constant))
            .collect(Collectors.toList());
    }
}
