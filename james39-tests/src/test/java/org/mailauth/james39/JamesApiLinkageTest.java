package org.mailauth.james39;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * Every class, field and method the pack's own classes use outside the pack exists in James 3.9.0 with the same
 * descriptor (what the JVM resolves at link time, JVMS §5.4.3): the test class path is the James 3.9.0 modules the
 * pack meets in a server, Guice 7, dnsjava 3.6, Bouncy Castle jdk18on, Jakarta Mail 2.
 */
class JamesApiLinkageTest {

    /**
     * What the registry here serves no 3.9.0 of (james-server-protocols-smtp, protocols-api, protocols-smtp,
     * james-server-webadmin-core with Spark): the pack's SMTP hooks and its dashboard route are not checked on 3.9.
     */
    private static final List<String> NOT_SERVED = List.of("org/apache/james/protocols/", "org/apache/james/smtpserver/",
        "org/apache/james/webadmin/", "spark/");

    private final List<ClassFile> pack = PackJar.james39().classes("");
    private final Set<String> packClasses = pack.stream().map(ClassFile::name).collect(Collectors.toSet());

    @Test
    void everyClassThePackUsesExistsInJames39() {
        assertThat(unresolved().stream().filter(reference -> !notServed(reference))).isEmpty();
    }

    @Test
    void onlyTheSmtpHooksAndTheDashboardRouteAreLeftUnchecked() {
        Set<String> unchecked = unresolved().stream().filter(JamesApiLinkageTest::notServed)
            .map(reference -> reference.substring(0, reference.indexOf(' ')))
            .collect(Collectors.toCollection(TreeSet::new));

        assertThat(unchecked).allMatch(name -> name.startsWith("org/mailauth/james/smtp/")
            || name.startsWith("org/mailauth/james/dashboard/"));
    }

    /** James's class loader is parent-first: a bundled copy of a class James 3.9 has would never be used. */
    @Test
    void thePackBundlesNoClassOfJames39() {
        assertThat(packClasses.stream().filter(name -> getClass().getClassLoader().getResource(name + ".class") != null))
            .isEmpty();
    }

    /** "pack class -> what it uses" for each reference out of the pack that James 3.9.0 does not resolve. */
    private List<String> unresolved() {
        List<String> unresolved = new ArrayList<>();
        for (ClassFile c : pack) {
            if (!c.name().startsWith("org/mailauth/")) {
                continue;
            }
            for (String name : c.classes()) {
                String type = elementType(name);
                if (type != null && !packClasses.contains(type) && load(type).isEmpty()) {
                    unresolved.add(c.name() + " -> " + type);
                }
            }
            for (ClassFile.MemberRef member : c.members()) {
                String owner = elementType(member.owner());
                if (owner == null || packClasses.contains(owner) || owner.equals("java/lang/invoke/MethodHandle")
                    || owner.equals("java/lang/invoke/VarHandle")) {
                    continue;
                }
                Optional<Class<?>> loaded = load(owner);
                if (loaded.isPresent() && !exists(loaded.get(), member)) {
                    unresolved.add(c.name() + " -> " + owner + "." + member.name() + member.descriptor());
                }
            }
        }
        return unresolved;
    }

    private static boolean notServed(String reference) {
        String target = reference.substring(reference.indexOf("-> ") + 3);
        return NOT_SERVED.stream().anyMatch(target::startsWith);
    }

    /** The class an entry names, in internal form; null for an array of primitives. */
    private static String elementType(String name) {
        if (!name.startsWith("[")) {
            return name;
        }
        String element = name.replaceFirst("^\\[+", "");
        return element.startsWith("L") ? element.substring(1, element.length() - 1) : null;
    }

    private Optional<Class<?>> load(String internalName) {
        try {
            return Optional.of(Class.forName(internalName.replace('/', '.'), false, getClass().getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    private static boolean exists(Class<?> owner, ClassFile.MemberRef member) {
        try {
            Deque<Class<?>> types = new ArrayDeque<>(List.of(owner));
            Set<Class<?>> seen = new HashSet<>();
            if (member.name().equals("<init>")) {
                for (Constructor<?> constructor : owner.getDeclaredConstructors()) {
                    if (MethodType.methodType(void.class, constructor.getParameterTypes()).toMethodDescriptorString()
                        .equals(member.descriptor())) {
                        return true;
                    }
                }
                return false;
            }
            while (!types.isEmpty()) {
                Class<?> type = types.pop();
                if (!seen.add(type)) {
                    continue;
                }
                if (member.field()) {
                    for (Field field : type.getDeclaredFields()) {
                        if (field.getName().equals(member.name()) && field.getType().descriptorString().equals(member.descriptor())) {
                            return true;
                        }
                    }
                } else {
                    for (Method method : type.getDeclaredMethods()) {
                        if (method.getName().equals(member.name()) && MethodType.methodType(method.getReturnType(),
                            method.getParameterTypes()).toMethodDescriptorString().equals(member.descriptor())) {
                            return true;
                        }
                    }
                }
                if (type.getSuperclass() != null) {
                    types.add(type.getSuperclass());
                }
                types.addAll(List.of(type.getInterfaces()));
                if (type.isInterface()) {
                    types.add(Object.class);
                }
            }
            return false;
        } catch (LinkageError e) {
            return false;
        }
    }
}
